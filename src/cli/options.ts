// The options `scan` and `diff` share: output format, paths, configuration, rules, exit status.
import { Command, InvalidArgumentError, Option } from "commander";
import type { Level, RuleId } from "../analysis/index.js";
import { CONFIG_FILE_PATH } from "../config.js";
import type { CliConfig } from "./config.js";
import { FAIL_ON_LEVELS } from "./exit-status.js";
import { FORMATS } from "./render.js";
import type { Format } from "./render.js";
import { applyRuleSelection, parseRuleIds } from "./rule-selection.js";

export interface OutputOptions {
  format: Format;
  exclude: string[];
  /** `--config FILE`, `--no-config` (false), or undefined: the repository's file if any. */
  config?: string | false;
  select?: RuleId[];
  ignore: RuleId[];
  failOn: Level;
  exitZero?: true;
}

export const EXIT_HELP = `
Exit status: 0 no findings at or above --fail-on, 1 findings at or above it, 2 usage or internal error.`;

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `--select a,b --select c`: commander reports an unknown id as an invalid argument (exit 2). */
function collectRuleIds(value: string, previous: RuleId[] | undefined): RuleId[] {
  try {
    return [...(previous ?? []), ...parseRuleIds(value)];
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

export function addOutputOptions(command: Command): Command {
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
    .option("--no-config", "ignore the configuration file")
    .addOption(
      new Option(
        "--select <rules>",
        "report only these rule ids (comma-separated, repeatable)",
      ).argParser(collectRuleIds),
    )
    .addOption(
      new Option("--ignore <rules>", "do not report these rule ids (comma-separated, repeatable)")
        .argParser(collectRuleIds)
        .default([], "none"),
    )
    .addOption(
      new Option("--fail-on <level>", "exit 1 only for findings at or above this level")
        .choices(FAIL_ON_LEVELS)
        .default("notice"),
    )
    .addOption(new Option("--exit-zero", "exit 0 even with findings (same as --fail-on off)"))
    .addHelpText("after", EXIT_HELP);
}

/** The configuration's analysis options with --select and --ignore applied. */
export function withRuleSelection(config: CliConfig, options: OutputOptions): CliConfig {
  const selection = { ignore: options.ignore, ...(options.select && { select: options.select }) };
  const levels = applyRuleSelection(config.analyze.levels, selection);
  return { ...config, analyze: { ...config.analyze, levels } };
}
