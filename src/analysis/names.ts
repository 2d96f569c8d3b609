// The code's own names, turned into the words and identifiers that messages and examples use.
import { codeSpan } from "./code-span.js";
import { onlyRelationChanges } from "./signals.js";
import { LAMBDA_RECEIVER, type Receiver } from "./types.js";

export interface Names {
  /**
   * The sender model's class name (`shop.Book` -> `Book`, the user model -> `User`), or null
   * without a sender, when the sender is a variable (`cls`) or not CapWords (`"shop.book"`), and
   * for `m2m_changed` of a through model (`TaggedItem`), whose instances are another model's.
   */
  model: string | null;
  /** The many-to-many field of an `m2m_changed` sender: `tags` in `Article.tags.through`. */
  relation: string | null;
  /** A variable for one instance in examples: `book`, or `instance` without a sender. */
  instance: string;
  /**
   * The handler as the advice's code calls it: as written (`self.on_save`, which keeps a method
   * from reading like a signal's name), or a name to move a lambda's body into.
   */
  handler: string;
  /** The receiver as messages name it: "`self.on_save`" as written, or "the lambda". */
  receiver: string;
  /** Whether the receiver is a lambda, whose body the advice moves into `handler`. */
  isLambda: boolean;
  /** `post_save`, or `pre_save`/`post_save` for several signals. */
  signals: string;
  /**
   * "`post_save` of `Book`", "`post_save` of `User` (`settings.AUTH_USER_MODEL`)" when the sender
   * names the model indirectly, "`m2m_changed` of `Article.tags`", "`post_init` (sender `cls`)"
   * when a variable is the sender, or "`post_save`" alone.
   */
  registration: string;
}

export function namesFor(receiver: Receiver, signals: readonly string[]): Names {
  const sender = receiver.sender === null ? null : senderModel(receiver.sender, signals);
  const isLambda = receiver.name === LAMBDA_RECEIVER;
  const model = sender?.model ?? null;
  const signalText = signals.map((signal) => `\`${signal}\``).join("/");
  const indirect = sender?.indirect ? ` (${codeSpan(receiver.sender ?? "")})` : "";
  // `m2m_changed` of `Article.tags`: the relation, not every write of the model.
  const subject = sender?.relation ? `${model}.${sender.relation}` : model;
  return {
    model,
    relation: sender?.relation ?? null,
    instance: model ? snakeCase(model) : "instance",
    handler: handlerName(receiver.name, model, signals[0] ?? "signal"),
    receiver: isLambda ? "the lambda" : `\`${receiver.name}\``,
    isLambda,
    signals: signalText,
    registration: model
      ? `${signalText} of \`${subject}\`${indirect}`
      : `${signalText}${receiver.sender === null ? "" : ` (sender ${codeSpan(receiver.sender)})`}`,
  };
}

// Model classes are CapWords; `cls`, `sender` or `self.model` is a variable whose model is unknown.
const MODEL_CLASS = /^_*[A-Z]\w*$/u;
// `settings.AUTH_USER_MODEL`, `get_user_model()` and the string "auth.User" all name the user model.
const USER_MODEL = /(?:^|\.)(?:AUTH_USER_MODEL|get_user_model\(\s*\))$/u;
// Lazy references ignore the model name's case; `auth.User` names the model as written already.
const LAZY_USER = /^auth\.user$/iu;
const THROUGH = /^(?:[\w.]*\.)?(\w+)\.(\w+)\.through$/u;

interface SenderModel {
  model: string | null;
  relation: string | null;
  /** True when the sender as written does not end with the model's name. */
  indirect: boolean;
}

const NO_MODEL: SenderModel = { model: null, relation: null, indirect: false };

/** The model a sender names: `Book`, `models.Book`, `"shop.Book"`, `Article.tags.through` -> `Article`. */
function senderModel(sender: string, signals: readonly string[]): SenderModel {
  if (USER_MODEL.test(sender) || (LAZY_USER.test(sender) && sender !== "auth.User")) {
    return { model: "User", relation: null, indirect: true };
  }
  const relationChanges = onlyRelationChanges(signals);
  const through = THROUGH.exec(sender);
  if (through) {
    // `m2m_changed` of `Article.tags.through` is about an `Article`'s relation; the save and delete
    // signals of a through model are about its own rows, whose model has no name here.
    const [, model = "", relation = ""] = through;
    return relationChanges && MODEL_CLASS.test(model)
      ? { model, relation, indirect: false }
      : NO_MODEL;
  }
  // `m2m_changed` is sent by the through model (`TaggedItem`), not by the model whose relation
  // changed, so the sender names no model that advice could use.
  if (relationChanges) return NO_MODEL;
  const last = sender.split(".").pop() ?? sender;
  return MODEL_CLASS.test(last) ? { model: last, relation: null, indirect: false } : NO_MODEL;
}

/** `text` with its first letter capitalised, to start a sentence. */
export function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A lambda gets a function name to move into; anything else is called as written. */
function handlerName(name: string, model: string | null, signal: string): string {
  if (name === LAMBDA_RECEIVER) return model ? `${snakeCase(model)}_${signal}` : `on_${signal}`;
  return name;
}

/** `BlogPost` -> `blog_post`, `IPAddress` -> `ip_address`. */
export function snakeCase(name: string): string {
  return name.replace(/(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/g, "_").toLowerCase();
}

/** `blog_post` -> `BlogPost`. */
export function pascalCase(name: string): string {
  return name
    .split("_")
    .filter((part) => part.length > 0)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join("");
}
