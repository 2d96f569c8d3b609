// Receiver registrations: `@receiver(...)` decorators and `<signal>.connect(...)` calls.
import {
  type DecoratorSite,
  enclosingClass,
  enclosingFunction,
  findConnectCalls,
  indexFunctionNames,
  findReceiverDecorators,
  lambdaAt,
  readFunctions,
} from "./collect.js";
import { closingBracket, stringLiteral } from "./arguments.js";
import type { ImportTable } from "./imports.js";
import { ModuleOutline } from "./outline.js";
import type { CallSpan, FunctionSpan, NodeSpan, Point, TextRange, TreeLocator } from "./locate.js";
import { isModelSignal, RECEIVER_DECORATORS, signalName } from "./signals.js";
import type { SourceText } from "./source.js";
import { LAMBDA_RECEIVER, type Receiver } from "./types.js";

export interface Registration {
  receiver: Receiver;
  /** The decorator or the connect call: suppression comments sit on its lines. */
  range: TextRange;
  /** The function (or lambda) that runs, when it is in this file; body rules need it. */
  handler: FunctionSpan | null;
  /**
   * Why Django's reference, weak unless `weak=False` is given, may be the handler's only one: a
   * lambda written in the call, or a function defined inside another; null otherwise.
   */
  weaklyHeld: "lambda" | "local function" | null;
}

const DOTTED_NAME = /^[\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)*$/u;
const SELF_METHOD = /^self\s*\.\s*([\p{L}\p{N}_]+)$/u;

export function findRegistrations(
  locator: TreeLocator,
  imports: ImportTable,
  source: SourceText,
): Registration[] {
  const isKnown = (name: string) => RECEIVER_DECORATORS.has(name) || signalName(name) !== undefined;
  const resolve: Resolver = (dotted) => imports.resolve(dotted, isKnown);
  const outline = new ModuleOutline(locator, source.text);
  const registrations: Registration[] = [];
  const weaklyHeld = (weak: NodeSpan | undefined, handler: FunctionSpan | null) =>
    weakReferenceOnly(weak, handler, locator, source);
  for (const site of findReceiverDecorators(locator, source, imports, outline)) {
    const registration = fromDecorator(site, resolve, source, weaklyHeld);
    if (registration) registrations.push(registration);
  }
  const functions = new FunctionLookup(locator, source, outline);
  for (const call of findConnectCalls(locator, source, outline)) {
    const registration = fromConnect(call, resolve, source, functions, weaklyHeld);
    if (registration) registrations.push(registration);
    else registrations.push(...fromLoop(call, locator, resolve, source, functions, weaklyHeld));
  }
  return registrations.sort(
    (a, b) => a.receiver.line - b.receiver.line || a.receiver.column - b.receiver.column,
  );
}

type Resolver = (dottedName: string) => string | undefined;
/** A registration's `weaklyHeld`, from its `weak` argument and its handler. */
type WeakReferenceCheck = (
  weak: NodeSpan | undefined,
  handler: FunctionSpan | null,
) => Registration["weaklyHeld"];

// Django keeps a weak reference when `weak` is true (the default); any other expression's value
// is unknown here, so it makes no claim.
const WEAK = /^(?:True|1)$/;

function weakReferenceOnly(
  weak: NodeSpan | undefined,
  handler: FunctionSpan | null,
  locator: TreeLocator,
  source: SourceText,
): Registration["weaklyHeld"] {
  if (!handler || (weak && !WEAK.test(source.compact(weak)))) return null;
  if (handler.node.type === "lambda") return "lambda";
  return enclosingFunction(locator, source, handler) ? "local function" : null;
}

