// Resolves names used in a file to qualified names, from the file's own import statements.

/** One `import ...` or `from ... import ...` statement, read as plain data (see collect.ts). */
export interface ImportStatement {
  /** The `from` module (`django.db.models`, or `.models` when relative); null for `import ...`. */
  module: string | null;
  relative: boolean;
  /** Imported dotted names and their aliases, whitespace removed. */
  names: { name: string; alias: string | null }[];
  wildcard: boolean;
}

export class ImportTable {
  private readonly bound = new Map<string, string>();
  private readonly starModules: string[] = [];

  /** Records one import statement. */
  add(statement: ImportStatement): void {
    // Relative imports name the project's own modules, never Django's.
    if (statement.relative) return;
    const { module } = statement;
    if (module === null) {
      for (const { name, alias } of statement.names) this.addImport(name, alias);
      return;
    }
    if (statement.wildcard) this.starModules.push(module);
    for (const { name, alias } of statement.names)
      this.bound.set(alias ?? name, `${module}.${name}`);
  }

  /** `s.post_save` -> `django.db.models.signals.post_save`, or undefined when the head is not imported. */
  resolve(dottedName: string, isKnown: (name: string) => boolean): string | undefined {
    const dot = dottedName.indexOf(".");
    const head = dot === -1 ? dottedName : dottedName.slice(0, dot);
    const base = this.bound.get(head) ?? this.fromStar(head, isKnown);
    return base === undefined ? undefined : base + (dot === -1 ? "" : dottedName.slice(dot));
  }

  /** Local names that resolve to one of `targets`, or to a module on the way to one. */
  localNamesLeadingTo(targets: ReadonlySet<string>): string[] {
    const leads = (qualified: string) =>
      [...targets].some((target) => target === qualified || target.startsWith(`${qualified}.`));
    const names = [...this.bound].filter(([, qualified]) => leads(qualified)).map(([name]) => name);
    for (const module of this.starModules) {
      for (const target of targets) {
        if (target.startsWith(`${module}.`) && !target.slice(module.length + 1).includes(".")) {
          names.push(target.slice(module.length + 1));
        }
      }
    }
    return names;
  }

  private fromStar(name: string, isKnown: (name: string) => boolean): string | undefined {
    return this.starModules.map((module) => `${module}.${name}`).find(isKnown);
  }

  private addImport(name: string, alias: string | null): void {
    if (alias !== null) {
      this.bound.set(alias, name);
      return;
    }
    // `import django.db.models.signals` binds `django`, which resolves to itself.
    const head = name.split(".")[0];
    if (head) this.bound.set(head, head);
  }
}
