// What a `.count()` in stored code counts, so that the advice's `Count(...)` counts the same rows:
// `task.annotations.filter(was_cancelled=True).count()` ->
// `Count("annotations", filter=Q(annotations__was_cancelled=True))`.
import { argumentTexts } from "../arguments.js";
import { codeOnly } from "../body-text.js";

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

export function countedRelation(value: string): CountedRelation | undefined {
  const code = codeOnly(value) ?? value;
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