/** `signals.post_save` as written (comments and line breaks dropped), for names and attributes. */
function dottedName(span: NodeSpan, source: SourceText): string | undefined {
  if (span.type !== "identifier" && span.type !== "attribute") return undefined;
  const dotted = source
    .of(span)
    .replace(/#[^\n]*/g, "")
    .replace(/\s+/g, "");
  return DOTTED_NAME.test(dotted) ? dotted : undefined;
}

function fromDecorator(
  { decorator, call, definition }: DecoratorSite,
  resolve: Resolver,
  source: SourceText,
  weaklyHeld: WeakReferenceCheck,
): Registration | null {
  const callee = dottedName(call.callee, source);
  const qualified = callee && resolve(callee);
  if (!qualified || !RECEIVER_DECORATORS.has(qualified) || !definition) return null;
  const signalArg = call.positional[0] ?? keyword(call, "signal", source);
  const signals = signalArg ? resolveSignals(signalArg, resolve, source) : [];
  if (signals.length === 0) return null;
  return {
    receiver: makeReceiver({
      name: definition.name ? source.of(definition.name) : "<function>",
      signals,
      sender: senderOf(keyword(call, "sender", source), source),
      at: source.positionAt(decorator.start),
      kind: "decorator",
    }),
    range: decorator,
    handler: definition,
    weaklyHeld: weaklyHeld(keyword(call, "weak", source), definition),
  };
}

function fromConnect(
  call: CallSpan,
  resolve: Resolver,
  source: SourceText,
  functions: FunctionLookup,
  weaklyHeld: WeakReferenceCheck,
): Registration | null {
  const object = call.calleeObject && dottedName(call.calleeObject, source);
  const qualified = object && resolve(object);
  const signal = qualified && signalName(qualified);
  if (!signal) return null;
  const handler = call.positional[0] ?? keyword(call, "receiver", source);
  if (!handler) return null;
  const handlerFunction = functions.handler(handler, call.call);
  // connect(receiver, sender=None, weak=True, dispatch_uid=None)
  const weak = call.positional[2] ?? keyword(call, "weak", source);
  return {
    receiver: makeReceiver({
      name: handler.type === "lambda" ? LAMBDA_RECEIVER : source.compact(handler),
      signals: [signal],
      sender: senderOf(call.positional[1] ?? keyword(call, "sender", source), source),
      at: source.positionAt(call.call.start),
      kind: "connect",
    }),
    range: call.call,
    handler: handlerFunction,
    // A bound method (`self.on_save`) lives as long as its object, wherever its class is defined.
    weaklyHeld: handler.type === "attribute" ? null : weaklyHeld(weak, handlerFunction),
  };
}

const LOOP_HEADER =
  /^for\s+(\(?\s*[\p{L}_][\p{L}\p{N}_]*(?:\s*,\s*[\p{L}_][\p{L}\p{N}_]*)*\s*\)?)\s+in\s+/u;

/**
 * `for signal in (post_save, post_delete): signal.connect(handler, ...)` and `for signal, handler
 * in [(post_save, on_save), (post_delete, on_delete)]: signal.connect(handler, ...)`: a connect
 * call on a loop variable over a literal list registers once per element.
 */
function fromLoop(
  call: CallSpan,
  locator: TreeLocator,
  resolve: Resolver,
  source: SourceText,
  functions: FunctionLookup,
  weaklyHeld: WeakReferenceCheck,
): Registration[] {
  const variable = call.calleeObject?.type === "identifier" ? source.of(call.calleeObject) : null;
  const loop = variable && locator.enclosingSpan(call.call.start, ["for_statement"], 40);
  const header = loop ? LOOP_HEADER.exec(source.text.slice(loop.start, loop.end)) : null;
  if (!loop || !header?.[1] || !variable) return [];
  const targets = header[1].replace(/[()\s]/g, "").split(",");
  const listStart = loop.start + header[0].length;
  const elements = literalElements(source.text, listStart);
  const handler = call.positional[0] ?? keyword(call, "receiver", source);
  const signalAt = targets.indexOf(variable);
  if (!elements || !handler || signalAt === -1) return [];
  const handlerAt = handler.type === "identifier" ? targets.indexOf(source.of(handler)) : -1;
  return elements.flatMap((element) => {
    const parts = targets.length === 1 ? [element] : literalElements(source.text, element.start);
    const signalPart = parts?.[signalAt];
    const handlerPart = handlerAt === -1 ? handler : parts?.[handlerAt];
    const signal = signalPart && resolveSignals(signalPart, resolve, source);
    if (!signalPart || !signal?.[0] || !handlerPart || parts?.length !== targets.length) return [];
    const registration = fromConnect(
      { ...call, calleeObject: signalPart, positional: [handlerPart, ...call.positional.slice(1)] },
      resolve,
      source,
      functions,
      weaklyHeld,
    );
    return registration ? [registration] : [];
  });
}

/** The elements of the literal list or tuple that starts at `start`, typed as names, or null. */
function literalElements(text: string, start: number): NodeSpan[] | null {
  const open = text[start];
  if (open !== "(" && open !== "[") return null;
  const end = closingBracket(text, start);
  if (end === null) return null;
  const elements: NodeSpan[] = [];
  let depth = 0;
  let pieceStart = start + 1;
  for (let index = start + 1; index < end; index++) {
    const char = text[index];
    if (char === "(" || char === "[") depth++;
    else if (char === ")" || char === "]") depth--;
    if ((char === "," && depth === 0) || (depth < 0 && index === end - 1)) {
      const piece = text.slice(pieceStart, index);
      const trimmed = piece.trim();
      if (trimmed !== "") {
        const at = pieceStart + piece.indexOf(trimmed);
        const type = trimmed.startsWith("(")
          ? "tuple"
          : DOTTED_NAME.test(trimmed)
            ? trimmed.includes(".")
              ? "attribute"
              : "identifier"
            : "other";
        elements.push({ type, start: at, end: at + trimmed.length });
      }
      pieceStart = index + 1;
    }
  }
  return elements;
}

function keyword(call: CallSpan, name: string, source: SourceText): NodeSpan | undefined {
  return call.keywords.find((argument) => source.of(argument.name) === name)?.value;
}

function makeReceiver(parts: {
  name: string;
  signals: string[];
  sender: string | null;
  at: Point;
  kind: Receiver["kind"];
}): Receiver {
  return {
    name: parts.name,
    signals: parts.signals,
    sender: parts.sender,
    line: parts.at.row + 1,
    column: parts.at.column + 1,
    kind: parts.kind,
    isModelSignal: parts.signals.every(isModelSignal),
  };
}

/** `post_save`, `[post_save, post_delete]` or `(post_save,)` -> canonical names of known signals. */
function resolveSignals(span: NodeSpan, resolve: Resolver, source: SourceText): string[] {
  const container = ["list", "tuple", "parenthesized_expression"].includes(span.type);
  const elements = container
    ? source
        .of(span)
        .slice(1, -1)
        .replace(/#[^\n]*/g, "")
        .split(",")
        .map((element) => element.replace(/\s+/g, ""))
    : [dottedName(span, source) ?? ""];
  const names = elements
    .filter((element) => DOTTED_NAME.test(element))
    .map((element) => {
      const qualified = resolve(element);
      return qualified === undefined ? undefined : signalName(qualified);
    });
  return [...new Set(names.filter((name) => name !== undefined))];
}

function senderOf(span: NodeSpan | undefined, source: SourceText): string | null {
  if (!span || span.type === "none") return null;
  if (span.type === "string") {
    const literal = stringLiteral(source.text, span.start);
    const { contents } = literal?.end === span.end ? literal : { contents: span };
    return source.text.slice(contents.start, contents.end);
  }
  return source.compact(span);
}

/** Finds the functions that connect calls name, from one index of the file's `def`s. */
class FunctionLookup {
  private definitions: Map<string, number[]> | undefined;
  private readonly byName = new Map<string, FunctionSpan[]>();

  constructor(
    private readonly locator: TreeLocator,
    private readonly source: SourceText,
    private readonly outline: ModuleOutline,
  ) {}

  /** The function (or lambda) a connect call registers, when it is defined in this file. */
  handler(handler: NodeSpan, call: NodeSpan): FunctionSpan | null {
    if (handler.type === "lambda") return lambdaAt(this.locator, handler.start);
    if (handler.type === "identifier") return this.moduleFunction(this.source.of(handler), call);
    const method = handler.type === "attribute" ? SELF_METHOD.exec(this.source.of(handler)) : null;
    const owner = method?.[1] ? enclosingClass(this.locator, call.start) : null;
    if (!method?.[1] || !owner) return null;
    const inOwner = this.defIndices(method[1]).filter((i) => i >= owner.start && i < owner.end);
    return (
      readFunctions(this.locator, this.source, inOwner).find((fn) => fn.isMethod)?.definition ??
      null
    );
  }

  /**
   * The function `name` refers to at `call`: as Python runs the module, the last definition before
   * the call, or the module's last one for a call that runs later (in `ready()`, above the `def`).
   */
  private moduleFunction(name: string, call: NodeSpan): FunctionSpan | null {
    let functions = this.byName.get(name);
    if (!functions) {
      functions = this.functionsNamed(name);
      this.byName.set(name, functions);
    }
    const before = functions.filter((fn) => fn.node.start < call.start);
    return before.at(-1) ?? functions.at(-1) ?? null;
  }

  /** The definitions of `name` that are not methods, in order. */
  private functionsNamed(name: string): FunctionSpan[] {
    return this.defIndices(name).flatMap((index) => {
      const moduleLevel = this.outline.functionNamedAt(index);
      if (moduleLevel) return [moduleLevel];
      const [read] = readFunctions(this.locator, this.source, [index]);
      return read && !read.isMethod ? [read.definition] : [];
    });
  }

  private defIndices(name: string): number[] {
    this.definitions ??= indexFunctionNames(this.source);
    return this.definitions.get(name) ?? [];
  }
}
