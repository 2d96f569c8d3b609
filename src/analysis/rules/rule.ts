// The rule factory: metadata + check in one object, docs URL derived from the id, never typed per rule.
import type { BodyFacts } from "../body.js";
import type { ModelIndex } from "../models.js";
import type { Names } from "../names.js";
import type { Point } from "../locate.js";
import type { Registration } from "../registrations.js";
import type { ModelSignal } from "../signals.js";
import type { NeverRuns } from "./never-runs.js";
import type { ProjectIndex } from "../project/project.js";
import type { CodeLocation, HandlerFacts, ResolvedSender } from "../project/types.js";
import { DEFAULT_DOCS_BASE_URL, type RuleId, type RuleMeta } from "../types.js";

export interface RuleContext {
  registration: Registration;
  /** The receiver's model signals that are not configured as legitimate; never empty. */
  modelSignals: readonly ModelSignal[];
  /** Facts of the handler's body, wherever the project defines it; null when unknown. */
  body: BodyFacts | null;
  /**
   * The connected function as the project index knows it (its file, line, body hash, a later
   * redefinition); null without a project or when the project does not define it.
   */
  handler: HandlerFacts | null;
  /** True when the handler is defined in another file: body positions are not in this file. */
  handlerElsewhere: boolean;
  /** What the sender resolves to in the project; null without a sender or when unknown. */
  sender: ResolvedSender | null;
  /** The project (EMPTY_PROJECT without one) and this file's path in it, for the queries of project/index.ts. */
  project: ProjectIndex;
  path: string;
  models: ModelIndex;
  names: Names;
  /** Why Django will never call the receiver, when the file shows it; null otherwise. */
  neverRuns: NeverRuns | null;
}

export interface RuleHit {
  /** Where the offending statement starts; the registration when absent. */
  at?: Point;
  message: string;
  fix: string;
  example: string;
  /** Places of the project that already bypass the receiver (see bypassWritesOf). */
  evidence?: CodeLocation[];
}

export interface Rule extends RuleMeta {
  check(context: RuleContext): RuleHit[];
}

export function createRule(meta: RuleMeta, check: Rule["check"]): Rule {
  return { ...meta, check };
}

export function docsUrl(ruleId: RuleId, docsBaseUrl: string = DEFAULT_DOCS_BASE_URL): string {
  return `${docsBaseUrl.replace(/\/+$/, "")}/${ruleId}.md`;
}
