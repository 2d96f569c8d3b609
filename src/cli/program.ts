// The `django-signals` command line: argument handling only; the work is in scan.ts and diff.ts.
import path from "node:path";
import { Argument, Command, CommanderError, Option } from "commander";
import type { Finding, UnreadFile } from "../analysis/index.js";
import { CONFIG_FILE_PATH } from "../config.js";
import { shouldUseColor } from "../report/text.js";
import type { TextSummary } from "../report/text.js";
import { diffRevisions } from "./diff.js";
import { loadCliConfig, type CliConfig } from "./config.js";
import { UsageError } from "./errors.js";
import { displayPath, enclosingRepository } from "./paths.js";
import { inDisplayPaths } from "./project.js";
import { FORMATS, render } from "./render.js";
import type { Format } from "./render.js";
import { scanPaths } from "./scan.js";

const EXIT_CLEAN = 0;
const EXIT_FINDINGS = 1;
const EXIT_ERROR = 2;

export interface CliIo {
  /** The package version, for --version and SARIF. */
  toolVersion: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
}

interface OutputOptions {
  format: Format;
  exclude: string[];
  /** `--config FILE`, `--no-config` (false), or undefined: the repository's file if any. */
  config?: string | false;
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
Only findings absent from the base versions of the changed files are reported, so a receiver
that moved (within a file, to a renamed file, or to another changed file) is not new.`;

const SCAN_HELP = `
Directories are searched for *.py and *.pyi files, honouring .gitignore files and skipping
node_modules, .git, __pycache__, migrations and virtualenvs (.venv, venv, any directory with
a pyvenv.cfg). A file named on the command line is always scanned.`;

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function addOutputOptions(command: Command): Command {
  return command
    .addOption(
      new Option("-f, --format <format>", "output format").choices(FORMATS).default("text"),
    )
    .addOption(
      new Option("--exclude <glob>", "skip paths matching this glob (repeatable)")
        .argParser(collect)
        .default([], "none"),
    )
    .option(
      "--config <file>",
      "configuration file (default: the repository's " + CONFIG_FILE_PATH + ")",
    )
    .option("--no-config", "ignore the configuration file");
}

/**
 * Findings named from the repository's root, which SARIF's `%SRCROOT%` stands for (GitHub code
 * scanning resolves paths against the checkout), whatever directory the command ran in.
 */
function fromRepositoryRoot(findings: readonly Finding[], cwd: string): Finding[] {
  const root = enclosingRepository(cwd) ?? cwd;
  const fromRoot = (file: string) => displayPath(path.resolve(cwd, file), root);
  return inDisplayPaths(findings, fromRoot).map((finding) => ({
    ...finding,
    file: fromRoot(finding.file),
  }));
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
  const report = (result: CommandResult, format: Format, { analyze }: CliConfig) => {
    const summary: TextSummary = {
      filesChecked: result.filesChecked,
      filesWithSyntaxErrors: result.filesWithSyntaxErrors.length,
    };
    const color = shouldUseColor(io.stdout.isTTY === true, io.env);
    const docsBaseUrl = analyze.docsBaseUrl;
    const context = { format, summary, color, toolVersion };
    const findings =
      format === "sarif" ? fromRepositoryRoot(result.findings, io.cwd) : result.findings;
    io.stdout.write(
      render(findings, docsBaseUrl === undefined ? context : { ...context, docsBaseUrl }),
    );
    io.stderr.write(unreadNote(result.unreadFiles));
    setExitCode(result.findings.length > 0 ? EXIT_FINDINGS : EXIT_CLEAN);
  };
  const program = new Command("django-signals")
    .description("Find Django signal receivers and learn what to write instead.")
    .version(toolVersion)
    .addHelpText("after", "\nExit status: 0 no findings, 1 findings, 2 usage or internal error.")
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
    const config = loadCliConfig(io.cwd, options.config);
    const result = await scanPaths(paths, {
      cwd: io.cwd,
      exclude: options.exclude,
      analyze: config.analyze,
      includes: config.includes,
    });
    report(result, options.format, config);
  });

  addOutputOptions(
    program
      .command("diff")
      .description("report only the findings a change introduces (inside a git repository)")
      .requiredOption("--base <rev>", "the revision to compare against")
      .option("--head <rev>", "the changed revision (default: the working tree)")
      .addHelpText("after", DIFF_HELP),
  ).action(async (options: OutputOptions & { base: string; head?: string }) => {
    const config = loadCliConfig(io.cwd, options.config);
    const result = await diffRevisions({
      cwd: io.cwd,
      base: options.base,
      ...(options.head !== undefined && { head: options.head }),
      exclude: options.exclude,
      analyze: config.analyze,
      includes: config.includes,
    });
    report(result, options.format, config);
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
