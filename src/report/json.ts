// The JSON contract of DESIGN.md: exactly these keys, in this order. Other fields stay internal.
import type { Finding } from "../analysis/index.js";

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
  // Present only with a project: the handler in another file, the writes that bypass it.
  "handler",
  "evidence",
] as const satisfies readonly (keyof Finding)[];

type JsonFinding = Pick<Finding, (typeof JSON_KEYS)[number]>;

function toJsonFinding(finding: Finding): JsonFinding {
  const present = JSON_KEYS.filter((key) => finding[key] !== undefined);
  return Object.fromEntries(present.map((key) => [key, finding[key]])) as JsonFinding;
}

export function renderJson(findings: readonly Finding[]): string {
  const document = { version: JSON_FORMAT_VERSION, findings: findings.map(toJsonFinding) };
  return `${JSON.stringify(document, null, 2)}\n`;
}
