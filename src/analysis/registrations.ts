// Receiver registrations: `@receiver(...)` decorators and `<signal>.connect(...)` calls.
import {
  type DecoratorSite,
  enclosingClass,
  enclosingFunction,
  findCallsTo,
  findConnectCalls,
  indexFunctionNames,
  findReceiverDecorators,
  lambdaAt,
  readFunctions,
} from "./collect.js";
import { argumentTexts, closingBracket, scanArguments, stringLiteral } from "./arguments.js";
import type { ImportTable } from "./imports.js";
import { ModuleOutline } from "./outline.js";
import type { RegistrationHelper } from "./project/helpers.js";
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

/** The project's registration helpers as one module sees them (see project/helpers.ts). */
export interface HelperLookup {
  /** The names the module binds to helpers. */
  names: readonly string[];
  of(callee: string): RegistrationHelper | null;
  /** The lines of the helpers this module defines: the registration inside is read at their calls. */
  definedAt: readonly { line: number; endLine: number }[];
}

export function findRegistrations(
  locator: TreeLocator,
  imports: ImportTable,
  source: SourceText,
  helpers?: HelperLookup,
): Registration[] {
  const isKnown = (name: string) => RECEIVER_DECORATORS.has(name) || signalName(name) !== undefined;
  const resolve: Resolver = (dotted) => imports.resolve(dotted, isKnown);
  const outline = new ModuleOutline(locator, source.text);
  const registrations: Registration[] = [];
  const weaklyHeld = (weak: NodeSpan | undefined, handler: FunctionSpan | null) =>
    weakReferenceOnly(weak, handler, locator, source);
  const heads = imports.localNamesLeadingTo(RECEIVER_DECORATORS);
  for (const site of findReceiverDecorators(locator, source, heads, outline)) {
    const registration = fromDecorator(site, resolve, source, weaklyHeld);
    if (registration) registrations.push(registration);
  }
  const functions = new FunctionLookup(locator, source, outline);
  for (const call of findConnectCalls(locator, source, outline)) {
    const registration = fromConnect(call, resolve, source, functions, weaklyHeld);
    if (registration) registrations.push(registration);
    else registrations.push(...fromLoop(call, locator, resolve, source, functions, weaklyHeld));
  }
  for (const call of findCallsTo(locator, source, heads)) {
    const callee = dottedName(call.callee, source);
    const qualified = callee && resolve(callee);
    if (!qualified || !RECEIVER_DECORATORS.has(qualified)) continue;
    const registration = fromAppliedReceiver(call, resolve, source, functions, weaklyHeld);
    if (registration) registrations.push(registration);
  }
  if (helpers && helpers.names.length > 0) {
    const context = { resolve, source, functions, weaklyHeld, helpers };
    for (const site of findReceiverDecorators(locator, source, helpers.names, outline)) {
      const registration = fromHelperDecorator(site, context);
      if (registration) registrations.push(registration);
    }
    for (const call of findCallsTo(locator, source, helpers.names)) {
      const registration = fromHelperCall(call, context);
      if (registration) registrations.push(registration);
    }
  }
  const inHelper = (line: number) =>
    helpers?.definedAt.some((range) => range.line <= line && line <= range.endLine) ?? false;
  return registrations
    .filter(({ receiver }) => !inHelper(receiver.line))
    .sort((a, b) => a.receiver.line - b.receiver.line || a.receiver.column - b.receiver.column);
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
  site: DecoratorSite,
  resolve: Resolver,
  source: SourceText,
  weaklyHeld: WeakReferenceCheck,
): Registration | null {
  const callee = dottedName(site.call.callee, source);
  const qualified = callee && resolve(callee);
  if (!qualified || !RECEIVER_DECORATORS.has(qualified)) return null;
  return decoratorRegistration(site, resolve, source, weaklyHeld);
}

function decoratorRegistration(
  {
    decorator,
    call,
    definition,
  }: { decorator: TextRange; call: RegistrationCall; definition: FunctionSpan | null },
  resolve: Resolver,
  source: SourceText,
  weaklyHeld: WeakReferenceCheck,
): Registration | null {
  if (!definition) return null;
  const name = definition.name ? source.of(definition.name) : "<function>";
  const site = { range: decorator, call, name, handler: definition, kind: "decorator" } as const;
  return receiverRegistration(site, resolve, source, weaklyHeld);
}

/** Where `receiver(...)` (or a call that acts as it) registers a function. */
interface ReceiverSite {
  range: TextRange;
  call: RegistrationCall;
  /** The handler as written. */
  name: string;
  handler: FunctionSpan | null;
  kind: Receiver["kind"];
}

function receiverRegistration(
  { range, call, name, handler, kind }: ReceiverSite,
  resolve: Resolver,
  source: SourceText,
  weaklyHeld: WeakReferenceCheck,
): Registration | null {
  const signalArg = call.positional[0] ?? keyword(call, "signal", source);
  const signals = signalArg ? resolveSignals(signalArg, resolve, source) : [];
  if (signals.length === 0) return null;
  return {
    receiver: makeReceiver({
      name,
      signals,
      sender: senderOf(keyword(call, "sender", source), source),
      at: source.positionAt(range.start),
      kind,
    }),
    range,
    handler,
    weaklyHeld: weaklyHeld(keyword(call, "weak", source), handler),
  };
}

/**
 * `receiver(post_save, sender=Book)(on_save)`: the decorator applied by a call, which registers
 * `on_save` as the decorator would; null when the call is not applied to a name at once.
 */
