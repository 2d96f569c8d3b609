// Reading calls and function headers from their text, so registrations need no cursor walk over
// them (each cursor step is a native call, see locate.ts). The reader is strict: it gives up
// (null) on anything it cannot type as surely as tree-sitter does, and the caller reads the tree.
import type { CallArguments, CallSpan, NodeSpan, TextRange } from "./locate.js";

// Sticky patterns, matched in place: no slice per test. Names are scanned by hand when ASCII.
const NAME = /[\p{L}_][\p{L}\p{N}_]*/uy;
const STRING_START = /[rRbBuUfF]{0,2}("""|'''|"|')/y;
const IDENTIFIER_CHAR = /[\p{L}\p{N}_]/u;
const FOR = /\bfor\b/;
const FUNCTION_HEADER = /(?:async[ \t]+)?def[ \t]+([\p{L}_][\p{L}\p{N}_]*)[ \t]*\(/duy;
// Python keywords are not plain names in the tree (`True` is `true`, `not x` is an operator).
const KEYWORDS: ReadonlySet<string> = new Set([
  ...["and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del"],
  ...["elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in"],
  ...["is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while"],
  ...["with", "yield"],
]);
// A Map, not an object: `constructor` or `toString` must not look like constants.
const CONSTANTS: ReadonlyMap<string, string> = new Map([
  ["None", "none"],
  ["True", "true"],
  ["False", "false"],
]);

// Character codes.
const TAB = 9;
const NEWLINE = 10;
const FORM_FEED = 12;
const RETURN = 13;
const SPACE = 32;
const DOUBLE_QUOTE = 34;
const HASH = 35;
const SINGLE_QUOTE = 39;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const COMMA = 44;
const DOT = 46;
const COLON = 58;
const EQUALS = 61;
const OPEN_BRACKET = 91;
const BACKSLASH = 92;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** One top-level piece between commas: its significant extent, and whether it has a top-level `:`. */
interface Piece extends TextRange {
  hasColon: boolean;
}

interface Split {
  pieces: Piece[];
  commas: number;
  /** The offset after the closing bracket. */
  end: number;
}

/**
 * The arguments of the argument list `list` (from `(` to `)` in `text`), typed like tree-sitter's
 * nodes, or null when the text holds anything the reader does not type surely.
 */
export function scanArguments(text: string, list: TextRange): CallArguments | null {
  // A parenthesis the parser had to invent (`f(a` at a line's end) has no text to split at.
  const closed = text.charCodeAt(list.end - 1) === CLOSE_PAREN && list.end - list.start >= 2;
  if (text.charCodeAt(list.start) !== OPEN_PAREN || !closed) return null;
  const split = splitTopLevel(text, list.start);
  return split?.end === list.end ? argumentsOf(text, split) : null;
}

/**
 * The arguments of the bracketed `(...)` text as written, values untyped (any expression): each
 * with its keyword's name, or null for a positional, `*` or `**` argument. Null when the brackets
 * do not close surely.
 */
export function argumentTexts(text: string): { name: string | null; value: string }[] | null {
  const split = text.charCodeAt(0) === OPEN_PAREN ? splitTopLevel(text, 0) : null;
  if (!split) return null;
  return split.pieces.map(({ start, end }) => {
    const nameEnd = endOfName(text, start);
    const valueStart = nameEnd > start ? keywordValueStart(text, nameEnd) : null;
    return valueStart === null
      ? { name: null, value: text.slice(start, end).trim() }
      : { name: text.slice(start, nameEnd), value: text.slice(valueStart, end).trim() };
  });
}

/** The arguments of a split argument list, typed; null when unsure. */
function argumentsOf(text: string, { pieces }: Split): CallArguments | null {
  const read: CallArguments = { positional: [], keywords: [] };
  for (let index = 0; index < pieces.length; index++) {
    let piece = pieces[index];
    if (!piece) return null;
    const start = piece.start;
    const nameEnd = endOfName(text, start);
    const valueStart = (nameEnd > start && keywordValueStart(text, nameEnd)) || start;
    if (valueStart >= piece.end) return null;
    if (isLambda(text, valueStart)) {
      // A lambda's parameters are not bracketed: it runs to the piece that holds its `:`.
      while (piece && !piece.hasColon) piece = pieces[++index];
      if (!piece) return null;
    } else if (piece.hasColon) {
      return null;
    }
    const value = typed(text, { start: valueStart, end: piece.end });
    if (!value) return null;
    if (valueStart !== start) {
      const name = { type: "identifier", start, end: nameEnd };
      read.keywords.push({ name, value });
    } else {
      read.positional.push(value);
    }
  }
  return read;
}

/**
 * The call `name.name(arguments)` that starts at `start`, read from its text; null when unsure.
 * The call ends at the parenthesis that closes its argument list.
 */
export function scanCall(text: string, start: number): CallSpan | null {
  const calleeEnd = endOfDottedName(text, start);
  const callee = calleeEnd > start ? typed(text, { start, end: calleeEnd }) : null;
  if (!callee) return null;
  let open = calleeEnd;
  while (text.charCodeAt(open) === SPACE || text.charCodeAt(open) === TAB) open++;
  const split = text.charCodeAt(open) === OPEN_PAREN ? splitTopLevel(text, open) : null;
  const read = split && argumentsOf(text, split);
  if (!split || !read || text.charCodeAt(split.end - 1) !== CLOSE_PAREN) return null;
  const call = { type: "call", start, end: split.end };
  if (callee.type !== "attribute") {
    return {
      call,
      callee,
      calleeObject: null,
      calleeAttribute: null,
      positional: read.positional,
      keywords: read.keywords,
    };
  }
  // The callee was typed whole (no keyword in it): its parts are names and attributes.
  const dot = text.lastIndexOf(".", calleeEnd);
  const objectType = text.lastIndexOf(".", dot - 1) >= start ? "attribute" : "identifier";
  const calleeObject = { type: objectType, start, end: dot };
  const calleeAttribute = { type: "identifier", start: dot + 1, end: calleeEnd };
  return {
    call,
    callee,
    calleeObject,
    calleeAttribute,
    positional: read.positional,
    keywords: read.keywords,
  };
}

/** The name and parameters of the `def` at `start`, read from its text; null when unsure. */
export function scanFunctionHeader(
  text: string,
  start: number,
): { name: TextRange; parameters: TextRange } | null {
  FUNCTION_HEADER.lastIndex = start;
  const match = FUNCTION_HEADER.exec(text);
  const name = match?.indices?.[1];
  if (!match || !name) return null;
  const open = FUNCTION_HEADER.lastIndex - 1;
  const end = splitTopLevel(text, open)?.end;
  if (end === undefined) return null;
  return { name: { start: name[0], end: name[1] }, parameters: { start: open, end } };
}

/** The offset after the bracket that closes the one at `open`, or null when unsure. */
export function closingBracket(text: string, open: number): number | null {
  return splitTopLevel(text, open)?.end ?? null;
}

/** Python keywords and constants are not plain names in the tree. */
export function isKeyword(name: string): boolean {
  return KEYWORDS.has(name) || CONSTANTS.has(name);
}

/** The tree-sitter type of the expression at `range`, or null when unsure. */
function typed(text: string, range: TextRange): NodeSpan | null {
  const as = (type: string) => ({ type, start: range.start, end: range.end });
  if (endOfDottedName(text, range.start) === range.end) {
    const name = text.slice(range.start, range.end);
    const constant = CONSTANTS.get(name);
    if (constant) return as(constant);
    if (!name.includes(".")) return KEYWORDS.has(name) ? null : as("identifier");
    return name.split(".").some((part) => isKeyword(part)) ? null : as("attribute");
  }
  if (isLambda(text, range.start)) return as("lambda");
  if (startsString(text, range.start)) {
    return stringEnd(text, range.start) === range.end ? as("string") : null;
  }
  const opening = text.charCodeAt(range.start);
  const closing = text.charCodeAt(range.end - 1);
  const list = opening === OPEN_BRACKET && closing === CLOSE_BRACKET;
  if (!list && !(opening === OPEN_PAREN && closing === CLOSE_PAREN)) return null;
  const inner = splitTopLevel(text, range.start);
  // Comprehensions and generators are other nodes; `for` in a string merely sends them to the tree.
  if (inner?.end !== range.end || FOR.test(text.slice(range.start, range.end))) return null;
  if (list) return as("list");
  return as(inner.commas > 0 || inner.pieces.length === 0 ? "tuple" : "parenthesized_expression");
}

/**
 * Splits the bracketed text that opens at `open` at its top-level commas, skipping strings and
 * comments, up to its matching closing bracket; null when no bracket closes it surely.
 */
function splitTopLevel(text: string, open: number): Split | null {
  const pieces: Piece[] = [];
  let piece: Piece | null = null;
  let commas = 0;
  let depth = 0;
  for (let index = open + 1; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === HASH) {
      const newline = text.indexOf("\n", index);
      if (newline === -1) return null;
      index = newline;
      continue;
    }
    // The tree reads a line continuation as a node of its own (an argument): the tree decides.
    if (code === BACKSLASH) return null;
    // A name is skipped whole: only one made of string prefixes can start a string.
    const nameEnd = endOfName(text, index);
    let end = Math.max(nameEnd, index + 1);
    if (nameEnd - index <= 2 && startsString(text, index)) {
      const after = stringEnd(text, index);
      if (after === null) return null;
      end = after;
    } else if (isBlank(code)) {
      continue;
    } else if (code === OPEN_PAREN || code === OPEN_BRACKET || code === OPEN_BRACE) {
      depth++;
    } else if (code === CLOSE_PAREN || code === CLOSE_BRACKET || code === CLOSE_BRACE) {
      if (--depth < 0) {
        if (piece) pieces.push(piece);
        return { pieces, commas, end: index + 1 };
      }
    } else if (depth === 0 && code === COMMA) {
      if (!piece) return null; // `f(,)` or `f(a,,b)`
      pieces.push(piece);
      piece = null;
      commas++;
      continue;
    }
    piece ??= { start: index, end, hasColon: false };
    piece.end = end;
    if (depth === 0 && code === COLON) piece.hasColon = true;
    index = end - 1;
  }
  return null;
}

/** The offset after the name that starts at `start` (`start` itself when none does). */
function endOfName(text: string, start: number): number {
  let index = start;
  for (; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0x80) {
      NAME.lastIndex = start;
      return NAME.test(text) ? NAME.lastIndex : start;
    }
    const letter = (code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a;
    const digit = code >= 0x30 && code <= 0x39;
    if (!letter && code !== 0x5f && !(digit && index > start)) break;
  }
  return index;
}

/** The offset after `name.name...` at `start` (`start` itself when no name starts there). */
export function endOfDottedName(text: string, start: number): number {
  let end = endOfName(text, start);
  while (end > start && text.charCodeAt(end) === DOT) {
    const next = endOfName(text, end + 1);
    if (next === end + 1) return end;
    end = next;
  }
  return end;
}

/** Where the value of `name = value` starts, when a name ends at `nameEnd` and `=` follows. */
function keywordValueStart(text: string, nameEnd: number): number | null {
  let index = nameEnd;
  while (isBlank(text.charCodeAt(index))) index++;
  if (text.charCodeAt(index) !== EQUALS || text.charCodeAt(index + 1) === EQUALS) {
    return null;
  }
  for (index++; isBlank(text.charCodeAt(index)); index++);
  return index;
}

/** The keyword `lambda` starts at `index`. */
function isLambda(text: string, index: number): boolean {
  return text.startsWith("lambda", index) && endOfName(text, index) === index + "lambda".length;
}

/** Whitespace. */
function isBlank(code: number): boolean {
  return (
    code === SPACE || code === NEWLINE || code === TAB || code === RETURN || code === FORM_FEED
  );
}

/** A string literal (with its prefix) starts at `index`, not inside a name. */
export function startsString(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) return true;
  // r, b, u, f in either case
  const lower = code | 0x20;
  if (lower !== 0x72 && lower !== 0x62 && lower !== 0x75 && lower !== 0x66) return false;
  if (IDENTIFIER_CHAR.test(text[index - 1] ?? "")) return false;
  STRING_START.lastIndex = index;
  return STRING_START.test(text);
}

/** The offset after the string literal that starts at `start`, or null when it does not end. */
function stringEnd(text: string, start: number): number | null {
  return stringLiteral(text, start)?.end ?? null;
}

/**
 * The string literal that starts at `start` (its prefix included): where its contents lie between
 * the quotes, and the offset after it; null when it does not end.
 */
export function stringLiteral(
  text: string,
  start: number,
): { contents: TextRange; end: number } | null {
  STRING_START.lastIndex = start;
  const quote = STRING_START.exec(text)?.[1];
  if (!quote) return null;
  const quoteCode = quote.charCodeAt(0);
  const contentsStart = STRING_START.lastIndex;
  for (let index = contentsStart; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === BACKSLASH) index++;
    else if (code === NEWLINE && quote.length === 1) return null;
    else if (code === quoteCode && (quote.length === 1 || text.startsWith(quote, index))) {
      return { contents: { start: contentsStart, end: index }, end: index + quote.length };
    }
  }
  return null;
}
