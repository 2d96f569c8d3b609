// The exit status a CI job or a hook acts on: 1 only for findings at or above --fail-on.
import type { Finding, Level, Severity } from "../analysis/index.js";

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

export const FAIL_ON_LEVELS = ["off", "notice", "warning", "failure"] as const satisfies Level[];

const LOUDNESS: Record<Severity, number> = { notice: 1, warning: 2, failure: 3 };

export function exitStatusOf(findings: readonly Finding[], failOn: Level): number {
  if (failOn === "off") return EXIT_CLEAN;
  const threshold = LOUDNESS[failOn];
  const fails = findings.some((finding) => LOUDNESS[finding.severity] >= threshold);
  return fails ? EXIT_FINDINGS : EXIT_CLEAN;
}
