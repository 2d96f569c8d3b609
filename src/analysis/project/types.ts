// The project index's public data: what one Django project's files tell, as facts (names, lines,
// short code lines), never whole file texts, so an index of a commit can be cached by size.
import type { BodyFacts } from "../body.js";

/** A place in the project: a path relative to the project's root (POSIX) and a 1-based line. */
export interface ProjectLocation {
  file: string;
  line: number;
}

/** A place with its code line as written (trimmed, at most 160 characters). */
export interface CodeLocation extends ProjectLocation {
  code: string;
}

/** A model: a class of the project, or one imported from Django or an installed package. */
export interface ModelFacts {
  /** `shop.models.Book`; for an imported model its qualified name (`allauth.account.models.EmailAddress`). */
  qualifiedName: string;
  name: string;
  /** Django's label for the model's app (`shop`, `auth`, `account`): the `"app.Model"` prefix. */
  appLabel: string;
  /** True for a class of the project; false for Django's contrib apps and installed packages. */
  own: boolean;
  /** Where the class is defined; null for a model that is not the project's own. */
  location: ProjectLocation | null;
  abstract: boolean;
  proxy: boolean;
  /** `Meta.db_table`, or Django's default `<app_label>_<model name in lowercase>`. */
  table: string;
  /** Qualified names of the bases that are models (own or imported). */
  bases: string[];
  /** The fields the class body declares (inherited ones: see `fieldsOf`). */
  fields: FieldFacts[];
  /** Managers the class body declares: `objects = BookManager()`, `QuerySet.as_manager()`. */
  managers: ManagerFacts[];
}

export interface FieldFacts {
  name: string;
  /** The field class as called: `CharField`, `ForeignKey`, `ManyToManyField`, `TreeForeignKey`. */
  kind: string;
  line: number;
  /** For relations: what it points to; null for plain fields. */
  relation: RelationFacts | null;
}

export type RelationKind = "foreign-key" | "one-to-one" | "many-to-many";

export interface RelationFacts {
  kind: RelationKind;
  /** The target as written: `Author`, `"shop.Author"`, `"self"`, `settings.AUTH_USER_MODEL`. */
  to: string;
  /** `related_name=`, when given as a string. */
  relatedName: string | null;
  /** `through=` as written, for many-to-many relations that name their through model. */
  through: string | null;
}

export interface ManagerFacts {
  name: string;
  /** The manager or queryset class as written: `BookManager`, `BookQuerySet`. */
  className: string;
  line: number;
}

/** A relation seen from the model it points to: `author.books` for `Book.author` with related_name "books". */
export interface ReverseRelation {
  /** The accessor on the target: `related_name`, else `<model>_set` (`<model>` for one-to-one). */
  accessor: string;
  /** The model that declares the field. */
  from: ModelFacts;
  field: FieldFacts;
  kind: RelationKind;
}

/** What a sender expression names. */
export interface ResolvedSender {
  model: ModelFacts;
  /**
   * For `Article.tags.through`: the many-to-many field whose through model sends (`m2m_changed`'s
   * sender); `model` is then the model that declares the field.
   */
  through: { field: FieldFacts; explicit: ModelFacts | null } | null;
}

/** A function or method of the project that a registration connects. */
export interface HandlerFacts extends ProjectLocation {
  /** `update_stock`, or `Handlers.on_save` for a method. */
  name: string;
  /** The class of a method; null for a module-level function. */
  className: string | null;
  /** The body as the rules read it; null when it could not be read (a syntax error). */
  body: BodyFacts | null;
  /**
   * Hash of the body's code (strings, comments and spacing left out): a renamed copy has the same.
   * Empty for a body that does nothing (`pass`, a docstring), which tells no function apart.
   */
  bodyHash: string;
  /**
   * The line of a later `def` of the same name in the same scope, which replaces this function:
   * a registration of this one through a weak reference never runs. Null when none.
   */
  redefinedAt: number | null;
}

/** Code that saves or deletes a model on purpose, where an explicit call can go instead of a signal. */
export interface SaveSite extends ProjectLocation {
  kind: "form" | "admin" | "inline" | "serializer" | "viewset" | "view" | "function";
  /** The class (`BookForm`, `BookAdmin`) or function (`create_book`) that saves. */
  owner: string;
  /** The method to extend: `save`, `save_model`, `perform_create`, `form_valid`; null for a function. */
  method: string | null;
}

/** Code that writes a model's rows without sending its save or delete signals. */
export interface BypassWrite extends CodeLocation {
  kind: "update" | "bulk_create" | "bulk_update" | "related update" | "raw sql";
  /** The function or method it is in, when any (`Reindex.handle`). */
  enclosing: string | null;
}

/** A `<signal>.send(sender=Model, ...)` call of the project itself. */
export interface ManualSend extends CodeLocation {
  signal: string;
  /** The keyword arguments it passes besides `sender` (`instance`, `created`, `raw`, `from_import`). */
  keywords: string[];
  enclosing: string | null;
}

/** A file the index could not read fully, and why; its facts that could be read are kept. */
export interface UnreadFile {
  file: string;
  reason: string;
}
