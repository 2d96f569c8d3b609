// Advice from the project index: the real places to call a handler from (file:line), the places
// that already write the sender's rows without its signal (the evidence of the bypass), the
// project's own manual sends, and the case of a sender the project does not own.
import { bypassWritesOf, manualSendsOf, saveSitesOf } from "../project/sites.js";
import { EMPTY_PROJECT } from "../project/project.js";
import type { CodeLocation, ModelFacts, SaveSite } from "../project/types.js";
import type { Point } from "../locate.js";
import type { SignalKind } from "./advice.js";
import type { RuleContext } from "./rule.js";

// More places than this are summed up as "and N more".
const MAX_PLACES = 6;

/**
 * The model the sender names in the project; null without a project. For a through model (only
 * `m2m_changed` is about its relation), the model that declares the relation.
 */
export function projectModel({ project, sender, modelSignals }: RuleContext): ModelFacts | null {
  if (project === EMPTY_PROJECT || !sender) return null;
  if (sender.through && modelSignals.some((signal) => signal !== "m2m_changed")) return null;
  return sender.model;
}

/**
 * " (shop/handlers.py:12)" for a statement of a handler defined in another file, whose findings
 * stay on the registration; "" for a handler in the registration's file.
 */
export function inHandlerFile({ handler, handlerElsewhere }: RuleContext, at: Point): string {
  return handler && handlerElsewhere ? ` (${handler.file}:${at.row + 1})` : "";
}

/** The places of the project that write `model`'s rows without sending `kind`'s signals. */
export function bypassEvidence(
  { project }: RuleContext,
  model: ModelFacts,
  kinds: readonly SignalKind[],
): CodeLocation[] {
  const saves = kinds.includes("save");
  const deletes = kinds.includes("delete");
  if (!saves && !deletes) return [];
  return bypassWritesOf(project, model)
    .filter(({ kind, code }) => {
      // Raw SQL skips whichever signal its statement's verb would send.
      if (kind !== "raw sql") return saves;
      return /\bdelete\b/i.test(code) ? deletes : saves;
    })
    .map(({ file, line, code }) => ({ file, line, code }));
}

/** "The project already skips it in 3 places." or, plainly, that none does. */
export function evidenceSentence(evidence: readonly CodeLocation[], model: ModelFacts): string {
  if (evidence.length === 0) {
    return `No code of the project writes \`${model.name}\` rows without the signal yet.`;
  }
  const places = evidence.length === 1 ? "one place" : `${evidence.length} places`;
  return `The project already skips it in ${places}.`;
}

const WHEN: Readonly<Record<SignalKind, { pre: string; post: string }>> = {
  save: { pre: "before saving", post: "after saving" },
  delete: { pre: "before deleting", post: "after deleting" },
  m2m: { pre: "after the relation is set", post: "after the relation is set" },
  init: { pre: "where the value is needed", post: "where the value is needed" },
};

/**
 * "after saving, from `BookForm.save()` (shop/forms.py:5) and `make_book()` (shop/tasks.py:18)":
 * the project's own code that saves, deletes or relates `model`; when it has none, what to look for.
 */
export function projectCallSite(
  context: RuleContext,
  model: ModelFacts,
  kind: SignalKind,
  timing: "pre" | "post",
): string {
  const when = WHEN[kind][timing];
  const places = saveSitesOf(context.project, model).flatMap((site) => placesFor(site, kind));
  // The relation's own add()/remove()/set()/clear() calls are not save sites: say where they are.
  const next = kind === "m2m" ? "next to the calls that change the relation, and " : "";
  if (places.length === 0) {
    return `${next}${when}, from the code that ${VERB[kind]} a \`${model.name}\``;
  }
  return `${next}${when}, from ${listed(places)}`;
}

const VERB: Readonly<Record<SignalKind, string>> = {
  save: "saves",
  delete: "deletes",
  m2m: "changes the relation of",
  init: "reads",
};

/** The first class of the project of `kind` (a form, an admin) that saves `model`, or null. */
export function ownClass(
  { project }: RuleContext,
  model: ModelFacts,
  kind: "form" | "admin",
): string | null {
  return saveSitesOf(project, model).find((site) => site.kind === kind)?.owner ?? null;
}

