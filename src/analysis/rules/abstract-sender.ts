// A save or delete receiver whose sender is an abstract model in the same file never runs: Django
// sends these signals with the saved instance's own class as sender, and abstract models have no
// instances. A method of the abstract model is what every subclass inherits.
import { capitalized, type Names } from "../names.js";
import type { ModelSignal } from "../signals.js";
import { kindsOf, timingOf } from "./advice.js";
import type { RuleHit } from "./rule.js";

/** Whether every one of `signals` is a save or delete signal, which a model method can replace. */
export function savesOrDeletesOnly(signals: readonly ModelSignal[]): boolean {
  return kindsOf(signals).every((kind) => kind === "save" || kind === "delete");
}

/** The finding of a receiver of `model`, an abstract model: a save()/delete() override instead. */
export function abstractSenderHit(
  signals: readonly ModelSignal[],
  names: Names,
  model: string,
  { created, isLambda }: { created: boolean; isLambda: boolean },
): RuleHit {
  const methods = kindsOf(signals).map((kind) => (kind === "save" ? "save" : "delete"));
  const overridden = methods.map((method) => `\`${method}()\``).join(" and ");
  const written = methods.map((method) => (method === "save" ? "saved" : "deleted")).join(" or ");
  return {
    message: `${capitalized(names.receiver)} never runs: \`${model}\` is an abstract model, and Django sends ${names.signals} with the ${written} instance's own class as \`sender\` (a subclass of \`${model}\`), never an abstract one.`,
    fix: `To run ${names.receiver} for every subclass, override ${overridden} in \`${model}\` and call \`${names.handler}\`${isLambda ? " (a function with the lambda's body)" : ""} from it: the subclasses inherit it.`,
    example: [
      `class ${model}(models.Model):`,
      ...methods.flatMap((method, index) => [
        ...(index > 0 ? [""] : []),
        ...override(method, names.handler, timingOf(signals, method), created),
      ]),
    ].join("\n"),
  };
}

/** `def save(self, *args, **kwargs)` calling the handler before or after the parent's. */
function override(
  method: "save" | "delete",
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
