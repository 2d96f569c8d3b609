// Receiver registrations: `@receiver(...)` decorators and `<signal>.connect(...)` calls.
import {
  enclosingClass,
  findConnectCalls,
  findFunctions,
  findReceiverDecorators,
} from "./collect.js";
import type { ImportTable } from "./imports.js";
import { rangeOf, type TreeLocator } from "./locate.js";
import type { SyntaxNode } from "./parse.js";
import { isModelSignal, RECEIVER_DECORATORS, signalName } from "./signals.js";
import type { SourceText } from "./source.js";
import type { Receiver } from "./types.js";

export interface Registration {
  receiver: Receiver;
  /** The decorator call or the connect call: suppression comments sit on its lines. */
  node: SyntaxNode;
  /** The function (or lambda) that runs, when it is in this file; body rules need it. */
  handler: SyntaxNode | null;
}

interface Arguments {
  positional: SyntaxNode[];
  keywords: Map<string, SyntaxNode>;
}

export function findRegistrations(
  locator: TreeLocator,
  imports: ImportTable,
  source: SourceText,
): Registration[] {
  const isKnown = (name: string) => RECEIVER_DECORATORS.has(name) || signalName(name) !== undefined;
  const resolver = (node: SyntaxNode) => imports.resolve(node, source, isKnown);
  const registrations: Registration[] = [];
  for (const decorator of findReceiverDecorators(locator, source, imports)) {
    const registration = fromDecorator(decorator, resolver, source);
    if (registration) registrations.push(registration);
  }
  const functions = new FunctionLookup(locator, source);
  for (const call of findConnectCalls(locator, source)) {
    const registration = fromConnect(call, resolver, source, functions);
    if (registration) registrations.push(registration);
  }
  return registrations.sort(
    (a, b) => a.receiver.line - b.receiver.line || a.receiver.column - b.receiver.column,
  );
}

type Resolver = (node: SyntaxNode) => string | undefined;

function fromDecorator(
  {
    decorator,
    call,
    definition,
  }: { decorator: SyntaxNode; call: SyntaxNode; definition: SyntaxNode | null },
  resolve: Resolver,
  source: SourceText,
): Registration | null {
  const callee = call.childForFieldName("function");
  const qualified = callee && resolve(callee);
  if (!qualified || !RECEIVER_DECORATORS.has(qualified)) return null;
  const args = readArguments(call, source);
  const signalArg = args.positional[0] ?? args.keywords.get("signal");
  const signals = signalArg ? resolveSignals(signalArg, resolve) : [];
  if (signals.length === 0 || definition?.type !== "function_definition") return null;
  const nameNode = definition.childForFieldName("name");
  return {
    receiver: makeReceiver({
      name: nameNode ? source.of(nameNode) : "<function>",
      signals,
      sender: senderOf(args.keywords.get("sender"), source),
      at: decorator,
      kind: "decorator",
    }),
    node: decorator,
    handler: definition,
  };
}

function fromConnect(
  call: SyntaxNode,
  resolve: Resolver,
  source: SourceText,
  functions: FunctionLookup,
): Registration | null {
  const signalNode = call.childForFieldName("function")?.childForFieldName("object");
  const qualified = signalNode && resolve(signalNode);
  const signal = qualified && signalName(qualified);
  if (!signal) return null;
  const args = readArguments(call, source);
  const handlerArg = args.positional[0] ?? args.keywords.get("receiver");
  if (!handlerArg) return null;
  return {
    receiver: makeReceiver({
      name: handlerArg.type === "lambda" ? "<lambda>" : source.compact(handlerArg),
      signals: [signal],
      sender: senderOf(args.positional[1] ?? args.keywords.get("sender"), source),
      at: call,
      kind: "connect",
    }),
    node: call,
    handler: functions.handler(handlerArg, call),
  };
}

function makeReceiver(parts: {
  name: string;
  signals: string[];
  sender: string | null;
  at: SyntaxNode;
  kind: Receiver["kind"];
}): Receiver {
  return {
    name: parts.name,
    signals: parts.signals,
    sender: parts.sender,
    line: parts.at.startPosition.row + 1,
    column: parts.at.startPosition.column + 1,
    kind: parts.kind,
    isModelSignal: parts.signals.every(isModelSignal),
  };
}

function readArguments(call: SyntaxNode, source: SourceText): Arguments {
  const args: Arguments = { positional: [], keywords: new Map() };
  for (const child of call.childForFieldName("arguments")?.namedChildren ?? []) {
    if (child.type === "keyword_argument") {
      const name = child.childForFieldName("name");
      const value = child.childForFieldName("value");
      if (name && value) args.keywords.set(source.of(name), value);
    } else if (child.type !== "comment") {
      args.positional.push(child);
    }
  }
  return args;
}

/** `post_save`, `[post_save, post_delete]` or `(post_save,)` -> canonical names of known signals. */
function resolveSignals(node: SyntaxNode, resolve: Resolver): string[] {
  const elements =
    node.type === "list" || node.type === "tuple" || node.type === "parenthesized_expression"
      ? node.namedChildren
      : [node];
  const names = elements.map((element) => {
    const qualified = resolve(element);
    return qualified === undefined ? undefined : signalName(qualified);
  });
  return [...new Set(names.filter((name) => name !== undefined))];
}

function senderOf(node: SyntaxNode | undefined, source: SourceText): string | null {
  if (!node || node.type === "none") return null;
  if (node.type === "string") {
    return node.namedChildren
      .filter((part) => part.type === "string_content")
      .map((part) => source.of(part))
      .join("");
  }
  return source.compact(node);
}

/** Finds the functions that connect calls name, once per name. */
class FunctionLookup {
  private readonly byName = new Map<string, SyntaxNode | null>();

  constructor(
    private readonly locator: TreeLocator,
    private readonly source: SourceText,
  ) {}

  /** The function (or lambda) a connect call registers, when it is defined in this file. */
  handler(handler: SyntaxNode, call: SyntaxNode): SyntaxNode | null {
    if (handler.type === "lambda") return handler;
    if (handler.type === "identifier") return this.moduleFunction(this.source.of(handler));
    const object = handler.childForFieldName("object");
    const attribute = handler.childForFieldName("attribute");
    if (handler.type !== "attribute" || object?.type !== "identifier" || !attribute) return null;
    if (this.source.of(object) !== "self") return null;
    const owner = enclosingClass(this.locator, call.startIndex);
    if (!owner) return null;
    const methods = findFunctions(
      this.locator,
      this.source,
      this.source.of(attribute),
      rangeOf(owner),
    );
    return methods.find((fn) => fn.isMethod)?.definition ?? null;
  }

  private moduleFunction(name: string): SyntaxNode | null {
    if (!this.byName.has(name)) {
      const functions = findFunctions(this.locator, this.source, name);
      this.byName.set(name, functions.find((fn) => !fn.isMethod)?.definition ?? null);
    }
    return this.byName.get(name) ?? null;
  }
}
