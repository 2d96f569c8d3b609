// What a run checked, beside its findings, and the order findings are read in: every format of
// the CLI reports both.
import type { Finding } from "../analysis/index.js";

export interface RunSummary {
  filesChecked: number;
  /** Files whose parse had syntax errors, named like findings: what could be read is reported. */
  filesWithSyntaxErrors: readonly string[];
}

/** Reading order: by file, then line, then column, then rule id. */
export function compareLocations(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.column !== b.column) return a.column - b.column;
  return a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0;
}

/** How SARIF and workflow annotations name a file the parser could only partly read. */
export function syntaxErrorMessage(file: string): string {
  return `${file} has syntax errors; its findings cover what could be read.`;
}
