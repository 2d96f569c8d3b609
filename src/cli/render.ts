// Chooses the reporter for `--format`.
import type { Finding } from "../analysis/index.js";
import { renderJson } from "../report/json.js";
import { renderSarif } from "../report/sarif.js";
import { renderText } from "../report/text.js";
import type { TextSummary } from "../report/text.js";

export const FORMATS = ["text", "json", "sarif"] as const;
export type Format = (typeof FORMATS)[number];

export interface RenderContext {
  format: Format;
  summary: TextSummary;
  color: boolean;
  toolVersion: string;
  /** The configuration's `docs_base_url`: SARIF's rule help links follow it like findings do. */
  docsBaseUrl?: string;
}

export function render(findings: readonly Finding[], context: RenderContext): string {
  switch (context.format) {
    case "json":
      return renderJson(findings);
    case "sarif":
      return renderSarif(findings, {
        toolVersion: context.toolVersion,
        ...(context.docsBaseUrl === undefined ? {} : { docsBaseUrl: context.docsBaseUrl }),
      });
    case "text":
      return renderText(findings, context.summary, { color: context.color });
  }
}
