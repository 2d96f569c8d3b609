// The JSON contract of DESIGN.md: exactly these keys, in this order. Other fields stay internal.
import type { Finding } from "../analysis/index.js";

export const JSON_FORMAT_VERSION = 1;

export interface JsonFinding {
  ruleId: Finding["ruleId"];
  severity: Finding["severity"];
  file: string;
  line: number;
  column: number;
  receiverLine: number;
  signals: string[];
  sender: string | null;
  receiver: string;
  message: string;
  docsUrl: string;
}

export function toJsonFinding(finding: Finding): JsonFinding {
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    file: finding.file,
    line: finding.line,
    column: finding.column,
    receiverLine: finding.receiverLine,
    signals: finding.signals,
    sender: finding.sender,
    receiver: finding.receiver,
    message: finding.message,
    docsUrl: finding.docsUrl,
  };
}

export function renderJson(findings: readonly Finding[]): string {
  const document = { version: JSON_FORMAT_VERSION, findings: findings.map(toJsonFinding) };
  return `${JSON.stringify(document, null, 2)}\n`;
}
