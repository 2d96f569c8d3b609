// Receivers Django will never call, as far as one file can tell. Such a receiver gets one finding,
// that it never runs: what the other rules would say of its body describes code that does not run.
import type { ModelIndex } from "../models.js";
import type { Names } from "../names.js";
import type { Registration } from "../registrations.js";
import type { ModelSignal } from "../signals.js";
import { modelMethodsOf } from "./model-method.js";

/**
 * A lambda that only Django's weak reference holds is collected at once; save and delete signals
 * are never sent with an abstract model as sender.
 */
export type NeverRuns = "collected lambda" | "abstract sender";

export function neverRuns(
  registration: Registration,
  signals: readonly ModelSignal[],
  names: Names,
  models: ModelIndex,
): NeverRuns | null {
  if (registration.weaklyHeld === "lambda") return "collected lambda";
  const abstract = names.model !== null && models.isAbstract(names.model);
  return abstract && modelMethodsOf(signals) ? "abstract sender" : null;
}
