// Where the Action's findings go. One review, as the app posts it (fingerprints, no repeats,
// outdated comments hidden), when the token may write to the pull request; otherwise workflow
// annotations on the same lines. A fork's pull request gets a read-only token under
// `pull_request`: that is said once, as a notice, and never fails the job.
import type { Sleep } from "../github/client.js";
import { isForbiddenWrite } from "../github/client.js";
import { createActionOctokit } from "../github/action-octokit.js";
import type { PublishTarget } from "../publish/deps.js";
import { reviewFindings } from "../publish/review-findings.js";
import type { ScanResult } from "../publish/review-findings.js";
import type { CheckRunReport } from "../report/check-run.js";
import { renderWorkflowAnnotations, workflowCommand } from "../report/workflow-commands.js";
import type { Output } from "./workflow.js";

// The workflow's GITHUB_TOKEN writes as this bot: only its comments carry fingerprints that count
// (a personal token in `github-token` writes as its user, whose earlier comments are not read).
const workflowBotLogin = () => Promise.resolve("github-actions[bot]");
import type { Format } from "../cli/render.js";
import { workflowLogger } from "./workflow.js";

export interface Delivery {
  /** Why there is no review (annotations instead); absent when the review carries the findings. */
  instead?: string;
}

interface DeliveryContext {
  out: Output;
  token?: string;
  /** `GITHUB_API_URL`. */
  baseUrl: string;
  userAgent: string;
  sleep: Sleep;
  /** The log's format: `github` already writes the findings as annotations. */
  format: Format;
}

const READ_ONLY_TOKEN =
  "the token may not write to this pull request (a fork's pull request gets a read-only " +
  "GITHUB_TOKEN under `pull_request`): the findings are annotations and the job summary instead";

async function postReview(
  context: DeliveryContext,
  token: string,
  target: PublishTarget,
  scan: ScanResult,
): Promise<Delivery> {
  const log = workflowLogger(context.out);
  const octokit = createActionOctokit({ ...context, token, log });
  try {
    const deps = { octokit, log, sleep: context.sleep, botLogin: workflowBotLogin };
    const posted = await reviewFindings(deps, target, scan);
    log.info({ findings: scan.findings.length, posted }, "review published");
    return {};
  } catch (error) {
    if (!isForbiddenWrite(error)) throw error;
    return { instead: READ_ONLY_TOKEN };
  }
}

function reviewOrReason(
  context: DeliveryContext,
  target: PublishTarget,
  scan: ScanResult,
): Promise<Delivery> | Delivery {
  if (!scan.config.comments) {
    return { instead: "review comments are off in the configuration" };
  }
  if (context.token === undefined) {
    return { instead: "the github-token input is empty" };
  }
  return postReview(context, context.token, target, scan);
}

export async function deliver(
  context: DeliveryContext,
  target: PublishTarget,
  scan: ScanResult,
  report: CheckRunReport,
): Promise<Delivery> {
  const delivery = await reviewOrReason(context, target, scan);
  if (delivery.instead !== undefined && report.annotations.length > 0) {
    const notice = `No review posted: ${delivery.instead}`;
    context.out.write(workflowCommand("notice", { title: "django-signals" }, notice));
    // With `format: github` the findings are already annotations in the log.
    if (context.format !== "github")
      context.out.write(renderWorkflowAnnotations(report.annotations));
  }
  return delivery;
}
