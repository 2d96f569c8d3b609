// The function a registration connects, wherever in the project it is defined.
import { argumentTexts } from "../arguments.js";
import type { ClassFact, FunctionFact } from "./module-facts.js";
import type { ProjectIndex } from "./project.js";
import { resolveName } from "./resolve.js";
import type { HandlerFacts } from "./types.js";

const BOUND_METHOD = /^(?:self|cls)\.([\p{L}_][\p{L}\p{N}_]*)$/u;

/**
 * The function `handler` (as a registration on `line` of module `path` writes it: `update_stock`,
 * `handlers.update_stock`, `self.on_save`, `Handlers.on_save`) is, or null when the project does
 * not define it (a lambda, a library's function, a name bound at run time).
 */
export function handlerOf(
  index: ProjectIndex,
  path: string,
  handler: string,
  line: number,
): HandlerFacts | null {
  const written = handler.replace(/\s+/g, "");
  const bound = BOUND_METHOD.exec(written);
  if (bound?.[1]) {
    const owner = index.modules
      .get(path)
      ?.classes.findLast((cls) => cls.line <= line && line <= cls.endLine);
    return owner ? methodOf(index, path, owner, bound[1], new Set()) : null;
  }
  const resolved = resolveName(index, path, written);
  if (resolved?.kind === "function") return handlerFacts(resolved.path, resolved.fact);
  if (resolved?.kind === "member" && resolved.attributes.length === 1) {
    const [method = ""] = resolved.attributes;
    return methodOf(index, resolved.owner.path, resolved.owner.fact, method, new Set());
  }
  return null;
}

/** The method `name` of a class, or of the first of its bases (in the project) that defines it. */
function methodOf(
  index: ProjectIndex,
  path: string,
  cls: ClassFact,
  name: string,
  visited: Set<string>,
): HandlerFacts | null {
  const key = `${path}#${cls.name}`;
  if (visited.has(key)) return null;
  visited.add(key);
  const own = index.modules
    .get(path)
    ?.functions.findLast((fn) => fn.className === cls.name && fn.name === name);
  if (own) return handlerFacts(path, own);
  for (const base of cls.bases) {
    const resolved = resolveName(index, path, base);
    if (resolved?.kind !== "class") continue;
    const found = methodOf(index, resolved.path, resolved.fact, name, visited);
    if (found) return found;
  }
  return null;
}

function handlerFacts(path: string, fact: FunctionFact): HandlerFacts {
  return {
    file: path,
    line: fact.line,
    name: fact.className ? `${fact.className}.${fact.name}` : fact.name,
    className: fact.className,
    body: fact.body,
    bodyHash: fact.bodyHash,
    redefinedAt: fact.redefinedAt,
  };
}

/** The function of module `path` whose `def` is on `line`, as a handler; null when none is. */
export function functionAt(index: ProjectIndex, path: string, line: number): HandlerFacts | null {
  const fact = index.modules.get(path)?.functions.find((fn) => fn.line === line);
  return fact ? handlerFacts(path, fact) : null;
}

/**
 * The modules that connect a handler defined in one of `files` but are not among them: a change
 * of the handler's body can change their findings (the diff re-reads them).
 */
export function filesConnectingHandlersIn(
  index: ProjectIndex,
  files: ReadonlySet<string>,
): string[] {
  const connecting = new Set<string>();
  for (const facts of index.modules.values()) {
    if (files.has(facts.path)) continue;
    for (const call of facts.calls) {
      if (call.kind !== "connect") continue;
      const args = argumentTexts(call.args) ?? [];
      const handler = args.find((arg) => arg.name === "receiver") ?? args[0];
      if (!handler || (handler.name !== null && handler.name !== "receiver")) continue;
      const found = handlerOf(index, facts.path, handler.value, call.line);
      if (found && files.has(found.file)) connecting.add(facts.path);
    }
  }
  return [...connecting];
}
