// The benchmarks' settings from the environment, checked: a bad value stops the run with a clear
// error instead of printing medians of nothing.
import process from "node:process";

/** The whole number of at least 1 in `process.env[name]`, or `fallback` when it is unset. */
export function positiveCount(name, fallback) {
  const value = process.env[name];
  if (value === undefined || value === "") return fallback;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1) {
    throw new Error(`${name} must be a whole number of at least 1, not ${JSON.stringify(value)}`);
  }
  return count;
}
