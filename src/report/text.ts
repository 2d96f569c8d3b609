// Terminal output in the style of ruff: one greppable `path:line:col: rule-id message` line per
// finding, the fix beneath it, then a one-line summary.
import { styleText } from "node:util";
import type { Finding } from "../analysis/index.js";
import { contextLines } from "./evidence.js";

export interface TextSummary {
  filesChecked: number;
  /** Files whose parse had syntax errors: their findings may be incomplete. */
  filesWithSyntaxErrors: number;
}

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
  const rule = paint("bold", paint(SEVERITY_STYLE[finding.severity], finding.ruleId));
  const help = [
    `  ${paint("cyan", "help:")} ${finding.fix}`,
    ...contextLines(finding).map((line) => `    ${line}`),
  ].join("\n");
  const docs = `  ${paint("dim", finding.docsUrl)}`;
  return [`${location} ${rule} ${finding.message}`, help, docs].join("\n");
}

function renderSummary(findings: readonly Finding[], summary: TextSummary): string {
  const syntax =
    summary.filesWithSyntaxErrors > 0
      ? ` (${plural(summary.filesWithSyntaxErrors, "file")} with syntax errors)`
      : "";
  if (findings.length === 0) {
    return `No findings in ${plural(summary.filesChecked, "file")} checked${syntax}.`;
  }
  const files = new Set(findings.map((finding) => finding.file)).size;
  return `Found ${plural(findings.length, "finding")} in ${plural(files, "file")}${syntax}.`;
}

export function renderText(
  findings: readonly Finding[],
  summary: TextSummary,
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
