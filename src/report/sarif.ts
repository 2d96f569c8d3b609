// SARIF 2.1.0 for GitHub code scanning: one run, every rule described, one result per finding.
import type { Invocation, Log, Notification, ReportingDescriptor, Result } from "sarif";
import { RULES, docsUrl } from "../analysis/index.js";
import type { Finding, Severity } from "../analysis/index.js";
import { identityHash } from "./review-fingerprint.js";
import { syntaxErrorMessage } from "./summary.js";

const TOOL_NAME = "django-signals";
const TOOL_INFORMATION_URI = "https://github.com/django-signals-bot/django-signals-bot";
const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
// Bump when the fingerprint's inputs change, so code scanning does not match old alerts wrongly.
const FINGERPRINT_KEY = "djangoSignalsIdentity/v1";

export interface SarifOptions {
  toolVersion: string;
  docsBaseUrl?: string;
  /** Files the parser could only partly read: code scanning lists them as tool notifications. */
  filesWithSyntaxErrors?: readonly string[];
}

const LEVEL_BY_SEVERITY: Record<Severity, Result.level> = {
  notice: "note",
  warning: "warning",
  failure: "error",
};

/** `model-signal-receiver` -> `ModelSignalReceiver`: SARIF wants a readable identifier-like name. */
function ruleName(id: string): string {
  return id
    .split("-")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
}

function describeRule(rule: (typeof RULES)[number], docsBaseUrl?: string): ReportingDescriptor {
  const helpUri = docsUrl(rule.id, docsBaseUrl);
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: {
      text: `${rule.description}\nWhy it hurts and what to write instead: ${helpUri}`,
      markdown: `**${rule.title}**\n\n${rule.description}\n\n[Why it hurts and what to write instead](${helpUri})`,
    },
    helpUri,
    defaultConfiguration: { level: LEVEL_BY_SEVERITY[rule.defaultSeverity] },
    properties: { tags: ["django", "signals", "maintainability"] },
  };
}

/** Segments percent-encoded so spaces or `#` in a path still make a valid relative URI. */
function relativeUri(file: string): string {
  return file.split("/").map(encodeURIComponent).join("/");
}

function artifactLocation(file: string) {
  return { uri: relativeUri(file), uriBaseId: "%SRCROOT%" };
}

function syntaxErrorNotification(file: string): Notification {
  return {
    level: "warning",
    descriptor: { id: "syntax-error" },
    message: { text: syntaxErrorMessage(file) },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(file) } }],
  };
}

/** The run finished (the exit status says whether there were findings); partial reads noted. */
function invocationOf(filesWithSyntaxErrors: readonly string[]): Invocation {
  return {
    executionSuccessful: true,
    toolExecutionNotifications: filesWithSyntaxErrors.map(syntaxErrorNotification),
  };
}

function toResult(finding: Finding, ruleIndex: number): Result {
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVEL_BY_SEVERITY[finding.severity],
    message: { text: `${finding.message} ${finding.fix}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(finding.file),
          region: { startLine: finding.line, startColumn: finding.column },
        },
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: identityHash(finding) },
    ...relatedLocations(finding),
  };
}

/** The handler defined in another file, and every place that already bypasses the receiver. */
function relatedLocations(finding: Finding): Pick<Result, "relatedLocations"> {
  const related = [
    ...(finding.handler
      ? [{ ...finding.handler, text: `${finding.receiver} is defined here` }]
      : []),
    ...(finding.evidence ?? []).map(({ file, line, code }) => ({
      file,
      line,
      text: `Writes the rows without the signal: ${code}`,
    })),
  ];
  if (related.length === 0) return {};
  return {
    relatedLocations: related.map(({ file, line, text }, id) => ({
      id,
      physicalLocation: {
        artifactLocation: artifactLocation(file),
        region: { startLine: line },
      },
      message: { text },
    })),
  };
}

export function toSarif(findings: readonly Finding[], options: SarifOptions): Log {
  const ruleIndex = new Map(RULES.map((rule, index) => [rule.id, index]));
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: options.toolVersion,
            semanticVersion: options.toolVersion,
            informationUri: TOOL_INFORMATION_URI,
            rules: RULES.map((rule) => describeRule(rule, options.docsBaseUrl)),
          },
        },
        invocations: [invocationOf(options.filesWithSyntaxErrors ?? [])],
        columnKind: "utf16CodeUnits",
        results: findings.map((finding) => toResult(finding, ruleIndex.get(finding.ruleId) ?? -1)),
      },
    ],
  };
}

export function renderSarif(findings: readonly Finding[], options: SarifOptions): string {
  return `${JSON.stringify(toSarif(findings, options), null, 2)}\n`;
}
