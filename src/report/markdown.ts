// Escaping for text that comes from the scanned code (handler names, string senders, messages):
// it must render as written and never open Markdown or HTML structure in a comment.

const MAX_CODE_SPAN_LENGTH = 200;

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return longest;
}

/** `text` cut to at most `max` characters, with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** One line of code as an inline code span, whatever backticks it contains. */
export function codeSpan(text: string): string {
  const oneLine = truncate(text.replace(/\s+/g, " ").trim(), MAX_CODE_SPAN_LENGTH);
  const fence = "`".repeat(longestBacktickRun(oneLine) + 1);
  // A span that starts or ends with a backtick needs a space inside the fence (CommonMark).
  const padded = oneLine.startsWith("`") || oneLine.endsWith("`") ? ` ${oneLine} ` : oneLine;
  return `${fence}${padded}${fence}`;
}

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
      escapeHtml(rest.slice(0, open.index)),
      rest.slice(open.index, closeAt + open[0].length),
    );
    rest = rest.slice(closeAt + open[0].length);
  }
  parts.push(escapeHtml(rest));
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

function escapeHtml(text: string): string {
  return text
    .replace(/&(?![a-z]+;|#\d+;)/gi, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

/** A URL as a Markdown link target: it cannot close the link or open HTML. */
export function linkTarget(url: string): string {
  return url.replace(/[\s()<>]/g, (char) => encodeURIComponent(char));
}
