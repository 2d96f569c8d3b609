// The code's own names, turned into the words and identifiers that messages and examples use.
import type { Receiver } from "./types.js";

export interface Names {
  /** The sender model's class name (`shop.Book` -> `Book`), or null without a sender. */
  model: string | null;
  /** A variable for one instance in examples: `book`, or `instance` without a sender. */
  instance: string;
  /** A plain function name for the handler's code: `on_save` for `self.on_save`. */
  handler: string;
  /** `post_save`, or `pre_save`/`post_save` for several signals. */
  signals: string;
  /** "`post_save` of `Book`", or "`post_save`" without a sender. */
  registration: string;
}

export function namesFor(receiver: Receiver, signals: readonly string[]): Names {
  const model = modelName(receiver.sender);
  const signalText = signals.map((signal) => `\`${signal}\``).join("/");
  return {
    model,
    instance: model ? snakeCase(model) : "instance",
    handler: handlerName(receiver.name, model, signals[0] ?? "signal"),
    signals: signalText,
    registration: model ? `${signalText} of \`${model}\`` : signalText,
  };
}

function modelName(sender: string | null): string | null {
  if (sender === null) return null;
  const last = sender.split(".").pop() ?? sender;
  return /^[A-Za-z_]\w*$/u.test(last) ? last : null;
}

function handlerName(name: string, model: string | null, signal: string): string {
  if (name === "<lambda>") return model ? `${snakeCase(model)}_${signal}` : `on_${signal}`;
  return name.startsWith("self.") ? name.slice("self.".length) : name;
}

/** `BlogPost` -> `blog_post`. */
export function snakeCase(name: string): string {
  return name.replace(/(?<=[a-z0-9])([A-Z])/g, "_$1").toLowerCase();
}

/** `blog_post` -> `BlogPost`. */
export function pascalCase(name: string): string {
  return name
    .split("_")
    .filter((part) => part.length > 0)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join("");
}
