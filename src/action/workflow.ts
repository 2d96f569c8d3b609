// How a step speaks to the runner: log lines, workflow commands, the job summary file and the
// step's outputs file. Everything that comes from the scanned code is printed between
// `::stop-commands::` markers, so a file or a receiver named like a workflow command stays text.
import { randomUUID } from "node:crypto";
import { appendFileSync } from "node:fs";
import type { Logger } from "../github/client.js";
import { publicReason } from "../publish/public-error.js";

export interface Output {
  write(text: string): unknown;
}

function describeField(value: unknown): unknown {
  // An error can echo a request; only its sanitised class, status and message are printed.
  return value instanceof Error ? publicReason(value) : value;
}

function line(fields: object | string, message: string | undefined): string {
  if (typeof fields === "string") return fields;
  const shown = Object.entries(fields).map(([key, value]) => [key, describeField(value)]);
  return shown.length === 0
    ? (message ?? "")
    : `${message ?? ""} ${JSON.stringify(Object.fromEntries(shown))}`;
}

/** A logger writing one line per entry; debug lines show when the run has step debugging on. */
export function workflowLogger(out: Output): Logger {
  const write = (prefix: string) => (fields: object | string, message?: string) => {
    const text = line(fields, message).replace(/\r?\n/g, " ");
    out.write(`${prefix}${text}\n`);
  };
  return { debug: write("::debug::"), info: write(""), warn: write(""), error: write("") };
}

/** Prints untrusted text with workflow commands turned off around it. */
export function printUntrusted(out: Output, text: string): void {
  const token = randomUUID();
  out.write(`::stop-commands::${token}\n${text}${text.endsWith("\n") ? "" : "\n"}::${token}::\n`);
}

/** Appends to the job summary (`GITHUB_STEP_SUMMARY`); without one, nothing is written. */
export function appendSummary(env: NodeJS.ProcessEnv, markdown: string): void {
  const file = env.GITHUB_STEP_SUMMARY;
  if (file) appendFileSync(file, `${markdown}\n`);
}

/** Sets the step's outputs (`GITHUB_OUTPUT`) with delimiters, so no value can add another. */
export function setOutputs(env: NodeJS.ProcessEnv, outputs: Record<string, string>): void {
  const file = env.GITHUB_OUTPUT;
  if (!file) return;
  const text = Object.entries(outputs)
    .map(([name, value]) => {
      const delimiter = `ghadelimiter_${randomUUID()}`;
      return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
    })
    .join("");
  appendFileSync(file, text);
}
