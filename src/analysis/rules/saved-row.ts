// A pre_save receiver that reads its row back from the database to compare old and new values:
// an extra query inside save(), when the old values are at hand where the change is made (a
// ModelForm's `changed_data` and `initial`).
import type { BodyFacts, MethodCall } from "../body.js";
import type { Names } from "../names.js";
import type { ModelSignal } from "../signals.js";
import { oneLine } from "./advice.js";

const MAX_ARGUMENTS_LENGTH = 80;
// `<owner>.objects`, `<owner>._default_manager`, `<owner>._base_manager`
const MANAGER = /^(.+)\.(?:objects|_default_manager|_base_manager)$/u;

/**
 * The `get()` of the instance's own row in a `pre_save` receiver's body, if any: through the
 * sender's manager (`sender`, the sender model, `instance.__class__`, `type(instance)`), by the
 * instance's own `pk` or `id`. Another model's `get(pk=instance.pk)` reads another row.
 */
export function savedRowRead(
  signals: readonly ModelSignal[],
  body: BodyFacts | null,
  model: string | null,
): MethodCall | undefined {
  const instance = body?.instanceName;
  if (!signals.includes("pre_save") || !body || !instance) return undefined;
  const owners = [
    "sender",
    `${instance}.__class__`,
    `type(${instance})`,
    ...(model ? [model] : []),
  ];
  const ownRow = new RegExp(String.raw`\b(?:pk|id)\s*=\s*${instance}\s*\.\s*(?:pk|id)\b`, "u");
  return body.methodCalls.find((call) => {
    const manager = MANAGER.exec(call.object);
    return (
      call.method === "get" &&
      owners.includes(manager?.[1] ?? "") &&
      ownRow.test(call.arguments ?? "")
    );
  });
}

export function savedRowNote(read: MethodCall): string {
  const given = oneLine(read.arguments ?? "()", MAX_ARGUMENTS_LENGTH) ?? "(...)";
  return `It reads the stored row again (\`${read.object}.get${given}\`) to compare old and new values: an extra query inside \`save()\`.`;
}

export function savedRowAdvice(names: Names): string {
  const form = names.model ? `\`${names.model}Form\`` : "a `ModelForm`";
  return `Compare the values where they change: ${form} knows which fields changed (\`self.changed_data\`) and what they were (\`self.initial\`).`;
}
