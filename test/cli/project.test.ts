// The built CLI reads the whole project: handlers in other modules, from the working tree and
// from both revisions of a diff.
import { symlinkSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scanPaths } from "../../src/cli/scan.js";
import { commitAll, git, makeTempDir, removeDir, runCli, writeTree } from "./helpers.js";

const APPS = `from django.apps import AppConfig
from django.db.models.signals import post_save


class ShopConfig(AppConfig):
    name = "shop"

    def ready(self):
        from . import handlers
        from .models import Book
        post_save.connect(handlers.restock, sender=Book)
`;

const MODELS = `from django.db import models


class Book(models.Model):
    stock = models.IntegerField(default=0)
`;

const HANDLERS = `def restock(sender, instance, **kwargs):
    instance.stock = 10
`;

interface JsonFinding {
  file: string;
  line: number;
  ruleId: string;
}

let repo: string;

beforeEach(() => {
  repo = makeTempDir("project");
  git(repo, "init", "--quiet");
  writeTree(repo, {
    "shop/__init__.py": "",
    "shop/apps.py": APPS,
    "shop/models.py": MODELS,
    "shop/handlers.py": HANDLERS + "    instance.save()\n",
  });
});
afterEach(() => removeDir(repo));

async function findings(args: string[], cwd = repo): Promise<JsonFinding[]> {
  const run = await runCli([...args, "--format", "json"], cwd);
  expect(run.stderr).toBe("");
  return (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings;
}

describe("scan reads the project", () => {
  it("reads a handler of another module when only the registering file is scanned", async () => {
    const found = await findings(["scan", "shop/apps.py"]);
    expect(found.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual([
      "shop/apps.py:11 model-signal-receiver",
      "shop/apps.py:11 signal-recursion",
    ]);
  });

  it("gives the handler's place as a path from the directory it runs in", async () => {
    const cwd = path.join(repo, "shop");
    const { findings: found } = await scanPaths(["apps.py"], { cwd, exclude: [] });
    expect(
      found.map((f) => `${f.file}:${f.line} ${f.ruleId} ${JSON.stringify(f.handler)}`),
    ).toEqual([
      'apps.py:11 model-signal-receiver {"file":"handlers.py","line":1}',
      'apps.py:11 signal-recursion {"file":"handlers.py","line":1}',
    ]);
  });

  it("names the files of the project it could not read fully", async () => {
    writeTree(repo, {
      "shop/legacy.py": Buffer.from([0x78, 0x20, 0x3d, 0x20, 0x22, 0xe9, 0x22, 0x0a]),
      "shop/broken.py": 'from django.db import models\nx = """never closed\n',
    });
    const run = await runCli(["scan", "shop/apps.py"], repo);
    expect(run.stderr).toBe(
      [
        "django-signals: note: 2 files of the project could not be read fully; their facts are missing:",
        "  shop/legacy.py: not valid UTF-8 (invalid bytes read as U+FFFD)",
        "  shop/broken.py: a string or a bracket never closes",
        "",
      ].join("\n"),
    );
    expect(run.code).toBe(1);
  });

  it("does not follow symlink loops while indexing", async () => {
    symlinkSync(".", path.join(repo, "shop", "loop"));
    symlinkSync("b.py", path.join(repo, "shop", "a.py"));
    symlinkSync("a.py", path.join(repo, "shop", "b.py"));
    const found = await findings(["scan", "shop/apps.py"]);
    expect(found.map((f) => f.ruleId)).toEqual(["model-signal-receiver", "signal-recursion"]);
  });
});

describe("diff reads both revisions of the project", () => {
  it("reports a body finding of an unchanged registration whose handler changed", async () => {
    writeTree(repo, { "shop/handlers.py": HANDLERS });
    const base = commitAll(repo, "base");
    writeTree(repo, { "shop/handlers.py": HANDLERS + "    instance.save()\n" });
    const head = commitAll(repo, "head");
    const found = await findings(["diff", "--base", base, "--head", head]);
    expect(found.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual([
      "shop/apps.py:11 signal-recursion",
    ]);
  });

  it("compares the working tree without checking anything out", async () => {
    writeTree(repo, { "shop/handlers.py": HANDLERS });
    const base = commitAll(repo, "base");
    writeTree(repo, { "shop/handlers.py": HANDLERS + "    instance.save()\n" });
    const found = await findings(["diff", "--base", base]);
    expect(found.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual([
      "shop/apps.py:11 signal-recursion",
    ]);
    expect(git(repo, "status", "--porcelain")).toBe(" M shop/handlers.py\n");
  });
});
