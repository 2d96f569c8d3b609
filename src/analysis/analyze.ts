// Source text -> receivers -> findings. Pure: no fs, no clock.
import { readBody } from "./body.js";
import { findImports } from "./collect.js";
import { ImportTable } from "./imports.js";
import { indexModels, type ModelIndex } from "./models.js";
import { namesFor } from "./names.js";
import { TreeLocator } from "./locate.js";
import { parsePython } from "./parse.js";
import { findRegistrations, type Registration } from "./registrations.js";
import { docsUrl, type Rule, type RuleContext } from "./rules/rule.js";
import { ALL_RULES } from "./rules/index.js";
import { isModelSignal, type ModelSignal } from "./signals.js";
import { SourceText } from "./source.js";
import { Suppressions } from "./suppression.js";
import type { AnalysisResult, AnalyzeOptions, Finding } from "./types.js";

export function analyzeSource(source: string, options: AnalyzeOptions): AnalysisResult {
  const { tree, text } = parsePython(source);
  const root = tree.rootNode;
  const sourceText = new SourceText(text);
  const locator = new TreeLocator(root);
  const imports = new ImportTable();
  for (const statement of findImports(locator, sourceText)) imports.add(statement);
  const registrations = findRegistrations(locator, imports, sourceText);
  const models = indexModels(locator, sourceText);
  const file: FileContext = {
    options,
    legitimate: new Set(options.legitimateSignals ?? []),
    models,
    locator,
    source: sourceText,
    suppressions: new Suppressions(sourceText),
  };
  const findings = registrations.flatMap((registration) => findingsFor(registration, file));
  return {
    findings,
    receivers: registrations.map((registration) => registration.receiver),
    hasSyntaxErrors: root.hasError,
  };
}

interface FileContext {
  options: AnalyzeOptions;
  legitimate: ReadonlySet<string>;
  models: ModelIndex;
  locator: TreeLocator;
  source: SourceText;
  suppressions: Suppressions;
}

function findingsFor(registration: Registration, file: FileContext): Finding[] {
  const { receiver } = registration;
  const modelSignals = receiver.signals.filter(
    (signal): signal is ModelSignal => isModelSignal(signal) && !file.legitimate.has(signal),
  );
  if (modelSignals.length === 0) return [];
  const suppressed = file.suppressions.of(registration.range);
  const rules = ALL_RULES.filter(
    (rule) => file.options.levels?.[rule.id] !== "off" && !suppressed(rule.id),
  );
  if (rules.length === 0) return [];
  const context: RuleContext = {
    registration,
    modelSignals,
    body: registration.handler ? readBody(registration.handler, file.locator, file.source) : null,
    models: file.models,
    names: namesFor(receiver, modelSignals),
  };
  return rules.flatMap((rule) =>
    rule.check(context).map((hit) => toFinding(rule, hit, context, file.options)),
  );
}

function toFinding(
  rule: Rule,
  hit: ReturnType<Rule["check"]>[number],
  { registration: { receiver } }: RuleContext,
  options: AnalyzeOptions,
): Finding {
  const level = options.levels?.[rule.id];
  const position = hit.at;
  return {
    ruleId: rule.id,
    severity: level && level !== "off" ? level : rule.defaultSeverity,
    file: options.file,
    line: position ? position.row + 1 : receiver.line,
    column: position ? position.column + 1 : receiver.column,
    receiverLine: receiver.line,
    signals: receiver.signals,
    sender: receiver.sender,
    receiver: receiver.name,
    message: hit.message,
    fix: hit.fix,
    example: hit.example,
    docsUrl: docsUrl(rule.id, options.docsBaseUrl),
  };
}
