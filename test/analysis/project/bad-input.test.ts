// Projects that are not as they should be: the index reads what it can, names what it cannot,
// and never loops or throws.
import { describe, expect, it } from "vitest";
import {
  buildProjectIndex,
  handlerOf,
  modelByLabel,
  projectModels,
  resolveSender,
  unreadFiles,
} from "../../../src/analysis/index.js";

const qualified = (files: Map<string, string>, path: string, sender: string) =>
  resolveSender(buildProjectIndex(files), path, sender)?.model.qualifiedName;

describe("bad input", () => {
  it("survives import cycles, self-aliases and classes based on each other", () => {
    const files = new Map([
      ["shop/__init__.py", ""],
      ["shop/a.py", "from django.db import models\nfrom .b import Thing\nBook = Book\n"],
      ["shop/b.py", "from django.db import models\nfrom .a import Thing\n"],
      [
        "shop/models.py",
        "from django.db import models\nclass A(B):\n    pass\nclass B(A):\n    pass\n",
      ],
    ]);
    const index = buildProjectIndex(files);
    expect(resolveSender(index, "shop/a.py", "Thing")).toBeNull();
    expect(resolveSender(index, "shop/a.py", "Book")).toBeNull();
    expect(resolveSender(index, "shop/models.py", "A")).toBeNull();
    expect(handlerOf(index, "shop/b.py", "Thing", 2)).toBeNull();
  });

  it("keeps two models of the same name in two apps apart", () => {
    const model = "from django.db import models\n\nclass Book(models.Model):\n    pass\n";
    const files = new Map([
      ["shop/__init__.py", ""],
      ["shop/models.py", model],
      ["shop/signals.py", "from .models import Book\n"],
      ["library/__init__.py", ""],
      ["library/models.py", model],
      ["library/signals.py", "from library.models import Book\n"],
    ]);
    expect(qualified(files, "shop/signals.py", "Book")).toBe("shop.models.Book");
    expect(qualified(files, "library/signals.py", "Book")).toBe("library.models.Book");
    expect(qualified(files, "shop/signals.py", "library.Book")).toBe("library.models.Book");
  });

  it("prefers a package to a module of the same name, as Python does", () => {
    const files = new Map([
      ["shop/__init__.py", ""],
      ["shop/handlers.py", "def on_save(sender, **kwargs):\n    pass\n"],
      ["shop/handlers/__init__.py", "from .stock import on_save\n"],
      ["shop/handlers/stock.py", "def on_save(sender, instance, **kwargs):\n    instance.save()\n"],
      ["shop/apps.py", "from .handlers import on_save\n"],
    ]);
    const handler = handlerOf(buildProjectIndex(files), "shop/apps.py", "on_save", 1);
    expect(handler?.file).toBe("shop/handlers/stock.py");
  });

  it("resolves nothing through a relative import past the top", () => {
    const files = new Map([["apps.py", "from ...elsewhere import on_save\nfrom . import x\n"]]);
    expect(handlerOf(buildProjectIndex(files), "apps.py", "on_save", 1)).toBeNull();
  });

  it("reads a 2 MB models.py", () => {
    const models = Array.from(
      { length: 12_000 },
      (_, i) =>
        `class Model${i}(models.Model):\n    title = models.CharField(max_length=${i})\n` +
        `    owner = models.ForeignKey("auth.User", on_delete=models.CASCADE)\n` +
        `    created_at = models.DateTimeField(auto_now_add=True)\n`,
    );
    const text = `from django.db import models\n\n${models.join("\n")}`;
    expect(text.length).toBeGreaterThan(2_000_000);
    const index = buildProjectIndex(new Map([["big/models.py", text]]));
    expect(projectModels(index).size).toBe(12_000);
    expect(modelByLabel(index, "big.Model11999")?.location).toEqual({
      file: "big/models.py",
      line: 3 + 11_999 * 5,
    });
  });

  it("keeps what precedes a string that never closes, and names the file", () => {
    const text = [
      "from django.db import models",
      "",
      "class Book(models.Model):",
      "    title = models.CharField(max_length=10)",
      "",
      'NOTE = """never closed',
      "class Lost(models.Model):",
      "    pass",
    ].join("\n");
    const index = buildProjectIndex(new Map([["shop/models.py", text]]));
    expect([...projectModels(index).keys()]).toEqual(["shop.models.Book"]);
    expect(unreadFiles(index)).toEqual([
      { file: "shop/models.py", reason: "a string or a bracket never closes" },
    ]);
  });
});
