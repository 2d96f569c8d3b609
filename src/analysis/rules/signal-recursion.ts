import type { BodyFacts, MethodCall } from "../body.js";
import type { ModelIndex } from "../models.js";
import { capitalized, type Names } from "../names.js";
import type { ModelSignal } from "../signals.js";
import { oneLine } from "./advice.js";
import { inHandlerFile } from "./project-advice.js";
import { saveChainHits } from "./save-chain.js";
import { createRule, type RuleHit } from "./rule.js";

const CREATING_METHODS = new Set(["create", "get_or_create", "update_or_create"]);

export const signalRecursion = createRule(
  {
    id: "signal-recursion",
    title: "Receiver that re-triggers its own signal",
    description:
      "Reports receivers that save or create the sender model inside its own save signals, or delete a related object inside a delete signal, which re-enters the signal chain.",
    defaultSeverity: "warning",
  },
  (context) => {
    const { modelSignals, body, names, models } = context;
    if (!body) return [];
    const saves = modelSignals.filter((signal) => signal === "pre_save" || signal === "post_save");
    const deletes = modelSignals.filter(
      (signal) => signal === "pre_delete" || signal === "post_delete",
    );
    const chains = saves[0] ? saveChainHits(context, saves[0]) : [];
    const own = body.methodCalls.flatMap((call): RuleHit[] => {
      const signal = saves[0];
      const where = inHandlerFile(context, call.position);
      if (signal && savesSender(call, body, names)) {
        return [saveHit(call, signal, body, names, where)];
      }
      const other = signal && savedRelative(call, body, names, models);
      if (signal && other) return [relativeSaveHit(call, other, signal, body, names, where)];
      const deleteSignal = deletes[0];
      if (deleteSignal && deletesRelated(call, body, relationTest(names, models))) {
        return [deleteHit(call, deleteSignal, names, where)];
      }
      return [];
    });
    return [...own, ...chains];
  },
);

/** `instance.save()`, `Book.objects.create(...)`, `Book(...).save()`, `copy.save()` after `copy = Book(...)`. */
function savesSender(call: MethodCall, body: BodyFacts, names: Names): boolean {
  if (call.method === "save") {
    if (call.object === body.instanceName) return true;
    if (!names.model) return false;
    if (body.constructed.get(call.object) === names.model) return true;
    return call.objectType === "call" && call.object.startsWith(`${names.model}(`);
  }
  return (
    names.model !== null &&
    CREATING_METHODS.has(call.method) &&
    call.object === `${names.model}.objects`
  );
}

/**
 * `instance.publisher_public` when `call` saves it, directly or through a local name, and the
 * sender model's relation of that name points to the sender model itself.
 */
function savedRelative(
  call: MethodCall,
  body: BodyFacts,
  names: Names,
  models: ModelIndex,
): string | null {
  const instance = body.instanceName;
  if (call.method !== "save" || instance === null || names.model === null) return null;
  const saved = body.aliases.get(call.object) ?? call.object;
  if (!saved.startsWith(`${instance}.`)) return null;
  const attribute = saved.slice(instance.length + 1);
  return models.relatedModel(names.model, attribute) === names.model ? saved : null;
}

