// `django-signals scan`, in-process: walk, read, prefilter, analyse. The benchmark runs this too.
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { analyzeCandidate } from "../analysis/index.js";
import type { AnalyzeOptions, Finding, UnreadFile } from "../analysis/index.js";
import { decodeSource } from "./decode.js";
import { unreadable } from "./errors.js";
import { displayPath, enclosingRepository } from "./paths.js";
import { inDisplayPaths, indexWorkingTree, type IndexedProject } from "./project.js";
import { findPythonFiles } from "./walk.js";

export interface ScanOptions {
  cwd: string;
  exclude: readonly string[];
  analyze?: Omit<AnalyzeOptions, "file">;
  /** The config file's path filters. */
  includes?: (absolutePath: string) => boolean;
}

export interface ScanResult {
  findings: Finding[];
  filesChecked: number;
  /** Files that could register a receiver and were therefore parsed. */
  filesParsed: number;
  bytesRead: number;
  /** Display paths of parsed files with syntax errors. */
  filesWithSyntaxErrors: string[];
  /** Files of the project that could not be read, or only in part (display paths). */
  unreadFiles: UnreadFile[];
}

function readSourceFile(absolute: string, cwd: string): Buffer {
  try {
    return readFileSync(absolute);
  } catch (error) {
    throw unreadable(displayPath(absolute, cwd), error);
  }
}

/** Scans the files, each read in its project (handlers elsewhere, senders, the model graph). */
export async function scanFiles(
  absolutePaths: readonly string[],
  options: ScanOptions,
  project?: IndexedProject,
): Promise<ScanResult> {
  const toDisplay = (file: string) =>
    displayPath(path.join(project?.root ?? "", file), options.cwd);
  const result: ScanResult = {
    findings: [],
    filesChecked: 0,
    filesParsed: 0,
    bytesRead: 0,
    filesWithSyntaxErrors: [],
    unreadFiles: (project?.unread ?? []).map((entry) => ({
      ...entry,
      file: toDisplay(entry.file),
    })),
  };
  for (const absolute of absolutePaths) {
    const bytes = readSourceFile(absolute, options.cwd);
    result.filesChecked++;
    result.bytesRead += bytes.byteLength;
    const file = displayPath(absolute, options.cwd);
    // The prefilter spares the parse of the vast majority of files.
    const inProject = project && {
      project: project.index,
      projectPath: displayPath(absolute, project.root),
    };
    const analysis = await analyzeCandidate(decodeSource(bytes), {
      ...options.analyze,
      ...inProject,
      file,
    });
    if (!analysis) continue;
    result.filesParsed++;
    if (analysis.hasSyntaxErrors) result.filesWithSyntaxErrors.push(file);
    result.findings.push(...inDisplayPaths(analysis.findings, toDisplay));
  }
  return result;
}

/** The project a scan reads: the git repository around the first path, else that directory. */
export function projectRoot(paths: readonly string[], cwd: string): string {
  const first = path.resolve(cwd, paths[0] ?? ".");
  const directory = isDirectory(first) ? first : path.dirname(first);
  return enclosingRepository(directory) ?? directory;
}

function isDirectory(absolute: string): boolean {
  try {
    return statSync(absolute).isDirectory();
  } catch {
    return false;
  }
}

export async function scanPaths(
  paths: readonly string[],
  options: ScanOptions,
): Promise<ScanResult> {
  const files = findPythonFiles(paths, options);
  const project = await indexWorkingTree(projectRoot(paths, options.cwd));
  return scanFiles(options.includes ? files.filter(options.includes) : files, options, project);
}
