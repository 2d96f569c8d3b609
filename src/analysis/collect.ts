// The syntax a file's registrations are made of, found from its text, then read from the text
// where the module outline vouches for it (outline.ts) and through the cursor otherwise (locate.ts).
import { scanArguments, scanCall, scanFunctionHeader } from "./arguments.js";
import type { ImportStatement } from "./imports.js";
import {
  escapeRegExp,
  textHits,
  type CallSpan,
  type FunctionSpan,
  type NodeSpan,
  type TextRange,
  type TreeLocator,
} from "./locate.js";
import type { ModuleOutline } from "./outline.js";
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

/** Decorators that start with one of `heads` (names that can lead to `receiver`), with their function. */
export function findReceiverDecorators(
  locator: TreeLocator,
  source: SourceText,
  heads: readonly string[],
  outline: ModuleOutline,
): DecoratorSite[] {
  if (heads.length === 0) return [];
  const pattern = new RegExp(`@[ \\t]*(?:${heads.map(escapeRegExp).join("|")})\\b`, "gu");
  return textHits(source.text, pattern).flatMap((index) => {
    const read = outline.decoratorAt(index);
    if (read !== undefined) {
      const call = read?.decorator.call;
      return call
        ? [{ decorator: read.decorator.decorator, call, definition: read.definition.definition }]
        : [];
    }
    const decorator = locator.enclosingSpan(index, ["decorator"], 1);
    if (decorator?.start !== index) return [];
    const call = decoratorCall(locator, decorator, source);
    if (!call) return [];
    locator.up(); // the decorated_definition
    const definition = locator.lastChild();
    const isFunction = definition?.type === "function_definition";
    return [{ decorator, call, definition: isFunction ? readFunction(locator, source) : null }];
  });
}

// What may follow a decorator's call on its line.
const DECORATOR_END = /^[ \t]*(?:#[^\n]*)?$/;

/** The call a decorator makes, read from its text when sure; the cursor stays on the decorator. */
function decoratorCall(
  locator: TreeLocator,
  decorator: NodeSpan,
  source: SourceText,
): CallSpan | null {
  const { text } = source;
  let start = decorator.start + 1;
  while (text[start] === " " || text[start] === "\t") start++;
  const call = scanCall(text, start);
  const end = call?.call.end ?? Number.POSITIVE_INFINITY;
  if (call && end <= decorator.end && DECORATOR_END.test(text.slice(end, decorator.end))) {
    return call;
  }
  if (locator.firstNamedChild()?.type !== "call") return null;
  const read = locator.readCall((list) => scanArguments(text, list));
  locator.up();
  return read;
}

/** Reads the function definition or lambda the cursor is on, its header from the text when sure. */
function readFunction(locator: TreeLocator, source: SourceText): FunctionSpan {
  return locator.readFunction((start) => scanFunctionHeader(source.text, start));
}

/** Every `<something>.connect(...)` call. */
export function findConnectCalls(
  locator: TreeLocator,
  source: SourceText,
  outline: ModuleOutline,
): CallSpan[] {
  return textHits(source.text, CONNECT_CALL).flatMap((index) => {
    const moduleLevel = outline.connectCallAt(index);
    if (moduleLevel) return [moduleLevel];
    // `connect` -> attribute (the call's `function`) -> call
    const span = locator.climb(index, ["attribute", "function"]);
    if (span?.type !== "call") return [];
    const fromText = scanCall(source.text, span.start);
    const call =
      fromText?.call.end === span.end
        ? fromText
        : locator.readCall((list) => scanArguments(source.text, list));
    return call.calleeAttribute?.start === index ? [call] : [];
  });
}

/** Every call of one of the functions `names` (`connect_first(...)`, `utils.connect_first(...)`), decorators left out. */
export function findCallsTo(
  locator: TreeLocator,
  source: SourceText,
  names: readonly string[],
): CallSpan[] {
  if (names.length === 0) return [];
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}_.@])(?:${names.map(escapeRegExp).join("|")})[ \\t]*\\(`,
    "gu",
  );
  return textHits(source.text, pattern).flatMap((index) => {
    const dots = source.text.slice(index, source.text.indexOf("(", index)).split(".").length - 1;
    const span = locator.climb(index, [...Array<string>(dots).fill("object"), "function"]);
    if (span?.type !== "call") return [];
    const call = locator.readCall((list) => scanArguments(source.text, list));
    return call.callee.start === index ? [call] : [];
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
  source: SourceText,
  nameIndices: readonly number[],
): { definition: FunctionSpan; isMethod: boolean }[] {
  return nameIndices.flatMap((index) => {
    // name -> function_definition -> [decorated_definition] -> block -> class_definition
    if (!locator.enclosingSpan(index, ["function_definition"], 1)) return [];
    const definition = readFunction(locator, source);
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

/** The function or lambda that `definition` is defined in, if any. */
export function enclosingFunction(
  locator: TreeLocator,
  source: SourceText,
  definition: FunctionSpan,
): TextRange | null {
  const before = definition.node.start - 1;
  // A `def` at the start of its line is at module level: no need to ask the tree.
  if (before < 0 || source.text[before] === "\n") return null;
  // The offset just before the definition lies in its parent (or in its decorators).
  return locator.enclosingSpan(before, ["function_definition", "lambda"], Number.POSITIVE_INFINITY);
}

/** The range of the class whose body holds `index`, if any. */
export function enclosingClass(locator: TreeLocator, index: number): TextRange | null {
  return locator.enclosingSpan(index, ["class_definition"], Number.POSITIVE_INFINITY);
}
