// What the `Django signals` check run shows: a conclusion, a title with counts, a summary table
// of the receivers, the details as text, and an annotation per finding. Pure. Everything that
// comes from the scanned code is escaped; summary and text stay within GitHub's 65,535 characters.
import type { Finding, RuleId } from "../analysis/index.js";
import type { ConfigIssue } from "../config.js";
import type { NotScanned } from "../diff/index.js";
import { annotationOf } from "./check-run-annotations.js";
import type { CheckRunAnnotation } from "./check-run-annotations.js";
import { codeSpan, escapeInlineMarkdown, linkTarget, truncate } from "./markdown.js";
import {
  distinctFindings,
  findingMessage,
  groupByReceiver,
  headline,
  linesText,
  ruleTitle,
} from "./review-comment.js";
import type { ReceiverFindings } from "./review-comment.js";
import { notScannedCount, notScannedSection } from "./not-scanned.js";
import { renderConfigError } from "./review-config-error.js";
import { placeLink } from "./source-links.js";
import type { SourceLinks } from "./source-links.js";

export const CHECK_RUN_NAME = "Django signals";

/** The button on the check run; `check_run.requested_action` brings its identifier back. */
export const RESCAN_ACTION = {
  label: "Re-scan",
  description: "Scan this pull request again",
  identifier: "rescan",
} as const;

export type CheckConclusion = "success" | "neutral" | "failure" | "action_required";
export type ConclusionOnFindings = "success" | "neutral" | "failure";

export interface CheckRunOutput {
  title: string;
  summary: string;
  text?: string;
}

export interface CheckRunReport {
  conclusion: CheckConclusion;
  output: CheckRunOutput;
  annotations: CheckRunAnnotation[];
}

/** Whether the scan read the whole project; absent when the repository turned that off. */
export type ProjectContextNote = { loaded: true } | { loaded: false; reason: string };

interface FindingsReportOptions {
  context?: ProjectContextNote;
  /** Links each receiver's line to the scanned commit. */
  links?: SourceLinks;
  /** Files the scan left out: it is incomplete. */
  notScanned?: readonly NotScanned[];
}

/** Why a run ends without a result: the PR moved on to a newer head, or is gone. */
export type Superseded = { newerHeadSha: string } | { reason: string };

export const MAX_OUTPUT_LENGTH = 65_535;
const MAX_TITLE_LENGTH = 200;
const MAX_REASON_LENGTH = 2_000;

export const IN_PROGRESS_OUTPUT: CheckRunOutput = {
  title: "Scanning",
  summary: "**django-signals** is reading the Python files this pull request changes.",
};

// The receiver itself is the first count; the other rules add what makes it riskier.
const RISK_NOUNS: Record<Exclude<RuleId, "model-signal-receiver">, [string, string]> = {
  "receiver-without-sender": ["receiver without a sender", "receivers without a sender"],
  "m2m-read-in-save-signal": ["many-to-many read too early", "many-to-many reads too early"],
  "signal-recursion": ["recursion risk", "recursion risks"],
  "denormalized-aggregate": ["stored aggregate", "stored aggregates"],
  "receiver-raises": ["raise inside a receiver", "raises inside receivers"],
};

function count(n: number, [singular, plural]: readonly [string, string]): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** "2 new signal receivers, 1 recursion risk" */
export function findingsTitle(findings: readonly Finding[]): string {
  const receivers = groupByReceiver(findings).length;
  const risks = (Object.keys(RISK_NOUNS) as (keyof typeof RISK_NOUNS)[]).flatMap((ruleId) => {
    const n = findings.filter((finding) => finding.ruleId === ruleId).length;
    return n === 0 ? [] : [count(n, RISK_NOUNS[ruleId])];
  });
  return [count(receivers, ["new signal receiver", "new signal receivers"]), ...risks].join(", ");
}

export function conclusionFor(
  findings: readonly Finding[],
  onFindings: ConclusionOnFindings,
): CheckConclusion {
  if (findings.length === 0) return "success";
  // A rule configured at `failure` fails the check whatever the default outcome is.
  return findings.some((finding) => finding.severity === "failure") ? "failure" : onFindings;
}

