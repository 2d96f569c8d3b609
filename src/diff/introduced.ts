// "What does this change introduce?": the findings of the head versions of the changed files that
// the base versions do not already have. Shared by `django-signals diff` and the GitHub app.
import { analyzeCandidate } from "../analysis/index.js";
import type { AnalyzeOptions, Finding } from "../analysis/index.js";

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

/** A changed file the scan could not analyse, and why (the scan is then incomplete). */
export interface NotScanned {
  path: string;
  reason: string;
}

export interface IntroducedFindings {
  /** Head findings absent from every base version, in file order then analysis order. */
  findings: Finding[];
  /** Head paths whose parse had syntax errors (their findings are partial). */
  filesWithSyntaxErrors: string[];
  /** Number of head files that were parsed (the others could not register a receiver). */
  filesAnalyzed: number;
  /** Files whose analysis failed: the others' findings stand. */
  notScanned: NotScanned[];
}

/**
 * What makes two findings "the same" across a change: rule, receiver name, signals and sender.
 * Not the line (code moves) and not the file (code moves between files).
 */
export function findingIdentity(finding: Finding): string {
  const signals = [...finding.signals].sort();
  return JSON.stringify([finding.ruleId, finding.receiver, signals, finding.sender]);
}

type Analysis = Awaited<ReturnType<typeof analyzeCandidate>>;

/** The analysis of one version, or the error that stopped it (one file never stops the rest). */
async function analyze(
  text: string | null,
  file: string,
  options: Omit<AnalyzeOptions, "file">,
): Promise<Analysis | Error> {
  if (text === null) return undefined;
  try {
    return await analyzeCandidate(text, { ...options, file });
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

function notScannedFor(path: string, error: Error): NotScanned {
  const why =
    error instanceof RangeError
      ? "it is too deeply nested or too large to analyse"
      : "its analysis failed";
  return { path, reason: `${why} (${error.name})` };
}

/** Counts every base finding of every changed file: a multiset of identities. */
async function baseIdentities(
  files: readonly ChangedFile[],
  options: Omit<AnalyzeOptions, "file">,
  failed: Map<string, Error>,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const file of files) {
    const result = await analyze(file.base, file.previousPath ?? file.path, options);
    if (result instanceof Error) {
      failed.set(file.path, result);
      continue;
    }
    for (const finding of result?.findings ?? []) {
      const key = findingIdentity(finding);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

/** Async because each analysis lets the event loop turn (see analyzeCandidate). */
export async function findIntroduced(
  files: readonly ChangedFile[],
  options: Omit<AnalyzeOptions, "file">,
): Promise<IntroducedFindings> {
  // A file whose base cannot be analysed is not scanned: all its receivers would look new.
  const failed = new Map<string, Error>();
  const remainingInBase = await baseIdentities(files, options, failed);
  const introduced: IntroducedFindings = {
    findings: [],
    filesWithSyntaxErrors: [],
    filesAnalyzed: 0,
    notScanned: [],
  };

  for (const file of files) {
    const result = failed.get(file.path) ?? (await analyze(file.head, file.path, options));
    if (result instanceof Error) {
      introduced.notScanned.push(notScannedFor(file.path, result));
      continue;
    }
    if (!result) continue;
    introduced.filesAnalyzed++;
    if (result.hasSyntaxErrors) introduced.filesWithSyntaxErrors.push(file.path);
    for (const finding of result.findings) {
      const key = findingIdentity(finding);
      const left = remainingInBase.get(key) ?? 0;
      // Each base finding excuses exactly one head finding: a duplicated receiver is new.
      if (left > 0) remainingInBase.set(key, left - 1);
      else introduced.findings.push(finding);
    }
  }
  return introduced;
}
