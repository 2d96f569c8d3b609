// Facts about a receiver's body that the rules read: calls of known methods on objects, raises,
// assignments to fields, the signal's arguments it reads, the models it picks out. Read from the
// body's text (body-text.ts), or confirmed through the tree cursor (body-tree.ts), as plain data:
// no node objects (see locate.ts).
import type { FunctionSpan, Point, TextRange, TreeLocator } from "./locate.js";
import { codeOnly, scanBody } from "./body-text.js";
import { readBodyFromTree } from "./body-tree.js";
import type { SourceText } from "./source.js";
import { readTypeGuard, type BodyLines, type TypeGuard } from "./type-guard.js";

export interface MethodCall {
  /** Where the call starts. */
  position: Point;
  /** `instance.tags` in `instance.tags.all()`, as written (whitespace collapsed). */
  object: string;
  /** The object's node type: `identifier`, `attribute`, `call` ... */
  objectType: string;
  method: string;
  /** The `(...)` of `update(...)`, `delete(...)` and task calls (see ARGUMENTS_READ); else null. */
  arguments: string | null;
}

export interface Raise {
  /** Where the `raise` statement starts. */
  position: Point;
  /** The exception as written: `OutOfStock` in `raise OutOfStock(x) from e`; null for a bare `raise`. */
  raised: string | null;
  /**
   * What the `except` clauses of the `try` statements of the same function whose body holds the
   * raise name, as written (`OSError`, `errors.Invalid`); a bare `except:` as `BaseException`.
   */
  caughtBy: string[];
}

export interface FieldAssignment {
  /** Where the assignment starts. */
  position: Point;
  /** `author` in `author.num_books = ...`. */
  object: string;
  field: string;
  /** `=`, `+=`, `-=` ... */
  operator: string;
  /** The assigned expression's text. */
  value: string;
}

export interface BodyFacts {
  /**
   * The name the model instance goes by: its parameter (`instance`), or the local bound to
   * `kwargs["instance"]`; read only when the body calls methods.
   */
  instanceName: string | null;
  /** Whether the body reads its `created` parameter (post_save's "inserted, not updated"). */
  readsCreated: boolean;
  /** Whether the body's code names `on_commit`: it defers some work until the transaction commits. */
  defersToCommit: boolean;
  /**
   * Whether the body reads `action` or `pk_set` (m2m_changed's arguments): in code, as a string key
   * (`kwargs["action"]`), or by passing its keyword arguments on (`handle(**kwargs)`).
   */
  readsAction: boolean;
  readsPkSet: boolean;
  /** Whether the body is only `pass`, `...` or a docstring. */
  doesNothing: boolean;
  /** The models the body checks its instance or sender against, if it does. */
  typeGuard: TypeGuard | null;
  /** Calls of the methods the rules know (saving, deleting, creating, reading, queueing tasks). */
  methodCalls: MethodCall[];
  raises: Raise[];
  fieldAssignments: FieldAssignment[];
  /** Local names bound to a constructor call: `copy = Book(...)` gives copy -> Book. */
  constructed: Map<string, string>;
  /** Local names bound to an attribute: `public = instance.publisher_public` gives that text. */
  aliases: Map<string, string>;
}

