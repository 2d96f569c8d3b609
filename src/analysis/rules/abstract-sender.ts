// A save or delete receiver whose sender is an abstract model in the same file never runs: Django
// sends these signals with the saved instance's own class as sender, and abstract models have no
// instances. A method of the abstract model is what every subclass inherits.
import { capitalized, type Names } from "../names.js";
import type { ModelSignal } from "../signals.js";
import { overrideAdvice, overrideCaveat, overrideExample } from "./model-method.js";
import type { NeverRuns } from "./never-runs.js";
import type { RuleHit } from "./rule.js";

/** The finding of a save or delete receiver of `model`, an abstract model. */
export function abstractSenderHit(
  signals: readonly ModelSignal[],
  names: Names,
  { model, methods }: Extract<NeverRuns, { reason: "abstract sender" }>,
  created: boolean,
): RuleHit {
  const written = methods.map((method) => (method === "save" ? "saved" : "deleted")).join(" or ");
  return {
    message: `${capitalized(names.receiver)} never runs: \`${model}\` is an abstract model, and Django sends ${names.signals} with the ${written} instance's own class as \`sender\` (a subclass of \`${model}\`), never an abstract one.`,
    fix: `To run ${names.receiver} for every subclass, ${overrideAdvice([model], methods, names)}: the subclasses inherit it.${overrideCaveat(methods)}`,
    example: overrideExample(model, signals, names.handler, created),
  };
}
