import { capitalized, type Names } from "../names.js";
import type { Registration } from "../registrations.js";
import type { ModelSignal } from "../signals.js";
import type { TypeGuard } from "../type-guard.js";
import { LAMBDA_RECEIVER } from "../types.js";
import { kindsOf, timingOf, type SignalKind } from "./advice.js";
import { modelMethodsOf, overrideAdvice, overrideExample } from "./model-method.js";
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
    const guard = body?.typeGuard ?? null;
    const everyModel = `${capitalized(names.receiver)} receives ${names.signals} without a \`sender\`: it runs for every model in the project, including Django's own (${DJANGO_OWN[kind]}), and slows down each of those ${kinds.map((k) => WRITES[k]).join(" and ")}.`;
    if (guard) return [guardedHit(everyModel, guard, { registration, modelSignals, names })];
    return [
      {
        message: everyModel,
        fix: `Call \`${names.handler}(instance)\` from the code that ${kinds.map((k) => DOES[k]).join(" or ")} the models it is meant for; at the very least pass \`sender=<Model>\`.`,
        example: example(kind, names, timingOf(modelSignals, kind)),
      },
    ];
  },
);

/**
 * A receiver that picks its models out itself: the models are known, so the advice names them.
 * With subclasses (`isinstance`), a `save()`/`delete()` override in the model covers them all;
 * otherwise `sender=` does.
 */
function guardedHit(
  everyModel: string,
  { classes, subclasses }: TypeGuard,
  {
    registration,
    modelSignals,
    names,
  }: Pick<RuleContext, "registration" | "modelSignals" | "names">,
): RuleHit {
  const listed = classes.map((name) => `\`${name}\``).join(", ");
  const picked = `Its own check picks out ${listed}${subclasses ? " (subclasses included)" : ""}: for every other model, Django calls it for nothing.`;
  const methods = subclasses ? modelMethodsOf(modelSignals) : null;
  const isLambda = registration.receiver.name === LAMBDA_RECEIVER;
  if (methods) {
    const inherit =
      classes.length > 1 ? "their subclasses inherit it" : "its subclasses inherit it";
    return {
      message: `${everyModel} ${picked}`,
      fix: `${capitalized(overrideAdvice(classes, methods, names, isLambda))}: ${inherit}, and no other model pays for the check.`,
      example: overrideExample(classes[0] ?? "Model", modelSignals, names.handler, false),
    };
  }
  const once = classes.length > 1 ? ", once for each of them" : "";
  return {
    message: `${everyModel} ${picked}`,
    fix: `Pass \`sender=${classes[0] ?? "<Model>"}\`${once}, so that Django calls ${names.receiver} for ${classes.length > 1 ? "those models" : "that model"} only.`,
    example: connected(registration, modelSignals, names, classes),
  };
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
