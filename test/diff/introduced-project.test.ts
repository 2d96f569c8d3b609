import { describe, expect, it } from "vitest";
import { buildProjectIndex, updateProjectIndex } from "../../src/analysis/index.js";
import { findIntroduced, type ChangedFile } from "../../src/diff/index.js";

const MODELS = `from django.db import models


class Book(models.Model):
    title = models.CharField(max_length=10)
`;

const HANDLERS = `def touch_book(sender, instance, **kwargs):
    instance.title = instance.title.strip()
`;

const APPS = (connects: string) => `from django.apps import AppConfig
from django.contrib.auth import get_user_model
from django.db.models.signals import post_save, pre_save


class ShopConfig(AppConfig):
    def ready(self):
        from . import handlers
        from .models import Book
        from shop import models as shop_models
${connects}`;

const BASE = new Map([
  ["shop/__init__.py", ""],
  ["shop/models.py", MODELS],
  ["shop/handlers.py", HANDLERS],
  ["shop/apps.py", APPS("        pre_save.connect(handlers.touch_book, sender=Book)\n")],
]);

async function introduced(changes: Map<string, string>): Promise<string[]> {
  const base = buildProjectIndex(BASE);
  const head = updateProjectIndex(base, changes);
  const files: ChangedFile[] = [...changes].map(([path, text]) => ({
    path,
    status: "modified",
    base: BASE.get(path) ?? null,
    head: text,
  }));
  const result = await findIntroduced(files, {}, { base, head });
  return result.findings.map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.receiver}`);
}

describe("findIntroduced with the project", () => {
  it("matches a receiver whose sender is spelled another way", async () => {
    const respelled = APPS(
      "        pre_save.connect(handlers.touch_book, sender=shop_models.Book)\n",
    );
    expect(await introduced(new Map([["shop/apps.py", respelled]]))).toEqual([]);
  });

  it("does not report a handler renamed with the same body", async () => {
    const renamed = HANDLERS.replace("touch_book", "strip_title");
    const apps = APPS("        pre_save.connect(handlers.strip_title, sender=Book)\n");
    const changes = new Map([
      ["shop/handlers.py", renamed],
      ["shop/apps.py", apps],
    ]);
    expect(await introduced(changes)).toEqual([]);
  });

  it("reports an existing function connected for a new signal and sender", async () => {
    const apps = APPS(
      "        pre_save.connect(handlers.touch_book, sender=Book)\n" +
        "        post_save.connect(handlers.touch_book, sender=get_user_model())\n",
    );
    expect(await introduced(new Map([["shop/apps.py", apps]]))).toEqual([
      "shop/apps.py:12 model-signal-receiver handlers.touch_book",
    ]);
  });

  it("reports a body finding of an unchanged registration whose handler changed", async () => {
    const saves = HANDLERS + "    instance.save()\n";
    const changes = new Map([
      ["shop/handlers.py", saves],
      ["shop/apps.py", BASE.get("shop/apps.py") ?? ""],
    ]);
    expect(await introduced(changes)).toEqual([
      "shop/apps.py:11 signal-recursion handlers.touch_book",
    ]);
  });
});
