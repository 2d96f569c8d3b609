// The replies to `/django-signals` commands: the help (also the answer to an unknown
// subcommand) and the polite refusal for someone who may not run a re-scan. Pure.
import { RULES } from "../analysis/index.js";
import { CONFIG_FILE_PATH } from "../config.js";
import { codeSpan } from "./markdown.js";
import { CHECK_RUN_NAME } from "./check-run.js";

const CONFIG_KEYS: readonly [key: string, defaultValue: string, meaning: string][] = [
  ["rules.<rule-id>", "the rule's level", "`off`, `notice`, `warning` or `failure`"],
  ["paths", '`["**"]`', "globs of the files to scan"],
  ["ignore_paths", "`[]`", "globs of the files to leave out"],
  ["comments", "`true`", "inline review comments"],
  ["review_event", "`COMMENT`", "or `REQUEST_CHANGES`"],
  [
    "legitimate_signals",
    "`[]`",
    "signals whose receivers are fine (e.g. your own non-ORM signals)",
  ],
  ["check_run", "`true`", `the ${codeSpan(CHECK_RUN_NAME)} check run`],
  [
    "conclusion_on_findings",
    "`neutral`",
    "the check's conclusion when the PR adds receivers: `success`, `neutral` or `failure`",
  ],
  ["docs_base_url", "this project's docs", "where the rule links point"],
  ["project_context", "`true`", "read the whole project from the base commit's archive"],
];

function unknownLine(unknown: string | undefined): string[] {
  return unknown === undefined
    ? []
    : [`${codeSpan(`/django-signals ${unknown}`)} is not a command I know.`, ""];
}

export function renderHelp(unknown?: string): string {
  return [
    ...unknownLine(unknown),
    "**django-signals** commands, each on a line of its own in a comment on a pull request:",
    "",
    `- ${codeSpan("/django-signals rescan")}: scan the pull request again. Only what is not commented yet is posted, and the ${codeSpan(CHECK_RUN_NAME)} check run is refreshed. For people with write access and the pull request's author.`,
    `- ${codeSpan("/django-signals help")}: this message.`,
    "",
    `Configuration: ${codeSpan(CONFIG_FILE_PATH)} on the default branch (or in the owner's ${codeSpan(".github")} repository).`,
    "",
    "| Key | Default | What it sets |",
    "| --- | --- | --- |",
    ...CONFIG_KEYS.map(([key, value, meaning]) => `| ${codeSpan(key)} | ${value} | ${meaning} |`),
    "",
    `Rule ids: ${RULES.map((rule) => codeSpan(rule.id)).join(", ")}.`,
  ].join("\n");
}

/** Marks the refusal a person was given, so a repeated command within the hour gets none. */
export function refusalMarker(login: string): string {
  return `<!-- django-signals:refused=${login.toLowerCase()} -->`;
}

export function renderRefusal(login: string): string {
  const text = [
    `Sorry @${login}, only people with write access to this repository, and the pull request's author, can run ${codeSpan("/django-signals rescan")}.`,
    "A maintainer can run it for you; every push to the pull request is scanned anyway.",
  ].join(" ");
  return `${text}\n\n${refusalMarker(login)}`;
}
