// The project's models and their relations, and the models a sender expression names.
import { argumentTexts, stringLiteral } from "../arguments.js";
import type { AssignmentFact, ClassFact } from "./module-facts.js";
import type { ProjectIndex } from "./project.js";
import { resolveName, type Resolved } from "./resolve.js";
import type {
  FieldFacts,
  ManagerFacts,
  ModelFacts,
  RelationFacts,
  RelationKind,
  ResolvedSender,
  ReverseRelation,
} from "./types.js";

const DJANGO_MODEL = new Set(["django.db.models.Model", "django.db.models.base.Model"]);
// An imported base from a `models` module (`mptt.models.MPTTModel`, `wagtail.models.Page`).
const IMPORTED_MODEL = /(?:^|\.)models\.(?:[\p{L}\p{N}_]+\.)*\p{Lu}[\p{L}\p{N}_]*$/u;
const FIELD_CALL =
  /^(?:[\p{L}_][\p{L}\p{N}_]*\.)*([\p{L}_][\p{L}\p{N}_]*(?:Field|ForeignKey|Key))[ \t]*\(/u;
const MANAGER_CALL =
  /^(?:[\p{L}_][\p{L}\p{N}_]*\.)*([\p{L}_][\p{L}\p{N}_]*)(?:\.as_manager\(|\.from_queryset\(|[ \t]*\()/u;
const CAP_WORDS = /^_*\p{Lu}[\p{L}\p{N}_]*$/u;
const USER_MODEL = /(?:^|\.)(?:AUTH_USER_MODEL|get_user_model\(\s*\))$/u;
const GET_MODEL =
  /(?:^|\.)get_model\(\s*(["'][^"']*["'])\s*(?:,\s*(["'][^"']*["'])\s*)?(?:,[^)]*)?\)$/u;
const THROUGH = /^(.+)\.([\p{L}_][\p{L}\p{N}_]*)\.through$/u;

/**
 * Every model class of the project, by qualified name: each class that may be one (see
 * mayBeModel), and the model bases they lead to.
 */
export function projectModels(index: ProjectIndex): ReadonlyMap<string, ModelFacts> {
  return index.remember("models", () => {
    const models = new Map<string, ModelFacts>();
    for (const facts of index.modules.values()) {
      for (const cls of facts.classes) {
        const model = mayBeModel(cls) ? modelOfClass(index, facts.path, cls) : null;
        if (model) models.set(model.qualifiedName, model);
      }
    }
    return models;
  });
}

// Classes that declare fields but are no models: forms, serializers, filters, admins, views.
const NOT_MODEL_BASE =
  /(?:Form|Serializer|Filter|FilterSet|Admin|Inline|View|ViewSet|Table|Schema|Type)$/;

/**
 * Whether a class may be a model, from its own facts, before its bases are resolved: it declares
 * a field or a manager, a `Meta` of a model, or a base that is or names a model. A model that
 * does none of that (`class Base(SomeMixin): pass`) is still found as the base of one that does.
 */
function mayBeModel(cls: ClassFact): boolean {
  if (cls.bases.length === 0 || cls.bases.some((base) => NOT_MODEL_BASE.test(base))) return false;
  if (cls.bases.some((base) => /Model\b|Page$|User$/.test(base))) return true;
  const meta = cls.meta.some((fact) => fact.name !== "model");
  return (
    meta ||
    cls.attributes.some((fact) => FIELD_CALL.test(fact.value) || MANAGER_ATTRIBUTE.test(fact.value))
  );
}

const MANAGER_ATTRIBUTE = /Manager\b|as_manager|from_queryset/;

/** The model a class of the project is, or null when it is not a model. */
export function modelOfClass(index: ProjectIndex, path: string, cls: ClassFact): ModelFacts | null {
  // A class whose bases lead back to itself is no model (and must not recurse).
  const key = `model\0${path}\0${cls.name}\0${cls.line}`;
  return index.remember(
    key,
    () => {
      const bases = cls.bases.flatMap((base) => {
        const model = modelOf(index, resolveName(index, path, base));
        return model ? [model.qualifiedName] : [];
      });
      if (bases.length === 0) return null;
      const module =
        index.moduleNames.nameOf(path) ?? path.replace(/\.pyi?$/, "").replaceAll("/", ".");
      const qualifiedName = `${module}.${cls.name}`;
      const appLabel = stringValue(cls.meta, "app_label") ?? configuredAppLabel(index, module);
      return {
        qualifiedName,
        name: cls.name,
        appLabel,
        own: true,
        location: { file: path, line: cls.line },
        abstract: assigned(cls.meta, "abstract") === "True",
        proxy: assigned(cls.meta, "proxy") === "True",
        table: stringValue(cls.meta, "db_table") ?? `${appLabel}_${cls.name.toLowerCase()}`,
        bases,
        fields: cls.attributes.flatMap((attribute) => fieldOf(attribute)),
        managers: cls.attributes.flatMap((attribute) => managerOf(attribute)),
      };
    },
    null,
  );
}

/** The model a resolved name is: a project model class, or an imported model. */
export function modelOf(index: ProjectIndex, resolved: Resolved | null): ModelFacts | null {
  if (!resolved) return null;
  if (resolved.kind === "class") return modelOfClass(index, resolved.path, resolved.fact);
  if (resolved.kind === "external") return importedModel(resolved.qualified);
  return null;
}

/** A model Django or an installed package defines, known by its qualified name. */
export function importedModel(qualified: string): ModelFacts | null {
  const isModel = DJANGO_MODEL.has(qualified) || IMPORTED_MODEL.test(qualified);
  if (!isModel) return null;
  const name = qualified.slice(qualified.lastIndexOf(".") + 1);
  const appLabel = appLabelOf(qualified.slice(0, qualified.lastIndexOf(".")));
  return {
    qualifiedName: qualified,
    name,
    appLabel,
    own: false,
    location: null,
    abstract: DJANGO_MODEL.has(qualified),
    proxy: false,
    table: `${appLabel}_${name.toLowerCase()}`,
    bases: [],
    fields: [],
    managers: [],
  };
}

/** The package of the app that holds a models module (`shop.models.book` -> `shop`). */
function appPackageOf(module: string): string {
  const parts = module.split(".");
  const models = parts.lastIndexOf("models");
  return parts.slice(0, models > 0 ? models : -1).join(".") || module;
}

/** Django's default app label: the last part of the app's package. */
function appLabelOf(module: string): string {
  return appPackageOf(module).split(".").at(-1) ?? module;
}

/** The label the app's `AppConfig` in its `apps.py` sets (`label = "shop_core"`), else the default. */
function configuredAppLabel(index: ProjectIndex, module: string): string {
  const appPackage = appPackageOf(module);
  return index.remember(`app label\0${appPackage}`, () => {
    const path = index.moduleNames.module(`${appPackage}.apps`);
    const config = (path === undefined ? undefined : index.modules.get(path))?.classes.find((cls) =>
      cls.bases.some((base) => /(?:^|\.)AppConfig$/.test(base)),
    );
    return (config && stringValue(config.attributes, "label")) ?? appLabelOf(module);
  });
}

function assigned(assignments: readonly AssignmentFact[], name: string): string | undefined {
  return assignments.findLast((fact) => fact.name === name)?.value;
}

function stringValue(assignments: readonly AssignmentFact[], name: string): string | undefined {
  const value = assigned(assignments, name);
  return value === undefined ? undefined : unquoted(value);
}

/** The contents of a plain string literal, or undefined when `value` is anything else. */
export function unquoted(value: string): string | undefined {
  const literal = stringLiteral(value, 0);
  if (!literal || literal.end !== value.length || /^[fFbB]/.test(value)) return undefined;
  return value.slice(literal.contents.start, literal.contents.end);
}

function fieldOf(attribute: AssignmentFact): FieldFacts[] {
  const match = FIELD_CALL.exec(attribute.value);
  const kind = match?.[1];
  if (!kind) return [];
  return [
    {
      name: attribute.name,
      kind,
      line: attribute.line,
      relation: relationOf(kind, attribute.value),
    },
  ];
}

function relationKind(kind: string): RelationKind | null {
  if (kind.includes("ManyToMany")) return "many-to-many";
  if (kind.includes("OneToOne")) return "one-to-one";
  if (kind.endsWith("ForeignKey") || kind === "ParentalKey") return "foreign-key";
  return null;
}

function relationOf(kind: string, value: string): RelationFacts | null {
  const relation = relationKind(kind);
  const open = value.indexOf("(");
  const args = open === -1 ? null : argumentTexts(value.slice(open));
  if (!relation || !args) return null;
  const keyword = (name: string) => args.find((arg) => arg.name === name)?.value;
  const to = keyword("to") ?? args.find((arg) => arg.name === null)?.value;
  if (to === undefined) return null;
  const relatedName = keyword("related_name");
  const through = keyword("through");
  return {
    kind: relation,
    to,
    relatedName: relatedName === undefined ? null : (unquoted(relatedName) ?? null),
    through: through ?? null,
  };
}

function managerOf(attribute: AssignmentFact): ManagerFacts[] {
  const match = MANAGER_CALL.exec(attribute.value);
  const className = match?.[1];
  const isManager =
    className !== undefined &&
    (/Manager$|QuerySet$/.test(className) ||
      /\.(?:as_manager|from_queryset)\(/.test(attribute.value));
  return isManager ? [{ name: attribute.name, className, line: attribute.line }] : [];
}

/** The project's models by class name (two apps may each have a `Book`). */
export function modelsNamed(index: ProjectIndex, name: string): readonly ModelFacts[] {
  const byName = index.remember("models by name", () => {
    const table = new Map<string, ModelFacts[]>();
    for (const model of projectModels(index).values()) {
      const list = table.get(model.name);
      if (list) list.push(model);
      else table.set(model.name, [model]);
    }
    return table;
  });
  return byName.get(name) ?? [];
}

/** The project's models by `app_label.ModelName`, in lower case as Django compares them. */
function modelsByLabel(index: ProjectIndex): ReadonlyMap<string, ModelFacts> {
  return index.remember("labels", () => {
    const byLabel = new Map<string, ModelFacts>();
    for (const model of projectModels(index).values()) {
      const label = `${model.appLabel}.${model.name}`.toLowerCase();
      if (!byLabel.has(label)) byLabel.set(label, model);
    }
    return byLabel;
  });
}

/** `"shop.Book"` (a lazy reference): the project's model, or Django's for `auth.User` and friends. */
export function modelByLabel(index: ProjectIndex, label: string): ModelFacts | null {
  const own = modelsByLabel(index).get(label.toLowerCase());
  if (own) return own;
  const [app, name] = label.split(".");
  if (!app || !name) return null;
  return CONTRIB_APPS.has(app.toLowerCase())
    ? importedModel(`django.contrib.${app.toLowerCase()}.models.${name}`)
    : null;
}

const CONTRIB_APPS = new Set([
  "auth",
  "contenttypes",
  "sites",
  "sessions",
  "admin",
  "flatpages",
  "redirects",
]);

/** The user model: `AUTH_USER_MODEL` of the project's settings, else Django's `auth.User`. */
export function userModel(index: ProjectIndex): ModelFacts | null {
  return index.remember("user model", () => {
    for (const facts of index.modules.values()) {
      if (!facts.path.includes("settings")) continue;
      const value = facts.assignments.findLast((fact) => fact.name === "AUTH_USER_MODEL")?.value;
      const label = value === undefined ? undefined : unquoted(value);
      if (label === undefined) continue;
      // A project's own user model that cannot be found is unknown, never Django's `auth.User`.
      return modelByLabel(index, label);
    }
    return importedModel("django.contrib.auth.models.User");
  });
}

/** What a sender (or a relation's target) names, as module `path` writes it. */
export function resolveSender(
  index: ProjectIndex,
  path: string,
  expression: string,
): ResolvedSender | null {
  const written = expression.replace(/\s+/g, "");
  const through = THROUGH.exec(written);
  if (through?.[1] && through[2]) {
    const owner = resolveModel(index, path, through[1]);
    const field = owner && fieldsOf(index, owner).find((fact) => fact.name === through[2]);
    if (!owner || field?.relation?.kind !== "many-to-many") return null;
    const explicit = field.relation.through;
    const explicitModel = explicit === null ? null : resolveRelationTarget(index, owner, explicit);
    return { model: owner, through: { field, explicit: explicitModel } };
  }
  const model = resolveModel(index, path, written);
  return model && { model, through: null };
}

/** The model an expression names in module `path`: a class, alias, label, `get_model()`, the user model. */
export function resolveModel(
  index: ProjectIndex,
  path: string,
  expression: string,
): ModelFacts | null {
  const written = unquoted(expression) ?? expression;
  if (USER_MODEL.test(written) || /^auth\.user$/i.test(written)) return userModel(index);
  const getModel = GET_MODEL.exec(written);
  if (getModel) {
    const first = unquoted(getModel[1] ?? "") ?? "";
    const label = getModel[2] === undefined ? first : `${first}.${unquoted(getModel[2]) ?? ""}`;
    return modelByLabel(index, label);
  }
  const parts = written.split(".");
  if (parts.length === 2 && CAP_WORDS.test(parts[1] ?? "")) {
    const byLabel = modelByLabel(index, written);
    if (byLabel) return byLabel;
  }
  const resolved = resolveName(index, path, written);
  if (resolved?.kind === "value" && resolved.value !== expression) {
    return resolveModel(index, resolved.path, resolved.value);
  }
  return modelOf(index, resolved);
}

/** The model a relation of `from` points to: `"self"`, `"Model"` of the same app, a label, a class. */
export function resolveRelationTarget(
  index: ProjectIndex,
  from: ModelFacts,
  to: string,
): ModelFacts | null {
  const written = unquoted(to);
  if (written === "self") return from;
  if (written !== undefined && !written.includes(".")) {
    return modelByLabel(index, `${from.appLabel}.${written}`);
  }
  return from.location ? resolveModel(index, from.location.file, to) : null;
}

/** A model's fields, its own first, then those its model bases declare. */
export function fieldsOf(index: ProjectIndex, model: ModelFacts): readonly FieldFacts[] {
  return index.remember(`fields\0${model.qualifiedName}`, () => inheritedFields(index, model));
}

function inheritedFields(index: ProjectIndex, model: ModelFacts): FieldFacts[] {
  const fields = [...model.fields];
  const seen = new Set(fields.map((field) => field.name));
  const visited = new Set([model.qualifiedName]);
  const queue = [...model.bases];
  for (let base = queue.shift(); base !== undefined; base = queue.shift()) {
    const parent = projectModels(index).get(base);
    if (!parent || visited.has(base)) continue;
    visited.add(base);
    for (const field of parent.fields) {
      if (!seen.has(field.name)) fields.push(field);
      seen.add(field.name);
    }
    queue.push(...parent.bases);
  }
  return fields;
}

/** The relations that point at `model` from the project's models, by their accessor on `model`. */
export function reverseRelationsOf(index: ProjectIndex, model: ModelFacts): ReverseRelation[] {
  return reverseRelations(index).get(model.qualifiedName) ?? [];
}

function reverseRelations(index: ProjectIndex): ReadonlyMap<string, ReverseRelation[]> {
  return index.remember("reverse relations", () => {
    const byTarget = new Map<string, ReverseRelation[]>();
    for (const from of projectModels(index).values()) {
      for (const field of from.fields) {
        const relation = field.relation;
        if (!relation || relation.relatedName?.endsWith("+")) continue;
        const target = resolveRelationTarget(index, from, relation.to);
        if (!target) continue;
        const lower = from.name.toLowerCase();
        const accessor =
          relation.relatedName ?? (relation.kind === "one-to-one" ? lower : `${lower}_set`);
        const list = byTarget.get(target.qualifiedName) ?? [];
        list.push({ accessor, from, field, kind: relation.kind });
        byTarget.set(target.qualifiedName, list);
      }
    }
    return byTarget;
  });
}
