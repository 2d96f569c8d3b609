// Source text -> receivers -> findings. Pure: no fs, no clock.
import { readBody, type BodyFacts } from "./body.js";
import { findImports } from "./collect.js";
import { ImportTable } from "./imports.js";
import { indexModels, type ModelIndex } from "./models.js";
import { namesFor } from "./names.js";
import { TreeLocator, type FunctionSpan } from "./locate.js";
import { parsePython } from "./parse.js";
import { findRegistrations, type HelperLookup, type Registration } from "./registrations.js";
import { docsUrl, type Rule, type RuleContext, type RuleHit } from "./rules/rule.js";
import { ALL_RULES } from "./rules/index.js";
import { neverRuns } from "./rules/never-runs.js";
import { isModelSignal, type ModelSignal } from "./signals.js";
import { functionAt, handlerOf } from "./project/handlers.js";
import { helperLines, registrationHelperNames, registrationHelperOf } from "./project/helpers.js";
import { resolveSender } from "./project/models.js";
import { EMPTY_PROJECT, type ProjectIndex } from "./project/project.js";
import type { HandlerFacts, ResolvedSender } from "./project/types.js";
import { SourceText } from "./source.js";
import { Suppressions } from "./suppression.js";
import type { AnalysisResult, AnalyzeOptions, Finding, Receiver, Severity } from "./types.js";

export function analyzeSource(source: string, options: AnalyzeOptions): AnalysisResult {
  const file = readModule(source, options);
  const resolved = file.registrations.map((registration) => inProject(registration, file));
  return {
    findings: resolved.flatMap((registration) => findingsFor(registration, file)),
    receivers: resolved.map(({ registration }) => registration.receiver),
    hasSyntaxErrors: file.hasSyntaxErrors,
  };
}

/** A registration with what the project tells of its handler and sender. */
interface ProjectRegistration {
  registration: Registration;
  handler: HandlerFacts | null;
  sender: ResolvedSender | null;
}

function inProject(registration: Registration, file: FileContext): ProjectRegistration {
  const { project, path } = file;
  if (project === EMPTY_PROJECT) return { registration, handler: null, sender: null };
  const { receiver, handler: span } = registration;
  const handler = !span
    ? handlerOf(project, path, receiver.name, receiver.line)
    : span.node.type === "function_definition"
      ? functionAt(project, path, file.source.positionAt(span.node.start).row + 1)
      : null;
  const sender = receiver.sender === null ? null : resolveSender(project, path, receiver.sender);
  const identified: Receiver = { ...receiver };
  if (sender) identified.senderModel = sender.model.qualifiedName;
  if (handler) {
    const { file: handlerFile, line, name, bodyHash } = handler;
    identified.handler = { file: handlerFile, line, name, bodyHash };
  }
  return { registration: { ...registration, receiver: identified }, handler, sender };
}

/**
 * The parse and what the file's text and tree tell before any rule runs: its registrations, its
 * models (read when asked) and its suppressions. `bench/phases.js` times this step on its own.
 */
export function readModule(source: string, options: AnalyzeOptions): FileContext {
  const { tree, text } = parsePython(source);
  const root = tree.rootNode;
  const sourceText = new SourceText(text);
  const locator = new TreeLocator(root);
  const imports = new ImportTable();
  for (const statement of findImports(locator, sourceText)) imports.add(statement);
  const project = options.project ?? EMPTY_PROJECT;
  const path = options.projectPath ?? options.file;
  return {
    options,
    registrations: findRegistrations(locator, imports, sourceText, helpersOf(project, path)),
    hasSyntaxErrors: root.hasError,
    rules: activeRules(options),
    legitimate: new Set(options.legitimateSignals ?? []),
    models: indexModels(locator, sourceText),
    locator,
    source: sourceText,
    suppressions: new Suppressions(sourceText),
    bodies: new Map(),
    project,
    path,
  };
}

