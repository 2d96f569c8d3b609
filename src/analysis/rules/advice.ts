// What each kind of model signal is sent by and skipped by, in the code's own names. Facts from
// Django's docs: bulk_create()/bulk_update()/QuerySet.update() send no save signals;
// QuerySet.delete() does send pre_delete/post_delete for every row it deletes (cascades included),
// but cascades done by the database itself send none; m2m_changed is sent by the related manager's
// add()/remove()/clear()/set() (a ModelForm's save() uses set()), not by writes to the through model.
import type { BodyFacts } from "../body.js";
import type { Names } from "../names.js";
import type { ModelSignal } from "../signals.js";

export type SignalKind = "save" | "delete" | "m2m" | "init";

const KIND_OF: Readonly<Record<ModelSignal, SignalKind>> = {
  pre_save: "save",
  post_save: "save",
  pre_delete: "delete",
  post_delete: "delete",
  m2m_changed: "m2m",
  pre_init: "init",
  post_init: "init",
};

/** The kinds among `signals`, in a fixed order: save, delete, m2m, init. */
export function kindsOf(signals: readonly ModelSignal[]): SignalKind[] {
  const kinds = new Set(signals.map((signal) => KIND_OF[signal]));
  return (["save", "delete", "m2m", "init"] as const).filter((kind) => kinds.has(kind));
}

const DATABASE_CASCADES = "cascades done by the database itself (SQL `ON DELETE CASCADE`)";

/** The writes that change rows without sending any of `signals`, most specific first. */
export function bypassingWrites(
  signals: readonly ModelSignal[],
  names: Names,
  { short = false } = {},
): string[] {
  const writes: string[] = [];
  for (const kind of kindsOf(signals)) {
    if (kind === "save") writes.push(...saveBypasses(names, short));
    if (kind === "delete") writes.push(short ? "database-level cascades" : DATABASE_CASCADES);
    if (kind === "m2m") writes.push(throughWrites(names));
  }
  return [...writes, "raw SQL"];
}

function saveBypasses(names: Names, short: boolean): string[] {
  if (short || !names.model) return ["`bulk_create()`", "`QuerySet.update()`"];
  return [
    `\`${names.model}.objects.bulk_create(...)\``,
    `\`${names.model}.objects.filter(...).update(...)\``,
  ];
}

/** Writes to the relation's table that skip `m2m_changed`. */
function throughWrites(names: Names): string {
  return names.model && names.relation
    ? `writes through \`${names.model}.${names.relation}.through\``
    : "writes through the `through` model";
}

/** `article.tags` for the m2m relation of the sender, or null when it is unknown. */
export function relationOf(names: Names): string | null {
  return names.relation ? `${names.instance}.${names.relation}` : null;
}

/** "`article.tags.add()` / `.remove()` / ..." (or without the relation when it is unknown). */
function relationCalls(names: Names): string {
  const relation = relationOf(names) ?? "";
  return `\`${relation}.add()\` / \`.remove()\` / \`.set()\` / \`.clear()\``;
}

/**
 * Where to call the handler instead, for one kind of signal; `timing` is pre or post. With
 * `guessClasses`, the model's form and admin are named after it (`BookForm`, `BookAdmin`): only
 * without a project, which could tell that no such class exists.
 */
export function callSite(
  kind: SignalKind,
  names: Names,
  timing: "pre" | "post",
  guessClasses = true,
): string {
  const model = guessClasses ? names.model : null;
  switch (kind) {
    case "save": {
      const when = timing === "pre" ? "before saving" : "after saving";
      return model
        ? `from \`${model}Form.save()\` / \`${model}Admin.save_model()\` or the view, ${when}`
        : `from the form's \`save()\`, \`ModelAdmin.save_model()\` or the view, ${when}`;
    }
    case "delete": {
      const when = timing === "pre" ? "before deleting" : "after deleting";
      const admin = model ? `${model}Admin` : "ModelAdmin";
      const subject = names.model ? `the \`${names.model}\`` : "the object";
      return `${when}, from the view that deletes ${subject}, from \`${admin}.delete_model()\`, and from \`${admin}.delete_queryset()\` for the admin's bulk action (\`QuerySet.delete()\` sends the signal for every row it deletes, but does not call your function)`;
    }
    case "m2m":
      return `next to the ${relationCalls(names)} calls that change the relation, and after \`form.save()\` / \`form.save_m2m()\`${model ? ` or \`${model}Admin.save_related()\`` : ""}, which set it`;
    case "init":
      return `where the value is needed, e.g. a \`${names.model ?? "Model"}\` method or \`cached_property\` that the reading code calls`;
  }
}

/** Whether the explicit call passes `created`: a `post_save` receiver that reads it does. */
export function passesCreated(signals: readonly ModelSignal[], body: BodyFacts | null): boolean {
  return signals.includes("post_save") && body?.readsCreated === true;
}

/** `pre` when every one of `signals` of `kind` is a pre_ signal. */
export function timingOf(signals: readonly ModelSignal[], kind: SignalKind): "pre" | "post" {
  const ofKind = signals.filter((signal) => KIND_OF[signal] === kind);
  return ofKind.every((signal) => signal.startsWith("pre_")) ? "pre" : "post";
}

/**
 * Code from the body for a message or a snippet on one line: whitespace collapsed; null when it
 * holds a comment (which would swallow the rest of the line) or is longer than `max`.
 */
export function oneLine(code: string, max: number): string | null {
  if (code.includes("#")) return null;
  const collapsed = code.replace(/\s+/g, " ");
  return collapsed.length > max ? null : collapsed;
}
