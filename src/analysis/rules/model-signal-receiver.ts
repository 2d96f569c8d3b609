import type { Names } from "../names.js";
import type { ModelSignal } from "../signals.js";
import { createRule } from "./rule.js";

export const modelSignalReceiver = createRule(
  {
    id: "model-signal-receiver",
    title: "Receiver of a model signal",
    description:
      "Reports receivers of Django model signals, which bulk operations, raw SQL and other programs bypass, and which hide behaviour inside save() and delete().",
    defaultSeverity: "warning",
  },
  ({ modelSignals, names }) => [
    {
      message: `\`${names.handler}\` runs on ${names.registration}: ${bypasses(modelSignals, names)}. It runs hidden inside ${hiddenIn(modelSignals)}, where readers of the calling code never see it.`,
      fix: `Call \`${names.handler}(${names.instance})\` explicitly where it must happen: ${callSites(names)}.`,
      example: example(modelSignals, names),
    },
  ],
);

function bypasses(signals: readonly ModelSignal[], names: Names): string {
  const skippedBy: string[] = [];
  if (signals.some((signal) => signal === "pre_save" || signal === "post_save")) {
    skippedBy.push(
      ...(names.model
        ? [
            `\`${names.model}.objects.bulk_create(...)\``,
            `\`${names.model}.objects.filter(...).update(...)\``,
          ]
        : ["`bulk_create()`", "`QuerySet.update()`"]),
    );
  }
  if (signals.some((signal) => signal === "pre_delete" || signal === "post_delete")) {
    skippedBy.push("database-level cascades");
  }
  if (signals.includes("m2m_changed")) skippedBy.push("writes through the `through` model");
  skippedBy.push("raw SQL", "other programs writing the database");
  const skipped = `${skippedBy.slice(0, -1).join(", ")} and ${skippedBy.at(-1) ?? ""} skip it`;
  if (signals.some((signal) => signal === "pre_init" || signal === "post_init")) {
    return `every \`${names.model ?? "model instance"}\` a query loads pays for it, and ${skipped}`;
  }
  return skipped;
}

function hiddenIn(signals: readonly ModelSignal[]): string {
  const calls = new Set(
    signals.map((signal) => {
      if (signal === "pre_save" || signal === "post_save") return "`save()`";
      if (signal === "pre_delete" || signal === "post_delete") return "`delete()`";
      if (signal === "m2m_changed") return "`add()`/`remove()`/`set()`/`clear()`";
      return "the model's `__init__()`";
    }),
  );
  return [...calls].join(" and ");
}

function callSites(names: Names): string {
  if (!names.model)
    return "from the form's `save()`, `ModelAdmin.save_model()` or the view, after saving";
  return `from \`${names.model}Form.save()\` / \`${names.model}Admin.save_model()\` or the view, after saving`;
}

function example(signals: readonly ModelSignal[], names: Names): string {
  const instance = names.instance;
  if (signals.some((signal) => signal === "pre_delete" || signal === "post_delete")) {
    return [
      `def delete_${instance}(${instance}):`,
      `    ${names.handler}(${instance})`,
      `    ${instance}.delete()`,
    ].join("\n");
  }
  if (!names.model) {
    return [`${instance} = form.save()`, `${names.handler}(${instance})`].join("\n");
  }
  return [
    `class ${names.model}Form(forms.ModelForm):`,
    "    def save(self, commit=True):",
    `        ${instance} = super().save(commit=commit)`,
    "        if commit:",
    `            ${names.handler}(${instance})`,
    `        return ${instance}`,
  ].join("\n");
}
