// The project's own receivers of each model's save signals, wherever they are registered: a chain
// of receivers that save each other's models reads the other side's body from here.
import { argumentTexts } from "../arguments.js";
import { RECEIVER_DECORATORS, signalName } from "../signals.js";
import { handlerOf } from "./handlers.js";
import { resolveSender } from "./models.js";
import type { FunctionFact, ModuleFacts } from "./module-facts.js";
import type { ProjectIndex } from "./project.js";
import { resolveName } from "./resolve.js";
import { add as addTo } from "./sites.js";
import type { HandlerFacts, ModelFacts, ProjectLocation } from "./types.js";

export type SaveSignal = "pre_save" | "post_save";

/** A receiver of a model's save signal, as the project registers it. */
export interface SaveReceiver {
  signal: SaveSignal;
  handler: HandlerFacts;
  /** The connect call; null for a decorator, which sits on the handler's `def`. */
  connectedAt: ProjectLocation | null;
}

/** The receivers of `model`'s `pre_save` and `post_save` that the project registers. */
export function saveReceiversOf(index: ProjectIndex, model: ModelFacts): SaveReceiver[] {
  return saveReceivers(index).get(model.qualifiedName) ?? [];
}

function saveReceivers(index: ProjectIndex): ReadonlyMap<string, SaveReceiver[]> {
  return index.remember("save receivers", () => {
    const byModel = new Map<string, SaveReceiver[]>();
    const add = (model: ModelFacts, receiver: SaveReceiver) => addTo(byModel, model, receiver);
    for (const facts of index.modules.values()) {
      for (const fn of facts.functions) decorated(index, facts, fn, add);
      connected(index, facts, add);
    }
    return byModel;
  });
}

type Add = (model: ModelFacts, receiver: SaveReceiver) => void;

const CALL = /^([\p{L}_][\p{L}\p{N}_.]*)\s*(\([\s\S]*\))$/u;

/** `@receiver(post_save, sender=Book)` or a project's wrapper of it above `fn`. */
function decorated(index: ProjectIndex, facts: ModuleFacts, fn: FunctionFact, add: Add): void {
  for (const decorator of fn.receiverDecorators) {
    const call = CALL.exec(decorator);
    if (!call?.[1] || !call[2] || !isReceiver(index, facts.path, call[1])) continue;
    const args = argumentTexts(call[2]) ?? [];
    const signal = args.find((arg) => arg.name === "signal") ?? args[0];
    const sender = args.find((arg) => arg.name === "sender");
    const handler = handlerOf(
      index,
      facts.path,
      fn.className ? `self.${fn.name}` : fn.name,
      fn.line,
    );
    if (!signal || signal.name === "sender" || !sender || !handler) continue;
    register(index, facts.path, signal.value, sender.value, { handler, connectedAt: null }, add);
  }
}

/** Django's `receiver`, or a function of the project that passes its arguments on to it. */
function isReceiver(index: ProjectIndex, path: string, callee: string): boolean {
  const resolved = resolveName(index, path, callee);
  if (resolved?.kind === "external") return RECEIVER_DECORATORS.has(resolved.qualified);
  return resolved?.kind === "function" && resolved.fact.registers?.kind === "receiver";
}

/** `post_save.connect(handler, sender=Book)` anywhere in the module. */
function connected(index: ProjectIndex, facts: ModuleFacts, add: Add): void {
  for (const call of facts.calls) {
    if (call.kind !== "connect") continue;
    const args = argumentTexts(call.args) ?? [];
    const positional = args.filter((arg) => arg.name === null);
    const receiver = args.find((arg) => arg.name === "receiver") ?? positional[0];
    const sender = args.find((arg) => arg.name === "sender") ?? positional[1];
    const handler = receiver && handlerOf(index, facts.path, receiver.value, call.line);
    if (!sender || !handler) continue;
    const connectedAt = { file: facts.path, line: call.line };
    register(index, facts.path, call.object, sender.value, { handler, connectedAt }, add);
  }
}

function register(
  index: ProjectIndex,
  path: string,
  signals: string,
  sender: string,
  receiver: Omit<SaveReceiver, "signal">,
  add: Add,
): void {
  const model = resolveSender(index, path, sender)?.model;
  if (!model) return;
  const written = /^[[(]/.test(signals) ? (argumentTexts(`(${signals.slice(1, -1)})`) ?? []) : [];
  const names = written.length > 0 ? written.map((arg) => arg.value) : [signals];
  for (const name of names) {
    const resolved = resolveName(index, path, name);
    const signal = resolved?.kind === "external" ? signalName(resolved.qualified) : undefined;
    if (signal === "pre_save" || signal === "post_save") add(model, { ...receiver, signal });
  }
}
