// Advice to move a save or delete receiver into the model it is about: a `save()` or `delete()`
// override runs for that class and every subclass, and for no other model. Unlike the signals,
// `delete()` is not called by `QuerySet.delete()` or by cascades, and the advice says so.
import type { Names } from "../names.js";
import type { ModelSignal } from "../signals.js";
import { kindsOf, timingOf } from "./advice.js";

export type ModelMethod = "save" | "delete";

/** The model methods that send `signals`, or null when one of them is not a save or delete signal. */
export function modelMethodsOf(signals: readonly ModelSignal[]): ModelMethod[] | null {
  const methods: ModelMethod[] = [];
  for (const kind of kindsOf(signals)) {
    if (kind !== "save" && kind !== "delete") return null;
    methods.push(kind);
  }
  return methods;
}

/** "override `save()` in `Timestamped` and call `touch` from it" */
export function overrideAdvice(
  models: readonly string[],
  methods: readonly ModelMethod[],
  names: Names,
): string {
  const overridden = methods.map((method) => `\`${method}()\``).join(" and ");
  const where = models.map((model) => `\`${model}\``).join(" and ");
  const lambda = names.isLambda ? " (a function with the lambda's body)" : "";
  return `override ${overridden} in ${where} and call \`${names.handler}\`${lambda} from ${models.length > 1 ? "each" : "it"}`;
}

/** What an overridden `delete()` misses, which the delete signals did not; "" for `save()`. */
export function overrideCaveat(methods: readonly ModelMethod[]): string {
  if (!methods.includes("delete")) return "";
  return " `QuerySet.delete()` and cascades do not call `delete()`: call the function next to them too, and from the admin's `delete_queryset()`.";
}

/** The override in `model`, calling the handler before or after the parent's method. */
export function overrideExample(
  model: string,
  signals: readonly ModelSignal[],
  handler: string,
  created: boolean,
): string {
  const methods = modelMethodsOf(signals) ?? [];
  return [
    `class ${model}(models.Model):`,
    ...methods.flatMap((method, index) => [
      ...(index > 0 ? [""] : []),
      ...override(method, handler, timingOf(signals, method), created),
    ]),
  ].join("\n");
}

/** `def save(self, *args, **kwargs)` calling the handler before or after the parent's. */
function override(
  method: ModelMethod,
  handler: string,
  timing: "pre" | "post",
  created: boolean,
): string[] {
  const parent = `        super().${method}(*args, **kwargs)`;
  const passesCreated = method === "save" && created && timing === "post";
  // Unlike a post_delete receiver, code after `delete()` sees the instance without its pk.
  const note = method === "delete" && timing === "post" ? "  # self.pk is None here" : "";
  const call = `        ${handler}(self${passesCreated ? ", created=created" : ""})${note}`;
  return [
    `    def ${method}(self, *args, **kwargs):`,
    ...(passesCreated ? ["        created = self._state.adding"] : []),
    ...(timing === "pre" ? [call, parent] : [parent, call]),
  ];
}
