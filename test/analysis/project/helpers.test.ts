import { describe, expect, it } from "vitest";
import { analyzeCandidate, analyzeSource, buildProjectIndex } from "../../../src/analysis/index.js";

// A project whose receivers are registered through its own helpers, in other modules.
const FILES = new Map([
  ["core/__init__.py", ""],
  [
    "core/models.py",
    `from django.db import models


class Team(models.Model):
    name = models.CharField(max_length=40)


class Project(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE)
`,
  ],
  [
    "core/signal_utils.py",
    `from django.db.models.signals import post_save
from django.dispatch import receiver


def connect_first(signal, receiver, sender):
    signal.connect(receiver, sender=sender)


def when_saved(handler, model=None):
    post_save.connect(handler, sender=model)


def mutable_receiver(*args, **kwargs):
    def _inner(handler):
        @receiver(*args, **kwargs)
        def new_handler(*f_args, **f_kwargs):
            handler(*f_args, **f_kwargs)

        return new_handler

    return _inner


def log_saves(sender, **kwargs):
    print(sender)
`,
  ],
  [
    "core/cache.py",
    `from django.db.models.signals import post_save, post_delete

from .models import Team
from .signal_utils import connect_first


class TeamCache:
    def __init__(self, model=Team):
        connect_first(post_save, self._post_save, sender=model)
        connect_first(post_delete, self._post_delete, model)

    def _post_save(self, sender, instance, **kwargs):
        instance.save()

    def _post_delete(self, sender, instance, **kwargs):
        pass
`,
  ],
  [
    "core/receivers.py",
    `from django.db.models.signals import post_delete, post_save

from core import signal_utils
from core.models import Project
from core.signal_utils import when_saved, mutable_receiver as muted


@muted(post_save, sender=Project)
def touch_project(sender, instance, **kwargs):
    instance.save()


def announce(sender, instance, **kwargs):
    print(instance)


when_saved(announce, model=Project)
signal_utils.connect_first(post_save, announce, Project)
muted(post_delete, sender=Project)(announce)
`,
  ],
  [
    "core/hooks.py",
    `from core.models import Team
from core.signal_utils import when_saved


def rename(sender, instance, **kwargs):
    instance.save()


when_saved(rename, Team)
`,
  ],
]);

const project = buildProjectIndex(FILES);

function analyze(path: string) {
  const text = FILES.get(path) ?? "";
  return analyzeSource(text, { file: path, project });
}

describe("registrations through the project's own helpers", () => {
  it("reads a helper's call site as a connect with the signal and sender it passes", () => {
    const { receivers } = analyze("core/cache.py");
    expect(receivers.map((r) => [r.name, r.signals, r.sender, r.line, r.kind])).toEqual([
      ["self._post_save", ["post_save"], "model", 9, "connect"],
      ["self._post_delete", ["post_delete"], "model", 10, "connect"],
    ]);
  });

  it("reads a wrapper of @receiver, imported under an alias, as a decorator", () => {
    const { receivers, findings } = analyze("core/receivers.py");
    expect(receivers.map((r) => [r.name, r.signals, r.sender, r.line, r.kind])).toEqual([
      ["touch_project", ["post_save"], "Project", 8, "decorator"],
      ["announce", ["post_save"], "Project", 17, "connect"],
      ["announce", ["post_save"], "Project", 18, "connect"],
      ["announce", ["post_delete"], "Project", 19, "connect"],
    ]);
    expect(receivers[0]?.senderModel).toBe("core.models.Project");
    const recursion = findings.filter((finding) => finding.ruleId === "signal-recursion");
    expect(recursion.map((finding) => finding.line)).toEqual([10]);
  });

  it("reads the body of a method the helper connects", () => {
    const recursion = analyze("core/cache.py").findings.filter(
      (finding) => finding.ruleId === "signal-recursion",
    );
    expect(recursion.map((finding) => [finding.receiver, finding.receiverLine])).toEqual([
      ["self._post_save", 9],
    ]);
  });

  it("analyses a module that names a helper even when its text names no signal", async () => {
    const text = FILES.get("core/hooks.py") ?? "";
    const result = await analyzeCandidate(text, { file: "core/hooks.py", project });
    expect(result?.receivers.map((r) => [r.name, r.signals, r.senderModel])).toEqual([
      ["rename", ["post_save"], "core.models.Team"],
    ]);
    expect(result?.findings.filter((f) => f.ruleId === "signal-recursion")).toHaveLength(1);
    expect(await analyzeCandidate(text, { file: "core/hooks.py" })).toBeUndefined();
  });

  it("does not take a function that only registers its own receivers for a helper", () => {
    const { receivers } = analyze("core/signal_utils.py");
    expect(receivers).toEqual([]);
  });

  it("reads nothing through helpers without a project", () => {
    const text = FILES.get("core/receivers.py") ?? "";
    expect(analyzeSource(text, { file: "core/receivers.py" }).receivers).toEqual([]);
  });
});
