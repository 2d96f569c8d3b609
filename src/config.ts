// The repository's `.github/django-signals.yml`: schema, defaults, and errors that point at the
// line that is wrong. Pure: text in, config or errors out (src/github fetches the file).
import { isMap, isScalar, LineCounter, parseDocument } from "yaml";
import type { Document, Node } from "yaml";
import { z } from "zod";
import { RULES } from "./analysis/index.js";
import { anyGlob, compileGlob, GlobError } from "./glob.js";
import type { AnalyzeOptions, Level, RuleId } from "./analysis/index.js";

export const CONFIG_FILE_PATH = ".github/django-signals.yml";

const level = z.enum(["off", "notice", "warning", "failure"]);
/** Patterns per key: each path of a PR is matched against all of them. */
const MAX_GLOBS = 100;

const glob = z
  .string()
  .min(1)
  .superRefine((pattern, context) => {
    try {
      compileGlob(pattern);
    } catch (error) {
      if (!(error instanceof GlobError)) throw error;
      context.addIssue({ code: "custom", message: `the pattern ${error.message}` });
    }
  });
const globs = z.array(glob).max(MAX_GLOBS);

// Strict objects: a typo in a key is an error, never a silent fallback to the default. The
// descriptions are what editors show from the JSON Schema (configJsonSchema).
const schema = z.strictObject({
  rules: z
    .strictObject(
      Object.fromEntries(
        RULES.map((rule) => [
          rule.id,
          level.optional().describe(`${rule.title} (default: ${rule.defaultSeverity})`),
        ]),
      ),
    )
    .default({})
    .describe("Each rule's level: off, notice, warning or failure"),
  paths: globs.default(["**"]).describe("Globs of the files to review"),
  ignore_paths: globs.default([]).describe("Globs of files to skip"),
  comments: z.boolean().default(true).describe("Inline review comments (false: check run only)"),
  review_event: z
    .enum(["COMMENT", "REQUEST_CHANGES"])
    .default("COMMENT")
    .describe("The event of the review the app posts"),
  legitimate_signals: z
    .array(z.string().min(1))
    .default([])
    .describe("More signal names to treat as legitimate, such as post_save"),
  check_run: z.boolean().default(true).describe("The `Django signals` check run"),
  conclusion_on_findings: z
    .enum(["success", "neutral", "failure"])
    .default("neutral")
    .describe("The check run's conclusion when findings are new and none is at failure"),
  docs_base_url: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe("Where rule links point (default: DOCS_BASE_URL, else this project's docs)"),
  project_context: z
    .boolean()
    .default(true)
    .describe("Read the whole project from the commit's archive (false: the changed files only)"),
});

export interface RepoConfig {
  levels: Partial<Record<RuleId, Level>>;
  paths: string[];
  ignorePaths: string[];
  comments: boolean;
  reviewEvent: "COMMENT" | "REQUEST_CHANGES";
  legitimateSignals: string[];
  checkRun: boolean;
  conclusionOnFindings: "success" | "neutral" | "failure";
  docsBaseUrl?: string;
  /** Read the whole project from the base commit's archive (false: the changed files only). */
  projectContext: boolean;
}

export interface ConfigIssue {
  /** 1-based; absent when the problem is not at one place (an empty document). */
  line?: number;
  column?: number;
  message: string;
}

export type ConfigResult =
  | { ok: true; config: RepoConfig }
  | {
      ok: false;
      issues: ConfigIssue[];
      /**
       * The file, invalid as it is, says `check_run: false`: its errors then go to a PR comment
       * instead of the check run it turned off.
       */
      checkRunOff: boolean;
    };

export const DEFAULT_CONFIG: RepoConfig = toRepoConfig(schema.parse({}));

/** The file's JSON Schema for editors, generated from the schema the app validates with. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(schema, { io: "input", target: "draft-7" }),
    title: CONFIG_FILE_PATH,
    description: "Configuration of django-signals-bot (the GitHub App, the Action and the CLI)",
  };
}

function toRepoConfig(parsed: z.infer<typeof schema>): RepoConfig {
  const config: RepoConfig = {
    levels: parsed.rules as Partial<Record<RuleId, Level>>,
    paths: parsed.paths,
    ignorePaths: parsed.ignore_paths,
    comments: parsed.comments,
    reviewEvent: parsed.review_event,
    legitimateSignals: parsed.legitimate_signals,
    checkRun: parsed.check_run,
    conclusionOnFindings: parsed.conclusion_on_findings,
    projectContext: parsed.project_context,
  };
  if (parsed.docs_base_url !== undefined) config.docsBaseUrl = parsed.docs_base_url;
  return config;
}

/** The node a zod issue path points at, or the nearest ancestor that exists. */
function nodeAt(doc: Document, path: readonly PropertyKey[]): Node | undefined {
  for (let length = path.length; length >= 0; length--) {
    const node = doc.getIn(path.slice(0, length) as unknown[], true);
    if (node && typeof node === "object" && "range" in node) return node as Node;
  }
  return undefined;
}

