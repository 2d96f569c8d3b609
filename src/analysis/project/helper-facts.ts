// Which functions of a module register receivers for their callers, read with its other facts.
import { argumentTexts } from "../arguments.js";
import { RECEIVER_DECORATORS } from "../signals.js";
import type { CallFact, ImportFact, RegistrationHelperFact } from "./module-facts.js";
import { matchingBracket } from "./statements.js";

export interface FunctionText {
  /** The original text and the same text with strings and comments blanked. */
  text: string;
  code: string;
  /** `(signal, receiver, sender=None)` as written. */
  parameters: string;
  isMethod: boolean;
  body: { start: number; end: number };
  /** The `.connect(...)` calls made in the body (nested functions included). */
  connects: readonly CallFact[];
  /** The names the module binds to Django's `receiver`. */
  receiverNames: readonly string[];
}

/** How the function registers a receiver with its own parameters; null when it does not. */
export function registrationHelperFact(fn: FunctionText): RegistrationHelperFact | null {
  const parameters = parameterNames(fn.parameters, fn.isMethod);
  if (parameters.length === 0) return null;
  const bare = new Set(parameters.map((parameter) => parameter.replace(/^\*+/, "")));
  const usesParameter = (value: string) => bare.has(value.replace(/^\*+/, "").trim());
  for (const call of fn.connects) {
    const args = argumentTexts(call.args) ?? [];
    if (usesParameter(call.object) || args.some((arg) => usesParameter(arg.value))) {
      return { kind: "connect", parameters, signal: call.object, args: call.args };
    }
  }
  for (const args of receiverCalls(fn)) {
    if ((argumentTexts(args) ?? []).some((arg) => usesParameter(arg.value))) {
      return { kind: "receiver", parameters, signal: null, args };
    }
  }
  return null;
}

/** The local names `from django.dispatch import receiver` (or an alias of it) binds. */
export function receiverNames(imports: readonly ImportFact[]): string[] {
  return imports
    .filter((fact) => fact.level === 0 && RECEIVER_DECORATORS.has(`${fact.from}.${fact.name}`))
    .map((fact) => fact.alias ?? fact.name);
}

/** The argument lists of the calls of `receiver` (as a call or a decorator) in the body. */
function receiverCalls(fn: FunctionText): string[] {
  return fn.receiverNames.flatMap((name) => {
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}_.])${name}[ \\t]*\\(`, "gu");
    const body = fn.code.slice(fn.body.start, fn.body.end);
    return [...body.matchAll(pattern)].flatMap((match) => {
      const open = fn.body.start + match.index + match[0].length - 1;
      const close = matchingBracket(fn.code, open, fn.body.end, 1);
      return close === -1 ? [] : [compact(fn.text.slice(open, close + 1))];
    });
  });
}

/** `(self, signal, receiver: Callable, sender=None, *args, **kwargs)` -> the names, stars kept. */
function parameterNames(parameters: string, isMethod: boolean): string[] {
  const names = (argumentTexts(parameters) ?? [])
    .map((parameter) => (parameter.name ?? parameter.value).replace(/[:=][\s\S]*$/, "").trim())
    .filter((name) => name !== "" && name !== "*" && name !== "/");
  return isMethod && (names[0] === "self" || names[0] === "cls") ? names.slice(1) : names;
}

function compact(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
