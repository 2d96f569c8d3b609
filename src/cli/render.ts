// Chooses the reporter for `--format`.
import type { Finding } from "../analysis/index.js";
import { renderJson } from "../report/json.js";
import { renderSarif } from "../report/sarif.js";
import type { RunSummary } from "../report/summary.js";
import { renderText } from "../report/text.js";
import { renderWorkflowCommands } from "../report/workflow-commands.js";

export const FORMATS = ["text", "json", "sarif", "github"] as const;
export type Format = (typeof FORMATS)[number];

/** SARIF and workflow annotations name files from the repository's root, as GitHub resolves them. */
export function namesFilesFromRepositoryRoot(format: Format): boolean {
  return format === "sarif" || format === "github";
}

export interface RenderContext {
  format: Format;
  summary: RunSummary;
  color: boolean;
  toolVersion: string;
  /** The configuration's `docs_base_url`: SARIF's rule help links follow it like findings do. */
  docsBaseUrl?: string;
}

export function render(findings: readonly Finding[], context: RenderContext): string {
  const { summary } = context;
  switch (context.format) {
    case "json":
      return renderJson(findings, summary);
    case "sarif":
      return renderSarif(findings, {
        toolVersion: context.toolVersion,
        filesWithSyntaxErrors: summary.filesWithSyntaxErrors,
        ...(context.docsBaseUrl === undefined ? {} : { docsBaseUrl: context.docsBaseUrl }),
      });
    case "github":
      return renderWorkflowCommands(findings, summary.filesWithSyntaxErrors);
    case "text":
      return renderText(findings, summary, { color: context.color });
  }
}