/** The methods of one save site that do `kind`'s work, as "`Owner.method()` (file:line)". */
function placesFor(site: SaveSite, kind: SignalKind): string[] {
  const at = `(${site.file}:${site.line})`;
  const method = (name: string) => `\`${site.owner}.${name}()\` ${at}`;
  switch (kind) {
    case "save":
      if (site.method === null)
        return site.kind === "function" ? [`\`${site.owner}()\` ${at}`] : [];
      return [method(site.method)];
    case "delete":
      if (site.kind === "admin")
        return [`\`${site.owner}.delete_model()\`/\`delete_queryset()\` ${at}`];
      if (site.kind === "viewset") return [method("perform_destroy")];
      return [];
    case "m2m":
      if (site.kind === "form") return [method("save")];
      if (site.kind === "admin") return [method("save_related")];
      return [];
    case "init":
      return [];
  }
}

/** "a, b and c", the rest summed up as "and N more". */
function listed(items: readonly string[]): string {
  const shown = items.slice(0, MAX_PLACES);
  const more = items.length - shown.length;
  if (more > 0) return `${shown.join(", ")} and ${more} more`;
  return shown.length === 1
    ? (shown[0] ?? "")
    : `${shown.slice(0, -1).join(", ")} and ${shown.at(-1)}`;
}

// Signal arguments Django itself passes with the model signals: any other is the project's own.
const DJANGO_ARGUMENTS = new Set([
  "instance",
  "created",
  "raw",
  "using",
  "update_fields",
  "origin",
  "action",
  "reverse",
  "model",
  "pk_set",
  "args",
  "kwargs",
]);

/**
 * "The project sends `post_save` itself with `imported=` (shop/tasks.py:21): call `h(book)`
 * there instead." for sends of the receiver's signals that pass keywords Django never does.
 */
export function manualSendAdvice(context: RuleContext, model: ModelFacts, call: string): string {
  const sends = manualSendsOf(context.project, model).filter(
    (send) =>
      context.modelSignals.some((signal) => signal === send.signal) &&
      send.keywords.some((keyword) => !DJANGO_ARGUMENTS.has(keyword)),
  );
  if (sends.length === 0) return "";
  const places = sends.map((send) => {
    const extra = send.keywords.filter((keyword) => !DJANGO_ARGUMENTS.has(keyword));
    return `\`${send.signal}\` with ${extra.map((keyword) => `\`${keyword}=\``).join(", ")} (${send.file}:${send.line})`;
  });
  return `The project sends ${listed(places)} itself: call \`${call}\` at ${sends.length === 1 ? "that place" : "those places"} instead of sending the signal.`;
}

/** What an installed package offers instead of a model signal of its model, where known. */
const PACKAGE_SIGNALS: Readonly<Record<string, string>> = {
  "allauth.account.models.EmailAddress":
    "allauth sends `email_confirmed`, `email_added`, `email_changed` and `email_removed` (`allauth.account.signals`) for what happens to an address",
  "allauth.socialaccount.models.SocialAccount":
    "allauth sends `social_account_added`, `social_account_updated` and `social_account_removed` (`allauth.socialaccount.signals`)",
  "allauth.socialaccount.models.SocialLogin":
    "allauth sends `pre_social_login` (`allauth.socialaccount.signals`)",
};

/** `allauth` or Django's `django.contrib.auth` for an imported model. */
export function ownerOf(model: ModelFacts): string {
  const module = model.qualifiedName.slice(0, model.qualifiedName.lastIndexOf("."));
  if (module.startsWith("django.")) return `Django's \`${module.replace(/\.models$/, "")}\``;
  return `\`${module.split(".")[0] ?? module}\``;
}

/** The message and fix for a receiver of a model the project does not own. */
export function thirdPartyAdvice(
  context: RuleContext,
  model: ModelFacts,
  call: string,
): { note: string; fix: string } {
  const offered = PACKAGE_SIGNALS[model.qualifiedName];
  const sites = saveSitesOf(context.project, model).flatMap((site) => placesFor(site, "save"));
  const own =
    sites.length > 0
      ? ` Where the project saves a \`${model.name}\` itself, call \`${call}\` there: ${listed(sites)}.`
      : "";
  return {
    note: `\`${model.name}\` is a model of ${ownerOf(model)}, not of this project: its forms, admin and \`save()\` are not the project's to change, so a receiver is the legitimate way to react to its writes.`,
    fix: `Keep ${context.names.receiver} small and safe to run twice, and do not rely on it for data that must stay right: the package's and the project's \`bulk_create()\`/\`update()\` skip it.${offered ? ` Where it fits, receive what the package sends instead: ${offered}.` : ""}${own}`,
  };
}
