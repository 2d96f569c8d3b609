// Resolves names used in a file to qualified names, from the file's own import statements.
import type { SyntaxNode } from "./parse.js";
import type { SourceText } from "./source.js";

export class ImportTable {
  private readonly bound = new Map<string, string>();
  private readonly starModules: string[] = [];

  /** Records one `import ...` or `from ... import ...` statement. */
  add(statement: SyntaxNode, source: SourceText): void {
    if (statement.type === "import_statement") {
      for (const name of statement.childrenForFieldName("name")) this.addImport(name, source);
    } else if (statement.type === "import_from_statement") {
      this.addFromImport(statement, source);
    }
  }

  /** `s.post_save` -> `django.db.models.signals.post_save`, or undefined when the head is not imported. */
  resolve(dottedName: string, isKnown: (name: string) => boolean): string | undefined {
    const [head = "", ...rest] = dottedName.split(".");
    const base = this.bound.get(head) ?? this.fromStar(head, isKnown);
    return base === undefined ? undefined : [base, ...rest].join(".");
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

  private addImport(name: SyntaxNode, source: SourceText): void {
    if (name.type === "aliased_import") {
      const module = name.childForFieldName("name");
      const alias = name.childForFieldName("alias");
      if (module && alias) this.bound.set(source.of(alias), dottedName(module, source));
      return;
    }
    // `import django.db.models.signals` binds `django`, which resolves to itself.
    const head = dottedName(name, source).split(".")[0];
    if (head) this.bound.set(head, head);
  }

  private addFromImport(statement: SyntaxNode, source: SourceText): void {
    const moduleNode = statement.childForFieldName("module_name");
    // Relative imports name the project's own modules, never Django's.
    if (!moduleNode || moduleNode.type !== "dotted_name") return;
    const module = dottedName(moduleNode, source);
    if (statement.namedChildren.some((child) => child.type === "wildcard_import")) {
      this.starModules.push(module);
    }
    for (const name of statement.childrenForFieldName("name")) {
      if (name.type === "aliased_import") {
        const imported = name.childForFieldName("name");
        const alias = name.childForFieldName("alias");
        if (imported && alias) {
          this.bound.set(source.of(alias), `${module}.${dottedName(imported, source)}`);
        }
      } else {
        this.bound.set(dottedName(name, source), `${module}.${dottedName(name, source)}`);
      }
    }
  }
}

function dottedName(node: SyntaxNode, source: SourceText): string {
  return source.of(node).replace(/\s+/g, "");
}
