// Cheap text tests that let callers skip parsing. Both must never say "no" when a parse could say "yes".
import { SIGNAL_ROOT_MODULES } from "./signals.js";

const CONNECT = /connect(?!ion)/;

/**
 * False when `source` certainly registers no receiver: a registration needs the text `receiver`
 * (the decorator's name appears in its import or its dotted path) or `connect`, and a signal that
 * resolves through an import naming one of the signal modules' top-level packages.
 */
export function mightRegisterReceiver(source: string): boolean {
  // `connection` (`from django.db import connection`) is no `connect`.
  if (!source.includes("receiver") && !CONNECT.test(source)) return false;
  return SIGNAL_ROOT_MODULES.some((module) => source.includes(module));
}

// Anything a finding is made of: registrations and imports, handler definitions, the statements the
// body rules look at, model fields and managers, suppression comments; and text that changes how
// neighbouring lines parse (string delimiters, line continuations, block openers ending in `:`).
const RELEVANT_TEXT =
  /receiver|connect|sender|signal|init|m2m|import|\bdef\b|lambda|\bclass\b|save|delete|create|raise|count|Count|len\(|Sum|Avg|Min|Max|aggregate|annotate|\+=|-=|update|\.all|exists|filter|exclude|values|first|last|get|iterator|ManyToMany|Field\s*\(|Manager\s*\(|instance|\.\w+\s*=|django|"""|'''|\\\s*$|:\s*(#.*)?$/m;

/**
 * For a patch's added lines: false only when they cannot create or change a finding (lines that
 * merely shift existing findings are ignored). Unbalanced brackets or quotes can change how the
 * surrounding code parses, so they count as relevant too.
 */
export function mayChangeFindings(addedText: string): boolean {
  return RELEVANT_TEXT.test(addedText) || !balanced(addedText);
}

const CLOSING: Readonly<Record<string, string>> = { ")": "(", "]": "[", "}": "{" };

function balanced(text: string): boolean {
  const open: string[] = [];
  for (const char of text) {
    if (char === "(" || char === "[" || char === "{") open.push(char);
    else if (char in CLOSING && open.pop() !== CLOSING[char]) return false;
  }
  const quotes = (text.match(/["']/g) ?? []).length;
  return open.length === 0 && quotes % 2 === 0;
}
