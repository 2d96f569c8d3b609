// The JSON contract of DESIGN.md: exactly these keys, in this order. Other fields stay internal.
import type { Finding } from "../analysis/index.js";
import type { RunSummary } from "./summary.js";

const JSON_FORMAT_VERSION = 1;

const FINDING_KEYS = [
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

// Present only with a project: the handler in another file, the writes that bypass it.
const CONTEXT_KEYS = ["handler", "evidence"] as const satisfies readonly (keyof Finding)[];

type JsonFinding = Pick<Finding, (typeof FINDING_KEYS)[number]> &
  Partial<Pick<Finding, (typeof CONTEXT_KEYS)[number]>> & {
    /** What to write instead: the finding's fix. */
    help: string;
  };

function toJsonFinding(finding: Finding): JsonFinding {
  const picked = Object.fromEntries(FINDING_KEYS.map((key) => [key, finding[key]]));
  const present = CONTEXT_KEYS.filter((key) => finding[key] !== undefined);
  const context = Object.fromEntries(present.map((key) => [key, finding[key]]));
  return { ...picked, help: finding.fix, ...context } as JsonFinding;
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
