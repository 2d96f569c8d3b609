// The nodes a file's registrations are made of, found from their text (see locate.ts).
import type { ImportTable } from "./imports.js";
import { escapeRegExp, textHits, type TextRange, type TreeLocator } from "./locate.js";
import type { SyntaxNode } from "./parse.js";
import { RECEIVER_DECORATORS } from "./signals.js";
import type { SourceText } from "./source.js";

const IMPORT_KEYWORD = /\bimport\b/g;
const CONNECT_CALL = /\b(connect)\s*\(/g;

export function findImports(locator: TreeLocator, source: SourceText): SyntaxNode[] {
  return textHits(source.text, IMPORT_KEYWORD)
    .map((index) => locator.enclosing(index, ["import_statement", "import_from_statement"], 1))
    .filter((node) => node !== null);
}

/** Decorators that start with a name that can lead to Django's `receiver`, with their definition. */
export function findReceiverDecorators(
  locator: TreeLocator,
  source: SourceText,
  imports: ImportTable,
): { decorator: SyntaxNode; call: SyntaxNode; definition: SyntaxNode | null }[] {
  const heads = imports.localNamesLeadingTo(RECEIVER_DECORATORS);
  if (heads.length === 0) return [];
  const pattern = new RegExp(`@[ \\t]*(?:${heads.map(escapeRegExp).join("|")})\\b`, "gu");
  return textHits(source.text, pattern).flatMap((index) => {
    const decorated = locator.enclosing(index, ["decorated_definition"], 2);
    const decorator = decorated?.namedChildren.find(
      (child) => child.type === "decorator" && child.startIndex === index,
    );
    const call = decorator?.namedChildren[0];
    if (!decorated || !decorator || call?.type !== "call") return [];
    return [{ decorator, call, definition: decorated.childForFieldName("definition") }];
  });
}

/** Every `<something>.connect(...)` call. */
export function findConnectCalls(locator: TreeLocator, source: SourceText): SyntaxNode[] {
  return textHits(source.text, CONNECT_CALL).flatMap((index) => {
    const call = locator.enclosing(index, ["call"], 2);
    const callee = call?.childForFieldName("function");
    const method = callee?.type === "attribute" ? callee.childForFieldName("attribute") : null;
    return call && method?.startIndex === index ? [call] : [];
  });
}

/** Function definitions named `name` in `range`, and whether each is a method of a class. */
export function findFunctions(
  locator: TreeLocator,
  source: SourceText,
  name: string,
  range?: TextRange,
): { definition: SyntaxNode; isMethod: boolean }[] {
  const pattern = new RegExp(`\\b(def)[ \\t]+${escapeRegExp(name)}[ \\t]*\\(`, "gu");
  return textHits(source.text, pattern, range).flatMap((index) => {
    // `def` -> function_definition -> [decorated_definition] -> block -> class_definition
    const types = locator.typesAt(index, 5).filter((type) => type !== "decorated_definition");
    const definition = locator.enclosing(index, ["function_definition"], 1);
    return definition ? [{ definition, isMethod: types[3] === "class_definition" }] : [];
  });
}

/** Class definitions named `name`. */
export function findClasses(locator: TreeLocator, source: SourceText, name: string): SyntaxNode[] {
  const pattern = new RegExp(`\\b(class)[ \\t]+${escapeRegExp(name)}\\b`, "gu");
  return textHits(source.text, pattern)
    .map((index) => locator.enclosing(index, ["class_definition"], 1))
    .filter((node) => node !== null);
}

/** The class whose body holds `index`, if any. */
export function enclosingClass(locator: TreeLocator, index: number): SyntaxNode | null {
  return locator.enclosing(index, ["class_definition"], Number.POSITIVE_INFINITY);
}
