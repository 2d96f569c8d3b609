import type { BodyFacts, FieldAssignment } from "../body.js";
import { pascalCase, snakeCase, type Names } from "../names.js";
import type { ModelSignal } from "../signals.js";
import { bypassingWrites } from "./advice.js";
import { createRule, type RuleHit } from "./rule.js";

// A count or aggregate computed in Python or SQL; `+=`/`-=` counters are matched by operator.
const AGGREGATE = /\.count\(\s*\)|\blen\(|\b(Count|Sum|Avg|Min|Max)\(|\.aggregate\(/;
const AGGREGATE_FUNCTION = /\b(Count|Sum|Avg|Min|Max)\(\s*(?:["']([\w.]+)["'])?/;

export const denormalizedAggregate = createRule(
  {
    id: "denormalized-aggregate",
    title: "Receiver that stores a count or aggregate",
    description:
      "Reports receivers that store a count or aggregate in a model field and save it, a denormalized value that goes stale whenever the signal does not run.",
    defaultSeverity: "notice",
  },
  ({ body, modelSignals, names }) =>
    (body?.fieldAssignments ?? [])
      .filter((assignment) => storesAggregate(assignment) && isSaved(assignment, body))
      .map((assignment) => hit(assignment, modelSignals, names)),
);

function storesAggregate(assignment: FieldAssignment): boolean {
  return (
    assignment.operator === "+=" || assignment.operator === "-=" || AGGREGATE.test(assignment.value)
  );
}

function isSaved(assignment: FieldAssignment, body: BodyFacts | null): boolean {
  return (body?.methodCalls ?? []).some(
    (call) => call.method === "save" && call.object === assignment.object,
  );
}

function hit(assignment: FieldAssignment, signals: readonly ModelSignal[], names: Names): RuleHit {
  const { object, field } = assignment;
  const target = targetModel(object, names);
  const aggregate = AGGREGATE_FUNCTION.exec(assignment.value);
  const fn = aggregate?.[1] ?? "Count";
  // A count names what it counts (`num_books`); other aggregates are over the sender's rows.
  const relation = fn === "Count" ? relationName(field, names) : senderRelation(names, field);
  const path = fn === "Count" || !aggregate?.[2] ? relation : `${relation}__${aggregate[2]}`;
  const annotation = `${target}.objects.annotate(${field}=${fn}("${path}"))`;
  const what = fn === "Count" ? "a count" : "an aggregate";
  return {
    at: assignment.position,
    message: `\`${names.handler}\` stores ${what} in \`${object}.${field}\` on ${names.registration}: the stored value goes stale whenever the data changes without this signal (${bypassingWrites(signals, names, { short: true }).join(", ")}), and concurrent saves overwrite each other's results.`,
    fix: `Drop the \`${field}\` field and compute it when reading: \`${annotation}\`.`,
    example: `${snakeCase(target)}s = ${annotation}`,
  };
}

/** `instance` -> the sender model; `instance.author` or `author` -> `Author`. */
function targetModel(object: string, names: Names): string {
  const last = object.split(".").pop() ?? object;
  if (object === "instance" || object === "self" || !/^\w+$/u.test(last))
    return names.model ?? "Model";
  return pascalCase(last);
}

/** `num_books` / `book_count` / `books_count` -> `books`; otherwise the sender's plural. */
function relationName(field: string, names: Names): string {
  const base = field.replace(/^(num|number_of|count|n)_/, "").replace(/_(count|num)$/, "");
  if (base !== field && base.length > 0) return base.endsWith("s") ? base : `${base}s`;
  return senderRelation(names, field);
}

/** The default reverse name a sender's rows go by: `Order` -> `orders`. */
function senderRelation(names: Names, fallback: string): string {
  return names.model ? `${snakeCase(names.model)}s` : fallback;
}
