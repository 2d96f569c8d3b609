// A receiver body's facts confirmed through the tree cursor, hit by hit: the fallback for bodies
// the text reader (body-text.ts) cannot read as surely as the tree.
import type { BodyTextFacts } from "./body.js";
import {
  ALIAS,
  ARGUMENTS_READ,
  CONSTRUCTION,
  CONSTRUCTION_HINT,
  FIELD_ASSIGNMENT,
  KNOWN_METHOD_CALL,
  NESTED_SCOPE,
  RAISE,
} from "./body-text.js";
import { hitsIn, type TextRange, type TreeLocator } from "./locate.js";
import type { SourceText } from "./source.js";

const SCOPE_TYPES = ["function_definition", "class_definition", "lambda"];

type Recorder = (
  locator: TreeLocator,
  index: number,
  facts: BodyTextFacts,
  source: SourceText,
) => void;

/** Each text hit in the body, confirmed through the tree cursor. */
export function readBodyFromTree(
  range: TextRange,
  locator: TreeLocator,
  source: SourceText,
): BodyTextFacts {
  const facts: BodyTextFacts = {
    methodCalls: [],
    raises: [],
    fieldAssignments: [],
    constructed: new Map(),
    aliases: new Map(),
  };
  const text = source.text.slice(range.start, range.end);
  const hitsOf = (pattern: RegExp) => hitsIn(text, range.start, pattern);
  // Nested definitions do not run when the receiver runs.
  const nested = hitsOf(NESTED_SCOPE)
    .map((index) => locator.enclosingSpan(index, SCOPE_TYPES, 1))
    .filter((span) => span !== null);
  const outsideNested = (index: number) => !nested.some((scope) => within(index, scope));
  // One forward pass over all hits keeps the locator moving forward only.
  const hits: { index: number; record: Recorder }[] = [
    ...hitsOf(KNOWN_METHOD_CALL).map((index) => ({ index, record: recordCall })),
    ...hitsOf(RAISE).map((index) => ({ index, record: raiseRecorder(range) })),
    ...hitsOf(FIELD_ASSIGNMENT).map((index) => ({ index, record: recordAssignment })),
    // The cheap test first: a name before the `=` costs a scan from every character.
    ...(CONSTRUCTION_HINT.test(text) ? hitsOf(CONSTRUCTION) : []).map((index) => ({
      index,
      record: recordConstruction,
    })),
    ...hitsOf(ALIAS).map((index) => ({ index, record: recordAlias })),
  ].sort((a, b) => a.index - b.index);
  for (const { index, record } of hits) {
    if (outsideNested(index)) record(locator, index, facts, source);
  }
  return facts;
}

function within(index: number, range: TextRange): boolean {
  return index >= range.start && index < range.end;
}

const DOTTED_NAME = /^[\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)*$/u;

/** Records a raise with what it raises and what the `try` statements of the body around it catch. */
function raiseRecorder(body: TextRange): Recorder {
  return (locator, index, facts, source) => {
    const raise = locator.enclosingSpan(index, ["raise_statement"], 1);
    if (!raise) return;
    const tries = locator
      .ancestors(body.start)
      .filter(({ node, via }) => node.type === "try_statement" && via === "body");
    locator.enclosingSpan(raise.start, ["raise_statement"], 1);
    const raised = raisedName(locator, source);
    facts.raises.push({
      position: source.positionAt(raise.start),
      raised,
      caughtBy: tries.flatMap(({ node }) => caughtBy(locator, node, source)),
    });
  };
}

/** `X` in `raise X`, `raise X(...)` or `raise X from e`, the cursor on the raise statement. */
function raisedName(locator: TreeLocator, source: SourceText): string | null {
  const raised = locator.firstNamedChild();
  if (!raised) return null;
  const named = raised.type === "call" ? locator.child("function") : raised;
  const text = named && source.of(named).replace(/\s+/g, "");
  return text && DOTTED_NAME.test(text) ? text : null;
}

