// The entry point for callers that analyse many files in a row: the CLI's scan, a change's diff.
import { setImmediate as turnOfEventLoop } from "node:timers/promises";
import { analyzeSource } from "./analyze.js";
import { withLineFeeds } from "./parse.js";
import { mightRegisterReceiver } from "./prefilter.js";
import { registrationHelperNames } from "./project/helpers.js";
import type { AnalysisResult, AnalyzeOptions } from "./types.js";

/**
 * Analyses `source`, or gives undefined without parsing it when the prefilter rules out every
 * receiver. Async only to let the event loop turn after a parse: tree-sitter frees a tree's native
 * memory in a finalizer that runs then, so a run over thousands of files never holds every tree.
 */
export async function analyzeCandidate(
  source: string,
  options: AnalyzeOptions,
): Promise<AnalysisResult | undefined> {
  if (!mightRegisterReceiver(withLineFeeds(source)) && !callsHelpers(options)) return undefined;
  const result = analyzeSource(source, options);
  await turnOfEventLoop();
  return result;
}

/** A module that names a project's registration helper registers through it without saying so. */
function callsHelpers({ project, projectPath, file }: AnalyzeOptions): boolean {
  return project !== undefined && registrationHelperNames(project, projectPath ?? file).length > 0;
}
