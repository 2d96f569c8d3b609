import { capitalized, type Names } from "../names.js";
import { kindsOf, timingOf, type SignalKind } from "./advice.js";
import { createRule } from "./rule.js";

export const receiverWithoutSender = createRule(
  {
    id: "receiver-without-sender",
    title: "Model-signal receiver without a sender",
    description:
      "Reports model-signal receivers registered without a sender, which run for every model in the project, Django's own included.",
    defaultSeverity: "warning",
  },
  ({ registration, modelSignals, names }) => {
    if (registration.receiver.sender !== null) return [];
    const kinds = kindsOf(modelSignals);
    const kind = kinds[0] ?? "save";
    return [
      {
        message: `${capitalized(names.receiver)} receives ${names.signals} without a \`sender\`: it runs for every model in the project, including Django's own (${DJANGO_OWN[kind]}), and slows down each of those ${kinds.map((k) => WRITES[k]).join(" and ")}.`,
        fix: `Call \`${names.handler}(instance)\` from the code that ${kinds.map((k) => DOES[k]).join(" or ")} the models it is meant for; at the very least pass \`sender=<Model>\`.`,
        example: example(kind, names, timingOf(modelSignals, kind)),
      },
    ];
  },
);

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