/** The classes the `except` clauses of the try statement `statement` name; `except:` catches all. */
function caughtBy(locator: TreeLocator, statement: TextRange, source: SourceText): string[] {
  locator.enclosingSpan(statement.start, ["try_statement"], 1);
  const names: string[] = [];
  for (let clause = locator.firstNamedChild(); clause; clause = locator.nextNamedSibling()) {
    if (clause.type !== "except_clause") continue;
    const first = locator.child("value");
    if (!first) {
      names.push("BaseException");
      continue;
    }
    for (let value: TextRange | null = first; value; value = locator.sibling("value")) {
      names.push(...exceptionNames(source.of(value)));
    }
    locator.up();
  }
  return names;
}

/** `(OSError, errors.Invalid) as e` -> `OSError`, `errors.Invalid`. */
function exceptionNames(value: string): string[] {
  return value
    .replace(/\s+as\s+[\p{L}_][\p{L}\p{N}_]*\s*$/u, "")
    .replace(/^\s*\(|\)\s*$/g, "")
    .split(",")
    .map((name) => name.replace(/\s+/g, ""))
    .filter((name) => DOTTED_NAME.test(name));
}

/** `<object>.<method>(...)`: method identifier -> attribute (its `function`) -> call. */
function recordCall(
  locator: TreeLocator,
  methodIndex: number,
  facts: BodyTextFacts,
  source: SourceText,
): void {
  const call = locator.climb(methodIndex, ["attribute", "function"]);
  if (call?.type !== "call" || !locator.child("function")) return;
  const object = locator.child("object");
  if (!object) return;
  const method = source.wordAt(methodIndex);
  let argumentList: TextRange | null = null;
  if (ARGUMENTS_READ.has(method)) {
    locator.up(); // the callee, whose sibling holds the arguments
    argumentList = locator.sibling("arguments");
  }
  facts.methodCalls.push({
    position: source.positionAt(call.start),
    object: source.compact(object),
    objectType: object.type,
    method,
    arguments: argumentList && source.of(argumentList),
  });
}

/** `<object>.<field> = <value>` and augmented forms: field -> attribute (its `left`) -> assignment. */
function recordAssignment(
  locator: TreeLocator,
  fieldIndex: number,
  facts: BodyTextFacts,
  source: SourceText,
): void {
  const assignment = locator.climb(fieldIndex, ["attribute", "left"]);
  if (assignment?.type !== "assignment" && assignment?.type !== "augmented_assignment") return;
  if (!locator.child("left")) return;
  const object = locator.child("object");
  if (!object) return;
  locator.up();
  const operator = assignment.type === "augmented_assignment" ? locator.sibling("operator") : null;
  const value = locator.sibling("right");
  if (!value) return;
  facts.fieldAssignments.push({
    position: source.positionAt(assignment.start),
    object: source.compact(object),
    field: source.wordAt(fieldIndex),
    operator: operator ? source.of(operator) : "=",
    value: source.of(value),
  });
}

/** `name = Model(...)`: name (its `left`) -> assignment whose `right` calls a plain name. */
function recordConstruction(
  locator: TreeLocator,
  nameIndex: number,
  facts: BodyTextFacts,
  source: SourceText,
): void {
  const assignment = locator.climb(nameIndex, ["left"]);
  if (assignment?.type !== "assignment" || !locator.child("left")) return;
  if (locator.sibling("right")?.type !== "call") return;
  const callee = locator.child("function");
  if (callee?.type === "identifier") {
    facts.constructed.set(source.wordAt(nameIndex), source.of(callee));
  }
}

/** `name = object.attribute`: name (its `left`) -> assignment whose `right` is such an attribute. */
function recordAlias(
  locator: TreeLocator,
  nameIndex: number,
  facts: BodyTextFacts,
  source: SourceText,
): void {
  const assignment = locator.climb(nameIndex, ["left"]);
  if (assignment?.type !== "assignment" || !locator.child("left")) return;
  const value = locator.sibling("right");
  if (value?.type !== "attribute" || locator.child("object")?.type !== "identifier") return;
  facts.aliases.set(source.wordAt(nameIndex), source.of(value));
}
