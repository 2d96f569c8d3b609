// The `django-signals` command line: argument handling only; the work is in scan.ts and diff.ts.
import path from "node:path";
import { Argument, Command, CommanderError, Option } from "commander";
import type { Finding, UnreadFile } from "../analysis/index.js";
import { compareLocations } from "../report/summary.js";
import { shouldUseColor } from "../report/text.js";
import { diffRevisions } from "./diff.js";
import type { DiffOptions } from "./diff.js";
import { loadCliConfig, type CliConfig } from "./config.js";
import { UsageError } from "./errors.js";
import { EXIT_CLEAN, EXIT_ERROR, exitStatusOf } from "./exit-status.js";
import { EXIT_HELP, addOutputOptions, withRuleSelection } from "./options.js";
import type { OutputOptions } from "./options.js";
import { displayPath, enclosingRepository } from "./paths.js";
import { inDisplayPaths } from "./project.js";
import { namesFilesFromRepositoryRoot, render } from "./render.js";
import { scanPaths } from "./scan.js";

export interface CliIo {
  /** The package version, for --version and SARIF. */
  toolVersion: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
}

interface DiffCommandOptions extends OutputOptions {
  base?: string;
  head?: string;
  staged?: true;
}

/** What `scan` and `diff` both produce and the reporters need. */
interface CommandResult {
  findings: readonly Finding[];
  filesChecked: number;
  filesWithSyntaxErrors: readonly string[];
  /** Files of the project read in part or not at all: their facts are missing from the findings. */
  unreadFiles: readonly UnreadFile[];
}

const DIFF_HELP = `
Without --head, BASE is compared with the working tree, like \`git diff BASE\`: committed,
staged and unstaged changes count, and so do untracked Python files that git does not ignore.
With --staged, the index is compared with BASE (default HEAD), like \`git diff --staged\`:
what the next commit records, read from git, whatever the working tree holds (the pre-commit hook).
Only findings absent from the base versions of the changed files are reported, so a receiver
that moved (within a file, to a renamed file, or to another changed file) is not new.`;

const SCAN_HELP = `
Directories are searched for *.py and *.pyi files, honouring .gitignore files and skipping
node_modules, .git, __pycache__, migrations and virtualenvs (.venv, venv, any directory with
a pyvenv.cfg). A file named on the command line is always scanned.`;

/** --staged compares the index with --base, or HEAD; otherwise --base is required. */
function diffSides(options: DiffCommandOptions): Pick<DiffOptions, "base" | "head"> {
  if (options.staged) {
    return { ...(options.base !== undefined && { base: options.base }), head: "index" };
  }
  if (options.base === undefined) {
    throw new UsageError("required option '--base <rev>' not specified (or use --staged)");
  }
  const head = options.head === undefined ? "worktree" : { revision: options.head };
  return { base: options.base, head };
}

/**
 * Files named from the repository's root, which SARIF's `%SRCROOT%` and workflow annotations
 * stand for (GitHub resolves paths against the checkout), whatever directory the command ran in.
 */
function fromRepositoryRoot(result: CommandResult, cwd: string): CommandResult {
  const root = enclosingRepository(cwd) ?? cwd;
  const rename = (file: string) => displayPath(path.resolve(cwd, file), root);
  return {
    ...result,
    findings: inDisplayPaths(result.findings, rename).map((finding) => ({
      ...finding,
      file: rename(finding.file),
    })),
    filesWithSyntaxErrors: result.filesWithSyntaxErrors.map(rename),
  };
}

// More than this many unread files are counted, not listed.
const UNREAD_LISTED = 10;

/** One note on stderr naming the files of the project that could not be read. */
function unreadNote(unread: readonly UnreadFile[]): string {
  if (unread.length === 0) return "";
  const listed = unread.slice(0, UNREAD_LISTED).map(({ file, reason }) => `  ${file}: ${reason}\n`);
  const more = unread.length > UNREAD_LISTED ? `  and ${unread.length - UNREAD_LISTED} more\n` : "";
  const files = unread.length === 1 ? "1 file" : `${unread.length} files`;
  return `django-signals: note: ${files} of the project could not be read fully; their facts are missing:\n${listed.join("")}${more}`;
}

function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const { toolVersion } = io;
  const report = (result: CommandResult, options: OutputOptions, { analyze }: CliConfig) => {
    const named = namesFilesFromRepositoryRoot(options.format)
      ? fromRepositoryRoot(result, io.cwd)
      : result;
    const summary = {
      filesChecked: named.filesChecked,
      filesWithSyntaxErrors: named.filesWithSyntaxErrors,
    };
    const color = shouldUseColor(io.stdout.isTTY === true, io.env);
    const docsBaseUrl = analyze.docsBaseUrl;
    const context = { format: options.format, summary, color, toolVersion };
    const findings = named.findings.toSorted(compareLocations);
    io.stdout.write(
      render(findings, docsBaseUrl === undefined ? context : { ...context, docsBaseUrl }),
    );
    io.stderr.write(unreadNote(result.unreadFiles));
    setExitCode(exitStatusOf(findings, options.exitZero ? "off" : options.failOn));
  };
  const program = new Command("django-signals")
    .description("Find Django signal receivers and learn what to write instead.")
    .version(toolVersion)
    .addHelpText("after", EXIT_HELP)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Commander's usage errors read like the tool's own: `django-signals: error: ...`.
      outputError: (text, write) => write(`django-signals: ${text}`),
    });

  addOutputOptions(
    program
      .command("scan")
      .description("report every finding in the given files and directories")
      .addArgument(new Argument("[paths...]", "files or directories").default(["."], "."))
      .addHelpText("after", SCAN_HELP),
  ).action(async (paths: string[], options: OutputOptions) => {
    const config = withRuleSelection(loadCliConfig(io.cwd, options.config), options);
    const result = await scanPaths(paths, {
      cwd: io.cwd,
      exclude: options.exclude,
      analyze: config.analyze,
      includes: config.includes,
      onSkipped: (given, why) => io.stderr.write(`django-signals: skipping ${given}: ${why}\n`),
    });
    report(result, options, config);
  });

  addOutputOptions(
    program
      .command("diff")
      .description("report only the findings a change introduces (inside a git repository)")
      .option("--base <rev>", "the revision to compare against (required unless --staged)")
      .option("--head <rev>", "the changed revision (default: the working tree)")
      .addOption(
        new Option("--staged", "compare the staged changes (the index) instead").conflicts("head"),
      )
      .addHelpText("after", DIFF_HELP),
  ).action(async (options: DiffCommandOptions) => {
    const sides = diffSides(options);
    const config = withRuleSelection(loadCliConfig(io.cwd, options.config), options);
    const result = await diffRevisions({
      cwd: io.cwd,
      ...sides,
      exclude: options.exclude,
      analyze: config.analyze,
      includes: config.includes,
    });
    report(result, options, config);
  });

  return program;
}

/** Runs the CLI and returns its exit code; never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = EXIT_CLEAN;
  try {
    const program = buildProgram(io, (code) => (exitCode = code));
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    // Commander has already printed its message; --help and --version exit 0, misuse exits 2.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_CLEAN : EXIT_ERROR;
    const prefix = error instanceof UsageError ? "error" : "internal error";
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`django-signals: ${prefix}: ${message}\n`);
    return EXIT_ERROR;
  }
}
