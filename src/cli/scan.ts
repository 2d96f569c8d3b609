// `django-signals scan`, in-process: walk, read, prefilter, analyse. The benchmark runs this too.
import { readFileSync } from "node:fs";
import { setImmediate as turnOfEventLoop } from "node:timers/promises";
import { analyzeSource, mightRegisterReceiver } from "../analysis/index.js";
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
    const source = decodeSource(bytes);
    // The cheap text test skips the parse for the vast majority of files.
    if (!mightRegisterReceiver(source)) continue;
    const file = displayPath(absolute, options.cwd);
    const analysis = analyzeSource(source, { ...options.analyze, file });
    result.filesParsed++;
    if (analysis.hasSyntaxErrors) result.filesWithSyntaxErrors.push(file);
    result.findings.push(...analysis.findings);
    // A tree's native memory is released by a finalizer that only runs once the event loop
    // turns; without this, a synchronous loop over thousands of files holds every tree.
    await turnOfEventLoop();
  }
  return result;
}

export function scanPaths(paths: readonly string[], options: ScanOptions): Promise<ScanResult> {
  const files = findPythonFiles(paths, options);
  return scanFiles(options.includes ? files.filter(options.includes) : files, options);
}
