// One module's text -> its facts, from its logical statements (statements.ts) without a parse.
// Only a receiver-like function whose body the text reader cannot read surely parses the file.
import { argumentTexts } from "../arguments.js";
import { readBody } from "../body.js";
import { TreeLocator, type FunctionSpan } from "../locate.js";
import { parsePython } from "../parse.js";
import { SourceText } from "../source.js";
import { callFacts, constructionFact } from "./calls.js";
import { receiverNames, registrationHelperFact } from "./helper-facts.js";
import type {
  AssignmentFact,
  CallFact,
  ClassFact,
  FunctionFact,
  ImportFact,
  ModuleFacts,
} from "./module-facts.js";
import { matchingBracket, readStatements, type Statement } from "./statements.js";
import { hashCode } from "./size.js";

const CLASS_HEADER = /^class[ \t]+([\p{L}_][\p{L}\p{N}_]*)[ \t]*(\()?/u;
const DEF_HEADER = /^(?:async[ \t]+)?def[ \t]+([\p{L}_][\p{L}\p{N}_]*)[ \t]*\(/u;
const ASSIGNMENT = /^([\p{L}_][\p{L}\p{N}_]*)[ \t]*(?::[^=\n]*)?=(?!=)[ \t]*/u;
const IMPORT = /^import[ \t]/;
const FROM_IMPORT = /^from[ \t]+(\.*)[ \t]*([\p{L}\p{N}_.]*)[ \t]+import[ \t]*/u;
const MAX_VALUE = 300;
const TEST_MODULE =
  /(?:^|\/)(?:tests?\/|test_[^/]*\.pyi?$|[^/]*_tests?\.pyi?$|tests\.pyi?$|conftest\.pyi?$)/;
// What the index reads from class bodies: fields, managers, and what ties a class to a model.
// `label`: an AppConfig's app label, which lazy references ("app.Model") and AUTH_USER_MODEL use.
const ATTRIBUTES_KEPT = new Set([
  "model",
  "queryset",
  "form_class",
  "inlines",
  "serializer_class",
  "label",
]);
const FIELD_OR_MANAGER = /Field\s*\(|Key\s*\(|Manager|QuerySet|as_manager|ManyToMany|OneToOne/;
const META_KEPT = new Set(["model", "abstract", "proxy", "app_label", "db_table"]);

const RELATION = /ForeignKey|ParentalKey|OneToOne|ManyToMany/;
const CALLEE = /^[\p{L}_][\p{L}\p{N}_.]*\s*\(/u;

/** The class attribute as the index keeps it: a plain field keeps only what it calls. */
function keptAttribute(fact: AssignmentFact): AssignmentFact {
  if (ATTRIBUTES_KEPT.has(fact.name)) return fact;
  const callee = CALLEE.exec(fact.value)?.[0];
  return callee && !RELATION.test(callee) ? { ...fact, value: `${callee})` } : fact;
}
// A decorator that may register a receiver: `receiver(...)`, a project's wrapper of it, with a sender.
const RECEIVER_DECORATOR = /receiver|sender/;
const DOES_NOTHING = /^(?:\s|["']|\bpass\b|\.\.\.)*$/;

type Scope =
  | { kind: "class"; indent: number; fact: ClassFact; bodyIndent: number | null }
  | { kind: "meta"; indent: number; owner: ClassFact }
  | { kind: "function"; indent: number; fact: FunctionFact; header: FunctionHeader }
  | { kind: "nested"; indent: number; enclosing: string | null; className: string | null };

interface FunctionHeader {
  start: number;
  name: { start: number; end: number };
  parameters: { start: number; end: number };
  bodyStart: number;
  bodyEnd: number;
  indent: number;
  scopeIndent: number;
}

export function readModuleFacts(path: string, text: string): ModuleFacts {
  if (TEST_MODULE.test(path)) return noFacts(path, []);
  if (!DJANGO_HINT.test(text)) return noFacts(path, reexports(text));
  const reader = new ModuleReader(path, text);
  reader.read();
  return reader.facts();
}

// A module holds facts a query asks for only when it names Django (raw SQL goes through its
// `connection`), a model or a models module, a manager or a sender: most of a standard library
// does not.
const DJANGO_HINT =
  /django|rest_framework|\bmodels?\b|Model\b|\.objects\b|_default_manager|\bsender\b|AUTH_USER_MODEL|get_user_model/;

/**
 * A module with no other facts than `imports`. Tests write rows on purpose and out of band: they
 * are no place to call a function from, and no evidence of a bypass.
 */
function noFacts(path: string, imports: ImportFact[]): ModuleFacts {
  return { path, imports, assignments: [], classes: [], functions: [], calls: [], unread: null };
}

// `from .receivers import *`, `from .handlers import (a, b)`: what a package passes on.
const RELATIVE_IMPORT = /^[ \t]*from[ \t]+\.[^\n]*/gm;

/** The relative imports of a module read no further: the names it re-exports from its package. */
function reexports(text: string): ImportFact[] {
  if (!text.includes("from .")) return [];
  const source = new SourceText(text);
  return [...text.matchAll(RELATIVE_IMPORT)].flatMap((match) => {
    let statement = match[0];
    if (statement.includes("(") && !statement.includes(")")) {
      const close = text.indexOf(")", match.index);
      statement = text.slice(match.index, close === -1 ? text.length : close + 1);
    }
    return readImports(statement.trim(), source.positionAt(match.index).row + 1);
  });
}

class ModuleReader {
  private readonly source: SourceText;
  private readonly code: string;
  private readonly statements: Statement[];
  private readonly unterminated: boolean;
  private readonly stack: Scope[] = [];
  private decorators: string[] = [];
  private readonly imports: ImportFact[] = [];
  private readonly assignments: AssignmentFact[] = [];
  private readonly classes: ClassFact[] = [];
  private readonly functions: { fact: FunctionFact; header: FunctionHeader }[] = [];
  private readonly calls: CallFact[] = [];
  private locator: TreeLocator | undefined;

  constructor(
    private readonly path: string,
    text: string,
  ) {
    this.source = new SourceText(text);
    const read = readStatements(text);
    this.code = read.code;
    this.statements = read.statements;
    this.unterminated = read.unterminated;
  }

  read(): void {
    for (const statement of this.statements) this.statement(statement);
    this.popTo(-1, this.source.text.length);
  }

  facts(): ModuleFacts {
    const functions = this.functions.map(({ fact }) => fact);
    markRedefinitions(this.functions);
    return {
      path: this.path,
      imports: this.imports,
      assignments: this.assignments,
      classes: this.classes,
      functions,
      calls: this.calls,
      unread: this.unterminated ? "a string or a bracket never closes" : null,
    };
  }

  private lineOf(offset: number): number {
    return this.source.positionAt(offset).row + 1;
  }

  private statement(statement: Statement): void {
    this.popTo(statement.indent, statement.start);
    for (const scope of this.stack)
      if (scope.kind === "function") scope.header.bodyEnd = statement.end;
    const top = this.stack.at(-1);
    if (top?.kind === "class") top.bodyIndent ??= statement.indent;
    const code = this.code.slice(statement.start, statement.end);
    const first = code.charCodeAt(0);
    if (first === 64 /* @ */) {
      this.decorators.push(this.original(statement.start + 1, statement.end));
      return;
    }
    const decorators = this.decorators;
    this.decorators = [];
    // The first letter tells which headers a statement may start with: most are none of them.
    const classHeader = first === 99 /* c */ ? CLASS_HEADER.exec(code) : null;
    if (classHeader) return this.classStatement(statement, code, classHeader, decorators);
    const defHeader = first === 100 /* d */ || first === 97 /* a */ ? DEF_HEADER.exec(code) : null;
    if (defHeader) return this.defStatement(statement, code, defHeader, decorators);
    this.simpleStatement(statement, code, first);
  }

  private simpleStatement(statement: Statement, code: string, first: number): void {
    const top = this.stack.at(-1);
    if (
      (first === 105 /* i */ || first === 102) /* f */ &&
      (IMPORT.test(code) || FROM_IMPORT.test(code))
    ) {
      this.imports.push(...readImports(code, this.lineOf(statement.start)));
      return;
    }
    const assignment =
      top?.kind === "function" || top?.kind === "nested" ? null : ASSIGNMENT.exec(code);
    if (assignment?.[1]) this.assignment(statement, top, assignment[1], assignment[0].length, code);
    const { enclosing, className } = this.enclosing();
    const context = { enclosing, className, line: (at: number) => this.lineOf(at) };
    this.calls.push(...callFacts(this.source.text, this.code, statement, context));
    if (enclosing !== null) {
      const construction = constructionFact(this.source.text, code, statement, context);
      if (construction) this.calls.push(construction);
    }
  }

  /** `name = value` in the module, a class body or its Meta: kept when a query may read it. */
  private assignment(
    statement: Statement,
    top: Scope | undefined,
    name: string,
    valueOffset: number,
    code: string,
  ): void {
    const kept =
      !top ||
      (top.kind === "class" && (ATTRIBUTES_KEPT.has(name) || FIELD_OR_MANAGER.test(code))) ||
      (top.kind === "meta" && META_KEPT.has(name));
    if (!kept) return;
    const fact: AssignmentFact = {
      name,
      value: this.original(statement.start + valueOffset, statement.end, MAX_VALUE),
      line: this.lineOf(statement.start),
    };
    if (!top) this.assignments.push(fact);
    else if (top.kind === "class") top.fact.attributes.push(keptAttribute(fact));
    else if (top.kind === "meta") top.owner.meta.push(fact);
  }

  private classStatement(
    statement: Statement,
    code: string,
    header: RegExpExecArray,
    decorators: string[],
  ): void {
    const name = header[1] ?? "";
    const top = this.stack.at(-1);
    const open = header[2] ? statement.start + header[0].length - 1 : -1;
    const close = open === -1 ? -1 : matchingBracket(this.code, open, statement.end, 1);
    const colon = this.code.indexOf(":", close === -1 ? statement.start : close);
    const bodyStart = colon === -1 ? statement.end : colon + 1;
    if (top?.kind === "class" && name === "Meta") {
      this.stack.push({ kind: "meta", indent: statement.indent, owner: top.fact });
    } else if (!top) {
      const bases =
        open === -1 || close === -1
          ? []
          : (argumentTexts(this.source.text.slice(open, close + 1)) ?? [])
              .filter((argument) => argument.name === null && !argument.value.startsWith("*"))
              .map((argument) => compact(argument.value));
      const fact: ClassFact = {
        name,
        line: this.lineOf(statement.start),
        endLine: this.lineOf(statement.end),
        bases,
        decorators,
        attributes: [],
        meta: [],
      };
      this.classes.push(fact);
      this.stack.push({ kind: "class", indent: statement.indent, fact, bodyIndent: null });
    } else {
      this.stack.push({ kind: "nested", indent: statement.indent, ...this.enclosing() });
    }
    this.sameLineBody(bodyStart, statement);
  }

  private defStatement(
    statement: Statement,
    code: string,
    header: RegExpExecArray,
    decorators: string[],
  ): void {
    const top = this.stack.at(-1);
    const name = header[1] ?? "";
    const open = statement.start + header[0].length - 1;
    const close = matchingBracket(this.code, open, statement.end, 1);
    const colon = close === -1 ? -1 : this.code.indexOf(":", close);
    const bodyStart = colon === -1 || colon > statement.end ? statement.end : colon + 1;
    if (top && top.kind !== "class") {
      this.stack.push({ kind: "nested", indent: statement.indent, ...this.enclosing() });
      this.sameLineBody(bodyStart, statement);
      return;
    }
    const nameStart = statement.start + code.indexOf(name, code.indexOf("def") + 3);
    const fact: FunctionFact = {
      name,
      className: top?.fact.name ?? null,
      line: this.lineOf(statement.start),
      endLine: this.lineOf(statement.end),
      body: null,
      bodyHash: "",
      redefinedAt: null,
      receiverDecorators: decorators.filter((decorator) => RECEIVER_DECORATOR.test(decorator)),
      registers: null,
    };
    const functionHeader: FunctionHeader = {
      start: statement.start,
      name: { start: nameStart, end: nameStart + name.length },
      parameters: { start: open, end: close === -1 ? open : close + 1 },
      bodyStart: skipBlanks(this.code, bodyStart, statement.end),
      bodyEnd: statement.end,
      indent: statement.indent,
      scopeIndent: top?.bodyIndent ?? 0,
    };
    this.functions.push({ fact, header: functionHeader });
    this.stack.push({ kind: "function", indent: statement.indent, fact, header: functionHeader });
    this.sameLineBody(bodyStart, statement);
  }

  /** `class Meta: abstract = True`: the rest of the header's line is the first body statement. */
  private sameLineBody(bodyStart: number, statement: Statement): void {
    const start = skipBlanks(this.code, bodyStart, statement.end);
    if (start < statement.end) {
      this.statement({ start, end: statement.end, indent: statement.indent + 1 });
    }
  }

  /** Leaves the scopes a statement at `indent` is not inside of. */
  private popTo(indent: number, at: number): void {
    for (let top = this.stack.at(-1); top && indent <= top.indent; top = this.stack.at(-1)) {
      this.stack.pop();
      if (top.kind === "class") top.fact.endLine = this.lineOf(Math.max(0, at - 1));
      if (top.kind === "function") this.finishFunction(top.fact, top.header);
    }
  }

  private finishFunction(fact: FunctionFact, header: FunctionHeader): void {
    fact.endLine = this.lineOf(header.bodyEnd);
    const parameters = this.code.slice(header.parameters.start, header.parameters.end);
    fact.registers = this.registrationHelper(fact, header);
    if (!mayBeReceiver(parameters, fact.className !== null)) return;
    const body = this.code.slice(header.bodyStart, header.bodyEnd);
    // A body that does nothing (`pass`, a docstring) cannot tell two functions apart.
    fact.bodyHash = DOES_NOTHING.test(body) ? "" : hashCode(body.replace(/\s+/g, " "));
    const span: FunctionSpan = {
      node: { type: "function_definition", start: header.start, end: header.bodyEnd },
      name: header.name,
      parameters: header.parameters,
      body: { start: header.bodyStart, end: header.bodyEnd },
    };
    fact.body = readBody(span, () => this.tree(), this.source);
  }

  private registrationHelper(fact: FunctionFact, header: FunctionHeader) {
    const enclosing = fact.className ? `${fact.className}.${fact.name}` : fact.name;
    return registrationHelperFact({
      text: this.source.text,
      code: this.code,
      parameters: this.source.text.slice(header.parameters.start, header.parameters.end),
      isMethod: fact.className !== null,
      body: { start: header.bodyStart, end: header.bodyEnd },
      connects: this.calls.filter(
        (call) => call.kind === "connect" && call.enclosing === enclosing && call.line >= fact.line,
      ),
      receiverNames: receiverNames(this.imports),
    });
  }

  /** The parse, made only when a body's text leaves a doubt; dropped with the reader. */
  private tree(): TreeLocator {
    this.locator ??= new TreeLocator(parsePython(this.source.text).tree.rootNode);
    return this.locator;
  }

  private enclosing(): { enclosing: string | null; className: string | null } {
    for (let index = this.stack.length - 1; index >= 0; index--) {
      const scope = this.stack[index];
      if (scope?.kind === "nested")
        return { enclosing: scope.enclosing, className: scope.className };
      if (scope?.kind === "function") {
        const owner = scope.fact.className;
        return {
          enclosing: owner ? `${owner}.${scope.fact.name}` : scope.fact.name,
          className: owner,
        };
      }
      if (scope?.kind === "class") return { enclosing: null, className: scope.fact.name };
      if (scope?.kind === "meta") return { enclosing: null, className: scope.owner.name };
    }
    return { enclosing: null, className: null };
  }

  private original(start: number, end: number, limit = Number.POSITIVE_INFINITY): string {
    return compact(this.source.text.slice(start, Math.min(end, start + limit)));
  }
}

const SENDER_PARAMETER = /\bsender\b/;
const SIGNAL_PARAMETER = /\b(?:sender|instance)\b/;
const ONLY_STARRED =
  /^\(\s*(?:(?:self|cls)\s*,\s*)?(?:\*\s*[\p{L}_][\p{L}\p{N}_]*\s*,\s*)?\*\*\s*[\p{L}_][\p{L}\p{N}_]*\s*,?\s*\)$/u;

/**
 * Whether Django could call a function with these parameters as a receiver: it passes `signal=`
 * and `sender=` as keywords, so a receiver takes `**kwargs`; and a method that names `sender`, or
 * a function that names `sender` or `instance` or takes nothing else (`(*args, **kwargs)`). Other
 * methods that take `**kwargs` (`get_context_data(self, **kwargs)`, a form's `__init__(self,
 * instance=None, **kwargs)`) are many and are not read.
 */
function mayBeReceiver(parameters: string, isMethod: boolean): boolean {
  if (!parameters.includes("**")) return false;
  if (isMethod) return SENDER_PARAMETER.test(parameters);
  return SIGNAL_PARAMETER.test(parameters) || ONLY_STARRED.test(parameters);
}

/** A later `def` of the same name at the same indentation of the same scope replaces the earlier. */
function markRedefinitions(functions: readonly { fact: FunctionFact; header: FunctionHeader }[]) {
  const seen = new Map<string, FunctionFact>();
  for (const { fact, header } of functions) {
    if (header.indent !== header.scopeIndent) continue;
    const key = `${fact.className ?? ""}.${fact.name}`;
    const earlier = seen.get(key);
    if (earlier) earlier.redefinedAt = fact.line;
    seen.set(key, fact);
  }
}

function compact(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function skipBlanks(code: string, start: number, end: number): number {
  let at = start;
  while (at < end && /\s/.test(code[at] ?? "")) at++;
  return at;
}

const IMPORTED_NAME = /^([\p{L}_][\p{L}\p{N}_.]*|\*)(?:[ \t]+as[ \t]+([\p{L}_][\p{L}\p{N}_]*))?$/u;

/** `import a.b as c, d` or `from ..x import (y as z, w)` -> one fact per bound name. */
function readImports(code: string, line: number): ImportFact[] {
  const from = FROM_IMPORT.exec(code);
  const list = from ? code.slice(from[0].length) : code.replace(IMPORT, "");
  const names = list
    .replace(/[()\\]/g, " ")
    .split(",")
    .map((piece) =>
      IMPORTED_NAME.exec(
        piece
          .replace(/\s+/g, " ")
          .trim()
          .replace(/ ?\. ?/g, "."),
      ),
    )
    .filter((match) => match?.[1] !== undefined);
  return names.map((match) => ({
    from: from ? (from[2] ?? "") : null,
    level: from?.[1]?.length ?? 0,
    name: match?.[1] ?? "",
    alias: match?.[2] ?? null,
    line,
  }));
}
