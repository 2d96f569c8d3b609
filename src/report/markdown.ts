// Escaping for text that comes from the scanned code (handler names, string senders, messages):
// it must render as written and never open Markdown or HTML structure in a comment, nor mention
// anyone, link or show an image. Names go through `codeSpan`; the engine's messages, which may
// quote code badly (a string holding a backtick), through `escapeInlineMarkdown`.
import { longestBacktickRun, truncate } from "../analysis/code-span.js";

export { codeSpan, truncate } from "../analysis/code-span.js";

/** A fenced code block whose fence no line of the code can close. */
export function codeBlock(code: string, language: string): string {
  const fence = "`".repeat(Math.max(3, longestBacktickRun(code) + 1));
  return `${fence}${language}\n${code.replace(/\s+$/, "")}\n${fence}`;
}

/**
 * A message that may contain inline code spans (the engine writes names as code): the spans are
 * kept, the text around them cannot open HTML or block structure, and it stays on one line.
 */
export function escapeInlineMarkdown(message: string, maxLength = 2_000): string {
  const oneLine = truncate(message.replace(/\s+/g, " ").trim(), maxLength);
  const parts: string[] = [];
  let rest = oneLine;
  for (;;) {
    const open = /`+/.exec(rest);
    if (!open) break;
    const afterOpen = open.index + open[0].length;
    const closeAt = findClosingRun(rest, afterOpen, open[0].length);
    if (closeAt < 0) break;
    parts.push(
      escapeProse(rest.slice(0, open.index)),
      rest.slice(open.index, closeAt + open[0].length),
    );
    rest = rest.slice(closeAt + open[0].length);
  }
  parts.push(escapeProse(rest));
  return guardLineStart(parts.join(""));
}

/** Text that starts a paragraph must not start a heading, list, rule or table instead. */
function guardLineStart(text: string): string {
  const ordered = /^(\d+)([.)])/.exec(text);
  if (ordered) return `${ordered[1]}\\${text.slice(ordered[1]?.length ?? 0)}`;
  return /^[#\-+*=_|~]/.test(text) ? `\\${text}` : text;
}

function findClosingRun(text: string, from: number, length: number): number {
  const runs = /`+/g;
  runs.lastIndex = from;
  for (let run = runs.exec(text); run; run = runs.exec(text)) {
    if (run[0].length === length) return run.index;
  }
  return -1;
}

// Invisible, and it keeps GitHub from reading `@name` as a mention or `https://` and `www.` as a link.
const WORD_JOINER = "\u2060";

/**
 * Prose around code spans: no HTML, no link or image brackets, no mention, no bare URL. Its
 * backslashes and stray backticks are escaped, so Markdown pairs code spans as this file does.
 */
function escapeProse(text: string): string {
  return text
    .replace(/[\\`]/g, "\\$&")
    .replace(/&(?![a-z]+;|#\d+;)/gi, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[[\]]/g, "\\$&")
    .replace(/@(?=\w)/g, `@${WORD_JOINER}`)
    .replace(/:\/\//g, `:${WORD_JOINER}//`)
    .replace(/\bwww\./gi, `$&${WORD_JOINER}`);
}

/** A URL as a Markdown link target: it cannot close the link or open HTML. */
export function linkTarget(url: string): string {
  return url.replace(/[\s()<>]/g, (char) => encodeURIComponent(char));
}