/**
 * The head, then as many entries as fit within GitHub's limit, then a line counting the rest.
 * Entries keep their order: the cut is always at the end, so "and N more" is exact.
 */
export function fitWithin(
  head: string,
  entries: readonly string[],
  more: (omitted: number) => string,
  limit = MAX_OUTPUT_LENGTH,
): string {
  const reserve = `\n\n${more(entries.length)}`.length;
  let text = head;
  let kept = 0;
  for (const entry of entries) {
    if (text.length + 1 + entry.length + reserve > limit) break;
    text += `\n${entry}`;
    kept++;
  }
  const omitted = entries.length - kept;
  return omitted === 0 ? text : `${text}\n\n${more(omitted)}`;
}

/** GFM splits table cells on `|`, even inside code spans, unless it is escaped. */
function cell(markdown: string): string {
  return markdown.replace(/\|/g, "\\|");
}

function ruleLinks(group: ReceiverFindings): string {
  const byRule = new Map(group.findings.map((finding) => [finding.ruleId, finding.docsUrl]));
  return [...byRule].map(([ruleId, url]) => `[${ruleId}](${linkTarget(url)})`).join(", ");
}

/** How many places of the project already write the sender's rows without the signal. */
function bypasses(group: ReceiverFindings): number {
  return Math.max(0, ...group.findings.map((finding) => finding.evidence?.length ?? 0));
}

function tableRow(
  group: ReceiverFindings,
  withBypasses: boolean,
  links: SourceLinks | undefined,
): string {
  const cells = [
    placeLink(links, group.file, group.receiverLine),
    codeSpan(group.receiver),
    group.signals.map(codeSpan).join(", "),
    group.sender === null ? "*any*" : codeSpan(group.sender),
    ...(withBypasses ? [String(bypasses(group))] : []),
    ruleLinks(group),
  ];
  return `| ${cells.map(cell).join(" | ")} |`;
}

function summaryOf(
  findings: readonly Finding[],
  groups: readonly ReceiverFindings[],
  { context, links }: FindingsReportOptions,
): string {
  const note = contextLine(context);
  // Only a scan that read the project knows where it bypasses a receiver.
  const withBypasses = context?.loaded === true;
  const columns = ["Where", "Receiver", "Signal", "Sender"];
  if (withBypasses) columns.push("Already bypassed");
  columns.push("Rules");
  const receivers = count(groups.length, ["new signal receiver", "new signal receivers"]);
  const head = [
    `**django-signals** found ${receivers} in this pull request (${count(findings.length, ["finding", "findings"])}). ` +
      "Each annotation says why the receiver is risky here and what to write instead.",
    "",
    `| ${columns.join(" | ")} |`,
    `| ${columns.map(() => "---").join(" | ")} |`,
  ].join("\n");
  const table = fitWithin(
    head,
    groups.map((group) => tableRow(group, withBypasses, links)),
    (omitted) =>
      `… and ${omitted} more receivers, not listed here to fit GitHub's size limit: each one has its annotations.`,
    MAX_OUTPUT_LENGTH - note.length,
  );
  return table + note;
}

function detailsOf(group: ReceiverFindings): string {
  const lines = distinctFindings(group).map(
    ({ finding, lines: where }) =>
      `- **${escapeInlineMarkdown(ruleTitle(finding.ruleId))}** (${codeSpan(finding.ruleId)}, ${finding.severity}, ${linesText(where)}): ` +
      `${findingMessage(finding, group)} Instead: ${escapeInlineMarkdown(finding.fix)}`,
  );
  return [
    "",
    `### ${codeSpan(`${group.file}:${group.receiverLine}`)}: ${headline(group)}`,
    "",
    ...lines,
  ].join("\n");
}

function textOf(groups: readonly ReceiverFindings[]): string {
  return fitWithin(
    "## What each receiver risks",
    groups.map(detailsOf),
    (omitted) =>
      `… and ${omitted} more receivers, left out to fit GitHub's size limit: their annotations carry the same advice.`,
  );
}

