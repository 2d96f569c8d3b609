// The models a receiver's body picks out for itself, when it receives every model's signal and
// acts on a few: `if not isinstance(instance, Invoice): return` first, or nothing but
// `if sender is Book:` / `elif sender is Author:` blocks. A check that guards only part of the
// body, or that `or` widens, picks nothing out.

/** The classes a body checks its instance or sender against, and how. */
export interface TypeGuard {
  /** As written: `Invoice`, `billing.Invoice`. */
  classes: string[];
  /** `isinstance`/`issubclass` accept subclasses; `is`, `==` and `in` take these classes only. */
  subclasses: boolean;
}

/** A body's code from the start of a line, strings and comments blanked. */
export interface BodyLines {
  code: string;
  /** The indentation of the body's own statements. */
  indent: string;
  /** Where `code` starts in the source. */
  start: number;
}

const NAME = String.raw`[\p{L}_][\p{L}\p{N}_]*`;
const CLASS = String.raw`${NAME}(?:\s*\.\s*${NAME})*`;
const GROUP = String.raw`[(\[]\s*${CLASS}(?:\s*,\s*${CLASS})*\s*,?\s*[)\]]`;
// The rest of a condition, without brackets: a `:` in a dict, slice or lambda cannot end it early.
const PLAIN_TAIL = String.raw`[^:()[\]{}]*`;

interface GuardPatterns {
  /** `if not isinstance(checked, X) [or ...]: [return]`, the classes in groups, the rest last. */
  earlyReturn: RegExp;
  /** `if|elif isinstance(checked, X) [and ...]:`: group 1 the subclass check, then the classes. */
  branch: RegExp;
}

// Compiled once per parameter name: bodies share a handful (`sender`, `instance`, `kwargs`).
const patternsByName = new Map<string, GuardPatterns>();

function patternsFor(checked: string): GuardPatterns {
  let patterns = patternsByName.get(checked);
  if (!patterns) {
    const subclass = String.raw`(?:isinstance|issubclass)\(\s*${checked}\s*,\s*(${CLASS}|${GROUP})\s*\)`;
    const identity = String.raw`${checked}\s*(?:==|is)\s*(${CLASS})|${checked}\s+in\s+(${GROUP})`;
    const negated = String.raw`not\s+${subclass}|${checked}\s*(?:!=|is\s+not)\s*(${CLASS})|${checked}\s+not\s+in\s+(${GROUP})`;
    patterns = {
      // `or` after a negated check only returns more often; after a positive one it widens it.
      earlyReturn: new RegExp(
        String.raw`^if\s+(?:${negated})(?:\s+or\s${PLAIN_TAIL})?\s*:\s*(.*)$`,
        "u",
      ),
      branch: new RegExp(
        String.raw`^(?:if|elif)\s+(?:(${subclass})|${identity})(?:\s+and\s(?![^:]*\bor\b)${PLAIN_TAIL})?\s*:`,
        "u",
      ),
    };
    patternsByName.set(checked, patterns);
  }
  return patterns;
}

// Model classes are CapWords: `sender is None`, `sender == model` or `sender in MODELS` compare
// with something else, and every model is a `models.Model`.
const CAPWORDS_CLASS = /^(?:[\p{L}_][\p{L}\p{N}_]*\.)*_*\p{Lu}[\p{L}\p{N}_]*\p{Ll}[\p{L}\p{N}_]*$/u;
const NOT_MODELS = /(?:^|\.)(?:True|False|None|Model)$/u;

/** The models the body picks out, or null; `parameters` are the handler's parameter names. */
export function readTypeGuard(lines: BodyLines, parameters: readonly string[]): TypeGuard | null {
  const statements = topLevelStatements(lines);
  for (const checked of parameters) {
    if (!lines.code.includes(checked)) continue;
    const guard = earlyReturn(statements, checked) ?? onlyBranches(statements, checked);
    if (guard) return guard;
  }
  return null;
}

interface Statement {
  /** The statement's first line, without its indentation. */
  head: string;
  /** The lines of its block (deeper indented), trimmed and non-blank. */
  block: string[];
}

/** The body's own statements; a docstring and lines that only close brackets are no statements. */
function topLevelStatements({ code, indent }: BodyLines): Statement[] {
  const statements: Statement[] = [];
  for (const line of code.split("\n")) {
    if (line.trim() === "") continue;
    const own = line.startsWith(indent) && !/^[ \t]/.test(line.slice(indent.length));
    const head = line.trim();
    if (own && !/^[)\]}"']/.test(head)) statements.push({ head, block: [] });
    else if (!own) statements.at(-1)?.block.push(head);
  }
  return statements;
}

/** `if not isinstance(instance, X): return` (or `or ...`) as the first statement. */
function earlyReturn(statements: readonly Statement[], checked: string): TypeGuard | null {
  const [first] = statements;
  const match = first && patternsFor(checked).earlyReturn.exec(first.head);
  if (!match) return null;
  const inline = match.at(-1) ?? "";
  const body = inline === "" ? (first.block.length === 1 ? first.block[0] : "") : inline;
  if (!/^return\b/.test(body ?? "")) return null;
  // Group 1 holds the classes of `not isinstance(...)`; the others, of `!=` and `not in`.
  return guardOf(match.slice(1, -1), match[1] !== undefined);
}

/** Every statement an `if`/`elif` of a positive check (`and ...` allowed), with no `else`. */
function onlyBranches(statements: readonly Statement[], checked: string): TypeGuard | null {
  if (statements.length === 0) return null;
  const pattern = patternsFor(checked).branch;
  const classes: string[] = [];
  let subclasses = false;
  for (const { head } of statements) {
    const match = pattern.exec(head);
    if (!match) return null;
    if (match[1] !== undefined) subclasses = true;
    classes.push(...match.slice(2));
  }
  return guardOf(classes, subclasses);
}

/** The guard of the captured class texts, or null when one is not a model class. */
function guardOf(captured: readonly (string | undefined)[], subclasses: boolean): TypeGuard | null {
  const classes = captured
    .filter((written) => written !== undefined)
    .flatMap((written) => written.replace(/[()[\]\s]/g, "").split(","))
    .filter((name) => name !== "");
  if (classes.length === 0 || !classes.every(isModelClass)) return null;
  return { classes: [...new Set(classes)], subclasses };
}

function isModelClass(name: string): boolean {
  return CAPWORDS_CLASS.test(name) && !NOT_MODELS.test(name);
}