function helpersOf(project: ProjectIndex, path: string): HelperLookup | undefined {
  if (project === EMPTY_PROJECT) return undefined;
  return {
    names: registrationHelperNames(project, path),
    of: (callee) => registrationHelperOf(project, path, callee),
    definedAt: helperLines(project, path),
  };
}

/** A rule that is not off, with what every finding of it carries. */
interface ActiveRule {
  rule: Rule;
  severity: Severity;
  docsUrl: string;
}

/** The rules the options leave on, each with its level and docs URL worked out once per file. */
function activeRules(options: AnalyzeOptions): ActiveRule[] {
  return ALL_RULES.flatMap((rule) => {
    const level = options.levels?.[rule.id];
    if (level === "off") return [];
    return [
      {
        rule,
        severity: level ?? rule.defaultSeverity,
        docsUrl: docsUrl(rule.id, options.docsBaseUrl),
      },
    ];
  });
}

export interface FileContext {
  options: AnalyzeOptions;
  registrations: Registration[];
  hasSyntaxErrors: boolean;
  rules: readonly ActiveRule[];
  legitimate: ReadonlySet<string>;
  models: ModelIndex;
  locator: TreeLocator;
  source: SourceText;
  suppressions: Suppressions;
  /** Body facts by handler: a handler registered several times is read once. */
  bodies: Map<number, BodyFacts>;
  project: ProjectIndex;
  /** The file's path in the project. */
  path: string;
}

function findingsFor(
  { registration, handler: defined, sender }: ProjectRegistration,
  file: FileContext,
): Finding[] {
  const { receiver, handler } = registration;
  const modelSignals = receiver.signals.filter(
    (signal): signal is ModelSignal => isModelSignal(signal) && !file.legitimate.has(signal),
  );
  if (modelSignals.length === 0) return [];
  const names = namesFor(receiver, modelSignals);
  const never = neverRuns(registration, modelSignals, names, file.models);
  const suppressed = file.suppressions.of(registration.range);
  // A receiver that never runs has one finding: that it never runs (see rules/never-runs.ts).
  const rules = file.rules.filter(
    ({ rule }) => !suppressed(rule.id) && (!never || rule.id === "model-signal-receiver"),
  );
  if (rules.length === 0) return [];
  const handlerElsewhere = handler === null && defined !== null && defined.file !== file.path;
  const context: RuleContext = {
    registration,
    modelSignals,
    body: handler ? bodyOf(handler, file) : (defined?.body ?? null),
    handler: defined,
    handlerElsewhere,
    sender,
    project: file.project,
    path: file.path,
    models: file.models,
    names,
    neverRuns: never,
  };
  const elsewhere = handlerElsewhere && defined ? { file: defined.file, line: defined.line } : null;
  return rules.flatMap((active) =>
    active.rule
      .check(context)
      .map((hit) => toFinding(active, hit, receiver, file.options.file, elsewhere)),
  );
}

function bodyOf(handler: FunctionSpan, file: FileContext): BodyFacts {
  let facts = file.bodies.get(handler.node.start);
  if (!facts) {
    facts = readBody(handler, file.locator, file.source);
    file.bodies.set(handler.node.start, facts);
  }
  return facts;
}

function toFinding(
  { rule, severity, docsUrl }: ActiveRule,
  hit: RuleHit,
  receiver: Receiver,
  file: string,
  handler: { file: string; line: number } | null,
): Finding {
  // A body in another file has its positions there: the finding stays on the registration.
  const position = handler ? undefined : hit.at;
  const finding: Finding = {
    ruleId: rule.id,
    severity,
    file,
    line: position ? position.row + 1 : receiver.line,
    column: position ? position.column + 1 : receiver.column,
    receiverLine: receiver.line,
    signals: receiver.signals,
    sender: receiver.sender,
    receiver: receiver.name,
    message: hit.message,
    fix: hit.fix,
    example: hit.example,
    docsUrl,
  };
  if (handler) finding.handler = handler;
  if (hit.evidence) finding.evidence = hit.evidence;
  return finding;
}
