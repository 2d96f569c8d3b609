import { codeSpan } from "../code-span.js";
import { argumentTexts } from "../arguments.js";
import type { BodyFacts, FieldAssignment, MethodCall } from "../body.js";
import type { Point } from "../locate.js";
import { capitalized, pascalCase, snakeCase, type Names } from "../names.js";
import type { ModelSignal } from "../signals.js";
import { bypassingWrites } from "./advice.js";
import { inHandlerFile } from "./project-advice.js";
import {
  addsToItself,
  aggregateCall,
  codeOf,
  countedRelation,
  isAggregate,
  isCounter,
  type Expression,
} from "./stored-value.js";
import { createRule, type RuleContext, type RuleHit } from "./rule.js";
import { modelsNamed, reverseRelationsOf } from "../project/models.js";
import { EMPTY_PROJECT } from "../project/project.js";

export const denormalizedAggregate = createRule(
  {
    id: "denormalized-aggregate",
    title: "Receiver that stores a count or aggregate",
    description:
      "Reports receivers that store a count or aggregate in a model field, by saving it or with QuerySet.update(), a denormalized value that goes stale whenever the signal does not run.",
    defaultSeverity: "notice",
  },
  (context) => {
    const { body, modelSignals, names } = context;
    return [
      ...(body?.fieldAssignments ?? []).flatMap((assignment) => {
        if (!isSaved(assignment, body)) return [];
        const value = codeOf(assignment.value);
        return storesAggregate(assignment, value) ? [assigned(assignment, value, names)] : [];
      }),
      ...(body?.methodCalls ?? []).flatMap(updated),
    ].map((stored) =>
      hit(
        stored,
        modelSignals,
        names,
        inHandlerFile(context, stored.at),
        queryName(context, stored),
      ),
    );
  },
);

/** A count or aggregate written to a field of a model. */
interface StoredAggregate {
  at: Point;
  /** The model that holds the field, and the field. */
  model: string;
  field: string;
  /** How the code names the stored place: `author.num_books`, `VirtualMachine.disk`. */
  place: string;
  value: Expression;
  /** An `F()` expression: the database adds atomically, so no write is lost to a race. */
  atomic: boolean;
}

function assigned(
  { object, field, position }: FieldAssignment,
  value: Expression,
  names: Names,
): StoredAggregate {
  const model = targetModel(object, names);
  const atomic = isCounter(field, value);
  return { at: position, model, field, place: `${object}.${field}`, value, atomic };
}

// `Author.objects.filter(pk=...).update(...)`: a write through the model's manager (a dict's
// `update()` or a query set in a variable names no model).
const MANAGER = /^([\p{L}_][\p{L}\p{N}_]*)\.objects\b/u;

/** `Author.objects.filter(...).update(num_books=...)`: one per count or aggregate written. */
function updated(call: MethodCall): StoredAggregate[] {
  const model = call.method === "update" ? MANAGER.exec(call.object)?.[1] : undefined;
  if (!model || call.arguments === null) return [];
  return (argumentTexts(call.arguments) ?? []).flatMap(({ name, value }) => {
    if (name === null) return [];
    const expression = codeOf(value);
    const counter = isCounter(name, expression);
    if (!counter && !isAggregate(expression)) return [];
    const place = `${model}.${name}`;
    return [{ at: call.position, model, field: name, place, value: expression, atomic: counter }];
  });
}

function storesAggregate(
  { object, field, operator }: FieldAssignment,
  expression: Expression,
): boolean {
  if (operator === "+=" || operator === "-=") return true;
  if (operator !== "=") return false;
  return (
    isAggregate(expression) ||
    isCounter(field, expression) ||
    addsToItself(`${object}.${field}`, expression.code)
  );
}

function isSaved(assignment: FieldAssignment, body: BodyFacts | null): boolean {
  return (body?.methodCalls ?? []).some(
    (call) => call.method === "save" && call.object === assignment.object,
  );
}

/**
 * The name `annotate()` reaches the sender's rows by from the stored model, when the project
 * declares that relation: `related_name` (its `%(class)s` and `%(app_label)s` filled in), else
 * the sender's name in lower case, which is Django's default (never `<model>_set`).
 */
function queryName(context: RuleContext, stored: StoredAggregate): string | undefined {
  const sender = context.sender?.model;
  if (!sender || context.project === EMPTY_PROJECT) return undefined;
  const relations = modelsNamed(context.project, stored.model)
    .flatMap((model) => reverseRelationsOf(context.project, model))
    .filter((relation) => relation.from.qualifiedName === sender.qualifiedName);
  const counted = countedRelation(stored.value)?.relation;
  const relation = relations.find(({ accessor }) => accessor === counted) ?? relations[0];
  if (!relation) return undefined;
  const named = relation.field.relation?.relatedName;
  const lower = relation.from.name.toLowerCase();
  return named
    ? named.replaceAll("%(class)s", lower).replaceAll("%(app_label)s", relation.from.appLabel)
    : lower;
}

function hit(
  stored: StoredAggregate,
  signals: readonly ModelSignal[],
  names: Names,
  where: string,
  known: string | undefined,
): RuleHit {
  const { model: target, field } = stored;
  const expression = stored.value;
  const aggregate = aggregateCall(expression);
  const fn = aggregate?.fn ?? "Count";
  // A count names what it counts (`num_books`); other aggregates are over the sender's rows.
  const counted = aggregate ? undefined : countedRelation(expression);
  const relation =
    known ??
    counted?.relation ??
    (fn === "Count" ? relationName(field, names) : senderRelation(names, field));
  const path = fn === "Count" || !aggregate?.field ? relation : `${relation}__${aggregate.field}`;
  const annotation = `${target}.objects.annotate(${field}=${fn}("${path}"${counted?.filter ?? ""}))`;
  const what = fn === "Count" ? "a count" : "an aggregate";
  return {
    at: stored.at,
    message: `${capitalized(names.receiver)} stores ${what} in \`${stored.place}\`${where} on ${names.registration}: the stored value goes stale whenever the data changes without this signal (${bypassingWrites(signals, names, { short: true }).join(", ")})${stored.atomic ? "" : ", and concurrent saves overwrite each other's results"}.`,
    fix: `Drop the \`${field}\` field and compute it when reading: ${codeSpan(annotation)}.`,
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
