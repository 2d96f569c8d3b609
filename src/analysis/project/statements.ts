// A module's logical statements, read from its text in one pass without a parse: the index reads
// facts from whole statements, which brackets and line continuations may spread over lines.
import { stringLiteral } from "../arguments.js";

export interface Statement {
  /** Offset of the statement's first character. */
  start: number;
  /** Offset after its last character (before the line break that ends it). */
  end: number;
  /** Columns of indentation of its first line. */
  indent: number;
}

export interface StatementText {
  /** The text with string contents and comments turned into spaces; offsets unchanged. */
  code: string;
  statements: Statement[];
  /** True when a string or bracket never closes: the statements after it are a guess. */
  unterminated: boolean;
}

const NEWLINE = 10;
const RETURN = 13;
const SPACE = 32;
const TAB = 9;
const FORM_FEED = 12;
const HASH = 35;
const BACKSLASH = 92;
const SEMICOLON = 59;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const OPENING = new Set([40, 91, 123]);
const CLOSING = new Set([41, 93, 125]);
// The characters that end a statement or change how the next ones read; the regular expression
// engine skips everything between them much faster than a loop over each character.
const TOKEN = /[\n#\\;()[\]{}"']/g;

/** Blanks `text[start, end)` except its line breaks. */
function blank(text: string, start: number, end: number): string {
  const slice = text.slice(start, end);
  return slice.includes("\n") ? slice.replace(/[^\n]/g, " ") : " ".repeat(end - start);
}

export function readStatements(text: string): StatementText {
  const pieces: string[] = [];
  const statements: Statement[] = [];
  let copied = 0;
  let depth = 0;
  let start = -1;
  let indent = 0;
  let lineStart = 0;
  let unterminated = false;
  const close = (end: number) => {
    if (start !== -1) statements.push({ start, end, indent });
    start = -1;
  };
  /** A statement starts at the first character from `from` on its line, unless it is a comment. */
  const open = (from: number) => {
    const first = firstNonBlank(text, from);
    const code = text.charCodeAt(first);
    if (first >= text.length || code === NEWLINE || code === HASH) return;
    start = first;
    indent = indentOf(text, lineStart, first);
  };
  open(0);
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(text); match; match = TOKEN.exec(text)) {
    const index = match.index;
    const code = text.charCodeAt(index);
    if (code === NEWLINE) {
      lineStart = index + 1;
      if (depth === 0) {
        close(trimEnd(text, index));
        open(lineStart);
      }
    } else if (code === HASH) {
      const newline = text.indexOf("\n", index);
      const end = newline === -1 ? text.length : newline;
      pieces.push(text.slice(copied, index), " ".repeat(end - index));
      copied = end;
      TOKEN.lastIndex = end;
    } else if (code === BACKSLASH) {
      if (isLineContinuation(text, index)) {
        lineStart = text.indexOf("\n", index) + 1;
        TOKEN.lastIndex = lineStart;
      } else {
        TOKEN.lastIndex = index + 2;
      }
    } else if (code === SEMICOLON) {
      if (depth === 0) {
        close(index);
        open(index + 1);
      }
    } else if (OPENING.has(code)) {
      depth++;
    } else if (CLOSING.has(code)) {
      depth = Math.max(0, depth - 1);
    } else if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
      const literal = stringLiteral(text, index);
      const contentsStart = contentStart(text, index);
      const end = literal ? literal.contents.end : stringRunEnd(text, contentsStart);
      if (!literal) unterminated = true;
      pieces.push(text.slice(copied, contentsStart), blank(text, contentsStart, end));
      copied = end;
      TOKEN.lastIndex = literal ? literal.end : end;
    }
  }
  if (depth > 0) unterminated = true;
  close(trimEnd(text, text.length));
  pieces.push(text.slice(copied));
  return { code: pieces.join(""), statements, unterminated };
}

function firstNonBlank(text: string, from: number): number {
  let at = from;
  for (;;) {
    const code = text.charCodeAt(at);
    if (code !== SPACE && code !== TAB && code !== RETURN && code !== FORM_FEED) return at;
    at++;
  }
}

const STRING_OPENING = /[rRbBuUfF]{0,2}("""|'''|"|')/y;

function contentStart(text: string, index: number): number {
  STRING_OPENING.lastIndex = index;
  STRING_OPENING.exec(text);
  return STRING_OPENING.lastIndex;
}

/** Where an unterminated string's contents end: its line for a one-line string, else the file. */
function stringRunEnd(text: string, contentsStart: number): number {
  const quote = text.slice(contentsStart - 3, contentsStart);
  if (quote === '"""' || quote === "'''") return text.length;
  const newline = text.indexOf("\n", contentsStart);
  return newline === -1 ? text.length : newline;
}

function isLineContinuation(text: string, index: number): boolean {
  const next = text.charCodeAt(index + 1);
  return next === NEWLINE || (next === RETURN && text.charCodeAt(index + 2) === NEWLINE) || false;
}

function trimEnd(text: string, end: number): number {
  let at = end;
  while (at > 0) {
    const code = text.charCodeAt(at - 1);
    if (code !== SPACE && code !== TAB && code !== RETURN && code !== FORM_FEED) break;
    at--;
  }
  return at;
}

function indentOf(text: string, lineStart: number, start: number): number {
  // A statement after `;` or a continuation shares its line's indentation.
  let at = lineStart;
  let columns = 0;
  while (at < start) {
    const code = text.charCodeAt(at);
    if (code === SPACE) columns++;
    else if (code === TAB) columns += 8 - (columns % 8);
    else if (code !== FORM_FEED) break;
    at++;
  }
  return columns;
}

/** The offset of the bracket closing the one at `open` in blanked code, or -1 before `limit`. */
export function matchingClose(code: string, open: number, limit: number): number {
  let depth = 0;
  for (let index = open; index < limit; index++) {
    const char = code.charCodeAt(index);
    if (char === 40 || char === 91 || char === 123) depth++;
    else if (char === 41 || char === 93 || char === 125) {
      depth--;
      if (depth === 0) return index;
    }
  }
  return -1;
}
