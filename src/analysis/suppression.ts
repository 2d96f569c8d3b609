// `# django-signals: ignore` and `# django-signals: ignore[rule-id, other-id]` comments.
import type { SourceText } from "./source.js";
import type { RuleId } from "./types.js";

const IGNORE_COMMENT = /#\s*django-signals:\s*ignore\b(?:\[([^\]]*)\])?/g;

const NOTHING = () => false;

/**
 * The suppression comments of a file, found in one pass over its text, so that a registration's
 * lines are never copied to be searched (one long line holding thousands of registrations would
 * cost the square of its length).
 */
export class Suppressions {
  /** Rule ids switched off, by 0-based line; null switches off every rule. */
  private readonly byRow = new Map<number, Set<string> | null>();

  constructor(private readonly source: SourceText) {
    if (!source.text.includes("django-signals")) return;
    for (const match of source.text.matchAll(IGNORE_COMMENT)) {
      const row = source.positionAt(match.index).row;
      const list = match[1];
      const known = this.byRow.get(row);
      if (list === undefined || known === null) {
        this.byRow.set(row, null);
        continue;
      }
      const ids = known ?? new Set<string>();
      for (const id of list.split(",")) ids.add(id.trim());
      this.byRow.set(row, ids);
    }
  }

  /** Which rules the comments on the lines of `range` (a registration) switch off. */
  of(range: { start: number; end: number }): (ruleId: RuleId) => boolean {
    if (this.byRow.size === 0) return NOTHING;
    const first = this.source.positionAt(range.start).row;
    const last = this.source.positionAt(range.end).row;
    const ignored = new Set<string>();
    for (const row of this.rowsWithin(first, last)) {
      const ids = this.byRow.get(row);
      if (ids === null) return () => true;
      for (const id of ids ?? []) ignored.add(id);
    }
    return (ruleId) => ignored.has(ruleId);
  }

  /** The rows from `first` to `last` that may hold comments: whichever list is shorter. */
  private rowsWithin(first: number, last: number): Iterable<number> {
    if (last - first >= this.byRow.size) {
      return [...this.byRow.keys()].filter((row) => row >= first && row <= last);
    }
    return Array.from({ length: last - first + 1 }, (_unused, offset) => first + offset);
  }
}