const CREATED = /\bcreated\b/;
const CREATED_PARAMETER = /^\s*created\b/;
const ON_COMMIT = /\bon_commit\b/;
const DOES_NOTHING = /^(?:\s|["']|\bpass\b|\.\.\.)*$/;
// What a line with a type guard has; most bodies have none and skip reading their statements.
const GUARD_HINT =
  /\b(?:isinstance|issubclass)\(|^[ \t]*(?:if|elif)\b[^\n]*(?:[!=]=|\bis\b|\bin\b)/m;

/** What a body's own text and tree tell; the handler's parameters are read apart. */
export type BodyTextFacts = Pick<
  BodyFacts,
  "methodCalls" | "raises" | "fieldAssignments" | "constructed" | "aliases"
>;

/** `locator` may be given as a function: the tree is then only made when the text leaves a doubt. */
export function readBody(
  handler: FunctionSpan,
  locator: TreeLocator | (() => TreeLocator),
  source: SourceText,
): BodyFacts {
  const range = handler.body;
  const body = range ? source.text.slice(range.start, range.end) : "";
  const code = codeOnly(body);
  const parameters = splitParameters(handler.parameters ? source.of(handler.parameters) : "");
  const names = namesOf(parameters);
  const keywords = keywordsParameter(parameters);
  // Read at most once, and only when a guard or `kwargs["instance"]` needs whole lines.
  let lines: BodyLines | null | undefined;
  const linesOnce = () =>
    lines === undefined ? (lines = range && bodyLines(range, code, source)) : lines;
  const passesOn = passesKeywords(keywords, code ?? body);
  const read: BodyTextFacts = range
    ? (scanBody(source, range, code) ??
      readBodyFromTree(range, typeof locator === "function" ? locator() : locator, source))
    : {
        methodCalls: [],
        raises: [],
        fieldAssignments: [],
        constructed: new Map(),
        aliases: new Map(),
      };
  // One literal of one shape: cheaper for V8 than spreading `read` into it.
  const facts: BodyFacts = {
    methodCalls: read.methodCalls,
    raises: read.raises,
    fieldAssignments: read.fieldAssignments,
    constructed: read.constructed,
    aliases: read.aliases,
    instanceName: null,
    // In code, not in a string or a comment; and only a parameter of that name counts.
    readsCreated:
      mentions(code ?? body, "created", CREATED) &&
      parameters.some((p) => CREATED_PARAMETER.test(p)),
    defersToCommit: mentions(code ?? body, "on_commit", ON_COMMIT),
    readsAction: readsArgument(body, code, ACTION, passesOn),
    readsPkSet: readsArgument(body, code, PK_SET, passesOn),
    doesNothing: DOES_NOTHING.test(code ?? body),
    typeGuard: guardIn(code, linesOnce, names),
  };
  // Only calls on the instance need its name: the rest skip reading it.
  if (facts.methodCalls.length > 0) {
    facts.instanceName = instanceName(names, keywords, linesOnce, source);
  }
  return facts;
}

/** The models the body picks out for itself (see type-guard.ts); read only when it may. */
function guardIn(
  code: string | null,
  lines: () => BodyLines | null,
  names: readonly string[],
): TypeGuard | null {
  if (code === null || !code.includes("if")) return null;
  if (!GUARD_HINT.test(code)) return null;
  const read = lines();
  return read && readTypeGuard(read, names);
}

/** A keyword argument of the signal, as a name in code and as a string key. */
interface SignalArgument {
  name: string;
  word: RegExp;
  key: RegExp;
}

const ACTION: SignalArgument = { name: "action", word: /\baction\b/, key: /["']action["']/ };
const PK_SET: SignalArgument = { name: "pk_set", word: /\bpk_set\b/, key: /["']pk_set["']/ };

/**
 * Whether the body reads the signal's keyword argument: as a name in its code or a string key
 * (comments do not count), or all of them at once by passing `**kwargs` on.
 */
function readsArgument(
  body: string,
  code: string | null,
  { name, word, key }: SignalArgument,
  passesOn: boolean,
): boolean {
  if (passesOn) return true;
  return mentions(code ?? body, name, word) || (body.includes(name) && key.test(body));
}

/** Whether the body passes its `**kwargs` on whole (`handle(sender, **kwargs)`). */
function passesKeywords(keywords: string | undefined, code: string): boolean {
  if (keywords === undefined || !code.includes("**")) return false;
  return new RegExp(String.raw`\*\*\s*${keywords}\b`, "u").test(code);
}

/** Whether `text` has `word` as a whole word; the plain search first, as most bodies lack it. */
function mentions(text: string, word: string, wholeWord: RegExp): boolean {
  return text.includes(word) && wholeWord.test(text);
}

/**
 * `instance` by name, else the second positional parameter (after `sender`, and `self`), else the
 * name the body gives `kwargs["instance"]` (`def on_save(sender, **kwargs)`).
 */
function instanceName(
  names: readonly string[],
  keywords: string | undefined,
  lines: () => BodyLines | null,
  source: SourceText,
): string | null {
  if (names.includes("instance")) return "instance";
  const positional = names[0] === "self" || names[0] === "cls" ? names.slice(1) : names;
  if (positional[1] !== undefined) return positional[1];
  return keywords ? instanceFromKeywords(keywords, lines(), source) : null;
}

const KEYWORDS_PARAMETER = /^\s*\*\*\s*([\p{L}_][\p{L}\p{N}_]*)/u;

/** `kwargs` in `(sender, **kwargs)`. */
function keywordsParameter(parameters: readonly string[]): string | undefined {
  return parameters.map((p) => KEYWORDS_PARAMETER.exec(p)?.[1]).find(Boolean);
}

/**
 * `obj` in a statement `obj = kwargs["instance"]` or `obj = kwargs.get('instance')` at the body's
 * own indentation: not in a nested block or function, a string or a comment.
 */
function instanceFromKeywords(
  keywords: string,
  lines: BodyLines | null,
  source: SourceText,
): string | null {
  if (!lines) return null;
  const binding = new RegExp(
    String.raw`^${lines.indent}([\p{L}_][\p{L}\p{N}_]*)[ \t]*=[ \t]*${keywords}[ \t]*(?:\[|\.get\()[ \t]*(["'])`,
    "gmu",
  );
  for (const match of lines.code.matchAll(binding)) {
    // Strings are blanked in the code: the key is read from the text.
    const key = lines.start + match.index + match[0].length;
    if (source.text.startsWith(`instance${match[2] ?? ""}`, key)) return match[1] ?? null;
  }
  return null;
}

/**
 * The body's code from the start of a line, with the indentation of its statements; null for a
 * body on its header's line (`def h(sender, **kw): ...`) or when strings left it unreadable.
 */
function bodyLines(body: TextRange, code: string | null, source: SourceText): BodyLines | null {
  if (code === null) return null;
  const lineStart = source.text.lastIndexOf("\n", body.start - 1) + 1;
  const prefix = source.text.slice(lineStart, body.start);
  // The body starts at its first statement (the tree's block) or right after the header's `:`.
  const atStatement = /^[ \t]*$/.test(prefix);
  if (!atStatement && code.slice(0, code.indexOf("\n") + 1).trim() !== "") return null;
  const lines = atStatement ? prefix + code : code;
  const indent = /^([ \t]+)\S/m.exec(lines)?.[1];
  if (indent === undefined) return null;
  return { code: lines, indent, start: atStatement ? lineStart : body.start };
}

/** `(self, sender, instance: Book = None, *args, **kwargs)` -> `["self", "sender", "instance"]`. */
export function parameterNames(parameters: string): string[] {
  return namesOf(splitParameters(parameters));
}

function namesOf(parameters: readonly string[]): string[] {
  return parameters
    .map((parameter) => /^\s*([\p{L}\p{N}_]+)/u.exec(parameter)?.[1])
    .filter((name) => name !== undefined);
}

/** The parameters as written, split at top-level commas. */
function splitParameters(parameters: string): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of parameters.replace(/^\s*\(|\)\s*$/g, "")) {
    if ("([{".includes(char)) depth++;
    else if (")]}".includes(char)) depth--;
    if (char === "," && depth === 0) {
      pieces.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  pieces.push(current);
  return pieces;
}
