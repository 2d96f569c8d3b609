// Receivers Django will never call, as far as one file can tell. Such a receiver gets one finding,
// that it never runs: what the other rules would say of its body describes code that does not run.
import type { ModelIndex } from "../models.js";
import type { Names } from "../names.js";
import type { Registration } from "../registrations.js";
import type { ModelSignal } from "../signals.js";
import { modelMethodsOf, type ModelMethod } from "./model-method.js";

/**
 * A lambda that only Django's weak reference holds is collected at once; save and delete signals
 * are never sent with an abstract model as sender (whose methods the advice overrides instead).
 */
export type NeverRuns =
  | { reason: "collected lambda" }
  | { reason: "abstract sender"; model: string; methods: ModelMethod[] };

export function neverRuns(
  registration: Registration,
  signals: readonly ModelSignal[],
  names: Names,
  models: ModelIndex,
): NeverRuns | null {
  if (registration.weaklyHeld === "lambda") return { reason: "collected lambda" };
  const model = names.model;
  const methods = model !== null && models.isAbstract(model) ? modelMethodsOf(signals) : null;
  return model !== null && methods ? { reason: "abstract sender", model, methods } : null;
}
