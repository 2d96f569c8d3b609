// The Action, start to end: read what the runner gives, find what the pull request introduces in
// the checkout (the CLI's `diff`), print it, write the SARIF file and the outputs, publish the
// review (or annotations), write the job summary, and exit as `fail-on` asks.
import { writeFileSync } from "node:fs";
import type { Finding, Level } from "../analysis/index.js";
import { loadCliConfig } from "../cli/config.js";
import type { CliConfig } from "../cli/config.js";
import { diffRevisions } from "../cli/diff.js";
import type { DiffResult } from "../cli/diff.js";
import { UsageError } from "../cli/errors.js";
import { render } from "../cli/render.js";
import type { Sleep } from "../github/client.js";
import { findingsReport } from "../report/check-run.js";
import type { CheckRunReport } from "../report/check-run.js";
import { publicReason } from "../publish/public-error.js";
import { renderSarif } from "../report/sarif.js";
import { workflowCommand } from "../report/workflow-commands.js";
import { checkoutRoot, comparedCommits, reviewableLines } from "./checkout.js";
import type { ComparedCommits } from "./checkout.js";
import { deliver } from "./deliver.js";
import type { Delivery } from "./deliver.js";
import { readSettings } from "./settings.js";
import type { ActionSettings } from "./settings.js";
import { appendSummary, printUntrusted, setOutputs } from "./workflow.js";
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, exitStatusOf } from "../cli/exit-status.js";
import type { Output } from "./workflow.js";

export interface ActionIo {
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: Output;
  toolVersion: string;
  sleep: Sleep;
}

/** Without `fail-on`, the job fails when the app's check run would (`conclusion_on_findings`). */
function exitStatus(
  findings: readonly Finding[],
  failOn: Level | undefined,
  report: CheckRunReport,
) {
  if (failOn !== undefined) return exitStatusOf(findings, failOn);
  return report.conclusion === "failure" ? EXIT_FINDINGS : EXIT_CLEAN;
}

function summaryOf(report: CheckRunReport, delivery: Delivery): string {
  const { title, summary, text } = report.output;
  const note = delivery.instead === undefined ? [] : [`> No review posted: ${delivery.instead}.`];
  return [`## Django signals: ${title}`, "", ...note, "", summary, "", text ?? ""].join("\n");
}

interface CheckoutScan {
  root: string;
  config: CliConfig;
  commits: ComparedCommits;
  result: DiffResult;
}

/** What the PR introduces, judged on the checkout as the CLI's `diff` judges it. */
async function scanCheckout(settings: ActionSettings): Promise<CheckoutScan> {
  const root = await checkoutRoot(settings.workspace);
  const config = loadCliConfig(settings.workspace, settings.configFile);
  const commits = await comparedCommits(root, settings.event);
  const result = await diffRevisions({
    cwd: root,
    base: commits.base,
    head: { revision: commits.head },
    exclude: [],
    analyze: config.analyze,
    includes: config.includes,
  });
  return { root, config, commits, result };
}

/** The findings in the log (as `format` asks), the SARIF file, and the step's outputs. */
function writeResults(io: ActionIo, settings: ActionSettings, { config, result }: CheckoutScan) {
  const { docsBaseUrl } = config.analyze;
  const rendering = { toolVersion: io.toolVersion, ...(docsBaseUrl && { docsBaseUrl }) };
  const summary = {
    filesChecked: result.filesChecked,
    filesWithSyntaxErrors: result.filesWithSyntaxErrors,
  };
  const format = settings.format;
  const sarif = renderSarif(result.findings, {
    ...rendering,
    filesWithSyntaxErrors: result.filesWithSyntaxErrors,
  });
  const output =
    format === "sarif"
      ? sarif
      : render(result.findings, { ...rendering, format, summary, color: false });
  // Workflow commands are the point of `github`; every other format is shown as inert text.
  if (format === "github") io.stdout.write(output);
  else printUntrusted(io.stdout, output);
  writeFileSync(settings.sarifFile, sarif);
  setOutputs(io.env, { findings: String(result.findings.length), sarif: settings.sarifFile });
}

async function publish(
  io: ActionIo,
  settings: ActionSettings,
  scan: CheckoutScan,
  report: CheckRunReport,
): Promise<Delivery> {
  const context = {
    ...io,
    out: io.stdout,
    baseUrl: settings.apiUrl,
    userAgent: `django-signals-action/${io.toolVersion}`,
    format: settings.format,
    ...(settings.token && { token: settings.token }),
  };
  const result = {
    config: scan.config.repo,
    findings: scan.result.findings,
    notScanned: scan.result.notScanned,
    selection: await reviewableLines(scan.root, scan.commits),
    listingComplete: true,
    // No review comment count: a re-run job gets the first run's event, with the old count.
  };
  return deliver(
    context,
    { pull: settings.event.pull, headSha: scan.commits.head },
    result,
    report,
  );
}

async function review(io: ActionIo, settings: ActionSettings): Promise<number> {
  const scan = await scanCheckout(settings);
  writeResults(io, settings, scan);
  const { findings } = scan.result;
  const report = findingsReport(findings, scan.config.repo.conclusionOnFindings);
  const delivery = await publish(io, settings, scan, report);
  appendSummary(io.env, summaryOf(report, delivery));
  return exitStatus(findings, settings.failOn, report);
}

/** Runs the Action and returns its exit code; never throws. */
export async function runAction(io: ActionIo): Promise<number> {
  try {
    return await review(io, readSettings(io.env, io.cwd));
  } catch (error) {
    const message =
      error instanceof UsageError ? error.message : `internal error: ${publicReason(error)}`;
    io.stdout.write(workflowCommand("error", { title: "django-signals" }, message));
    return EXIT_ERROR;
  }
}
