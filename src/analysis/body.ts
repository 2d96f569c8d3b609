// Facts about a receiver's body that the rules read: calls of ORM methods on objects, raises,
// assignments to fields. Found from their text within the body and confirmed in the tree.
import { rangeOf, textHits, type TextRange, type TreeLocator } from "./locate.js";
import type { SyntaxNode } from "./parse.js";
import type { SourceText } from "./source.js";

export interface MethodCall {
  call: SyntaxNode;
  /** `instance.tags` in `instance.tags.all()`, as written (whitespace collapsed). */
  object: string;
  objectNode: SyntaxNode;
  method: string;
  argumentCount: number;
}

export interface FieldAssignment {
  statement: SyntaxNode;
  /** `author` in `author.num_books = ...`. */
  object: string;
  field: string;
  /** `=`, `+=`, `-=` ... */
  operator: string;
  value: SyntaxNode;
}

export interface BodyFacts {
  /** The parameter that receives the model instance (`instance`); read only when the body calls methods. */
  instanceName: string | null;
  /** Calls of the methods the rules know (saving, deleting, creating, reading relations). */
  methodCalls: MethodCall[];
  raises: SyntaxNode[];
  fieldAssignments: FieldAssignment[];
  /** Local names bound to a constructor call: `copy = Book(...)` gives copy -> Book. */
  constructed: Map<string, string>;
}

const ORM_METHOD_CALL =
  /\.\s*(save|delete|create|get_or_create|update_or_create|all|count|exists|filter|exclude|values_list|values|first|last|get|order_by|iterator|aggregate|in_bulk)\s*\(/g;
const RAISE = /\braise\b/g;
const FIELD_ASSIGNMENT = /\.\s*([\p{L}\p{N}_]+)\s*(?:[-+*/|&]|\/\/)?=(?!=)/gu;
// Leftmost-first matching starts the name at its first character: no look-behind needed.
const CONSTRUCTION = /([\p{L}\p{N}_]+)\s*=\s*\p{Lu}[\p{L}\p{N}_]*\s*\(/gu;
const NESTED_SCOPE = /\b(?:def|class|lambda)\b/g;
const SCOPE_TYPES = ["function_definition", "class_definition", "lambda"];

export function readBody(handler: SyntaxNode, locator: TreeLocator, source: SourceText): BodyFacts {
  const facts: BodyFacts = {
    instanceName: null,
    methodCalls: [],
    raises: [],
    fieldAssignments: [],
    constructed: new Map(),
  };
  const body = handler.childForFieldName("body");
  if (!body) return facts;
  const range = rangeOf(body);
  // Nested definitions do not run when the receiver runs.
  const nested = textHits(source.text, NESTED_SCOPE, range)
    .map((index) => locator.enclosing(index, SCOPE_TYPES, 1))
    .filter((node) => node !== null)
    .map(rangeOf);
  const outsideNested = (index: number) => !nested.some((scope) => within(index, scope));
  // One forward pass over all hits keeps the locator moving forward only.
  const hits = [
    ...textHits(source.text, ORM_METHOD_CALL, range).map((index) => ({
      index,
      record: recordCall,
    })),
    ...textHits(source.text, RAISE, range).map((index) => ({ index, record: recordRaise })),
    ...textHits(source.text, FIELD_ASSIGNMENT, range).map((index) => ({
      index,
      record: recordAssignment,
    })),
    ...textHits(source.text, CONSTRUCTION, range).map((index) => ({
      index,
      record: recordConstruction,
    })),
  ].sort((a, b) => a.index - b.index);
  for (const { index, record } of hits) {
    if (outsideNested(index)) record(locator, index, facts, source);
  }
  // Only calls on the instance need its name; reading parameters is skipped for the rest.
  if (facts.methodCalls.length > 0) facts.instanceName = instanceParameter(handler, source);
  return facts;
}

function within(index: number, range: TextRange): boolean {
  return index >= range.start && index < range.end;
}

function recordRaise(locator: TreeLocator, index: number, facts: BodyFacts): void {
  const raise = locator.enclosing(index, ["raise_statement"], 1);
  if (raise) facts.raises.push(raise);
}

function recordCall(
  locator: TreeLocator,
  methodIndex: number,
  facts: BodyFacts,
  source: SourceText,
): void {
  // method identifier -> attribute -> call
  const call = locator.enclosing(methodIndex, ["call"], 2);
  const callee = call?.childForFieldName("function");
  const object = callee?.type === "attribute" ? callee.childForFieldName("object") : null;
  const method = callee?.childForFieldName("attribute");
  if (!call || !object || method?.startIndex !== methodIndex) return;
  facts.methodCalls.push({
    call,
    object: source.compact(object),
    objectNode: object,
    method: source.of(method),
    argumentCount: call.childForFieldName("arguments")?.namedChildCount ?? 0,
  });
}

function recordAssignment(
  locator: TreeLocator,
  fieldIndex: number,
  facts: BodyFacts,
  source: SourceText,
): void {
  // field identifier -> attribute -> assignment
  const assignment = locator.enclosing(fieldIndex, ["assignment", "augmented_assignment"], 2);
  const left = assignment?.childForFieldName("left");
  const object = left?.type === "attribute" ? left.childForFieldName("object") : null;
  const field = left?.childForFieldName("attribute");
  const value = assignment?.childForFieldName("right");
  const operator = assignment?.childForFieldName("operator");
  if (!assignment || !object || !value || field?.startIndex !== fieldIndex) return;
  facts.fieldAssignments.push({
    statement: assignment,
    object: source.compact(object),
    field: source.of(field),
    operator: operator ? source.of(operator) : "=",
    value,
  });
}

function recordConstruction(
  locator: TreeLocator,
  nameIndex: number,
  facts: BodyFacts,
  source: SourceText,
): void {
  const assignment = locator.enclosing(nameIndex, ["assignment"], 1);
  const left = assignment?.childForFieldName("left");
  const callee = assignment?.childForFieldName("right")?.childForFieldName("function");
  if (left?.type === "identifier" && callee?.type === "identifier") {
    facts.constructed.set(source.of(left), source.of(callee));
  }
}

/** `instance` by name, else the second positional parameter (after `sender`, and `self`). */
function instanceParameter(handler: SyntaxNode, source: SourceText): string | null {
  const parameters = handler.childForFieldName("parameters");
  // Read from the text: one node instead of one per parameter and per annotation.
  const names = parameters ? parameterNames(source.of(parameters)) : [];
  if (names.includes("instance")) return "instance";
  const positional = names[0] === "self" || names[0] === "cls" ? names.slice(1) : names;
  return positional[1] ?? null;
}

/** `(self, sender, instance: Book = None, *args, **kwargs)` -> `["self", "sender", "instance"]`. */
export function parameterNames(parameters: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of parameters.replace(/^\s*\(|\)\s*$/g, "")) {
    if ("([{".includes(char)) depth++;
    else if (")]}".includes(char)) depth--;
    if (char === "," && depth === 0) {
      names.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  names.push(current);
  return names
    .map((parameter) => /^\s*([\p{L}\p{N}_]+)/u.exec(parameter)?.[1])
    .filter((name) => name !== undefined);
}
