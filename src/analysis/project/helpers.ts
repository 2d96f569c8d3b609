// Registrations through the project's own helpers: the functions that connect a receiver, or wrap
// Django's `receiver`, with what their callers pass (see RegistrationHelperFact).
import { signalName } from "../signals.js";
import type { RegistrationHelperFact } from "./module-facts.js";
import type { ProjectIndex } from "./project.js";
import { resolveName } from "./resolve.js";
import type { ProjectLocation } from "./types.js";

/** A helper as a module calls it. */
export interface RegistrationHelper extends RegistrationHelperFact, ProjectLocation {
  name: string;
  /** For a helper that connects one signal itself (`post_save.connect(...)`): its canonical name. */
  fixedSignal: string | null;
}

/**
 * The helper `callee` names in module `path` (`connect_first`, `utils.mutable_receiver`), or null
 * when it is not one: a module-level function of the project that registers with its parameters.
 */
export function registrationHelperOf(
  index: ProjectIndex,
  path: string,
  callee: string,
): RegistrationHelper | null {
  const resolved = resolveName(index, path, callee);
  if (resolved?.kind !== "function" || resolved.fact.className !== null) return null;
  const { fact } = resolved;
  if (!fact.registers) return null;
  const { signal } = fact.registers;
  const signalIsParameter = signal !== null && fact.registers.parameters.includes(signal);
  return {
    ...fact.registers,
    name: fact.name,
    file: resolved.path,
    line: fact.line,
    fixedSignal:
      signal === null || signalIsParameter ? null : signalOf(index, resolved.path, signal),
  };
}

/**
 * How module `path` names helpers: its own, the ones it imports (`connect_first`, an alias), and
 * helpers of the modules it imports (`signal_utils.connect_first`).
 */
export function registrationHelperNames(index: ProjectIndex, path: string): readonly string[] {
  return index.remember(`helper names\0${path}`, () => helperNamesIn(index, path));
}

function helperNamesIn(index: ProjectIndex, path: string): string[] {
  const facts = index.modules.get(path);
  if (!facts || !hasRegistrationHelpers(index)) return [];
  const names = ownHelpers(index, path).map((fn) => fn.name);
  for (const fact of facts.imports) {
    if (fact.name === "*") continue;
    const local = fact.alias ?? (fact.from === null ? null : fact.name);
    if (local === null) continue;
    const resolved = resolveName(index, path, local);
    if (resolved?.kind === "function") names.push(local);
    else if (resolved?.kind === "module")
      names.push(...ownHelpers(index, resolved.module).map((fn) => `${local}.${fn.name}`));
  }
  return [...new Set(names)].filter((name) => registrationHelperOf(index, path, name) !== null);
}

/** The lines of the helpers module `path` defines: their own inner registration is not one. */
export function helperLines(index: ProjectIndex, path: string): ProjectRange[] {
  return ownHelpers(index, path).map((fn) => ({ line: fn.line, endLine: fn.endLine }));
}

export interface ProjectRange {
  line: number;
  endLine: number;
}

/** Whether any module defines a helper: most projects have none, and their modules ask nothing. */
function hasRegistrationHelpers(index: ProjectIndex): boolean {
  return index.remember("registration helpers", () =>
    [...index.modules.values()].some((facts) => facts.functions.some((fn) => fn.registers)),
  );
}

function ownHelpers(index: ProjectIndex, path: string) {
  const functions = index.modules.get(path)?.functions ?? [];
  return functions.filter((fn) => fn.className === null && fn.registers !== null);
}

function signalOf(index: ProjectIndex, path: string, written: string): string | null {
  const resolved = resolveName(index, path, written);
  return resolved?.kind === "external" ? (signalName(resolved.qualified) ?? null) : null;
}
