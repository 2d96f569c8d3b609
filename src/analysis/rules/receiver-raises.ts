import { capitalized, type Names } from "../names.js";
import type { ModelSignal } from "../signals.js";
import { kindsOf, relationOf, type SignalKind } from "./advice.js";
import { isCaught } from "./exceptions.js";
import { inHandlerFile } from "./project-advice.js";
import { createRule, type RuleHit } from "./rule.js";

export const receiverRaises = createRule(
  {
    id: "receiver-raises",
    title: "Receiver that raises",
    description:
      "Reports model-signal receivers that raise an exception, which aborts save() or delete() halfway, after some receivers ran and before the others.",
    defaultSeverity: "warning",
  },
  (context) => {
    const { modelSignals, body, names } = context;
    // A raise that a `try` of the same body catches never leaves the receiver.
    const escaping = body?.raises.filter(({ raised, caughtBy }) => !isCaught(raised, caughtBy));
    if (!escaping?.length) return [];
    const advice = adviceFor(modelSignals, names);
    return escaping.map((raise): RuleHit => ({
      at: raise.position,
      message: `${capitalized(names.receiver)} raises${inHandlerFile(context, raise.position)} inside ${names.registration}: the exception escapes from the middle of ${advice.operation}, after the receivers before it ran and before those after it, where no caller expects it.${alreadyDone(modelSignals)}`,
      fix: advice.fix,
      example: advice.example,
    }));
  },
);

/** What a `post_` receiver that raises leaves behind. */
function alreadyDone(signals: readonly ModelSignal[]): string {
  const done = [
    signals.includes("post_save") ? "written" : "",
    signals.includes("post_delete") ? "deleted" : "",
  ].filter((word) => word !== "");
  return done.length > 0 ? ` The row is already ${done.join(" or ")} when it raises.` : "";
}

interface Advice {
  operation: string;
  fix: string;
  example: string;
}

/** Deletes first, as before: a receiver of both save and delete signals raises in either. */
function adviceFor(signals: readonly ModelSignal[], names: Names): Advice {
  const kinds = kindsOf(signals);
  const kind: SignalKind = kinds.includes("delete") ? "delete" : (kinds[0] ?? "save");
  const { handler, instance } = names;
  const checkFirst = `    ${handler}(${instance})  # raises before anything is written`;
  switch (kind) {
    case "delete":
      return {
        operation: "`delete()`",
        fix: `Call \`${handler}(${instance})\` explicitly before deleting, in the view or a \`delete_${instance}()\` function, so the caller sees and handles the error.`,
        example: [
          `def delete_${instance}(${instance}):`,
          checkFirst,
          `    ${instance}.delete()`,
        ].join("\n"),
      };
    case "m2m": {
      const relation = relationOf(names);
      return {
        operation: `${relation ? `\`${relation}.add()\`/` : "`add()`/"}\`remove()\`/\`set()\`/\`clear()\``,
        fix: `Validate the new relations before changing them, in the form's \`clean()\`, or call \`${handler}(${instance})\` explicitly before changing them so the caller sees and handles the error.`,
        example: relation
          ? [
              `def set_${names.relation}(${instance}, ${names.relation}):`,
              checkFirst,
              `    ${relation}.set(${names.relation})`,
            ].join("\n")
          : [`${handler}(form.instance)  # raises before the relations change`, "form.save()"].join(
              "\n",
            ),
      };
    }
    case "init":
      return {
        operation: `\`${names.model ?? "Model"}(...)\` and every query that loads one`,
        fix: `Check in the code that creates the \`${names.model ?? "instance"}\`, or in \`${names.model ?? "Model"}.clean()\`, so the caller sees and handles the error.`,
        example: [
          `${instance} = ${names.model ?? "Model"}(**fields)`,
          `${handler}(${instance})  # raises where the caller can handle it`,
        ].join("\n"),
      };
    case "save":
      return {
        operation: "`save()`",
        fix: `Validate before saving, in \`${names.model ?? "Model"}.clean()\` or the form's \`clean()\`, or call \`${handler}(${instance})\` explicitly before saving so the caller sees and handles the error.`,
        example: [`def save_${instance}(${instance}):`, checkFirst, `    ${instance}.save()`].join(
          "\n",
        ),
      };
  }
}
