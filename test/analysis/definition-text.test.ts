import { describe, expect, test } from "vitest";
import { scanCall } from "../../src/analysis/arguments.js";
import { scanDefinition } from "../../src/analysis/definition-text.js";
import { TreeLocator, type NodeSpan } from "../../src/analysis/locate.js";
import { parsePython } from "../../src/analysis/parse.js";

/** The first module-level statement, and a locator for the tree's own reading of it. */
function firstStatement(source: string): { statement: NodeSpan; locator: TreeLocator } {
  const { tree } = parsePython(source);
  const locator = new TreeLocator(tree.rootNode);
  const [statement] = locator.topLevel();
  if (!statement) throw new Error("no statement");
  return { statement, locator };
}

/** What the tree says of a decorated (or plain) definition: decorator calls and the function. */
function treeReading(source: string) {
  const { statement, locator } = firstStatement(source);
  const decorators: { start: number; call: unknown }[] = [];
  let index = statement.start;
  for (;;) {
    const decorator = locator.enclosingSpan(index, ["decorator"], 1);
    if (!decorator) break;
    const expression = locator.firstNamedChild();
    decorators.push({
      start: decorator.start,
      call: expression?.type === "call" ? locator.readCall() : null,
    });
    if (expression) locator.up();
    index = source.indexOf("\n@", decorator.end) + 1;
    if (index === 0) break;
  }
  const at = source.search(/^(async[ \t]+)?def\b/mu);
  const definition = at === -1 ? null : locator.enclosingSpan(at, ["function_definition"], 1);
  const read = definition ? locator.readFunction() : null;
  return { decorators, read };
}

describe("scanDefinition reads what the tree reads", () => {
  test.each([
    "@receiver(post_save, sender=Book)\ndef on_save(sender, instance, **kwargs):\n    pass\n",
    "@receiver(post_save)  # why\n# more\n\n@transaction.atomic\nasync def f(a, b=(1, 2)) -> int:  # hi\n    return 1\n",
    "@dispatch.receiver([pre_save, post_delete], sender='shop.Book')\r\ndef f(sender, **kw): return None\r\n",
    "@a.b.c(x=lambda y: y)\ndef g(\n    sender,  # who\n    instance: 'Book' = None,\n):\n    x = 1\n",
    "def plain(sender, instance):\n    instance.save()\n",
  ])("%j", (source) => {
    const { statement } = firstStatement(source);
    const text = scanDefinition(source, statement);
    const tree = treeReading(source);
    expect(text).not.toBeNull();
    expect(
      text?.decorators.map((read) => ({ start: read.decorator.start, call: read.call })),
    ).toEqual(tree.decorators);
    const definition = text?.definition;
    expect(definition?.name).toEqual(tree.read?.name);
    expect(definition?.parameters).toEqual(tree.read?.parameters);
    expect(definition?.body?.end).toBe(tree.read?.body?.end);
    // The text reader's body starts after the `:`, where the tree's block starts or before it.
    const gap = source.slice(definition?.body?.start, tree.read?.body?.start);
    expect(gap).toMatch(/^(\s|#[^\n]*)*$/u);
  });

  test("a decorated class has decorators and no function", () => {
    const source = "@admin.register(Book)\nclass BookAdmin(admin.ModelAdmin):\n    pass\n";
    const { statement } = firstStatement(source);
    expect(scanDefinition(source, statement)).toMatchObject({
      decorators: [{ decorator: { start: 0 } }],
      definition: null,
    });
  });

  test.each([
    // Headers the reader does not read surely: the tree reads them.
    "@receiver(post_save)(extra)\ndef f(): pass\n",
    "@handlers[0]\ndef f(): pass\n",
    "@receiver(post_save, \\\n sender=Book)\ndef f(): pass\n",
    "@receiver(post_save) \\\n\ndef f(): pass\n",
    "def f[T](x: T): pass\n",
    "def f(x) -> dict[str, int]:\n    pass\n",
    "@receiver(*signals)\ndef f(): pass\n",
  ])("gives up on %j", (source) => {
    const { statement } = firstStatement(source);
    expect(scanDefinition(source, statement)).toBeNull();
  });
});

describe("scanCall reads what the tree reads", () => {
  test.each([
    "post_save.connect(handler, sender=Book)",
    "signals.post_save.connect(receiver=lambda sender, **kw: None, weak=False)",
    "django.db.models.signals.m2m_changed.connect(audit.m2m, sender=Book.tags.through)",
    "connect()",
  ])("%j", (source) => {
    const { statement, locator } = firstStatement(`${source}\n`);
    expect(locator.enclosingSpan(statement.start, ["call"], 10)?.type).toBe("call");
    expect(scanCall(`${source}\n`, statement.start)).toEqual(locator.readCall());
  });

  test.each(["f (a", "f.if(a)", "f(a]", "f[0](a)"])("gives up on %j", (source) => {
    expect(scanCall(`${source}\n`, 0)).toBeNull();
  });

  test("ends at the parenthesis closing its own arguments: callers compare ends", () => {
    expect(scanCall("f(a)(b)\n", 0)?.call).toEqual({ type: "call", start: 0, end: 4 });
  });
});
