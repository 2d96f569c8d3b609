import { capitalized } from "../names.js";
import type { MethodCall } from "../body.js";
import { fieldsOf } from "../project/models.js";
import { inHandlerFile, projectModel } from "./project-advice.js";
import { createRule, type RuleContext, type RuleHit } from "./rule.js";

// Manager/QuerySet reads that, on a relation attribute, query the saved rows of that relation.
const RELATION_READS = new Set([
  "all",
  "count",
  "exists",
  "filter",
  "exclude",
  "values_list",
  "values",
  "first",
  "last",
  "get",
  "order_by",
  "iterator",
  "aggregate",
  "in_bulk",
]);
// Without the model in the file, skip reads that are just as common on dicts and strings.
const AMBIGUOUS_READS = new Set(["values", "get", "count"]);

export const m2mReadInSaveSignal = createRule(
  {
    id: "m2m-read-in-save-signal",
    title: "Many-to-many read in a save signal",
    description:
      "Reports pre_save and post_save receivers that read a many-to-many relation of the instance, which is not saved yet when these signals fire.",
    defaultSeverity: "warning",
  },
  (context) => {
    const { modelSignals, body, names } = context;
    if (!body?.instanceName || !modelSignals.some((s) => s === "pre_save" || s === "post_save")) {
      return [];
    }
    const instanceName = body.instanceName;
    const known = manyToManyFields(context);
    return body.methodCalls.flatMap((read): RuleHit[] => {
      const field = relationRead(read, instanceName, known);
      if (!field) return [];
      const model = names.model ?? "the model";
      const kind = known ? "is a many-to-many field" : "looks like a many-to-many relation";
      return [
        {
          at: read.position,
          message: `${capitalized(names.receiver)} reads \`${read.object}.${read.method}()\`${inHandlerFile(context, read.position)} in ${names.registration}, but \`${field}\` ${kind}: forms and the admin save it only after \`save()\` returns, so the receiver sees the old rows (none for a new ${model === "the model" ? "instance" : `\`${model}\``}).`,
          fix: `${known ? "Receive" : `If \`${field}\` is a many-to-many field, receive`} \`m2m_changed\` with \`sender=${names.model ?? "Model"}.${field}.through\`, or call \`${names.handler}(${names.instance})\` after the form has saved the relations (\`form.save()\` / \`form.save_m2m()\`).`,
          example: [
            `${names.instance} = form.save()  # saves ${field} too`,
            `${names.handler}(${names.instance})`,
          ].join("\n"),
        },
      ];
    });
  },
);

/**
 * The sender's many-to-many fields: from the project (inherited ones too; a reverse ForeignKey is
 * no such field), else from the file; undefined when neither defines the model.
 */
function manyToManyFields(context: RuleContext): ReadonlySet<string> | undefined {
  const model = projectModel(context);
  if (model?.own) {
    const fields = fieldsOf(context.project, model);
    return new Set(
      fields.filter((field) => field.relation?.kind === "many-to-many").map(({ name }) => name),
    );
  }
  const name = context.names.model;
  return name ? context.models.manyToManyFields(name) : undefined;
}

/** `tags` when `read` is `<instance>.tags.<read>()` on a (known or likely) many-to-many field. */
function relationRead(
  read: MethodCall,
  instanceName: string,
  known: ReadonlySet<string> | undefined,
): string | undefined {
  if (!RELATION_READS.has(read.method) || read.objectType !== "attribute") return undefined;
  const owner = `${instanceName}.`;
  const field = read.object.startsWith(owner) ? read.object.slice(owner.length).trim() : "";
  if (!/^[\p{L}\p{N}_]+$/u.test(field)) return undefined;
  if (known) return known.has(field) ? field : undefined;
  // `<model>_set` is the reverse side of a ForeignKey, saved with its own rows: not many-to-many.
  const looksLikeRelation =
    !field.startsWith("_") &&
    !field.endsWith("_id") &&
    !field.endsWith("_set") &&
    field !== "objects";
  return looksLikeRelation && !AMBIGUOUS_READS.has(read.method) ? field : undefined;
}
