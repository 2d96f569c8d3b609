import { capitalized, type Names } from "../names.js";
import type { Registration } from "../registrations.js";
import type { ModelSignal } from "../signals.js";
import type { TypeGuard } from "../type-guard.js";
import { kindsOf, passesCreated, timingOf, type SignalKind } from "./advice.js";
import { modelMethodsOf, overrideAdvice, overrideCaveat, overrideExample } from "./model-method.js";
import { createRule, type RuleContext, type RuleHit } from "./rule.js";

export const receiverWithoutSender = createRule(
  {
    id: "receiver-without-sender",
    title: "Model-signal receiver without a sender",
    description:
      "Reports model-signal receivers registered without a sender, which run for every model in the project, Django's own included.",
    defaultSeverity: "warning",
  },
  ({ registration, modelSignals, names, body }) => {
    if (registration.receiver.sender !== null) return [];
    const kinds = kindsOf(modelSignals);
    const kind = kinds[0] ?? "save";
    const everyModel = `${capitalized(names.receiver)} receives ${names.signals} without a \`sender\`: it runs for every model in the project, including Django's own (${DJANGO_OWN[kind]}), and slows down each of those ${kinds.map((k) => WRITES[k]).join(" and ")}.`;
    const generic: RuleHit = {
      message: everyModel,
      fix: `${callFrom(names, modelSignals, "the models it is meant for")}; at the very least pass \`sender=<Model>\`.`,
      example: example(kind, names, timingOf(modelSignals, kind)),
    };
    // `m2m_changed` is sent by through models: the checked model is never its sender.
    const guard = kinds.includes("m2m") ? null : (body?.typeGuard ?? null);
    if (!guard) return [generic];
    const created = passesCreated(modelSignals, body);
    return [guardedHit(generic, guard, { registration, modelSignals, names }, created)];
  },
);

/**
 * A receiver that picks its models out itself: the models are known, so the advice names them.
 * With subclasses (`isinstance`), a `save()`/`delete()` override in the models covers them all;
 * for exactly these models, `sender=` does. Other subclass checks keep the generic advice.
 */
function guardedHit(
  generic: RuleHit,
  { classes, subclasses }: TypeGuard,
  {
    registration,
    modelSignals,
    names,
  }: Pick<RuleContext, "registration" | "modelSignals" | "names">,
  created: boolean,
): RuleHit {
  const listed = classes.map((name) => `\`${name}\``).join(", ");
  const message = `${generic.message} Its own check picks out ${listed}${subclasses ? " (subclasses included)" : ""}: for every other model, Django calls it for nothing.`;
  if (subclasses) {
    const methods = modelMethodsOf(modelSignals);
    if (!methods) return { ...generic, message };
    const [model = ""] = classes;
    return {
      message,
      fix: `${callFrom(names, modelSignals, listed)}, or, closer to the model, ${overrideAdvice(classes, methods, names)}: ${classes.length > 1 ? "their" : "its"} subclasses inherit it, and no other model pays for the check.${overrideCaveat(methods)}`,
      example: overrideExample(model, modelSignals, names.handler, created),
    };
  }
  const senders = classes.map((name) => `\`sender=${name}\``).join(" and ");
  return {
    message,
    fix: `${callFrom(names, modelSignals, listed)}; at the very least pass ${senders}${classes.length > 1 ? " (one registration each)" : ""}, so that Django calls ${names.receiver} for ${classes.length > 1 ? "those models" : "that model"} only.`,
    example: connected(registration, modelSignals, names, classes),
  };
}

/** "Call `h(instance)` from the code that saves `Book`" */
function callFrom(names: Names, signals: readonly ModelSignal[], models: string): string {
  const does = kindsOf(signals).map((kind) => DOES[kind]);
  return `Call \`${names.handler}(instance)\` from the code that ${does.join(" or ")} ${models}`;
}

/** The registration again, with a sender: stacked decorators, or one connect call per model. */
function connected(
  registration: Registration,
  signals: readonly ModelSignal[],
  names: Names,
  classes: readonly string[],
): string {
  const signal = signals.length > 1 ? `[${signals.join(", ")}]` : (signals[0] ?? "post_save");
  if (registration.receiver.kind === "decorator") {
    return [
      ...classes.map((name) => `@receiver(${signal}, sender=${name})`),
      `def ${names.handler}(sender, instance, **kwargs):`,
      "    ...",
    ].join("\n");
  }
  return signals
    .flatMap((one) => classes.map((name) => `${one}.connect(${names.handler}, sender=${name})`))
    .join("\n");
}

// What of Django's own models each kind of signal also fires for.
const DJANGO_OWN: Readonly<Record<SignalKind, string>> = {
  save: "sessions, permissions, admin log entries",
  delete: "sessions, permissions, admin log entries",
  m2m: "`User.groups`, `User.user_permissions`, `Group.permissions`",
  init: "every session and permission a query loads",
};

const WRITES: Readonly<Record<SignalKind, string>> = {
  save: "writes",
  delete: "deletes",
  m2m: "relation changes",
  init: "instantiations",
};

const DOES: Readonly<Record<SignalKind, string>> = {
  save: "saves",
  delete: "deletes",
  m2m: "changes the many-to-many relations of",
  init: "creates or loads",
};

/** A placeholder `Book` model: the receiver names none. */
function example(kind: SignalKind, names: Names, timing: "pre" | "post"): string {
  const call = `    ${names.handler}(book)`;
  if (kind === "delete") {
    const steps = timing === "pre" ? [call, "    book.delete()"] : ["    book.delete()", call];
    return ["def delete_book(book):", ...steps].join("\n");
  }
  if (kind === "m2m") {
    return ["def set_book_authors(book, authors):", "    book.authors.set(authors)", call].join(
      "\n",
    );
  }
  if (kind === "init") return ["book = Book.objects.get(pk=pk)", call.trim()].join("\n");
  const steps = timing === "pre" ? [call, "    book.save()"] : ["    book.save()", call];
  return ["def save_book(book):", ...steps].join("\n");
}
