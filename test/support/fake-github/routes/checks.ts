import { checkRunJson } from "../json.js";
import {
  type Handler,
  type HandlerContext,
  HttpError,
  bodyObject,
  intParam,
  notFound,
  pageParams,
  requireRepo,
  unprocessable,
} from "../http.js";
import type { CheckRun } from "../state.js";

const TEXT_LIMIT = 65535;
const ANNOTATIONS_PER_REQUEST = 50;

/** Applies a create/update body: output fields replace, annotations append (as GitHub does). */
function applyCheckRunInput(
  ctx: HandlerContext,
  run: CheckRun,
  input: Record<string, unknown>,
): void {
  const output = (input.output ?? undefined) as Record<string, unknown> | undefined;
  const annotations = (output?.annotations ?? []) as Record<string, unknown>[];
  if (annotations.length > ANNOTATIONS_PER_REQUEST) {
    throw unprocessable(`Only ${ANNOTATIONS_PER_REQUEST} annotations are allowed per request`);
  }
  for (const field of ["summary", "text"] as const) {
    const value = output?.[field];
    if (typeof value === "string" && value.length > TEXT_LIMIT) {
      throw unprocessable(`output.${field} is too long (maximum is ${TEXT_LIMIT} characters)`);
    }
  }
  if (typeof input.name === "string") run.name = input.name;
  if (typeof input.details_url === "string") run.detailsUrl = input.details_url;
  if (typeof input.external_id === "string") run.externalId = input.external_id;
  if (typeof input.status === "string") run.status = input.status;
  if (typeof input.conclusion === "string") {
    run.conclusion = input.conclusion;
    run.status = "completed";
  }
  if (run.status === "completed" && run.completedAt === null) {
    run.completedAt =
      typeof input.completed_at === "string" ? input.completed_at : ctx.state.nowIso();
  }
  if (Array.isArray(input.actions)) run.actions = input.actions as Record<string, unknown>[];
  if (output) {
    for (const field of ["title", "summary", "text"] as const) {
      if (typeof output[field] === "string") run.output[field] = output[field];
    }
    run.output.annotations.push(...annotations);
  }
  run.updates.push(input);
}

function requireInstallation(ctx: HandlerContext): void {
  if (ctx.caller.kind !== "installation")
    throw new HttpError(403, "Resource not accessible by integration");
}

const createCheckRun: Handler = (ctx) => {
  requireInstallation(ctx);
  const repo = requireRepo(ctx);
  const input = bodyObject(ctx);
  const headSha = String(input.head_sha);
  if (!ctx.state.commit(repo, headSha)) throw unprocessable(`No commit found for SHA: ${headSha}`);
  const run: CheckRun = {
    id: ctx.state.nextId(),
    repo,
    headSha,
    name: String(input.name),
    status: "queued",
    conclusion: null,
    startedAt: typeof input.started_at === "string" ? input.started_at : ctx.state.nowIso(),
    completedAt: null,
    output: { annotations: [] },
    actions: [],
    updates: [],
  };
  applyCheckRunInput(ctx, run, input);
  ctx.state.checkRuns.push(run);
  return { status: 201, body: checkRunJson(ctx.state, run, ctx.urls) };
};

function requireCheckRun(ctx: HandlerContext): CheckRun {
  const repo = requireRepo(ctx);
  const id = intParam(ctx, "check_run_id");
  const run = ctx.state.checkRuns.find((r) => r.id === id && r.repo === repo);
  if (!run) throw notFound();
  return run;
}

const updateCheckRun: Handler = (ctx) => {
  requireInstallation(ctx);
  const run = requireCheckRun(ctx);
  applyCheckRunInput(ctx, run, bodyObject(ctx));
  return { status: 200, body: checkRunJson(ctx.state, run, ctx.urls) };
};

const listForRef: Handler = (ctx) => {
  const repo = requireRepo(ctx);
  const commit = ctx.state.resolveRef(repo, ctx.params.ref ?? "");
  if (!commit) throw unprocessable(`No commit found for SHA: ${ctx.params.ref}`);
  const name = ctx.query.get("check_name");
  const status = ctx.query.get("status");
  let runs = ctx.state
    .checkRunsFor(repo, commit.sha)
    .filter((r) => (!name || r.name === name) && (!status || r.status === status));
  if (ctx.query.get("filter") !== "all") {
    // "latest": the newest run per name.
    runs = runs.filter((r) => !runs.some((other) => other.name === r.name && other.id > r.id));
  }
  const { page, perPage } = pageParams(ctx);
  const newestFirst = [...runs].reverse();
  return {
    status: 200,
    body: {
      total_count: runs.length,
      check_runs: newestFirst
        .slice((page - 1) * perPage, page * perPage)
        .map((r) => checkRunJson(ctx.state, r, ctx.urls)),
    },
  };
};

export const checkRoutes: Record<string, Handler> = {
  "checks/create": createCheckRun,
  "checks/update": updateCheckRun,
  "checks/get": (ctx) => ({
    status: 200,
    body: checkRunJson(ctx.state, requireCheckRun(ctx), ctx.urls),
  }),
  "checks/list-for-ref": listForRef,
};
