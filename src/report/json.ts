// The JSON contract of DESIGN.md: exactly these keys, in this order. Other fields stay internal.
import type { Finding } from "../analysis/index.js";
import type { RunSummary } from "./summary.js";

const JSON_FORMAT_VERSION = 1;

const JSON_KEYS = [
  "ruleId",
  "severity",
  "file",
  "line",
  "column",
  "receiverLine",
  "signals",
  "sender",
  "receiver",
  "message",
  "docsUrl",
] as const satisfies readonly (keyof Finding)[];

type JsonFinding = Pick<Finding, (typeof JSON_KEYS)[number]> & {
  /** What to write instead: the finding's fix. */
  help: string;
};

function toJsonFinding(finding: Finding): JsonFinding {
  const picked = Object.fromEntries(JSON_KEYS.map((key) => [key, finding[key]]));
  return { ...picked, help: finding.fix } as JsonFinding;
}

export function renderJson(findings: readonly Finding[], summary: RunSummary): string {
  const document = {
    version: JSON_FORMAT_VERSION,
    findings: findings.map(toJsonFinding),
    summary: {
      filesChecked: summary.filesChecked,
      filesWithSyntaxErrors: summary.filesWithSyntaxErrors,
    },
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
