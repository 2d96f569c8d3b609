// The data contract between analysis and every other layer. Pure data: no tree-sitter types here.
import type { ProjectIndex } from "./project/project.js";

export const RULE_IDS = [
  "model-signal-receiver",
  "receiver-without-sender",
  "m2m-read-in-save-signal",
  "signal-recursion",
  "denormalized-aggregate",
  "receiver-raises",
] as const;

export type RuleId = (typeof RULE_IDS)[number];

/** How loudly a finding is reported; the names match GitHub's check-run annotation levels. */
export type Severity = "notice" | "warning" | "failure";

/** A rule's configured level: a severity, or off. */
export type Level = Severity | "off";

/** The name of a receiver that is a lambda. */
export const LAMBDA_RECEIVER = "<lambda>";

/** One registration of a callable on one or more Django signals. */
export interface Receiver {
  /** The handler as written: `update_num_books`, `self.on_save`, `handlers.sync`, `<lambda>`. */
  name: string;
  /** Canonical signal names, e.g. `post_save`, `user_logged_in`. */
  signals: string[];
  /** The sender as written (`Book`, `"shop.Book"` is given as `shop.Book`), or null when absent. */
  sender: string | null;
  /** 1-based line and column of the registration (the decorator, or where the `.connect(` call starts). */
  line: number;
  column: number;
  kind: "decorator" | "connect";
  /** True when every signal is a model signal (pre_init ... m2m_changed). */
  isModelSignal: boolean;
  /** With a project: the qualified name of the model the sender resolves to, when it does. */
  senderModel?: string;
  /** With a project: the connected function, wherever it is defined, when the project defines it. */
  handler?: { file: string; line: number; name: string; bodyHash: string };
}

export interface Finding {
  ruleId: RuleId;
  severity: Severity;
  /** Path as given to the engine (repository-relative in the app and `diff`). */
  file: string;
  /** 1-based: the most specific place (the offending statement for body rules). */
  line: number;
  column: number;
  /** 1-based line of the registration this finding belongs to. */
  receiverLine: number;
  signals: string[];
  sender: string | null;
  receiver: string;
  /** What is wrong and why it hurts here, in the code's own names. Markdown inline code allowed. */
  message: string;
  /** What to write instead, one or two sentences in the code's own names. */
  fix: string;
  /** A Python snippet showing the refactoring, in the code's own names. */
  example: string;
  docsUrl: string;
  /** The connected function's definition, when it is in another file than the registration. */
  handler?: { file: string; line: number };
  /** Places of the project that already write the sender's rows without the signal. */
  evidence?: { file: string; line: number; code: string }[];
}

export interface AnalyzeOptions {
  /** Path reported in findings. */
  file: string;
  /** Per-rule level overrides; rules default to their metadata severity. */
  levels?: Partial<Record<RuleId, Level>>;
  /** Extra signal names (canonical) to treat as legitimate: receivers of these are never reported. */
  legitimateSignals?: string[];
  /** Base of the docs links; a finding's docsUrl is `${docsBaseUrl}/${ruleId}.md`. */
  docsBaseUrl?: string;
  /**
   * The project the file belongs to (see project/index.ts): handlers defined in other modules,
   * senders resolved to models, save sites and bypassing writes. Without it, the file alone.
   */
  project?: ProjectIndex;
  /** The file's path in `project` (relative to its root, with `/`); `file` when absent. */
  projectPath?: string;
}

export interface AnalysisResult {
  findings: Finding[];
  /** Every Django signal receiver found, reported or not (legitimate ones included). */
  receivers: Receiver[];
  /** True when the parse tree had errors; findings are still given for what could be read. */
  hasSyntaxErrors: boolean;
}

export const DEFAULT_DOCS_BASE_URL =
  "https://github.com/django-signals-bot/django-signals-bot/blob/main/docs/rules";

/** What reporters need to know about a rule (SARIF rules, help text, check-run titles). */
export interface RuleMeta {
  id: RuleId;
  /** A short name of the pattern, e.g. "Receiver of a model signal". */
  title: string;
  /** One sentence; docs/rules/<id>.md repeats it verbatim. */
  description: string;
  defaultSeverity: Severity;
}
