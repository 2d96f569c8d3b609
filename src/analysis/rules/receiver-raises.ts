import { createRule } from "./rule.js";

export const receiverRaises = createRule(
  {
    id: "receiver-raises",
    title: "Receiver that raises",
    description:
      "Reports model-signal receivers that raise an exception, which aborts save() or delete() halfway, after some receivers ran and before the others.",
    defaultSeverity: "warning",
  },
  ({ modelSignals, body, names }) => {
    const written = modelSignals.some((signal) => signal.startsWith("post_"))
      ? " The row is already written when it raises."
      : "";
    const model = names.model ?? "Model";
    const deleting = modelSignals.some((signal) => signal.endsWith("_delete"));
    const operation = deleting ? "delete" : "save";
    return (body?.raises ?? []).map((raise) => ({
      at: raise,
      message: `\`${names.handler}\` raises inside ${names.registration}: the exception escapes from the middle of \`${operation}()\`, after the receivers before it ran and before those after it, where no caller expects it.${written}`,
      fix: deleting
        ? `Call \`${names.handler}(${names.instance})\` explicitly before deleting, in the view or a \`delete_${names.instance}()\` function, so the caller sees and handles the error.`
        : `Validate before saving, in \`${model}.clean()\` or the form's \`clean()\`, or call \`${names.handler}(${names.instance})\` explicitly before saving so the caller sees and handles the error.`,
      example: [
        `def ${operation}_${names.instance}(${names.instance}):`,
        `    ${names.handler}(${names.instance})  # raises before anything is written`,
        `    ${names.instance}.${operation}()`,
      ].join("\n"),
    }));
  },
);
