// Types of examples.js for the TypeScript test that imports it.
import type { AnalysisResult, AnalyzeOptions, Finding } from "../src/analysis/index.js";
import type { ProjectIndex } from "../src/analysis/project/index.js";
import type { RepoConfig } from "../src/config.js";
import type { CheckRunReport, ConclusionOnFindings } from "../src/report/check-run.js";
import type { ReceiverFindings } from "../src/report/review-comment.js";
import type { RunSummary } from "../src/report/summary.js";

export interface ExampleCode {
  analyzeSource(source: string, options: AnalyzeOptions): AnalysisResult;
  buildProjectIndex(files: ReadonlyMap<string, string>): ProjectIndex;
  groupByReceiver(findings: readonly Finding[]): ReceiverFindings[];
  renderReviewComment(group: ReceiverFindings): string;
  findingsReport(findings: readonly Finding[], onFindings: ConclusionOnFindings): CheckRunReport;
  renderText(
    findings: readonly Finding[],
    summary: RunSummary,
    options: { color: boolean },
  ): string;
  compareLocations(a: Finding, b: Finding): number;
  DEFAULT_CONFIG: RepoConfig;
}

export const FIXTURE: string;
export const REVIEW_COMMENT_FILE: string;
export const CHECK_RUN_FILE: string;
export const CLI_FILE: string;
export const README: string;
export function replaceRegion(readme: string, name: string, content: string): string;
export function renderExampleFiles(code: ExampleCode, root: string): Promise<Map<string, string>>;