// `instance.image.delete(save=False)`: a file field deletes its file, not a row.
const FILE_DELETE = /^\(\s*(?:save\s*=|True\b|False\b)/;

// What a model's attribute must be assigned from for `instance.<attribute>.delete()` to delete rows.
const RELATION_FIELDS = new Set([
  "ForeignKey",
  "OneToOneField",
  "GenericForeignKey",
  "ParentalKey",
  "TreeForeignKey",
  "TreeOneToOneField",
]);

// What else a model's attribute may be: a field holding a value or a file, or a manager.
const NOT_A_RELATION = /(?:Field|Manager)$/;

/**
 * Whether the sender model's `attribute` may hold a related row: false when its class body assigns
 * it another field (an `ImageField`) or a manager; true when unknown (the model is elsewhere).
 */
type RelationTest = (attribute: string) => boolean;

function relationTest(names: Names, models: ModelIndex): RelationTest {
  const model = names.model;
  return (attribute) => {
    const called = model === null ? undefined : models.attributeClass(model, attribute);
    return called === undefined || RELATION_FIELDS.has(called) || !NOT_A_RELATION.test(called);
  };
}

/** `instance.user.delete()` (the article's Profile -> User example) or `instance.delete()`. */
function deletesRelated(call: MethodCall, body: BodyFacts, isRelation: RelationTest): boolean {
  const instance = body.instanceName;
  if (call.method !== "delete" || instance === null || FILE_DELETE.test(call.arguments ?? "")) {
    return false;
  }
  if (call.object === instance) return true;
  const attribute = call.object.startsWith(`${instance}.`)
    ? call.object.slice(instance.length + 1)
    : null;
  return attribute !== null && (!/^[\p{L}\p{N}_]+$/u.test(attribute) || isRelation(attribute));
}

function saveHit(
  call: MethodCall,
  signal: ModelSignal,
  body: BodyFacts,
  names: Names,
  where: string,
): RuleHit {
  const model = names.model ?? "Model";
  const field =
    body.fieldAssignments.find((assignment) => assignment.object === body.instanceName)?.field ??
    "field";
  const savesItself = call.method === "save" && call.object === body.instanceName;
  const what =
    call.method === "save" ? `${call.object}.save()` : `${call.object}.${call.method}(...)`;
  const message = `${capitalized(names.receiver)} calls \`${what}\`${where} inside ${names.registration}: that ${savesItself ? "save" : `new \`${model}\``} sends \`${signal}\` again and re-enters ${names.receiver}, recursing until a guard stops it or Python's recursion limit is hit.`;
  if (!savesItself) {
    return {
      at: call.position,
      message,
      fix: `Create the other \`${model}\` explicitly where the first one is created, in a function such as \`create_${names.instance}()\`, not in a receiver of \`${model}\`'s own \`${signal}\`.`,
      example: [
        `def create_${names.instance}(**fields):`,
        `    ${names.instance} = ${model}.objects.create(**fields)`,
        `    ${names.handler}(${names.instance})  # creates the other ${model} explicitly, once`,
        `    return ${names.instance}`,
      ].join("\n"),
    };
  }
  return {
    at: call.position,
    message,
    fix: `Set the value before the \`${model}\` is saved (in \`${model}.save()\` or the form), or write it with \`${model}.objects.filter(pk=${names.instance}.pk).update(...)\`, which sends no signal.`,
    example: `${model}.objects.filter(pk=${names.instance}.pk).update(${field}=...)`,
  };
}

/** Saving another instance of the sender model, reached through one of its relations. */
function relativeSaveHit(
  call: MethodCall,
  saved: string,
  signal: ModelSignal,
  body: BodyFacts,
  names: Names,
  where: string,
): RuleHit {
  const model = names.model ?? "Model";
  // The fields the receiver sets on it are what the update writes.
  const written = body.fieldAssignments
    .filter(({ object, operator }) => object === call.object && operator === "=")
    .map(({ field, value }) => oneLine(`${field}=${value}`, 60) ?? `${field}=...`);
  const attribute = saved.slice(saved.indexOf(".") + 1);
  const through = saved === call.object ? "" : ` (\`${saved}\`)`;
  return {
    at: call.position,
    message: `${capitalized(names.receiver)} calls \`${call.object}.save()\`${where} inside ${names.registration}: \`${call.object}\`${through} is another \`${model}\`, so that save sends \`${signal}\` again and runs ${names.receiver} for it, which saves the \`${model}\` its \`${attribute}\` points to in turn: a chain as long as the relation, which never ends when two \`${model}\`s point to each other.`,
    fix: `Write the other \`${model}\` with \`${model}.objects.filter(pk=${call.object}.pk).update(...)\`, which sends no signal, or save both explicitly in the function that changes the \`${model}\`, not in a receiver of its own \`${signal}\`.`,
    example: `${model}.objects.filter(pk=${call.object}.pk).update(${written.join(", ") || "..."})`,
  };
}

function deleteHit(call: MethodCall, signal: ModelSignal, names: Names, where: string): RuleHit {
  const related = call.object.split(".").slice(1).join(".") || "related";
  return {
    at: call.position,
    message: `${capitalized(names.receiver)} deletes \`${call.object}\`${where} inside ${names.registration}: that delete cascades and sends \`${signal}\` for the rows it removes, which can come back here and run ${names.receiver} again, a chain that recurses or fails halfway.`,
    fix: `Delete both explicitly in one function, e.g. \`delete_${names.instance}(${names.instance})\` inside \`transaction.atomic()\`, and let \`on_delete=models.CASCADE\` remove the dependent rows.`,
    example: [
      `def delete_${names.instance}(${names.instance}):`,
      "    with transaction.atomic():",
      `        ${names.instance}.${related}.delete()  # CASCADE removes the ${names.instance} too`,
    ].join("\n"),
  };
}
