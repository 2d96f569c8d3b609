// "What does this change introduce?": the findings of the head versions of the changed files that
// the base versions do not already have. Shared by `django-signals diff` and the GitHub app.
import { analyzeCandidate } from "../analysis/index.js";
import type {
  AnalysisResult,
  AnalyzeOptions,
  Finding,
  ProjectIndex,
  Receiver,
} from "../analysis/index.js";

export type ChangeStatus = "added" | "modified" | "renamed" | "removed";

export interface ChangedFile {
  /** Head path (for a removed file: its last path). */
  path: string;
  /** Base path of a renamed file. */
  previousPath?: string;
  status: ChangeStatus;
  /** File text before the change; null when the file did not exist. */
  base: string | null;
  /** File text after the change; null when the file was removed. */
  head: string | null;
}

/** The project before and after the change: receivers are then matched on what they are. */
export interface ProjectVersions {
  base: ProjectIndex;
  head: ProjectIndex;
  /** A changed file's path in the projects when it differs from its `path` (the CLI's display paths). */
  projectPath?: (path: string) => string;
}

export interface IntroducedFindings {
  /** Head findings absent from every base version, in file order then analysis order. */
  findings: Finding[];
  /** Head paths whose parse had syntax errors (their findings are partial). */
  filesWithSyntaxErrors: string[];
  /** Number of head files that were parsed (the others could not register a receiver). */
  filesAnalyzed: number;
}

/**
 * What makes two findings "the same" across a change: rule, receiver name, signals and sender.
 * Not the line (code moves) and not the file (code moves between files).
 */
export function findingIdentity(finding: Finding): string {
  const signals = [...finding.signals].sort();
  return JSON.stringify([finding.ruleId, finding.receiver, signals, finding.sender]);
}

/** A finding with the receiver it belongs to, as a project resolved it. */
interface Identified {
  finding: Finding;
  /** Rule, signals and sender (the model it resolves to, else as written). */
  what: string;
  /** `what` and the handler (the function it resolves to, else as written). */
  identity: string;
  /** The handler's body hash, when the project knows the handler. */
  bodyHash: string | null;
}

function identified(result: AnalysisResult): Identified[] {
  const receivers = new Map<string, Receiver>();
  for (const receiver of result.receivers)
    receivers.set(`${receiver.line}:${receiver.name}`, receiver);
  return result.findings.map((finding) => {
    const receiver = receivers.get(`${finding.receiverLine}:${finding.receiver}`);
    const signals = [...finding.signals].sort();
    const sender = receiver?.senderModel ?? finding.sender;
    const what = JSON.stringify([finding.ruleId, signals, sender]);
    const handler = receiver?.handler;
    // The function's name, not its file: code moves between files.
    const handlerKey = handler?.name ?? finding.receiver;
    return {
      finding,
      what,
      identity: JSON.stringify([what, handlerKey]),
      bodyHash: handler?.bodyHash || null,
    };
  });
}

type Version = "base" | "head";

function analyze(
  file: ChangedFile,
  version: Version,
  options: Omit<AnalyzeOptions, "file">,
  projects: ProjectVersions | undefined,
): Promise<AnalysisResult | undefined> {
  const text = file[version];
  const path = version === "base" ? (file.previousPath ?? file.path) : file.path;
  if (text === null) return Promise.resolve(undefined);
  if (!projects) return analyzeCandidate(text, { ...options, file: path });
  const projectPath = projects.projectPath?.(path) ?? path;
  return analyzeCandidate(text, {
    ...options,
    file: path,
    project: projects[version],
    projectPath,
  });
}

/** Async because each analysis lets the event loop turn (see analyzeCandidate). */
export async function findIntroduced(
  files: readonly ChangedFile[],
  options: Omit<AnalyzeOptions, "file">,
  projects?: ProjectVersions,
): Promise<IntroducedFindings> {
  const base: Identified[] = [];
  for (const file of files) {
    const result = await analyze(file, "base", options, projects);
    if (result) base.push(...identified(result));
  }
  const introduced: IntroducedFindings = {
    findings: [],
    filesWithSyntaxErrors: [],
    filesAnalyzed: 0,
  };
  const head: Identified[] = [];
  for (const file of files) {
    const result = await analyze(file, "head", options, projects);
    if (!result) continue;
    introduced.filesAnalyzed++;
    if (result.hasSyntaxErrors) introduced.filesWithSyntaxErrors.push(file.path);
    head.push(...identified(result));
  }
  introduced.findings = unmatched(head, base).map(({ finding }) => finding);
  return introduced;
}

/**
 * The head findings no base finding excuses. Each base finding excuses one head finding (a
 * duplicated receiver is new): first the same identity, then the same rule, signals and sender
 * with a handler of the same body (a renamed or moved function).
 */
function unmatched(head: readonly Identified[], base: readonly Identified[]): Identified[] {
  const remaining = new Map<string, Identified[]>();
  for (const item of base)
    remaining.set(item.identity, [...(remaining.get(item.identity) ?? []), item]);
  const used = new Set<Identified>();
  const take = (candidates: Identified[] | undefined) => {
    const found = candidates?.find((candidate) => !used.has(candidate));
    if (found) used.add(found);
    return found !== undefined;
  };
  const left = head.filter((item) => !take(remaining.get(item.identity)));
  return left.filter(
    (item) =>
      item.bodyHash === null ||
      !take(base.filter((other) => other.what === item.what && other.bodyHash === item.bodyHash)),
  );
}
