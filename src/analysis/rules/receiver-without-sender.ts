import { createRule } from "./rule.js";

export const receiverWithoutSender = createRule(
  {
    id: "receiver-without-sender",
    title: "Model-signal receiver without a sender",
    description:
      "Reports model-signal receivers registered without a sender, which run for every model in the project, Django's own included.",
    defaultSeverity: "warning",
  },
  ({ registration, names }) =>
    registration.receiver.sender !== null
      ? []
      : [
          {
            message: `\`${names.handler}\` receives ${names.signals} without a \`sender\`: it runs for every model in the project, including Django's own (sessions, permissions, admin log entries), and slows down each of those writes.`,
            fix: `Call \`${names.handler}(instance)\` from the code that saves the models it is meant for; at the very least pass \`sender=<Model>\`.`,
            example: ["def save_book(book):", "    book.save()", `    ${names.handler}(book)`].join(
              "\n",
            ),
          },
        ],
);
