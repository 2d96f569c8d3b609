// Where the project saves a model on purpose, where it writes the model's rows without its
// signals, and where it sends a model signal itself.
import { argumentTexts } from "../arguments.js";
import { signalName } from "../signals.js";
import type { CallFact, ClassFact, ModuleFacts } from "./module-facts.js";
import { fieldsOf, resolveModel, resolveSender } from "./models.js";
import type { ProjectIndex } from "./project.js";
import { resolveName } from "./resolve.js";
import type { BypassWrite, ManualSend, ModelFacts, SaveSite } from "./types.js";

const CREATING = new Set(["create", "get_or_create", "update_or_create"]);
const BYPASSING = new Set(["update", "bulk_create", "bulk_update"]);
// `Book.objects`, `Book._default_manager`: the model before its manager.
const MANAGER = /^(.+?)\.(?:objects|_default_manager|_base_manager)\b/u;
const SQL_WRITE = /\b(?:update|insert[ \t]+into|delete[ \t]+from)[ \t]+[`"[]?([\p{L}\p{N}_]+)/giu;

function sameModel(a: ModelFacts | null, b: ModelFacts): boolean {
  return a !== null && a.qualifiedName === b.qualifiedName;
}

/** The code that saves `model` on purpose: forms, admins, serializers, views, functions. */
export function saveSitesOf(index: ProjectIndex, model: ModelFacts): SaveSite[] {
  const sites: SaveSite[] = [];
  for (const facts of index.modules.values()) {
    for (const cls of facts.classes) sites.push(...classSites(index, facts, cls, model));
    sites.push(...adminRegistrations(index, facts, model), ...functionSites(index, facts, model));
  }
  return sites;
}

const endsWith = (cls: ClassFact, pattern: RegExp) => cls.bases.some((base) => pattern.test(base));

function classSites(
  index: ProjectIndex,
  facts: ModuleFacts,
  cls: ClassFact,
  model: ModelFacts,
): SaveSite[] {
  const site = (kind: SaveSite["kind"], method: string | null): SaveSite[] => [
    { kind, file: facts.path, line: cls.line, owner: cls.name, method },
  ];
  const names = (value: string | undefined) =>
    value !== undefined && sameModel(resolveModel(index, facts.path, value), model);
  const attribute = (name: string) => cls.attributes.findLast((fact) => fact.name === name)?.value;
  const metaModel = cls.meta.findLast((fact) => fact.name === "model")?.value;
  if (names(metaModel)) {
    if (endsWith(cls, /Serializer$/)) return site("serializer", "save");
    if (endsWith(cls, /Form$/)) return site("form", "save");
  }
  if (decoratorRegisters(index, facts.path, cls, model)) return site("admin", "save_model");
  if (endsWith(cls, /ViewSet$|APIView$/) && managerOf(attribute("queryset"), facts, index, model)) {
    return site("viewset", "perform_create");
  }
  const formClass = attribute("form_class");
  if (
    endsWith(cls, /View$/) &&
    (names(attribute("model")) || formFor(index, facts.path, formClass, model))
  ) {
    return site("view", "form_valid");
  }
  if (endsWith(cls, /Inline$/) && names(attribute("model"))) {
    const admin = adminWithInline(facts, cls.name);
    return admin
      ? [
          {
            kind: "inline",
            file: facts.path,
            line: admin.line,
            owner: admin.name,
            method: "save_formset",
          },
        ]
      : site("inline", null);
  }
  return [];
}

/** Whether `value` (`Book.objects.filter(...)`) reads through a manager of `model`. */
function managerOf(
  value: string | undefined,
  facts: ModuleFacts,
  index: ProjectIndex,
  model: ModelFacts,
): boolean {
  const head = value === undefined ? undefined : MANAGER.exec(value)?.[1];
  return head !== undefined && sameModel(resolveModel(index, facts.path, head), model);
}

function formFor(index: ProjectIndex, path: string, form: string | undefined, model: ModelFacts) {
  if (form === undefined) return false;
  const resolved = resolveName(index, path, form);
  if (resolved?.kind !== "class") return false;
  const meta = resolved.fact.meta.findLast((fact) => fact.name === "model")?.value;
  return meta !== undefined && sameModel(resolveModel(index, resolved.path, meta), model);
}

function adminWithInline(facts: ModuleFacts, inline: string): ClassFact | undefined {
  const listed = new RegExp(`[\\[(,]\\s*${inline}\\s*[\\]),]`, "u");
  return facts.classes.find((cls) =>
    cls.attributes.some((fact) => fact.name === "inlines" && listed.test(fact.value)),
  );
}

/** `@admin.register(Book, Author)` on the class. */
function decoratorRegisters(index: ProjectIndex, path: string, cls: ClassFact, model: ModelFacts) {
  return cls.decorators.some((decorator) => {
    const open = decorator.indexOf("(");
    if (open === -1 || !/(?:^|\.)register$/.test(decorator.slice(0, open).trim())) return false;
    const args = argumentTexts(decorator.slice(open)) ?? [];
    return args.some(
      (arg) => arg.name === null && sameModel(resolveModel(index, path, arg.value), model),
    );
  });
}

/** `admin.site.register(Book, BookAdmin)` and `site.register([Book, Author])`. */
function adminRegistrations(
  index: ProjectIndex,
  facts: ModuleFacts,
  model: ModelFacts,
): SaveSite[] {
  return facts.calls.flatMap((call): SaveSite[] => {
    if (call.kind !== "register" || !/(?:^|\.)site$|admin$/.test(call.object)) return [];
    const [models, admin] = (argumentTexts(call.args) ?? []).filter((arg) => arg.name === null);
    if (!models) return [];
    const listed = models.value.replace(/^[[(]|[\])]$/g, "").split(",");
    if (!listed.some((item) => sameModel(resolveModel(index, facts.path, item.trim()), model))) {
      return [];
    }
    const owner = admin?.value ?? "admin.site";
    const adminClass = admin
      ? facts.classes.findLast((cls) => cls.name === admin.value)
      : undefined;
    return [
      {
        kind: "admin",
        file: facts.path,
        line: adminClass?.line ?? call.line,
        owner,
        method: admin ? "save_model" : null,
      },
    ];
  });
}

/** Functions and methods that create a `model` or save one they constructed. */
function functionSites(index: ProjectIndex, facts: ModuleFacts, model: ModelFacts): SaveSite[] {
  const sites = new Map<string, SaveSite>();
  const add = (call: CallFact) => {
    if (call.enclosing === null || sites.has(call.enclosing)) return;
    sites.set(call.enclosing, {
      kind: "function",
      file: facts.path,
      line: call.line,
      owner: call.enclosing,
      method: null,
    });
  };
  for (const call of facts.calls) {
    if (CREATING.has(call.kind) && managerOf(call.object, facts, index, model)) add(call);
    if (call.kind === "save" && savesConstructed(index, facts, call, model)) add(call);
  }
  return [...sites.values()];
}

/** `Book(...).save()`, or `book.save()` after `book = Book(...)` in the same function. */
function savesConstructed(
  index: ProjectIndex,
  facts: ModuleFacts,
  call: CallFact,
  model: ModelFacts,
): boolean {
  const constructed = /^([\p{L}_][\p{L}\p{N}_.]*)\(/u.exec(call.object)?.[1];
  if (constructed) return sameModel(resolveModel(index, facts.path, constructed), model);
  const binding = facts.calls.findLast(
    (fact) =>
      fact.kind === "construct" &&
      fact.object === call.object &&
      fact.enclosing === call.enclosing &&
      fact.line <= call.line,
  );
  return binding !== undefined && sameModel(resolveModel(index, facts.path, binding.args), model);
}

/** The places that write `model`'s rows without sending its save or delete signals. */
export function bypassWritesOf(index: ProjectIndex, model: ModelFacts): BypassWrite[] {
  const accessors = new Set(relatedAccessors(index, model));
  const writes: BypassWrite[] = [];
  for (const facts of index.modules.values()) {
    for (const call of facts.calls) {
      const kind = bypassKind(index, facts, call, model, accessors);
      if (!kind) continue;
      const { line, code, enclosing } = call;
      writes.push({ kind, file: facts.path, line, code, enclosing });
    }
  }
  return writes;
}

/** `books` for `Book.author = ForeignKey(Author, related_name="books")`: `author.books.update()` writes Books. */
function relatedAccessors(index: ProjectIndex, model: ModelFacts): string[] {
  return fieldsOf(index, model).flatMap((field) =>
    field.relation?.kind === "foreign-key"
      ? [field.relation.relatedName ?? `${model.name.toLowerCase()}_set`]
      : [],
  );
}

function bypassKind(
  index: ProjectIndex,
  facts: ModuleFacts,
  call: CallFact,
  model: ModelFacts,
  accessors: ReadonlySet<string>,
): BypassWrite["kind"] | null {
  if (BYPASSING.has(call.kind)) {
    if (managerOf(call.object, facts, index, model)) return call.kind as BypassWrite["kind"];
    const related = /^[\p{L}_][\p{L}\p{N}_.]*?\.([\p{L}_][\p{L}\p{N}_]*)(?:\.|$)/u.exec(
      call.object,
    );
    if (
      call.kind === "update" &&
      related?.[1] &&
      accessors.has(related[1]) &&
      !MANAGER.test(call.object)
    ) {
      return "related update";
    }
    return null;
  }
  if (call.kind !== "execute" && call.kind !== "raw") return null;
  SQL_WRITE.lastIndex = 0;
  for (const match of call.args.matchAll(SQL_WRITE)) {
    if (match[1]?.toLowerCase() === model.table.toLowerCase()) return "raw sql";
  }
  return null;
}

/** The project's own `<signal>.send(sender=model, ...)` calls of model signals. */
export function manualSendsOf(index: ProjectIndex, model: ModelFacts): ManualSend[] {
  const sends: ManualSend[] = [];
  for (const facts of index.modules.values()) {
    for (const call of facts.calls) {
      if (call.kind !== "send" && call.kind !== "send_robust") continue;
      const signal = resolveName(index, facts.path, call.object);
      const name = signal?.kind === "external" ? signalName(signal.qualified) : undefined;
      if (!name) continue;
      const args = argumentTexts(call.args) ?? [];
      const sender = args.find((arg) => arg.name === "sender")?.value ?? args[0]?.value;
      const resolved = sender === undefined ? null : resolveSender(index, facts.path, sender);
      if (!resolved || !sameModel(resolved.model, model)) continue;
      sends.push({
        signal: name,
        keywords: args.flatMap((arg) =>
          arg.name === null || arg.name === "sender" ? [] : [arg.name],
        ),
        file: facts.path,
        line: call.line,
        code: call.code,
        enclosing: call.enclosing,
      });
    }
  }
  return sends;
}
