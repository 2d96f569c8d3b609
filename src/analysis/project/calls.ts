// The calls of a statement that the index keeps: writes, saves, sends, admin registrations and
// connects, each with the code it is called on, read backwards from the blanked code.
import type { CallFact, CallKind } from "./module-facts.js";
import { matchingClose, type Statement } from "./statements.js";

const CALL =
  /\.[ \t]*(update|bulk_create|bulk_update|save|create|get_or_create|update_or_create|send|send_robust|register|raw|execute|connect)[ \t]*\(/gu;
// A cheap test before the pattern: most statements call none of these.
const CALL_HINT = /update|bulk_|save|create|send|register|raw|execute|connect/;
const CONSTRUCTION =
  /^([\p{L}_][\p{L}\p{N}_]*)[ \t]*=[ \t]*((?:[\p{L}_][\p{L}\p{N}_]*\.)*\p{Lu}[\p{L}\p{N}_]*)[ \t]*\(/u;
const NAME_CHAR = /[\p{L}\p{N}_]/u;
const MAX_ARGUMENTS = 300;
// Only what a query reads is kept: the index of a commit is cached by size.
const ARGUMENTS_KEPT: ReadonlySet<CallKind> = new Set([
  "register",
  "send",
  "send_robust",
  "raw",
  "execute",
  "connect",
]);
const CODE_KEPT: ReadonlySet<CallKind> = new Set([
  "update",
  "bulk_create",
  "bulk_update",
  "raw",
  "execute",
  "send",
  "send_robust",
]);
const MAX_OBJECT = 300;
const MAX_CODE = 160;

export interface CallContext {
  enclosing: string | null;
  className: string | null;
  line: (offset: number) => number;
}

/** The calls of interest in `statement`; `code` is the text with strings and comments blanked. */
export function callFacts(
  text: string,
  code: string,
  statement: Statement,
  context: CallContext,
): CallFact[] {
  const statementCode = code.slice(statement.start, statement.end);
  if (!CALL_HINT.test(statementCode)) return [];
  const facts: CallFact[] = [];
  CALL.lastIndex = 0;
  for (let match = CALL.exec(statementCode); match; match = CALL.exec(statementCode)) {
    const dot = statement.start + match.index;
    const objectStart = objectBefore(code, dot, statement.start);
    if (objectStart === dot) continue;
    const open = dot + match[0].length - 1;
    const close = matchingClose(code, open, statement.end);
    const argumentsEnd = close === -1 ? statement.end : close + 1;
    const kind = match[1] as CallKind;
    facts.push({
      kind,
      object: compact(text.slice(objectStart, dot)),
      args: ARGUMENTS_KEPT.has(kind)
        ? compact(text.slice(open, Math.min(argumentsEnd, open + MAX_ARGUMENTS)))
        : "",
      line: context.line(objectStart),
      code: CODE_KEPT.has(kind) ? lineAt(text, objectStart) : "",
      enclosing: context.enclosing,
      className: context.className,
    });
  }
  return facts;
}

/** `book = Book(...)` inside a function: the variable and the class it constructs. */
export function constructionFact(
  text: string,
  statementCode: string,
  statement: Statement,
  context: CallContext,
): CallFact | null {
  const match = CONSTRUCTION.exec(statementCode);
  if (!match?.[1] || !match[2]) return null;
  return {
    kind: "construct",
    object: match[1],
    args: match[2],
    line: context.line(statement.start),
    code: "",
    enclosing: context.enclosing,
    className: context.className,
  };
}

/**
 * Where the object whose attribute follows the `.` at `dot` starts: names, attributes, calls and
 * subscripts read backwards (`Book.objects.filter(x=1)`); `dot` itself when there is none.
 */
function objectBefore(code: string, dot: number, limit: number): number {
  let start = dot;
  for (;;) {
    let at = start - 1;
    while (at >= limit && /\s/.test(code[at] ?? "")) at--;
    const char = code[at] ?? "";
    if (char === ")" || char === "]") {
      const open = openingBracket(code, at, limit);
      if (open === -1) return start;
      start = open;
      continue;
    }
    if (!NAME_CHAR.test(char)) return start;
    while (at >= limit && NAME_CHAR.test(code[at] ?? "")) at--;
    start = at + 1;
    if (dot - start > MAX_OBJECT) return dot;
    let before = at;
    while (before >= limit && /[ \t]/.test(code[before] ?? "")) before--;
    if (code[before] !== ".") return start;
    start = before;
  }
}

function openingBracket(code: string, close: number, limit: number): number {
  let depth = 0;
  for (let index = close; index >= limit; index--) {
    const char = code.charCodeAt(index);
    if (char === 41 || char === 93 || char === 125) depth++;
    else if (char === 40 || char === 91 || char === 123) {
      depth--;
      if (depth === 0) return index;
    }
  }
  return -1;
}

/** The line around `offset`, trimmed and shortened. */
function lineAt(text: string, offset: number): string {
  const start = text.lastIndexOf("\n", offset - 1) + 1;
  const newline = text.indexOf("\n", offset);
  const line = text.slice(start, newline === -1 ? text.length : newline).trim();
  return line.length > MAX_CODE ? `${line.slice(0, MAX_CODE - 3)}...` : line;
}

function compact(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
