// What the value a receiver stores computes: an aggregate (which function, over which field), a
// count (of which relation, narrowed how), or a counter (`F("n") + 1`, `n = n + 1`). Read from the
// code with strings and comments blanked, and from the text for the strings' contents.
import { argumentTexts } from "../arguments.js";
import { codeOnly } from "../body-text.js";

// A count or aggregate computed in Python or SQL.
const AGGREGATE = /\.count\(\s*\)|\blen\(|\b(Count|Sum|Avg|Min|Max)\(|\.aggregate\(/;
const AGGREGATE_FUNCTION = /\b(Count|Sum|Avg|Min|Max)\(/;
const AGGREGATED_FIELD = /\(\s*["']([\w.]+)["']/y;
// `F("num_books")`, `models.F('num_books')`.
const F_EXPRESSION = /(?<![\p{L}\p{N}_])(?:models\s*\.\s*)?F\(\s*(["'])([\p{L}\p{N}_]+)\1\s*\)/u;

// `.<relation>` then `.all()`, `.filter(...)`, `.exclude(...)` (brackets nested one deep at most:
// `Q(a=1) | Q(b=2)`), then `.count()`.
const ARGUMENT_LIST = String.raw`\((?:[^()]|\([^()]*\))*\)`;
const COUNTED = new RegExp(
  String.raw`\.\s*([\p{L}_][\p{L}\p{N}_]*)((?:\s*\.\s*(?:all|filter|exclude)\s*${ARGUMENT_LIST})*)\s*\.\s*count\s*\(\s*\)`,
  "u",
);
const NARROWING = new RegExp(String.raw`\.\s*(filter|exclude)\s*(${ARGUMENT_LIST})`, "gu");

/** The relation a `.count()` counts and the `Count()` arguments after its name. */
export interface CountedRelation {
  relation: string;
  /** `, filter=Q(...)`, or "" when the rows are not narrowed. */
  filter: string;
}

/** What `task.annotations.filter(was_cancelled=True).count()` counts: `annotations`, narrowed. */
export function countedRelation({ text: value, code }: Expression): CountedRelation | undefined {
  const counted = COUNTED.exec(code);
  const relation = counted?.[1];
  if (!counted || !relation) return undefined;
  // Offsets in the code are offsets in the value: strings are read back from the value.
  const chainStart = counted.index + counted[0].indexOf(counted[2] ?? "", relation.length);
  const chain = value.slice(chainStart, chainStart + (counted[2] ?? "").length);
  const conditions = [...chain.matchAll(NARROWING)].map(([, method, list = ""]) => {
    const lookups = (argumentTexts(list) ?? []).map(({ name, value: looked }) =>
      name === null ? null : `${relation}__${name}=${looked}`,
    );
    // Positional arguments (`Q(...)` objects) are not rewritten: the advice leaves their place.
    const readable = lookups.length > 0 && lookups.every((lookup) => lookup !== null);
    const q = readable ? `Q(${lookups.join(", ")})` : "Q(...)";
    return method === "exclude" ? `~${q}` : q;
  });
  return { relation, filter: conditions.length ? `, filter=${conditions.join(" & ")}` : "" };
}

/** An expression as written, and with its strings' insides and comments blanked. */
export interface Expression {
  text: string;
  code: string;
}

export function codeOf(text: string): Expression {
  return { text, code: codeOnly(text) ?? text };
}

/** `F("n") + 1`, `1 + models.F("n")`: the `update()` form of `n += 1`. */
export function isCounter(field: string, { text, code }: Expression): boolean {
  return code.includes("F(") && F_EXPRESSION.exec(text)?.[2] === field && /[-+]/.test(code);
}

/** `profile.words = profile.words + n`: a `+=` counter written out. */
export function addsToItself(itself: string, code: string): boolean {
  const compact = code.replace(/\s+/g, "");
  const place = itself.replace(/\s+/g, "");
  return (
    compact.startsWith(`${place}+`) ||
    compact.startsWith(`${place}-`) ||
    compact.endsWith(`+${place}`)
  );
}

/** The aggregate function in code (not in a comment) and the field it is given, if a string. */
export function aggregateCall({
  text,
  code,
}: Expression): { fn: string; field: string | undefined } | null {
  const found = AGGREGATE_FUNCTION.exec(code);
  if (!found?.[1]) return null;
  // Strings are blanked in the code, so the field's name is read from the text.
  AGGREGATED_FIELD.lastIndex = found.index + found[1].length;
  return { fn: found[1], field: AGGREGATED_FIELD.exec(text)?.[1] };
}

/** `Count(` in code, not in a string (`title="Count(x)"`) nor a comment. */
export function isAggregate({ code }: Expression): boolean {
  return AGGREGATE.test(code);
}
