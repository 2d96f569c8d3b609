// What a pull request shows when `.github/django-signals.yml` is invalid: every problem with its
// line, so the author can fix the file; the scan does not run on a guessed configuration.
import type { ConfigIssue } from "../config.js";
import { codeSpan, escapeInlineMarkdown } from "./markdown.js";

const MAX_ISSUES_SHOWN = 20;

/** Marks the comment for one head SHA, so a redelivery does not repeat it. */
export function configErrorMarker(headSha: string): string {
  return `<!-- django-signals:config-error=${headSha} -->`;
}

function issueLine(issue: ConfigIssue): string {
  const where =
    issue.line === undefined
      ? ""
      : `line ${issue.line}${issue.column === undefined ? "" : `, column ${issue.column}`}: `;
  return `- ${where}${escapeInlineMarkdown(issue.message)}`;
}

export function renderConfigError(
  source: string,
  issues: readonly ConfigIssue[],
  headSha: string,
): string {
  const shown = issues.slice(0, MAX_ISSUES_SHOWN).map(issueLine);
  if (issues.length > shown.length) shown.push(`- … and ${issues.length - shown.length} more`);
  return [
    `**django-signals** did not scan this pull request: ${codeSpan(source)} is invalid.`,
    shown.join("\n"),
    "Fix the file and push again. Every key is described in the README.",
    configErrorMarker(headSha),
  ].join("\n\n");
}