/** For an unknown key, the key itself is the place to show, not the map that holds it. */
function keyNode(map: Node | undefined, key: string): Node | undefined {
  if (!isMap(map)) return undefined;
  const pair = map.items.find((item) => isScalar(item.key) && item.key.value === key);
  return isScalar(pair?.key) ? pair.key : undefined;
}

function position(
  node: Node | undefined,
  lines: LineCounter,
): Pick<ConfigIssue, "line" | "column"> {
  const offset = node?.range?.[0];
  if (offset === undefined) return {};
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

function dottedPath(path: readonly PropertyKey[]): string {
  return path.map(String).join(".");
}

function schemaIssues(
  doc: Document,
  lines: LineCounter,
  issues: readonly z.core.$ZodIssue[],
): ConfigIssue[] {
  return issues.flatMap((issue) => {
    const node = nodeAt(doc, issue.path);
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        ...position(keyNode(node, key) ?? node, lines),
        message: `unknown key ${dottedPath([...issue.path, key])}`,
      }));
    }
    const where = issue.path.length > 0 ? `${dottedPath(issue.path)}: ` : "";
    return [{ ...position(node, lines), message: `${where}${issue.message}` }];
  });
}

function byLine(issues: ConfigIssue[]): ConfigIssue[] {
  return issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

const TOO_DEEP = "Maximum call stack size exceeded";

/** The parser's words for a file nested deeper than it can read, said for a person. */
function readable(message: string): string {
  return message === TOO_DEEP ? "the file is nested too deeply to read" : message;
}

/** Each problem once: a deep file makes the parser repeat one error at every level. */
function onceEach(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => !seen.has(issue.message) && seen.add(issue.message));
}

/**
 * The document as data. Aliases are capped (yaml's default, 100): a few lines of `*alias` can
 * otherwise expand to gigabytes. A file over the cap is a config error, not a crash.
 */
function toData(doc: Document): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: 100 }) as unknown };
  } catch (error) {
    if (error instanceof ReferenceError) {
      return { ok: false, message: "too many aliases (`*name`): the file expands too much" };
    }
    if (error instanceof RangeError) return { ok: false, message: readable(TOO_DEEP) };
    throw error;
  }
}

export function parseConfig(text: string): ConfigResult {
  const lines = new LineCounter();
  // prettyErrors fills in each error's line; its message then ends with a code excerpt: cut that.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true });
  const checkRunOff = isMap(doc.contents) && doc.get("check_run") === false;
  if (doc.errors.length > 0) {
    return {
      ok: false,
      checkRunOff,
      issues: onceEach(
        doc.errors.map((error) => ({
          ...(error.linePos ? { line: error.linePos[0].line, column: error.linePos[0].col } : {}),
          message: readable(
            (error.message.split("\n")[0] ?? error.code).replace(/ at line \d+, column \d+:$/, ""),
          ),
        })),
      ),
    };
  }
  const data = toData(doc);
  if (!data.ok) return { ok: false, checkRunOff, issues: [{ message: data.message }] };
  // An empty file (or one with only comments) means "all defaults".
  const parsed = schema.safeParse(data.value ?? {});
  if (!parsed.success) {
    const issues = byLine(schemaIssues(doc, lines, parsed.error.issues));
    return { ok: false, issues, checkRunOff };
  }
  return { ok: true, config: toRepoConfig(parsed.data) };
}

/** What the engine needs of a repository's configuration. */
export function analyzeOptionsOf(config: RepoConfig): Omit<AnalyzeOptions, "file"> {
  return {
    levels: config.levels,
    legitimateSignals: config.legitimateSignals,
    ...(config.docsBaseUrl === undefined ? {} : { docsBaseUrl: config.docsBaseUrl }),
  };
}

/** A predicate: the config's `paths` include the file and its `ignore_paths` do not exclude it. */
export function pathFilter(config: RepoConfig): (path: string) => boolean {
  const included = anyGlob(config.paths);
  if (config.ignorePaths.length === 0) return included;
  const ignored = anyGlob(config.ignorePaths);
  return (path) => included(path) && !ignored(path);
}
