// The one way user text becomes Markdown code: the engine's messages name the code's own strings
// (a sender as written, a filter's arguments), and the report layer renders names with it too.
// A fence longer than any backtick run inside means no string can close the span early, and
// inside a code span no mention, link, image or HTML forms.

const MAX_CODE_SPAN_LENGTH = 200;

export function longestBacktickRun(text: string): number {
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
