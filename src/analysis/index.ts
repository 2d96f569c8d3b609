// Public API of the analysis layer: Python source in, receivers and findings out.
import { ALL_RULES } from "./rules/index.js";
import type { RuleMeta } from "./types.js";

export * from "./types.js";
export { analyzeSource } from "./analyze.js";
export { analyzeCandidate } from "./candidate.js";
export { mightRegisterReceiver, mayChangeFindings } from "./prefilter.js";
export { docsUrl } from "./rules/rule.js";
export { capitalized } from "./names.js";
export * from "./project/index.js";

export const RULES: readonly RuleMeta[] = ALL_RULES.map(
  ({ id, title, description, defaultSeverity }) => ({
    id,
    title,
    description,
    defaultSeverity,
  }),
);
