// `django-signals scan`, in-process: walk, read, prefilter, analyse. The benchmark runs this too.
import { readFileSync } from "node:fs";
import { analyzeCandidate } from "../analysis/index.js";
import type { AnalyzeOptions, Finding } from "../analysis/index.js";
import { decodeSource } from "./decode.js";
import { unreadable } from "./errors.js";
import { displayPath } from "./paths.js";
import { findPythonFiles } from "./walk.js";

export interface ScanOptions {
  cwd: string;
  exclude: readonly string[];
  analyze?: Omit<AnalyzeOptions, "file">;
  /** The config file's path filters. */
  includes?: (absolutePath: string) => boolean;
  /** Told of a named path that is not a file to read. */
  onSkipped?: (given: string, why: string) => void;
}

export interface ScanResult {
  findings: Finding[];
  filesChecked: number;
  /** Files that could register a receiver and were therefore parsed. */
  filesParsed: number;
  bytesRead: number;
  /** Display paths of parsed files with syntax errors. */
  filesWithSyntaxErrors: string[];
}

function readSourceFile(absolute: string, cwd: string): Buffer {
  try {
    return readFileSync(absolute);
  } catch (error) {
    throw unreadable(displayPath(absolute, cwd), error);
  }
}

export async function scanFiles(
  absolutePaths: readonly string[],
  options: ScanOptions,
): Promise<ScanResult> {
  const result: ScanResult = {
    findings: [],
    filesChecked: 0,
    filesParsed: 0,
    bytesRead: 0,
    filesWithSyntaxErrors: [],
  };
  for (const absolute of absolutePaths) {
    const bytes = readSourceFile(absolute, options.cwd);
    result.filesChecked++;
    result.bytesRead += bytes.byteLength;
    const file = displayPath(absolute, options.cwd);
    // The prefilter spares the parse of the vast majority of files.
    const analysis = await analyzeCandidate(decodeSource(bytes), { ...options.analyze, file });
    if (!analysis) continue;
    result.filesParsed++;
    if (analysis.hasSyntaxErrors) result.filesWithSyntaxErrors.push(file);
    // One by one: spreading 100,000 findings as arguments would overflow the call stack.
    for (const finding of analysis.findings) result.findings.push(finding);
  }
  return result;
}

export function scanPaths(paths: readonly string[], options: ScanOptions): Promise<ScanResult> {
  const files = findPythonFiles(paths, options);
  return scanFiles(options.includes ? files.filter(options.includes) : files, options);
}
