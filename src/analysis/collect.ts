// The syntax a file's registrations are made of, found from its text and read through the cursor
// (see locate.ts).
import { scanArguments } from "./arguments.js";
import type { ImportStatement, ImportTable } from "./imports.js";
import {
  escapeRegExp,
  textHits,
  type CallSpan,
  type FunctionSpan,
  type NodeSpan,
  type TextRange,
  type TreeLocator,
} from "./locate.js";
import { RECEIVER_DECORATORS } from "./signals.js";
import type { SourceText } from "./source.js";

const IMPORT_KEYWORD = /\bimport\b/g;
const CONNECT_CALL = /\b(connect)\s*\(/dg;

export function findImports(locator: TreeLocator, source: SourceText): ImportStatement[] {
  return textHits(source.text, IMPORT_KEYWORD).flatMap((index) => {
    const statement = locator.enclosingSpan(index, IMPORT_STATEMENTS, 1);
    return statement ? [readImport(locator, statement, source)] : [];
  });
}

const IMPORT_STATEMENTS = ["import_statement", "import_from_statement"];

/** Reads the import statement the cursor is on, and stays on it. */
function readImport(
  locator: TreeLocator,
  statement: NodeSpan,
  source: SourceText,
): ImportStatement {
  const read: ImportStatement = { module: null, relative: false, names: [], wildcard: false };
  const dotted = (span: NodeSpan) => source.of(span).replace(/\s+/g, "");
  for (let child = locator.firstNamedChild(); child; child = locator.nextNamedSibling()) {
    const field = locator.field();
    if (field === "module_name" && statement.type === "import_from_statement") {
      read.relative = child.type !== "dotted_name";
      read.module = dotted(child);
    } else if (child.type === "wildcard_import") {
      read.wildcard = true;
    } else if (field === "name" && child.type === "aliased_import") {
      const name = locator.child("name");
      const alias = name && locator.sibling("alias");
      if (name) locator.up();
      if (name && alias) read.names.push({ name: dotted(name), alias: dotted(alias) });
    } else if (field === "name") {
      read.names.push({ name: dotted(child), alias: null });
    }
  }
  locator.up();
  return read;
}

export interface DecoratorSite {
  decorator: NodeSpan;
  /** The decorator's expression: `receiver(post_save, sender=Book)`. */
  call: CallSpan;
  /** The decorated function; null when a class (or anything else) is decorated. */
  definition: FunctionSpan | null;
}

/** Decorators that start with a name that can lead to Django's `receiver`, with their function. */
export function findReceiverDecorators(
  locator: TreeLocator,
  source: SourceText,
  imports: ImportTable,
): DecoratorSite[] {
  const heads = imports.localNamesLeadingTo(RECEIVER_DECORATORS);
  if (heads.length === 0) return [];
  const pattern = new RegExp(`@[ \\t]*(?:${heads.map(escapeRegExp).join("|")})\\b`, "gu");
  return textHits(source.text, pattern).flatMap((index) => {
    const decorator = locator.enclosingSpan(index, ["decorator"], 1);
    if (decorator?.start !== index || locator.firstNamedChild()?.type !== "call") return [];
    const call = locator.readCall((list) => scanArguments(source.text, list));
    locator.up(); // the decorator
    locator.up(); // the decorated_definition
    const definition = locator.child("definition");
    return [
      {
        decorator,
        call,
        definition: definition?.type === "function_definition" ? locator.readFunction() : null,
      },
    ];
  });
}

/** Every `<something>.connect(...)` call. */
export function findConnectCalls(locator: TreeLocator, source: SourceText): CallSpan[] {
  return textHits(source.text, CONNECT_CALL).flatMap((index) => {
    // `connect` -> attribute (the call's `function`) -> call
    if (locator.climb(index, ["attribute", "function"])?.type !== "call") return [];
    const call = locator.readCall((list) => scanArguments(source.text, list));
    return call.calleeAttribute?.start === index ? [call] : [];
  });
}

const FUNCTION_DEFINITION = /\bdef[ \t]+([\p{L}_][\p{L}\p{N}_]*)[ \t]*\(/dgu;

/** Offsets of the names of every function definition, by name (one pass over the text). */
export function indexFunctionNames(source: SourceText): Map<string, number[]> {
  const byName = new Map<string, number[]>();
  for (const index of textHits(source.text, FUNCTION_DEFINITION)) {
    const name = source.wordAt(index);
    const indices = byName.get(name);
    if (indices) indices.push(index);
    else byName.set(name, [index]);
  }
  return byName;
}

/** The function definitions whose names are at `nameIndices`, and whether each is a method. */
export function readFunctions(
  locator: TreeLocator,
  nameIndices: readonly number[],
): { definition: FunctionSpan; isMethod: boolean }[] {
  return nameIndices.flatMap((index) => {
    // name -> function_definition -> [decorated_definition] -> block -> class_definition
    if (!locator.enclosingSpan(index, ["function_definition"], 1)) return [];
    const definition = locator.readFunction();
    const above: string[] = [];
    for (
      let type = locator.parentType();
      type !== null && above.length < 2;
      type = locator.parentType()
    ) {
      if (type !== "decorated_definition") above.push(type);
    }
    return [{ definition, isMethod: above[1] === "class_definition" }];
  });
}

/** The lambda that starts at `index`. */
export function lambdaAt(locator: TreeLocator, index: number): FunctionSpan | null {
  return locator.enclosingSpan(index, ["lambda"], 1) ? locator.readFunction() : null;
}

/** The range of the class whose body holds `index`, if any. */
export function enclosingClass(locator: TreeLocator, index: number): TextRange | null {
  return locator.enclosingSpan(index, ["class_definition"], Number.POSITIVE_INFINITY);
}
