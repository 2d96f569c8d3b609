// A finding's project context, for every format: where its handler is defined when that is
// another file, and the places that already write the sender's rows without the signal.
import type { Finding } from "../analysis/index.js";
import { codeSpan } from "./markdown.js";
import { placeLink } from "./source-links.js";
import type { SourceLinks } from "./source-links.js";

// A reader checks a handful of places; the JSON keeps them all.
const MAX_EVIDENCE_SHOWN = 5;

type Evidence = NonNullable<Finding["evidence"]>[number];

/** The places shown, and how many more there are. */
function shownEvidence(finding: Finding): { shown: Evidence[]; more: number } {
  const evidence = finding.evidence ?? [];
  const shown = evidence.slice(0, MAX_EVIDENCE_SHOWN);
  return { shown, more: evidence.length - shown.length };
}

/** "shop/handlers.py:4" */
function handlerPlace(finding: Finding): string | null {
  return finding.handler ? `${finding.handler.file}:${finding.handler.line}` : null;
}

/** Plain-text lines (a terminal, a check-run annotation): the handler, then the bypasses. */
export function contextLines(finding: Finding): string[] {
  const handler = handlerPlace(finding);
  const { shown, more } = shownEvidence(finding);
  return [
    ...(handler ? [`handler: ${finding.receiver} is defined at ${handler}`] : []),
    ...(shown.length > 0 ? ["already skipped by:"] : []),
    ...shown.map(({ file, line, code }) => `  ${file}:${line}  ${code}`),
    ...(more > 0 ? [`  and ${more} more`] : []),
  ];
}

/** The review comment's line naming where a handler defined in another file is: "" when none is. */
export function handlerSection(findings: readonly Finding[], links?: SourceLinks): string {
  const handler = findings.find((finding) => finding.handler !== undefined)?.handler;
  if (handler === undefined) return "";
  return `The handler is defined at ${placeLink(links, handler.file, handler.line)}.`;
}

/** The review comment's short Markdown section: "**Already bypassed** ..." or "". */
export function bypassedSection(findings: readonly Finding[], links?: SourceLinks): string {
  const withEvidence = findings.find((finding) => (finding.evidence?.length ?? 0) > 0);
  if (!withEvidence) return "";
  const { shown, more } = shownEvidence(withEvidence);
  const total = withEvidence.evidence?.length ?? 0;
  const places = total === 1 ? "this place writes" : `these ${total} places write`;
  return [
    `**Already bypassed**: ${places} the rows without the signal.`,
    "",
    ...shown.map(({ file, line, code }) => `- ${placeLink(links, file, line)} ${codeSpan(code)}`),
    ...(more > 0 ? [`- and ${more} more`] : []),
  ].join("\n");
}
