// Models defined in the analysed file, and their many-to-many fields, read from the text of the
// class and confirmed through the tree cursor (see locate.ts).
import { textHits, type TreeLocator } from "./locate.js";
import type { SourceText } from "./source.js";

export interface ModelIndex {
  /** The ManyToManyField names of the class named `model`, or undefined when no such class is here. */
  manyToManyFields(model: string): ReadonlySet<string> | undefined;
}

const CLASS_NAME = /\bclass[ \t]+([\p{L}_][\p{L}\p{N}_]*)/dgu;
const MANY_TO_MANY_FIELD =
  /^[ \t]+([\p{L}_][\p{L}\p{N}_]*)[ \t]*=[ \t]*(?:[\p{L}_][\p{L}\p{N}_]*\.)*ManyToManyField\b/dgmu;
// field name -> assignment -> expression_statement -> block -> class_definition
const CLASS_FIELD_DEPTH = 4;

export function indexModels(locator: TreeLocator, source: SourceText): ModelIndex {
  let classes: Map<string, number> | undefined;
  const cache = new Map<string, ReadonlySet<string> | undefined>();
  return {
    manyToManyFields(model) {
      classes ??= classNames(source);
      if (!cache.has(model)) {
        const at = classes.get(model);
        cache.set(model, at === undefined ? undefined : readManyToManyFields(locator, at, source));
      }
      return cache.get(model);
    },
  };
}

/** Class name -> offset of its name, for the first class of each name. */
function classNames(source: SourceText): Map<string, number> {
  const names = new Map<string, number>();
  for (const index of textHits(source.text, CLASS_NAME)) {
    const name = source.wordAt(index);
    if (!names.has(name)) names.set(name, index);
  }
  return names;
}

function readManyToManyFields(
  locator: TreeLocator,
  nameIndex: number,
  source: SourceText,
): ReadonlySet<string> | undefined {
  const definition = locator.enclosingSpan(nameIndex, ["class_definition"], 1);
  if (!definition) return undefined;
  const fields = new Set<string>();
  for (const index of textHits(source.text, MANY_TO_MANY_FIELD, definition)) {
    const owner = locator.enclosingSpan(index, ["class_definition"], CLASS_FIELD_DEPTH);
    if (owner?.start !== definition.start) continue;
    fields.add(source.wordAt(index));
  }
  return fields;
}
