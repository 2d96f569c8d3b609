// Models defined in the analysed file, and their many-to-many fields.
import { findClasses } from "./collect.js";
import type { TreeLocator } from "./locate.js";
import type { SourceText } from "./source.js";

export interface ModelIndex {
  /** The ManyToManyField names of the class named `model`, or undefined when no such class is here. */
  manyToManyFields(model: string): ReadonlySet<string> | undefined;
}

export function indexModels(locator: TreeLocator, source: SourceText): ModelIndex {
  const cache = new Map<string, ReadonlySet<string> | undefined>();
  return {
    manyToManyFields(model) {
      if (!cache.has(model)) cache.set(model, readManyToManyFields(locator, model, source));
      return cache.get(model);
    },
  };
}

function readManyToManyFields(
  locator: TreeLocator,
  model: string,
  source: SourceText,
): ReadonlySet<string> | undefined {
  const [definition] = findClasses(locator, source, model);
  if (!definition) return undefined;
  const fields = new Set<string>();
  for (const statement of definition.childForFieldName("body")?.namedChildren ?? []) {
    const assignment =
      statement.type === "expression_statement" ? statement.namedChildren[0] : null;
    const field = assignment?.type === "assignment" ? assignment.childForFieldName("left") : null;
    const value = assignment?.childForFieldName("right");
    const callee = value?.type === "call" ? value.childForFieldName("function") : null;
    if (
      field?.type === "identifier" &&
      callee &&
      /(^|\.)ManyToManyField$/.test(source.compact(callee))
    ) {
      fields.add(source.of(field));
    }
  }
  return fields;
}
