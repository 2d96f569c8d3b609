// Globs of `.github/django-signals.yml`, matched in time bounded by the pattern's length times the
// path's. Strangers write these patterns and every installation shares the server, so they are
// not turned into backtracking regular expressions (`a*a*a*a*b` would take seconds to fail).
// Syntax: `*` and `?` within a segment, `**` as a whole segment (any number of segments; inside
// a segment it means `*`), `[abc]`, `[a-z]`, `[!a]` classes, `{a,b}` alternatives and `\` escapes.
// Dotfiles match. Pure.

export class GlobError extends Error {}

/** Caps that keep one match cheap; a config pattern over them is refused. */
export const MAX_GLOB_LENGTH = 200;
export const MAX_GLOB_ALTERNATIVES = 16;

type Token =
  | { kind: "star" }
  | { kind: "one" }
  | { kind: "char"; char: string }
  | { kind: "class"; negated: boolean; ranges: [string, string][] };

/** A segment's tokens, or "**" for any number of whole segments. */
type Segment = Token[] | "**";

/** The closing `}` of the brace opening at `open`, or -1. */
function closingBrace(pattern: string, open: number): number {
  let depth = 0;
  for (let index = open; index < pattern.length; index++) {
    const char = pattern[index];
    if (char === "\\") index++;
    else if (char === "{") depth++;
    else if (char === "}" && --depth === 0) return index;
  }
  return -1;
}

/** The top-level comma-separated parts of a brace's inside. */
function braceParts(inside: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < inside.length; index++) {
    const char = inside[index];
    if (char === "\\") index++;
    else if (char === "{") depth++;
    else if (char === "}") depth--;
    else if (char === "," && depth === 0) {
      parts.push(inside.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(inside.slice(start));
  return parts;
}

/** `{a,b}` alternatives expanded, failing as soon as there would be too many. */
function expandBraces(pattern: string): string[] {
  for (let index = 0; index < pattern.length; index++) {
    if (pattern[index] === "\\") {
      index++;
      continue;
    }
    if (pattern[index] !== "{") continue;
    const close = closingBrace(pattern, index);
    if (close < 0) throw new GlobError("has a `{` without its `}`");
    const head = pattern.slice(0, index);
    const tails = expandBraces(pattern.slice(close + 1));
    const expanded = braceParts(pattern.slice(index + 1, close))
      .flatMap(expandBraces)
      .flatMap((part) => tails.map((tail) => head + part + tail));
    if (expanded.length > MAX_GLOB_ALTERNATIVES) {
      throw new GlobError(`has more than ${MAX_GLOB_ALTERNATIVES} {…} alternatives`);
    }
    return expanded;
  }
  return [pattern];
}

/** A `[...]` class starting at `open`: the token and the index after its `]`. */
function readClass(segment: string, open: number): [Token, number] {
  let index = open + 1;
  const negated = segment[index] === "!" || segment[index] === "^";
  if (negated) index++;
  const ranges: [string, string][] = [];
  for (let first = true; index < segment.length; first = false) {
    if (segment[index] === "]" && !first) return [{ kind: "class", negated, ranges }, index + 1];
    const from = segment[index] === "\\" ? (segment[++index] ?? "") : (segment[index] ?? "");
    index++;
    if (segment[index] === "-" && segment[index + 1] !== "]" && index + 1 < segment.length) {
      ranges.push([from, segment[index + 1] ?? ""]);
      index += 2;
    } else {
      ranges.push([from, from]);
    }
  }
  throw new GlobError("has a `[` without its `]`");
}

function tokenize(segment: string): Token[] {
  const tokens: Token[] = [];
  for (let index = 0; index < segment.length;) {
    const char = segment[index] ?? "";
    if (char === "*") {
      // `**` inside a segment means what `*` means; one token keeps matching linear.
      if (tokens.at(-1)?.kind !== "star") tokens.push({ kind: "star" });
      index++;
    } else if (char === "?") {
      tokens.push({ kind: "one" });
      index++;
    } else if (char === "[") {
      const [token, next] = readClass(segment, index);
      tokens.push(token);
      index = next;
    } else {
      const literal = char === "\\" ? (segment[index + 1] ?? "\\") : char;
      tokens.push({ kind: "char", char: literal });
      index += char === "\\" ? 2 : 1;
    }
  }
  return tokens;
}

function matchesToken(token: Token, char: string): boolean {
  if (token.kind === "one") return true;
  if (token.kind === "char") return token.char === char;
  if (token.kind === "star") return false;
  const inside = token.ranges.some(([from, to]) => from <= char && char <= to);
  return inside !== token.negated;
}

/**
 * One segment against one path segment: the classic wildcard walk that resumes after the last
 * `*` on a mismatch, so its cost is at most the product of the two lengths, never exponential.
 */
function matchesSegment(tokens: readonly Token[], text: string): boolean {
  let t = 0;
  let s = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (s < text.length) {
    const token = tokens[t];
    if (token?.kind === "star") {
      starAt = t++;
      resumeAt = s;
    } else if (token !== undefined && matchesToken(token, text[s] ?? "")) {
      t++;
      s++;
    } else if (starAt >= 0) {
      t = starAt + 1;
      s = ++resumeAt;
    } else {
      return false;
    }
  }
  while (tokens[t]?.kind === "star") t++;
  return t === tokens.length;
}

/** Whole segments, with `**` spanning any number of them; each (pattern, path) pair tried once. */
function matchesSegments(pattern: readonly Segment[], path: readonly string[]): boolean {
  const seen = new Set<number>();
  const width = path.length + 1;
  const match = (p: number, s: number): boolean => {
    const key = p * width + s;
    if (seen.has(key)) return false;
    seen.add(key);
    const segment = pattern[p];
    if (segment === undefined) return s === path.length;
    if (segment === "**") return match(p + 1, s) || (s < path.length && match(p, s + 1));
    return s < path.length && matchesSegment(segment, path[s] ?? "") && match(p + 1, s + 1);
  };
  return match(0, 0);
}

function segmentsOf(pattern: string): Segment[] {
  return pattern.split("/").map((segment) => (segment === "**" ? "**" : tokenize(segment)));
}

/** A matcher for one pattern; a GlobError says why the pattern is refused. */
export function compileGlob(pattern: string): (path: string) => boolean {
  if (pattern.length > MAX_GLOB_LENGTH) {
    throw new GlobError(`is longer than ${MAX_GLOB_LENGTH} characters`);
  }
  const alternatives = expandBraces(pattern).map(segmentsOf);
  return (path) => {
    const segments = path.split("/");
    return alternatives.some((alternative) => matchesSegments(alternative, segments));
  };
}

/** Whether any of the patterns matches. */
export function anyGlob(patterns: readonly string[]): (path: string) => boolean {
  const matchers = patterns.map(compileGlob);
  return (path) => matchers.some((matches) => matches(path));
}
