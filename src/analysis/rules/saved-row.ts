// A pre_save receiver that reads the row back from the database to compare old and new values:
// one more query for every save, and the old values are already at hand where the change is made
// (a ModelForm's `changed_data` and `initial`).
import type { BodyFacts, MethodCall } from "../body.js";
import type { Names } from "../names.js";
import type { ModelSignal } from "../signals.js";

// `sender.objects`, `Book._default_manager`, `instance.__class__.objects`, `type(instance).objects`
const MODEL_MANAGER =
  /^(?:[\p{L}_][\p{L}\p{N}_]*(?:\.__class__)?|type\([\p{L}_][\p{L}\p{N}_]*\))\.(?:objects|_default_manager|_base_manager)$/u;

/** The `get()` of the instance's own row in a `pre_save` receiver's body, if any. */
export function savedRowRead(
  signals: readonly ModelSignal[],
  body: BodyFacts | null,
): MethodCall | undefined {
  const instance = body?.instanceName;
  if (!signals.includes("pre_save") || !body || !instance) return undefined;
  const ownRow = new RegExp(String.raw`\b(?:pk|id)\s*=\s*${instance}\s*\.\s*(?:pk|id)\b`, "u");
  return body.methodCalls.find(
    (call) =>
      call.method === "get" && MODEL_MANAGER.test(call.object) && ownRow.test(call.arguments ?? ""),
  );
}

export function savedRowNote(read: MethodCall): string {
  return `It reads the stored row again (\`${read.object}.get${read.arguments ?? "()"}\`) to compare old and new values: an extra query inside \`save()\`.`;
}

export function savedRowAdvice(names: Names): string {
  const form = names.model ? `\`${names.model}Form\`` : "a `ModelForm`";
  return `Compare the values where they change: ${form} knows which fields changed (\`self.changed_data\`) and what they were (\`self.initial\`).`;
}
