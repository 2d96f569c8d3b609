import { describe, expect, test } from "vitest";
import { parameterNames } from "../../src/analysis/body.js";
import { readFunctions } from "../../src/analysis/collect.js";
import { textHits, TreeLocator } from "../../src/analysis/locate.js";
import { parsePython } from "../../src/analysis/parse.js";
import { SourceText } from "../../src/analysis/source.js";

const SOURCE = [
  "import os",
  "",
  "def first(a):",
  "    return a.save()",
  "",
  "class Second:",
  "    def method(self):",
  "        raise ValueError('x.save()')",
].join("\n");

describe("TreeLocator", () => {
  const { tree } = parsePython(SOURCE);

  test("finds the enclosing node of each offset, forwards and backwards", () => {
    const locator = new TreeLocator(tree.rootNode);
    const at = (text: string, types: string[], climb: number) =>
      locator.enclosingSpan(SOURCE.indexOf(text), types, climb)?.type ?? null;
    expect(at("save()", ["call"], 2)).toBe("call");
    expect(at("raise", ["raise_statement"], 1)).toBe("raise_statement");
    // Earlier again: the locator restarts from the root.
    expect(at("import", ["import_statement"], 1)).toBe("import_statement");
    expect(at("method", ["function_definition"], 1)).toBe("function_definition");
  });

  test("a text hit inside a string is not the syntax it looks like", () => {
    const locator = new TreeLocator(tree.rootNode);
    expect(locator.enclosingSpan(SOURCE.lastIndexOf("save()"), ["call"], 2)).toBeNull();
  });

  test("parentType climbs one level at a time, up to the root", () => {
    const locator = new TreeLocator(tree.rootNode);
    const method = locator.enclosingSpan(SOURCE.indexOf("def method"), ["function_definition"], 1);
    expect(method?.type).toBe("function_definition");
    const types = [];
    for (let type = locator.parentType(); type !== null; type = locator.parentType()) {
      types.push(type);
    }
    expect(types).toEqual(["block", "class_definition", "module"]);
  });

  test("enclosingSpan finds named nodes only: the lambda, not its keyword token", () => {
    const source = "handler = lambda sender, **kw: sender.save()\n";
    const locator = new TreeLocator(parsePython(source).tree.rootNode);
    expect(locator.enclosingSpan(source.indexOf("lambda"), ["lambda"], 1)).toEqual({
      type: "lambda",
      start: source.indexOf("lambda"),
      end: source.indexOf("\n"),
    });
  });

  test("offsets asked out of order climb back: moving backwards needs no restart", () => {
    const locator = new TreeLocator(tree.rootNode);
    const call = (text: string) => locator.enclosingSpan(SOURCE.indexOf(text), ["call"], 2);
    const later = call("a.save()");
    expect(locator.enclosingSpan(SOURCE.indexOf("import"), ["import_statement"], 1)).toMatchObject({
      start: 0,
      end: "import os".length,
    });
    expect(call("a.save()")).toEqual(later);
  });

  test("offsets in whitespace between statements find no node", () => {
    const locator = new TreeLocator(tree.rootNode);
    expect(locator.enclosingSpan(SOURCE.indexOf("\n\ndef"), ["function_definition"], 3)).toBeNull();
  });
});

test("textHits reports group offsets inside a range only", () => {
  const text = "a.save() b.save() c.save()";
  expect(textHits(text, /\.(save)\(/dg)).toEqual([2, 11, 20]);
  expect(textHits("def d(x): pass", /\bdef\s+(d)\(/dg)).toEqual([4]);
  expect(() => textHits(text, /\.(save)\(/g)).toThrow(/d flag/);
  expect(textHits(text, /\.(save)\(/dg, { start: 9, end: 18 })).toEqual([11]);
});

test("parameterNames reads names, skipping *args and **kwargs, through annotations and defaults", () => {
  expect(
    parameterNames(
      "(self, sender: type[Book], instance: Book = None, *args, created=(1, 2), **kwargs)",
    ),
  ).toEqual(["self", "sender", "instance", "created"]);
  expect(parameterNames("sender, instance")).toEqual(["sender", "instance"]);
  expect(parameterNames("()")).toEqual([]);
});

test("readFunctions reads each definition by its name, and tells methods from functions", () => {
  const { tree } = parsePython(SOURCE);
  const locator = new TreeLocator(tree.rootNode);
  const source = new SourceText(SOURCE);
  const read = readFunctions(locator, source, [SOURCE.indexOf("method"), SOURCE.indexOf("first")]);
  expect(
    read.map(({ definition, isMethod }) => [
      SOURCE.slice(definition.name?.start, definition.name?.end),
      isMethod,
    ]),
  ).toEqual([
    ["method", true],
    ["first", false],
  ]);
});
