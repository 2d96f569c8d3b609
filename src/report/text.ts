// Terminal output in the style of compilers: one greppable `path:line:col: level: [rule-id] message`
// line per finding (editors' gcc-style matchers read it), the fix beneath it, then a summary that
// names the files with syntax errors. Colour only repeats what the words say.
import { styleText } from "node:util";
import type { Finding, Severity } from "../analysis/index.js";
import type { RunSummary } from "./summary.js";
import { contextLines } from "./evidence.js";

type Style = Parameters<typeof styleText>[0];
type Paint = (style: Style, text: string) => string;

const plain: Paint = (_style, text) => text;
// The caller decides about colour (shouldUseColor); styleText must not second-guess it.
const coloured: Paint = (style, text) => styleText(style, text, { validateStream: false });

const SEVERITY_STYLE: Record<Finding["severity"], Style> = {
  failure: "red",
  warning: "yellow",
  notice: "cyan",
};

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function renderFinding(finding: Finding, paint: Paint): string {
  const colon = paint("cyan", ":");
  const location = [paint("bold", finding.file), finding.line, `${finding.column}${colon}`].join(
    colon,
  );
  const level = paint("bold", paint(SEVERITY_STYLE[finding.severity], `${finding.severity}:`));
  const rule = paint("bold", `[${finding.ruleId}]`);
  const help = [
    `  ${paint("cyan", "help:")} ${finding.fix}`,
    ...contextLines(finding).map((line) => `    ${line}`),
  ].join("\n");
  const docs = `  ${paint("dim", finding.docsUrl)}`;
  return [`${location} ${level} ${rule} ${finding.message}`, help, docs].join("\n");
}

const LEVELS_LOUDEST_FIRST: readonly Severity[] = ["failure", "warning", "notice"];

/** `2 warnings, 1 notice`: what the exit status under --fail-on depends on. */
function countByLevel(findings: readonly Finding[]): string {
  return LEVELS_LOUDEST_FIRST.map(
    (level) => [level, findings.filter((finding) => finding.severity === level).length] as const,
  )
    .filter(([, count]) => count > 0)
    .map(([level, count]) => plural(count, level))
    .join(", ");
}

function findingsLine(findings: readonly Finding[], summary: RunSummary): string {
  if (findings.length === 0)
    return `No findings in ${plural(summary.filesChecked, "file")} checked.`;
  const files = new Set(findings.map((finding) => finding.file)).size;
  const counted = `${plural(findings.length, "finding")} (${countByLevel(findings)})`;
  return `Found ${counted} in ${plural(files, "file")}.`;
}

function renderSummary(findings: readonly Finding[], summary: RunSummary): string {
  const broken = summary.filesWithSyntaxErrors;
  if (broken.length === 0) return findingsLine(findings, summary);
  const heading = `${plural(broken.length, "file")} with syntax errors (findings cover what could be read):`;
  return [findingsLine(findings, summary), heading, ...broken.map((file) => `  ${file}`)].join(
    "\n",
  );
}

/** Findings in the order given (the CLI gives them sorted by location). */
export function renderText(
  findings: readonly Finding[],
  summary: RunSummary,
  options: { color: boolean },
): string {
  const paint = options.color ? coloured : plain;
  const blocks = findings.map((finding) => renderFinding(finding, paint));
  return [...blocks, renderSummary(findings, summary)].join("\n\n") + "\n";
}

/**
 * Colour decision, as the FORCE_COLOR / NO_COLOR conventions describe: FORCE_COLOR (other than
 * "0" or "false") forces it on, a non-empty NO_COLOR turns it off, otherwise only on a terminal.
 */
export function shouldUseColor(isTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  const force = env["FORCE_COLOR"];
  if (force !== undefined) return force !== "0" && force !== "false";
  if (env["NO_COLOR"]) return false;
  return isTTY && env["TERM"] !== "dumb";
}
