// Findings as GitHub Actions workflow commands (`::warning file=...,line=...::message`): the
// annotations a workflow shows on the pull request's lines when it cannot post a review. Pure.
// The values come from the scanned code, so they are escaped as the runner reads them: `%`, CR
// and LF in the message; also `:` and `,` in properties, where they would end the value.
import type { Severity } from "../analysis/index.js";
import type { CheckRunAnnotation } from "./check-run-annotations.js";

const COMMAND_OF: Record<Severity, string> = {
  notice: "notice",
  warning: "warning",
  failure: "error",
};

function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** `::command key=value,...::message`, one line, every part escaped. */
export function workflowCommand(
  command: string,
  properties: Readonly<Record<string, string | number>>,
  message: string,
): string {
  const shown = Object.entries(properties)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(",");
  return `::${command}${shown === "" ? "" : ` ${shown}`}::${escapeData(message)}\n`;
}

/** One command per annotation: the check run's annotations, shown by the runner. */
export function renderWorkflowAnnotations(annotations: readonly CheckRunAnnotation[]): string {
  return annotations
    .map((annotation) =>
      workflowCommand(
        COMMAND_OF[annotation.annotation_level],
        {
          file: annotation.path,
          line: annotation.start_line,
          endLine: annotation.end_line,
          title: annotation.title,
        },
        annotation.message,
      ),
    )
    .join("");
}
