// --select and --ignore narrow the rules that report, on top of the configuration: a rule left
// out is off, exactly as `rules: {<id>: off}` would make it, and a selected rule keeps its level.
import { RULE_IDS } from "../analysis/index.js";
import type { AnalyzeOptions, RuleId } from "../analysis/index.js";

type Levels = NonNullable<AnalyzeOptions["levels"]>;

function isRuleId(id: string): id is RuleId {
  return (RULE_IDS as readonly string[]).includes(id);
}

/** `a,b` as given to one option: rule ids, or an Error naming the unknown ones and the valid ones. */
export function parseRuleIds(list: string): RuleId[] {
  const ids = list
    .split(",")
    .map((id) => id.trim())
    .filter((id) => id !== "");
  const unknown = ids.filter((id) => !isRuleId(id));
  if (unknown.length > 0) {
    throw new Error(`unknown rule ${unknown.join(", ")} (rules: ${RULE_IDS.join(", ")})`);
  }
  return ids.filter(isRuleId);
}

export interface RuleSelection {
  /** Only these rules report; undefined: every rule the configuration leaves on. */
  select?: readonly RuleId[];
  ignore: readonly RuleId[];
}

export function applyRuleSelection(levels: Levels | undefined, selection: RuleSelection): Levels {
  const { select, ignore } = selection;
  const narrowed: Levels = { ...levels };
  for (const id of RULE_IDS) {
    if (ignore.includes(id) || (select !== undefined && !select.includes(id))) narrowed[id] = "off";
  }
  return narrowed;
}
