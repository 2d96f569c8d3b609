// Where the project saves a model on purpose, where it writes the model's rows without its
// signals, and where it sends a model signal itself. Each is one table per index, by model, made
// on the first query: every class and call of the project is resolved once, not once per model.
import { argumentTexts } from "../arguments.js";
import { signalName } from "../signals.js";
import type { CallFact, ClassFact, ModuleFacts } from "./module-facts.js";
import { projectModels, resolveModel, resolveSender } from "./models.js";
import type { ProjectIndex } from "./project.js";
import { resolveName } from "./resolve.js";
import type { BypassWrite, ManualSend, ModelFacts, SaveSite } from "./types.js";

const CREATING = new Set(["create", "get_or_create", "update_or_create"]);
const BYPASSING = new Set(["update", "bulk_create", "bulk_update"]);
// `Book.objects`, `Book._default_manager`: the model before its manager.
const MANAGER = /^(.+?)\.(?:objects|_default_manager|_base_manager)\b/u;
const SQL_WRITE = /\b(?:update|insert[ \t]+into|delete[ \t]+from)[ \t]+[`"[]?([\p{L}\p{N}_]+)/giu;
// `author.books.update(...)`: the accessor before the write.
const RELATED = /^[\p{L}_][\p{L}\p{N}_.]*?\.([\p{L}_][\p{L}\p{N}_]*)(?:\.|$)/u;

type Table<T> = ReadonlyMap<string, T[]>;

/** Appends `item` to `model`'s list in `table`. */
export function add<T>(table: Map<string, T[]>, model: ModelFacts | null, item: T): void {
  if (!model) return;
  const list = table.get(model.qualifiedName);
  if (list) list.push(item);
  else table.set(model.qualifiedName, [item]);
}

/** The code that saves `model` on purpose: forms, admins, serializers, views, functions. */
export function saveSitesOf(index: ProjectIndex, model: ModelFacts): SaveSite[] {
  return saveSites(index).get(model.qualifiedName) ?? [];
}

/** The places that write `model`'s rows without sending its save or delete signals. */
export function bypassWritesOf(index: ProjectIndex, model: ModelFacts): BypassWrite[] {
  return bypassWrites(index).get(model.qualifiedName) ?? [];
}

/** The project's own `<signal>.send(sender=model, ...)` calls of model signals. */
export function manualSendsOf(index: ProjectIndex, model: ModelFacts): ManualSend[] {
  return manualSends(index).get(model.qualifiedName) ?? [];
}

function saveSites(index: ProjectIndex): Table<SaveSite> {
  return index.remember("save sites", () => {
    const table = new Map<string, SaveSite[]>();
    for (const facts of index.modules.values()) {
      const models = (expression: string | undefined) =>
        expression === undefined ? null : resolveModel(index, facts.path, expression);
      for (const cls of facts.classes) {
        for (const [model, site] of classSites(index, facts, cls, models)) add(table, model, site);
      }
      for (const [model, site] of adminRegistrations(facts, models)) add(table, model, site);
      for (const [model, site] of functionSites(facts, models)) add(table, model, site);
    }
    return table;
  });
}

type Models = (expression: string | undefined) => ModelFacts | null;
type Sited = [ModelFacts | null, SaveSite];

const basedOn = (cls: ClassFact, pattern: RegExp) => cls.bases.some((base) => pattern.test(base));

// A DRF viewset that both creates and destroys (`perform_create`, `perform_destroy`): a
// `ModelViewSet`, not a read-only one, nor a `GenericViewSet` or `APIView` whose actions are its own.
const WRITING_VIEWSET = /ModelViewSet$/;
const READ_ONLY_VIEWSET = /ReadOnly\w*ViewSet$/;

function classSites(index: ProjectIndex, facts: ModuleFacts, cls: ClassFact, models: Models) {
  const site = (model: ModelFacts | null, kind: SaveSite["kind"], method: string | null): Sited => [
    model,
    { kind, file: facts.path, line: cls.line, owner: cls.name, method },
  ];
  const attribute = (name: string) => cls.attributes.findLast((fact) => fact.name === name)?.value;
  const sites: Sited[] = decoratorModels(cls, models).map((model) =>
    site(model, "admin", "save_model"),
  );
  const metaModel = models(cls.meta.findLast((fact) => fact.name === "model")?.value);
  // A nested serializer only looks up existing rows for the serializer it sits in.
  const nested = /^Nested/.test(cls.name) || basedOn(cls, /Nested\w*Serializer$/);
  if (metaModel && basedOn(cls, /Serializer$/) && !nested) {
    sites.push(site(metaModel, "serializer", "save"));
  } else if (metaModel && basedOn(cls, /Form$/)) sites.push(site(metaModel, "form", "save"));
  if (basedOn(cls, WRITING_VIEWSET) && !basedOn(cls, READ_ONLY_VIEWSET)) {
    sites.push(site(models(managerHead(attribute("queryset"))), "viewset", "perform_create"));
  }
  // Only the generic views that save a form: a DetailView or a ListView never calls form_valid().
  if (basedOn(cls, /(?:Create|Update|Form)View$/)) {
    const model =
      models(attribute("model")) ?? formModel(index, facts.path, attribute("form_class"));
    sites.push(site(model, "view", "form_valid"));
  }
  if (basedOn(cls, /Inline$/)) {
    const admin = adminWithInline(facts, cls.name);
    const model = models(attribute("model"));
    sites.push(
      admin
        ? [
            model,
            {
              kind: "inline",
              file: facts.path,
              line: admin.line,
              owner: admin.name,
              method: "save_formset",
            },
          ]
        : site(model, "inline", null),
    );
  }
  return sites.filter(([model]) => model !== null);
}

/** `Book` in `Book.objects.filter(...)`. */
function managerHead(value: string | undefined): string | undefined {
  return value === undefined ? undefined : MANAGER.exec(value)?.[1];
}

/** The model of the form class `form` names (its `Meta.model`). */
function formModel(index: ProjectIndex, path: string, form: string | undefined): ModelFacts | null {
  const resolved = form === undefined ? null : resolveName(index, path, form);
  if (resolved?.kind !== "class") return null;
  const meta = resolved.fact.meta.findLast((fact) => fact.name === "model")?.value;
  return meta === undefined ? null : resolveModel(index, resolved.path, meta);
}

function adminWithInline(facts: ModuleFacts, inline: string): ClassFact | undefined {
  const listed = new RegExp(`[\\[(,]\\s*${inline}\\s*[\\]),]`, "u");
  return facts.classes.find((cls) =>
    cls.attributes.some((fact) => fact.name === "inlines" && listed.test(fact.value)),
  );
}

/** The models of `@admin.register(Book, Author)` on the class. */
function decoratorModels(cls: ClassFact, models: Models): (ModelFacts | null)[] {
  return cls.decorators.flatMap((decorator) => {
    const open = decorator.indexOf("(");
    if (open === -1 || !/(?:^|\.)register$/.test(decorator.slice(0, open).trim())) return [];
    const args = argumentTexts(decorator.slice(open)) ?? [];
    return args.filter((arg) => arg.name === null).map((arg) => models(arg.value));
  });
}

/** `admin.site.register(Book, BookAdmin)` and `site.register([Book, Author])`. */
function adminRegistrations(facts: ModuleFacts, models: Models): Sited[] {
  return facts.calls.flatMap((call): Sited[] => {
    if (call.kind !== "register" || !/(?:^|\.)site$|admin$/.test(call.object)) return [];
    const [listed, admin] = (argumentTexts(call.args) ?? []).filter((arg) => arg.name === null);
    if (!listed) return [];
    const adminClass = admin && facts.classes.findLast((cls) => cls.name === admin.value);
    const site: SaveSite = {
      kind: "admin",
      file: facts.path,
      line: adminClass ? adminClass.line : call.line,
      owner: admin?.value ?? "admin.site",
      method: admin ? "save_model" : null,
    };
    const items = listed.value.replace(/^[[(]|[\])]$/g, "").split(",");
    return items.map((item): Sited => [models(item.trim()), site]);
  });
}

/** Functions and methods that create a model or save one they constructed (one site each). */
function functionSites(facts: ModuleFacts, models: Models): Sited[] {
  const seen = new Set<string>();
  return facts.calls.flatMap((call): Sited[] => {
    if (call.enclosing === null) return [];
    const model = CREATING.has(call.kind)
      ? models(managerHead(call.object))
      : call.kind === "save"
        ? models(constructedClass(facts, call))
        : null;
    const key = `${model?.qualifiedName}\0${call.enclosing}`;
    if (!model || seen.has(key)) return [];
    seen.add(key);
    const site: SaveSite = {
      kind: "function",
      file: facts.path,
      line: call.line,
      owner: call.enclosing,
      method: null,
    };
    return [[model, site]];
  });
}

/** `Book` for `Book(...).save()`, or for `book.save()` after `book = Book(...)` in the same function. */
function constructedClass(facts: ModuleFacts, call: CallFact): string | undefined {
  const constructed = /^([\p{L}_][\p{L}\p{N}_.]*)\(/u.exec(call.object)?.[1];
  if (constructed) return constructed;
  return facts.calls.findLast(
    (fact) =>
      fact.kind === "construct" &&
      fact.object === call.object &&
      fact.enclosing === call.enclosing &&
      fact.line <= call.line,
  )?.args;
}

function bypassWrites(index: ProjectIndex): Table<BypassWrite> {
  return index.remember("bypass writes", () => {
    const table = new Map<string, BypassWrite[]>();
    const byAccessor = modelsByRelatedAccessor(index);
    const byTable = new Map(
      [...projectModels(index).values()].map((m) => [m.table.toLowerCase(), m]),
    );
    for (const facts of index.modules.values()) {
      for (const call of facts.calls) {
        const written = writtenModel(index, facts, call, byAccessor, byTable);
        if (!written) continue;
        const { line, code, enclosing } = call;
        add(table, written.model, { kind: written.kind, file: facts.path, line, code, enclosing });
      }
    }
    return table;
  });
}

/**
 * `books` -> Book for `Book.author = ForeignKey(Author, related_name="books")`: a write through
 * `author.books` writes Books. Accessors that two models share tell nothing and are left out.
 */
function modelsByRelatedAccessor(index: ProjectIndex): ReadonlyMap<string, ModelFacts> {
  const byAccessor = new Map<string, ModelFacts | null>();
  for (const model of projectModels(index).values()) {
    for (const field of model.fields) {
      if (field.relation?.kind !== "foreign-key") continue;
      const accessor = field.relation.relatedName ?? `${model.name.toLowerCase()}_set`;
      const known = byAccessor.get(accessor);
      byAccessor.set(accessor, known === undefined || known === model ? model : null);
    }
  }
  return new Map(
    [...byAccessor].flatMap(([accessor, model]) => (model ? [[accessor, model]] : [])),
  );
}

// `QuerySet.update()` takes keyword arguments only: `.update(other)` is a dict's or a set's.
const POSITIONAL_UPDATE = /\.update\(\s*(?!\*\*|[A-Za-z_]\w*\s*=(?!=)|\))\S/;

function writtenModel(
  index: ProjectIndex,
  facts: ModuleFacts,
  call: CallFact,
  byAccessor: ReadonlyMap<string, ModelFacts>,
  byTable: ReadonlyMap<string, ModelFacts>,
): { model: ModelFacts; kind: BypassWrite["kind"] } | null {
  if (BYPASSING.has(call.kind)) {
    if (call.kind === "update" && POSITIONAL_UPDATE.test(call.code)) return null;
    const head = managerHead(call.object);
    if (head !== undefined) {
      const model = resolveModel(index, facts.path, head);
      return model && { model, kind: call.kind as BypassWrite["kind"] };
    }
    const accessor = call.kind === "update" ? RELATED.exec(call.object)?.[1] : undefined;
    const model = accessor === undefined ? undefined : byAccessor.get(accessor);
    return model ? { model, kind: "related update" } : null;
  }
  if (call.kind !== "execute" && call.kind !== "raw") return null;
  for (const match of call.args.matchAll(SQL_WRITE)) {
    const model = byTable.get(match[1]?.toLowerCase() ?? "");
    if (model) return { model, kind: "raw sql" };
  }
  return null;
}

function manualSends(index: ProjectIndex): Table<ManualSend> {
  return index.remember("manual sends", () => {
    const table = new Map<string, ManualSend[]>();
    for (const facts of index.modules.values()) {
      for (const call of facts.calls) {
        if (call.kind !== "send" && call.kind !== "send_robust") continue;
        const signal = resolveName(index, facts.path, call.object);
        const name = signal?.kind === "external" ? signalName(signal.qualified) : undefined;
        if (!name) continue;
        const args = argumentTexts(call.args) ?? [];
        const sender = args.find((arg) => arg.name === "sender")?.value ?? args[0]?.value;
        const resolved = sender === undefined ? null : resolveSender(index, facts.path, sender);
        const keywords = args.flatMap((arg) =>
          arg.name === null || arg.name === "sender" ? [] : [arg.name],
        );
        const { line, code, enclosing } = call;
        add(table, resolved?.model ?? null, {
          signal: name,
          keywords,
          file: facts.path,
          line,
          code,
          enclosing,
        });
      }
    }
    return table;
  });
}
