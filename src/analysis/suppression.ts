// `# django-signals: ignore` and `# django-signals: ignore[rule-id, other-id]` comments.
import type { RuleId } from "./types.js";

const IGNORE_COMMENT = /#\s*django-signals:\s*ignore\b(?:\[([^\]]*)\])?/g;

const NOTHING = () => false;

/** Which rules the comments in `lines` (a registration's lines) switch off. */
export function isSuppressed(lines: string): (ruleId: RuleId) => boolean {
  if (!lines.includes("django-signals")) return NOTHING;
  const ignored = new Set<string>();
  let everything = false;
  for (const match of lines.matchAll(IGNORE_COMMENT)) {
    const list = match[1];
    if (list === undefined) everything = true;
    else for (const id of list.split(",")) ignored.add(id.trim());
  }
  return (ruleId) => everything || ignored.has(ruleId);
}