/** Said only when it is missing: findings then come from the changed files alone. */
function contextLine(context: ProjectContextNote | undefined): string {
  if (context === undefined || context.loaded) return "";
  return (
    `\n\nproject context: not loaded, ${escapeInlineMarkdown(context.reason, MAX_REASON_LENGTH)}. ` +
    "The findings come from the changed files alone."
  );
}

/**
 * Files the scan left out make it incomplete: the title and summary say so, and a scan that found
 * nothing is `neutral`, not `success`, since it could not look everywhere.
 */
export function findingsReport(
  findings: readonly Finding[],
  onFindings: ConclusionOnFindings,
  options: FindingsReportOptions = {},
): CheckRunReport {
  const report = completeFindingsReport(findings, onFindings, options);
  const notScanned = options.notScanned ?? [];
  if (notScanned.length === 0) return report;
  const section = notScannedSection(notScanned).join("\n");
  return {
    ...report,
    conclusion: report.conclusion === "success" ? "neutral" : report.conclusion,
    output: {
      ...report.output,
      title: truncate(
        `${report.output.title} (incomplete: ${notScannedCount(notScanned)})`,
        MAX_TITLE_LENGTH,
      ),
      summary: fitWithin(
        section,
        ["", report.output.summary],
        () => "The receivers found are listed in the annotations.",
      ),
    },
  };
}

function completeFindingsReport(
  findings: readonly Finding[],
  onFindings: ConclusionOnFindings,
  options: FindingsReportOptions,
): CheckRunReport {
  if (findings.length === 0) {
    return {
      conclusion: "success",
      output: {
        title: "No new signal receivers",
        summary: `**django-signals** found no new Django signal receiver in this pull request.${contextLine(options.context)}`,
      },
      annotations: [],
    };
  }
  const groups = groupByReceiver(findings);
  return {
    conclusion: conclusionFor(findings, onFindings),
    output: {
      title: findingsTitle(findings),
      summary: summaryOf(findings, groups, options),
      text: textOf(groups),
    },
    annotations: findings.map(annotationOf),
  };
}

export function configErrorReport(
  source: string,
  issues: readonly ConfigIssue[],
  headSha: string,
): CheckRunReport {
  return {
    conclusion: "action_required",
    output: {
      title: `Invalid configuration: ${truncate(source, MAX_TITLE_LENGTH)}`,
      summary: renderConfigError(source, issues, headSha),
    },
    annotations: [],
  };
}

/** An internal error must not block merging: neutral, with the reason. */
export function failedReport(reason: string): CheckRunReport {
  const oneLine = reason.replace(/\s+/g, " ").trim();
  return {
    conclusion: "neutral",
    output: {
      title: truncate(`scan failed: ${oneLine}`, MAX_TITLE_LENGTH),
      summary: [
        `**django-signals** could not finish scanning this commit: ${escapeInlineMarkdown(oneLine, MAX_REASON_LENGTH)}`,
        "This does not block merging. Use **Re-scan** above, or comment `/django-signals rescan` on the pull request, to try again.",
      ].join("\n\n"),
    },
    annotations: [],
  };
}

/** The server shut down before the scan finished (in-process mode: nothing else will run it). */
export function interruptedReport(): CheckRunReport {
  return {
    conclusion: "neutral",
    output: {
      title: "interrupted, re-run to scan",
      summary:
        "**django-signals** was stopped (the server shut down) before this scan finished. This does not block merging. Use **Re-scan** above, or comment `/django-signals rescan` on the pull request, to scan it.",
    },
    annotations: [],
  };
}

export function supersededReport(why: Superseded): CheckRunReport {
  if ("newerHeadSha" in why) {
    return {
      conclusion: "neutral",
      output: {
        title: `superseded by ${why.newerHeadSha.slice(0, 7)}`,
        summary: `The pull request moved on to ${codeSpan(why.newerHeadSha)} before this scan finished; that commit gets its own check run.`,
      },
      annotations: [],
    };
  }
  return {
    conclusion: "neutral",
    output: {
      title: truncate(`superseded: ${why.reason}`, MAX_TITLE_LENGTH),
      summary: `This commit was not scanned: ${escapeInlineMarkdown(why.reason, MAX_REASON_LENGTH)}.`,
    },
    annotations: [],
  };
}