function fromAppliedReceiver(
  call: RegistrationCall,
  resolve: Resolver,
  source: SourceText,
  functions: FunctionLookup,
  weaklyHeld: WeakReferenceCheck,
): Registration | null {
  const { text } = source;
  let open = call.call.end;
  while (text[open] === " " || text[open] === "\t") open++;
  const close = text[open] === "(" ? closingBracket(text, open) : null;
  const applied = close === null ? null : scanArguments(text, { start: open, end: close });
  const handler = applied?.positional[0];
  if (!close || !handler || applied.positional.length !== 1 || applied.keywords.length > 0)
    return null;
  if (handler.type !== "identifier" && handler.type !== "attribute") return null;
  const site: ReceiverSite = {
    range: { start: call.call.start, end: close },
    call,
    name: source.compact(handler),
    handler: functions.handler(handler, call.call),
    kind: "connect",
  };
  return receiverRegistration(site, resolve, source, weaklyHeld);
}

function fromConnect(
  call: RegistrationCall,
  resolve: Resolver,
  source: SourceText,
  functions: FunctionLookup,
  weaklyHeld: WeakReferenceCheck,
  signal = connectedSignal(call, resolve, source),
): Registration | null {
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

/** The signal `<signal>.connect(...)` is called on, when it is one Django knows. */
function connectedSignal(call: CallSpan, resolve: Resolver, source: SourceText) {
  const object = call.calleeObject && dottedName(call.calleeObject, source);
  const qualified = object && resolve(object);
  return (qualified && signalName(qualified)) || undefined;
}

/**
 * A call of a registration helper or its decorator, as the inner `connect(...)` or `receiver(...)`
 * call it makes: the helper's parameters replaced by what this call passes, keywords by name.
 */
type RegistrationCall = CallSpan & { named?: ReadonlyMap<string, NodeSpan> };

interface HelperContext {
  resolve: Resolver;
  source: SourceText;
  functions: FunctionLookup;
  weaklyHeld: WeakReferenceCheck;
  helpers: HelperLookup;
}

/** `@mutable_receiver(post_save, sender=Team)`: a wrapper of `receiver` used as a decorator. */
function fromHelperDecorator(site: DecoratorSite, context: HelperContext): Registration | null {
  const { source, resolve, weaklyHeld, helpers } = context;
  const callee = dottedName(site.call.callee, source);
  const helper = callee ? helpers.of(callee) : null;
  const inner = helper?.kind === "receiver" ? innerCall(site.call, helper, source) : null;
  return inner && decoratorRegistration({ ...site, call: inner }, resolve, source, weaklyHeld);
}

/** `connect_first(post_save, self._post_save, sender=model)`: a helper that calls `connect`. */
function fromHelperCall(call: CallSpan, context: HelperContext): Registration | null {
  const { source, resolve, functions, weaklyHeld, helpers } = context;
  const callee = dottedName(call.callee, source);
  const helper = callee ? helpers.of(callee) : null;
  const inner = helper ? innerCall(call, helper, source) : null;
  if (!helper || !inner) return null;
  if (helper.kind === "receiver")
    return fromAppliedReceiver(inner, resolve, source, functions, weaklyHeld);
  const signalSpan = helper.signal === null ? undefined : inner.bound.get(helper.signal);
  const signal =
    helper.fixedSignal ??
    (signalSpan && resolveSignals(signalSpan, resolve, source).at(0)) ??
    undefined;
  return fromConnect(inner, resolve, source, functions, weaklyHeld, signal);
}

/**
 * The helper's inner call with this call's arguments in place of its parameters, or null when an
 * argument it passes on positionally is not given here (a default the text does not show).
 */
function innerCall(
  outer: CallSpan,
  helper: RegistrationHelper,
  source: SourceText,
): (RegistrationCall & { bound: ReadonlyMap<string, NodeSpan> }) | null {
  const starAt = helper.parameters.findIndex((parameter) => parameter.startsWith("*"));
  const positionalParameters = helper.parameters.slice(0, starAt === -1 ? undefined : starAt);
  const bound = new Map<string, NodeSpan>();
  const extraPositional: NodeSpan[] = [];
  const extraKeywords = new Map<string, NodeSpan>();
  outer.positional.forEach((span, position) => {
    const parameter = positionalParameters[position];
    if (parameter) bound.set(parameter, span);
    else extraPositional.push(span);
  });
  for (const { name, value } of outer.keywords) {
    const written = source.of(name);
    if (helper.parameters.includes(written)) bound.set(written, value);
    else extraKeywords.set(written, value);
  }
  const positional: NodeSpan[] = [];
  const named = new Map<string, NodeSpan>();
  for (const argument of argumentTexts(helper.args) ?? []) {
    const value = argument.value;
    if (value.startsWith("**") && helper.parameters.includes(value)) {
      for (const [name, span] of extraKeywords) named.set(name, span);
    } else if (value.startsWith("*") && helper.parameters.includes(value)) {
      positional.push(...extraPositional);
    } else if (argument.name !== null) {
      const span = bound.get(value);
      if (span) named.set(argument.name, span);
    } else {
      const span = bound.get(value);
      if (!span) return null;
      positional.push(span);
    }
  }
  return { ...outer, calleeObject: null, calleeAttribute: null, positional, named, bound };
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

function keyword(call: RegistrationCall, name: string, source: SourceText): NodeSpan | undefined {
  if (call.named) return call.named.get(name);
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
