// The inline comment a developer reads on a receiver's registration line: what runs when, why it
// hurts in this code, how to refactor, where to read more, and how to silence it.
import { capitalized, LAMBDA_RECEIVER, RULES } from "../analysis/index.js";
import { CONFIG_FILE_PATH } from "../config.js";
import type { Finding, RuleId } from "../analysis/index.js";
import { codeBlock, codeSpan, escapeInlineMarkdown, linkTarget } from "./markdown.js";
import { bypassedSection, handlerSection } from "./evidence.js";
import type { SourceLinks } from "./source-links.js";
import { markersOf } from "./review-fingerprint.js";

const ARTICLE_URL = "https://www.django-antipatterns.com/antipattern/signals.html";

const MAX_EXAMPLE_LENGTH = 4_000;
const MAX_MESSAGE_LENGTH = 1_500;

/** All findings of one receiver registration: they share one comment. */
export interface ReceiverFindings {
  file: string;
  receiverLine: number;
  receiver: string;
  signals: string[];
  sender: string | null;
  findings: Finding[];
}

export function groupByReceiver(findings: readonly Finding[]): ReceiverFindings[] {
  const groups = new Map<string, ReceiverFindings>();
  for (const finding of findings) {
    const key = JSON.stringify([finding.file, finding.receiverLine, finding.receiver]);
    const group = groups.get(key) ?? {
      file: finding.file,
      receiverLine: finding.receiverLine,
      receiver: finding.receiver,
      signals: finding.signals,
      sender: finding.sender,
      findings: [],
    };
    group.findings.push(finding);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** "`update_num_books` runs on `post_save` of `Book`", "A lambda is connected to ..." */
export function headline(group: ReceiverFindings): string {
  const signals = group.signals.map(codeSpan).join(", ") || "a signal";
  const sender = group.sender === null ? "of every sender" : `of ${codeSpan(group.sender)}`;
  // A lambda has no name to show, and may never run (see the engine's weak-reference note).
  const subject =
    group.receiver === LAMBDA_RECEIVER
      ? "A lambda is connected to"
      : `${codeSpan(group.receiver)} runs on`;
  return `${subject} ${signals} ${sender}`;
}

function truncateExample(example: string): string {
  if (example.length <= MAX_EXAMPLE_LENGTH) return example;
  const kept = example.slice(0, MAX_EXAMPLE_LENGTH);
  return `${kept.slice(0, kept.lastIndexOf("\n"))}\n# … (shortened)`;
}

export function ruleTitle(ruleId: RuleId): string {
  return RULES.find((rule) => rule.id === ruleId)?.title ?? ruleId;
}

/**
 * The engine's messages may open with their own "`handler` runs on ... of ...: " (worded a little
 * differently from the headline, e.g. `post_delete`/`post_save`); the comment says it once.
 */
function withoutHeadline(message: string, group: ReceiverFindings): string {
  const named = group.receiver === LAMBDA_RECEIVER ? "The lambda" : codeSpan(group.receiver);
  const opening = `${named} runs on `;
  if (!message.startsWith(opening)) return message;
  const end = message.indexOf(": ", opening.length);
  if (end === -1) return message;
  return message.slice(end + 2);
}

/** A finding's message, escaped, without the words the headline already says. */
export function findingMessage(finding: Finding, group: ReceiverFindings): string {
  return escapeInlineMarkdown(withoutHeadline(finding.message, group), MAX_MESSAGE_LENGTH);
}

export function ruleLink(finding: Finding): string {
  return `[${ruleTitle(finding.ruleId)}](${linkTarget(finding.docsUrl)})`;
}

/** A finding's message and every line it is reported on: a receiver with three `raise`s has one. */
export interface DistinctFinding {
  finding: Finding;
  lines: number[];
  /** Whether its lines tell it apart: several of them, or other findings of its rule here. */
  namesLines: boolean;
}

/** The group's findings with repeated rule-and-message pairs merged, in order of first report. */
export function distinctFindings(group: ReceiverFindings): DistinctFinding[] {
  const byMessage = new Map<string, DistinctFinding>();
  for (const finding of group.findings) {
    const key = `${finding.ruleId}\n${finding.message}`;
    const known = byMessage.get(key);
    if (!known) byMessage.set(key, { finding, lines: [finding.line], namesLines: false });
    else if (!known.lines.includes(finding.line)) known.lines.push(finding.line);
  }
  const entries = [...byMessage.values()];
  for (const entry of entries) {
    const ofRule = entries.filter((other) => other.finding.ruleId === entry.finding.ruleId);
    entry.namesLines = entry.lines.length > 1 || ofRule.length > 1;
  }
  return entries;
}

/** "line 9", "lines 9, 11" */
export function linesText(lines: readonly number[]): string {
  return `${lines.length > 1 ? "lines" : "line"} ${lines.join(", ")}`;
}

/** "**Receiver that raises** (lines 22, 24)", with its lines when they tell it apart. */
function bulletTitle({ finding, lines, namesLines }: DistinctFinding): string {
  const where = namesLines ? ` (${linesText(lines)})` : "";
  return `**${ruleTitle(finding.ruleId)}**${where}`;
}

function whyItHurts(group: ReceiverFindings): string {
  const distinct = distinctFindings(group);
  const [only] = distinct;
  // Alone, the message is a paragraph of its own; in a list it follows "**Rule**: ".
  if (distinct.length === 1 && only && !only.namesLines) {
    return capitalized(findingMessage(only.finding, group));
  }
  return distinct
    .map((entry) => `- ${bulletTitle(entry)}: ${findingMessage(entry.finding, group)}`)
    .join("\n");
}

function howToRefactor(findings: readonly Finding[]): string {
  const parts: string[] = [];
  const seen = new Set<string>();
  // Findings of one receiver often share a fix or an example: each is shown once.
  const isNew = (text: string) => {
    if (text.trim() === "" || seen.has(text)) return false;
    seen.add(text);
    return true;
  };
  for (const finding of findings) {
    if (isNew(finding.fix)) parts.push(escapeInlineMarkdown(finding.fix, MAX_MESSAGE_LENGTH));
    if (isNew(finding.example)) parts.push(codeBlock(truncateExample(finding.example), "python"));
  }
  return [
    "<details>",
    "<summary>How to refactor</summary>",
    "",
    ...joinParagraphs(parts),
    "",
    "</details>",
  ].join("\n");
}

function joinParagraphs(parts: readonly string[]): string[] {
  return parts.flatMap((part, index) => (index === 0 ? [part] : ["", part]));
}

function links(findings: readonly Finding[]): string {
  const docs = [...new Set(findings.map(ruleLink))];
  return [...docs, `[Django signals, the antipattern](${ARTICLE_URL})`].join(" · ");
}

function silenceHint(findings: readonly Finding[]): string {
  const ruleIds = [...new Set(findings.map((finding) => finding.ruleId))].join(", ");
  const suppression = codeSpan(`# django-signals: ignore[${ruleIds}]`);
  return `<sub>Intended? Put ${suppression} on the registration line, or set the rule's level in ${codeSpan(CONFIG_FILE_PATH)}.</sub>`;
}

export function renderReviewComment(group: ReceiverFindings, sourceLinks?: SourceLinks): string {
  return [
    `**${headline(group)}**`,
    whyItHurts(group),
    handlerSection(group.findings, sourceLinks),
    bypassedSection(group.findings, sourceLinks),
    howToRefactor(group.findings),
    links(group.findings),
    silenceHint(group.findings),
    markersOf(group).join("\n"),
  ]
    .filter((part) => part !== "")
    .join("\n\n");
}
