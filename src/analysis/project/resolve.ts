// What a dotted name means in a module of the project, followed through its imports, re-exports
// (`from .handlers import *`) and aliases (`Book = models.Book`), across modules.
import type { ClassFact, FunctionFact, ImportFact, ModuleFacts } from "./module-facts.js";
import type { ProjectIndex } from "./project.js";

export type Resolved =
  | { kind: "module"; module: string }
  | { kind: "class"; path: string; fact: ClassFact }
  | { kind: "function"; path: string; fact: FunctionFact }
  /** A name from outside the project: `django.db.models.Model`. */
  | { kind: "external"; qualified: string }
  /** A module-level assignment of something that is not a name: `User = get_user_model()`. */
  | { kind: "value"; path: string; value: string }
  /** An attribute of a project class: `Article.tags`, `Handlers.on_save`. */
  | { kind: "member"; owner: { path: string; fact: ClassFact }; attributes: string[] };

const DOTTED = /^[\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)*$/u;
// Chains of re-exports and aliases longer than this are cycles in practice.
const MAX_STEPS = 40;

/** `handlers.update_stock` as module `path` sees it; null when the project does not tell. */
export function resolveName(index: ProjectIndex, path: string, dotted: string): Resolved | null {
  const name = dotted.replace(/\s+/g, "");
  if (!DOTTED.test(name)) return null;
  return index.remember(`resolve\0${path}\0${name}`, () =>
    new Resolver(index).dotted(path, name, 0),
  );
}

class Resolver {
  private readonly visiting = new Set<string>();

  constructor(private readonly index: ProjectIndex) {}

  dotted(path: string, dotted: string, steps: number): Resolved | null {
    const [head = "", ...rest] = dotted.split(".");
    let resolved = this.binding(path, head, steps);
    for (const part of rest) {
      if (!resolved) return null;
      resolved = this.member(resolved, part, steps + 1);
    }
    return resolved;
  }

  private member(of: Resolved, name: string, steps: number): Resolved | null {
    switch (of.kind) {
      case "module":
        return this.inModule(of.module, name, steps);
      case "external":
        return { kind: "external", qualified: `${of.qualified}.${name}` };
      case "class": {
        const method = this.facts(of.path)?.functions.findLast(
          (fn) => fn.className === of.fact.name && fn.name === name,
        );
        if (method) return { kind: "function", path: of.path, fact: method };
        return { kind: "member", owner: { path: of.path, fact: of.fact }, attributes: [name] };
      }
      case "member":
        return { ...of, attributes: [...of.attributes, name] };
      default:
        return null;
    }
  }

  /** What `name` is bound to at the top level of the module `path` (the last binding wins). */
  private binding(path: string, name: string, steps: number): Resolved | null {
    const facts = this.facts(path);
    if (!facts || steps > MAX_STEPS) return null;
    const key = `${path}#${name}`;
    if (this.visiting.has(key)) return null;
    this.visiting.add(key);
    try {
      return this.bound(facts, name, steps) ?? this.fromWildcards(facts, name, steps);
    } finally {
      this.visiting.delete(key);
    }
  }

  private bound(facts: ModuleFacts, name: string, steps: number): Resolved | null {
    const candidates: { line: number; resolve: () => Resolved | null }[] = [];
    const cls = facts.classes.findLast((fact) => fact.name === name);
    if (cls)
      candidates.push({
        line: cls.line,
        resolve: () => ({ kind: "class", path: facts.path, fact: cls }),
      });
    const fn = facts.functions.findLast((fact) => fact.className === null && fact.name === name);
    if (fn)
      candidates.push({
        line: fn.line,
        resolve: () => ({ kind: "function", path: facts.path, fact: fn }),
      });
    const assignment = facts.assignments.findLast((fact) => fact.name === name);
    if (assignment) {
      candidates.push({
        line: assignment.line,
        resolve: () =>
          DOTTED.test(assignment.value)
            ? this.dotted(facts.path, assignment.value, steps + 1)
            : { kind: "value", path: facts.path, value: assignment.value },
      });
    }
    const imported = facts.imports.findLast((fact) => boundName(fact) === name);
    if (imported) {
      candidates.push({
        line: imported.line,
        resolve: () => this.imported(facts.path, imported, steps + 1),
      });
    }
    candidates.sort((a, b) => b.line - a.line);
    for (const candidate of candidates) {
      const resolved = candidate.resolve();
      if (resolved) return resolved;
    }
    return null;
  }

  private fromWildcards(facts: ModuleFacts, name: string, steps: number): Resolved | null {
    for (const fact of facts.imports) {
      if (fact.name !== "*" || fact.from === null) continue;
      const module = this.moduleOf(facts.path, fact);
      const found = module ? this.inModule(module, name, steps + 1) : null;
      if (found) return found;
    }
    return null;
  }

  private imported(path: string, fact: ImportFact, steps: number): Resolved | null {
    const names = this.index.moduleNames;
    if (fact.from === null) {
      // `import a.b.c` binds `a`; `import a.b.c as d` binds `d` to `a.b.c`.
      const dotted = fact.alias === null ? (fact.name.split(".")[0] ?? fact.name) : fact.name;
      const module = names.module(dotted);
      return module ? { kind: "module", module } : { kind: "external", qualified: dotted };
    }
    const module = this.moduleOf(path, fact);
    if (module) return this.inModule(module, fact.name, steps);
    return fact.level === 0 ? { kind: "external", qualified: `${fact.from}.${fact.name}` } : null;
  }

  private moduleOf(path: string, fact: ImportFact): string | undefined {
    const names = this.index.moduleNames;
    if (fact.level > 0) return names.relative(path, fact.level, fact.from ?? "");
    return fact.from === null ? undefined : names.module(fact.from);
  }

  /** `name` in the module `module`: its binding, else its submodule. */
  private inModule(module: string, name: string, steps: number): Resolved | null {
    const bound = this.facts(module) ? this.binding(module, name, steps) : null;
    if (bound) return bound;
    const submodule = this.index.moduleNames.submodule(module, name);
    return submodule ? { kind: "module", module: submodule } : null;
  }

  private facts(path: string): ModuleFacts | undefined {
    return this.index.modules.get(path);
  }
}

function boundName(fact: ImportFact): string {
  if (fact.alias !== null) return fact.alias;
  return fact.from === null ? (fact.name.split(".")[0] ?? fact.name) : fact.name;
}
