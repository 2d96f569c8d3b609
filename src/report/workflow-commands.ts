// GitHub Actions workflow commands (`::warning file=...,line=...::message`): a job's log turns each
// into an annotation on the file, without a token or an API call. The text is the check run's.
import type { Finding, Severity } from "../analysis/index.js";
import { annotationOf } from "./check-run-annotations.js";
import type { CheckRunAnnotation } from "./check-run-annotations.js";
import { syntaxErrorMessage } from "./summary.js";

const COMMAND_BY_SEVERITY: Record<Severity, "notice" | "warning" | "error"> = {
  notice: "notice",
  warning: "warning",
  failure: "error",
};

/** A command's message: GitHub reads `%`, CR and LF as escapes and line ends. */
export function escapeCommandData(text: string): string {
  return text.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}

/** A property's value: `:` and `,` also separate properties. */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replaceAll(":", "%3A").replaceAll(",", "%2C");
}

/** `::name key=value,...::message`, one line, every part escaped. */
export function workflowCommand(
  name: string,
  properties: Readonly<Record<string, string | number>>,
  message: string,
): string {
  const list = Object.entries(properties)
    .map(([key, value]) => `${key}=${escapeCommandProperty(String(value))}`)
    .join(",");
  return `::${name}${list === "" ? "" : ` ${list}`}::${escapeCommandData(message)}\n`;
}

function findingCommand(finding: Finding): string {
  const annotation = annotationOf(finding);
  const properties = {
    file: finding.file,
    line: finding.line,
    col: finding.column,
    title: annotation.title,
  };
  const message = `${annotation.message}\n${finding.docsUrl}`;
  return workflowCommand(COMMAND_BY_SEVERITY[finding.severity], properties, message);
}

function syntaxErrorCommand(file: string): string {
  return workflowCommand(
    "warning",
    { file, title: "django-signals: syntax errors" },
    syntaxErrorMessage(file),
  );
}

export function renderWorkflowCommands(
  findings: readonly Finding[],
  filesWithSyntaxErrors: readonly string[],
): string {
  return [...findings.map(findingCommand), ...filesWithSyntaxErrors.map(syntaxErrorCommand)].join(
    "",
  );
}

/** The check run's annotations, shown by the runner when the job cannot post a review. */
export function renderWorkflowAnnotations(annotations: readonly CheckRunAnnotation[]): string {
  return annotations
    .map((annotation) =>
      workflowCommand(
        COMMAND_BY_SEVERITY[annotation.annotation_level],
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
