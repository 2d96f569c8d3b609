// Reading a receiver's body facts from its text alone, when the text leaves no doubt: strings and
// comments are blanked out first, so a pattern can only match code. Anything the reader cannot
// read as surely as the tree (nested scopes, f-strings, line continuations, unusual statements)
// gives null, and body-tree.ts confirms every hit through the tree cursor instead.
import type { BodyTextFacts, FieldAssignment, MethodCall, Raise } from "./body.js";
import { closingBracket, isKeyword, startsString, stringLiteral } from "./arguments.js";
import { hitsIn, type TextRange } from "./locate.js";
import type { SourceText } from "./source.js";

/** Calls of the ORM's methods, and of Celery's `delay()`/`apply_async()`, which queue a task. */
export const KNOWN_METHOD_CALL =
  /\.\s*(save|delete|create|get_or_create|update_or_create|all|count|exists|filter|exclude|values_list|values|first|last|get|order_by|iterator|aggregate|in_bulk|update|delay|apply_async)\s*\(/dg;
/**
 * The methods whose arguments rules read: the fields `update()` writes, `delete(save=False)`,
 * which deletes a file field's file rather than a row, the row `get()` reads, and what a queued
 * task is given.
 */
export const ARGUMENTS_READ: ReadonlySet<string> = new Set([
  "update",
  "delete",
  "get",
  "delay",
  "apply_async",
]);
export const RAISE = /\braise\b/g;
// A raise inside a `try` may be caught: which clauses catch it only the tree can tell.
const TRY = /\btry\b/;
// What a raise raises, as written: a dotted name, called or not; the rest is read from there.
const RAISED = /[ \t]*([\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)*)?[ \t]*/uy;
const STATEMENT_END = /[ \t]*(?:$|;|from\b)/my;
export const FIELD_ASSIGNMENT = /\.\s*([\p{L}\p{N}_]+)\s*(?:[-+*/|&]|\/\/)?=(?!=)/dgu;
// Leftmost-first matching starts the name at its first character: no look-behind needed.
export const CONSTRUCTION = /([\p{L}\p{N}_]+)\s*=\s*\p{Lu}[\p{L}\p{N}_]*\s*\(/dgu;
export const CONSTRUCTION_HINT = /=\s*\p{Lu}[\p{L}\p{N}_]*\s*\(/u;
// `public = instance.publisher_public`: a name bound to an attribute of a name.
export const ALIAS = /([\p{L}\p{N}_]+)[ \t]*=[ \t]*[\p{L}_][\p{L}\p{N}_]*\.[\p{L}_]/dgu;
export const ALIAS_VALUE = /[\p{L}_][\p{L}\p{N}_]*\.[\p{L}_][\p{L}\p{N}_]*/uy;
export const NESTED_SCOPE = /\b(?:def|class|lambda)\b/g;

// Where the text reader stops: scopes inside the body, a line continuation (f-strings stop
// `codeOnly`).
const UNSURE = /\b(?:def|class|lambda)\b|\\/;
const F_STRING = /[fF][rRbB]?["']|[rRbB][fF]["']/y;

class Unsure extends Error {}

/**
 * The facts of the body at `range`, read from its text; null when only the tree can tell. `code`
 * is the body's `codeOnly` text when the caller has it already.
 */
export function scanBody(
  source: SourceText,
  range: TextRange,
  code = codeOnly(source.text.slice(range.start, range.end)),
): BodyTextFacts | null {
  if (code === null || UNSURE.test(code)) return null;
  const reader = new BodyText(source, code, range.start);
  const hits = (pattern: RegExp) => hitsIn(code, 0, pattern);
  const raises = hits(RAISE);
  if (raises.length > 0 && TRY.test(code)) return null;
  try {
    return {
      methodCalls: hits(KNOWN_METHOD_CALL).map((at) => reader.methodCall(at)),
      raises: raises.map((at) => reader.raise(at)),
      fieldAssignments: hits(FIELD_ASSIGNMENT).flatMap((at) => reader.fieldAssignment(at)),
      constructed: new Map(
        CONSTRUCTION_HINT.test(code)
          ? hits(CONSTRUCTION).flatMap((at) => reader.construction(at))
          : [],
      ),
      aliases: new Map(hits(ALIAS).flatMap((at) => reader.alias(at))),
    };
  } catch (error) {
    if (error instanceof Unsure) return null;
    throw error;
  }
}

/**
 * The body with each string's inside and each comment turned into spaces (quotes and line breaks
 * kept, offsets unchanged); null when a string does not end or is an f-string, whose `{...}` is code.
 */
export function codeOnly(body: string): string | null {
  let code = "";
  let copied = 0;
  for (let index = 0; index < body.length; index++) {
    if (body[index] === "#") {
      const newline = body.indexOf("\n", index);
      const end = newline === -1 ? body.length : newline;
      code += body.slice(copied, index) + " ".repeat(end - index);
      copied = index = end;
      continue;
    }
    if (!startsString(body, index)) continue;
    F_STRING.lastIndex = index;
    const literal = F_STRING.test(body) ? null : stringLiteral(body, index);
    if (!literal) return null;
    const { contents } = literal;
    code += body.slice(copied, contents.start);
    code += body.slice(contents.start, contents.end).replace(/[^\n]/g, " ");
    copied = contents.end;
    index = literal.end - 1;
  }
  return code + body.slice(copied);
}

const NAME_CHAR = /[\p{L}\p{N}_]/u;
// Objects longer than this are read by the tree: reading each call of a long chain backwards to
// its start would cost the square of the chain's length.
const MAX_OBJECT_LENGTH = 300;
const DIGIT = /[0-9]/;

class BodyText {
  constructor(
    private readonly source: SourceText,
    /** The body's code, strings and comments blanked. */
    private readonly code: string,
    /** Where the body starts in the source. */
    private readonly offset: number,
  ) {}

  /** `<object>.<method>(`, the method's name at `at`. */
  methodCall(at: number): MethodCall {
    const object = this.objectBefore(this.dotBefore(at));
    const method = this.source.wordAt(this.offset + at);
    return {
      position: this.source.positionAt(this.offset + object.start),
      object: this.source.compact(this.range(object)),
      objectType: object.type,
      method,
      arguments: ARGUMENTS_READ.has(method) ? this.argumentsAfter(at + method.length) : null,
    };
  }

  /** The `(...)` that follows a method's name, which ends at `nameEnd`. */
  private argumentsAfter(nameEnd: number): string {
    const open = this.offset + this.code.indexOf("(", nameEnd);
    const close = closingBracket(this.source.text, open);
    if (close === null) throw new Unsure();
    return this.source.text.slice(open, close);
  }

  /**
   * A `raise` keyword outside strings and comments is a raise statement; it must start one, and
   * raise nothing, a dotted name, or a call of one. The body has no `try` to catch it.
   */
  raise(at: number): Raise {
    this.startsStatement(at);
    RAISED.lastIndex = at + "raise".length;
    const name = RAISED.exec(this.code)?.[1];
    if (name !== undefined && name.split(".").some((part) => isKeyword(part))) throw new Unsure();
    let end = RAISED.lastIndex;
    if (name !== undefined && this.code[end] === "(") {
      const close = closingBracket(this.source.text, this.offset + end);
      if (close === null) throw new Unsure();
      end = close - this.offset;
    }
    STATEMENT_END.lastIndex = end;
    if (!STATEMENT_END.test(this.code)) throw new Unsure();
    return {
      position: this.source.positionAt(this.offset + at),
      raised: name ?? null,
      caughtBy: [],
    };
  }

  /** `<object>.<field> <op>= <value>`, the field's name at `at`; none when it is not a statement. */
  fieldAssignment(at: number): FieldAssignment[] {
    const object = this.objectBefore(this.dotBefore(at));
    this.startsStatement(object.start);
    const field = this.source.wordAt(this.offset + at);
    const equals = this.code.indexOf("=", at + field.length);
    const operator = this.code.slice(at + field.length, equals + 1).trim();
    const valueStart = this.skipBlanks(equals + 1);
    return [
      {
        position: this.source.positionAt(this.offset + object.start),
        object: this.source.compact(this.range(object)),
        field,
        operator,
        value: this.source.text.slice(
          this.offset + valueStart,
          this.offset + this.lineEnd(valueStart),
        ),
      },
    ];
  }

  /** `<name> = <Model>(...)` as a whole statement, the name at `at`. */
  construction(at: number): [string, string][] {
    // `x.copy = Book(...)` assigns an attribute, and inside brackets `copy = Book(...)` is a keyword
    // argument on a line of its own: neither binds a name to a model.
    if (this.code[at - 1] === "." || this.inBrackets(at)) return [];
    this.startsStatement(at);
    const name = this.source.wordAt(this.offset + at);
    const callee = this.code.indexOf("=", at + name.length) + 1;
    const calleeStart = this.skipBlanks(callee);
    const model = this.source.wordAt(this.offset + calleeStart);
    const open = this.skipBlanks(calleeStart + model.length);
    const close = closingBracket(this.source.text, this.offset + open);
    if (close === null || this.lineEnd(open) !== close - this.offset) throw new Unsure();
    return [[name, model]];
  }

  /** `<name> = <name>.<attribute>` as a whole statement, the first name at `at`. */
  alias(at: number): [string, string][] {
    // `a.b = c.d` assigns an attribute, `f(b=c.d)` passes a keyword, `a, b = c.d` unpacks.
    const lineStart = this.code.lastIndexOf("\n", at - 1) + 1;
    const before = this.code.slice(lineStart, at).trimEnd().at(-1);
    if (this.code[at - 1] === "." || before === "(" || before === "," || this.inBrackets(at)) {
      return [];
    }
    this.startsStatement(at);
    const name = this.source.wordAt(this.offset + at);
    const valueStart = this.skipBlanks(this.code.indexOf("=", at + name.length) + 1);
    ALIAS_VALUE.lastIndex = valueStart;
    const value = ALIAS_VALUE.exec(this.code)?.[0];
    if (value === undefined || this.lineEnd(valueStart) !== valueStart + value.length) return [];
    return [[name, value]];
  }

  /** Whether `at` is inside brackets opened in the body: strings are blanked, so brackets count. */
  private inBrackets(at: number): boolean {
    let depth = 0;
    for (const char of this.code.slice(0, at)) {
      if (char === "(" || char === "[" || char === "{") depth++;
      else if (char === ")" || char === "]" || char === "}") depth--;
    }
    return depth > 0;
  }

  /** The `.` before the name at `at`, directly after the object. */
  private dotBefore(at: number): number {
    const dot = this.code.lastIndexOf(".", at);
    if (this.code.slice(dot + 1, at).trim() !== "" || !this.endsPrimary(dot)) throw new Unsure();
    return dot;
  }

  /**
   * The object whose attribute follows at `end`: names, attributes and calls read backwards
   * (`Book.objects.filter(x=1)`), typed like the tree. Other expressions are left to the tree.
   */
  private objectBefore(end: number): TextRange & { type: string } {
    let start = end;
    let type: string | null = null;
    for (;;) {
      if (end - start > MAX_OBJECT_LENGTH) throw new Unsure();
      const last = this.code[start - 1] ?? "";
      if (last === ")") {
        const open = this.openingBracket(start - 1);
        if (!this.endsPrimary(open)) throw new Unsure(); // a parenthesized expression
        type ??= "call";
        start = open;
      } else if (NAME_CHAR.test(last)) {
        const nameEnd = start;
        while (NAME_CHAR.test(this.code[start - 1] ?? "")) start--;
        const name = this.code.slice(start, nameEnd);
        if (DIGIT.test(name[0] ?? "") || isKeyword(name)) throw new Unsure();
        const dotted = this.code[start - 1] === ".";
        type ??= dotted ? "attribute" : "identifier";
        // `instance. owner` is an attribute too: a `.` before blanks is left to the tree.
        if (!dotted && this.code[this.skipBlanksBack(start) - 1] === ".") throw new Unsure();
        if (!dotted) return { type, start, end };
        if (!this.endsPrimary(start - 1)) throw new Unsure();
        start--;
      } else {
        throw new Unsure();
      }
    }
  }

  /** A name, a call's `)` or a subscript's `]` ends right before `index`. */
  private endsPrimary(index: number): boolean {
    const before = this.code[index - 1] ?? "";
    return NAME_CHAR.test(before) || before === ")" || before === "]";
  }

  /** The `(` that the `)` at `close` closes; strings are blanked, so brackets alone count. */
  private openingBracket(close: number): number {
    let depth = 0;
    for (let index = close; index >= 0 && close - index <= MAX_OBJECT_LENGTH; index--) {
      const char = this.code[index];
      if (char === ")" || char === "]" || char === "}") depth++;
      else if (char === "(" || char === "[" || char === "{") depth--;
      if (depth === 0) {
        if (char !== "(") throw new Unsure();
        return index;
      }
    }
    throw new Unsure();
  }

  /** Only indentation precedes `at` on its line. */
  private startsStatement(at: number): void {
    const lineStart = this.code.lastIndexOf("\n", at - 1) + 1;
    if (this.code.slice(lineStart, at).trim() !== "") throw new Unsure();
  }

  /** The end of the expression that starts at `from`: the line's end outside brackets. */
  private lineEnd(from: number): number {
    let depth = 0;
    let end = from;
    for (let index = from; index < this.code.length; index++) {
      const char = this.code[index];
      if (char === "(" || char === "[" || char === "{") depth++;
      else if (char === ")" || char === "]" || char === "}") depth--;
      else if (depth === 0 && (char === "\n" || char === ";")) break;
      if (char !== " " && char !== "\t" && char !== "\r" && char !== "\n") end = index + 1;
    }
    if (depth !== 0) throw new Unsure();
    return end;
  }

  /** Where the blanks (line breaks included) that end at `end` start. */
  private skipBlanksBack(end: number): number {
    let index = end;
    while (/\s/.test(this.code[index - 1] ?? "")) index--;
    return index;
  }

  private skipBlanks(from: number): number {
    let index = from;
    while (this.code[index] === " " || this.code[index] === "\t") index++;
    return index;
  }

  private range(object: TextRange): TextRange {
    return { start: this.offset + object.start, end: this.offset + object.end };
  }
}
