// Models defined in the analysed file, and the attributes their class bodies assign, read from the
// text of the class and confirmed through the tree cursor (see locate.ts).
import { closingBracket } from "./arguments.js";
import { textHits, type TextRange, type TreeLocator } from "./locate.js";
import type { SourceText } from "./source.js";

export interface ModelIndex {
  /** The ManyToManyField names of the class named `model`, or undefined when no such class is here. */
  manyToManyFields(model: string): ReadonlySet<string> | undefined;
  /**
   * What the class named `model` assigns to `attribute` in its body: the called class's name
   * (`ForeignKey`, `ImageField`, `SearchManager`); undefined when the class is not here or does
   * not assign it (an inherited field).
   */
  attributeClass(model: string, attribute: string): string | undefined;
  /** Whether the class named `model` is here and declares `abstract = True` in its `Meta`. */
  isAbstract(model: string): boolean;
  /**
   * The class name of the model that the relation `attribute` of the class named `model` points to
   * (`"self"` gives `model`, `"shop.Page"` gives `Page`); undefined when either is not here.
   */
  relatedModel(model: string, attribute: string): string | undefined;
}

const RELATIONS = new Set(["ForeignKey", "OneToOneField", "ManyToManyField"]);
// The first argument of a relation field, or its `to=`: a class, "self", "Model" or "app.Model".
const RELATED_TO =
  /^\(\s*(?:to\s*=\s*)?(["']?)([\p{L}_][\p{L}\p{N}_.]*)\1\s*[,)]|[(,]\s*to\s*=\s*(["']?)([\p{L}_][\p{L}\p{N}_.]*)\3\s*[,)]/u;

const CLASS_NAME = /\bclass[ \t]+([\p{L}_][\p{L}\p{N}_]*)/dgu;
// `tags = models.ManyToManyField(...)`: the attribute, and the last name of what it calls.
const CLASS_ATTRIBUTE =
  /^[ \t]+([\p{L}_][\p{L}\p{N}_]*)[ \t]*=[ \t]*(?:[\p{L}_][\p{L}\p{N}_]*\.)*([\p{L}_][\p{L}\p{N}_]*)[ \t]*\(/dgmu;
// `class Meta` and `abstract = True`, found in the text, each confirmed through the cursor.
const META_CLASS = /\bclass[ \t]+(Meta)\b/dgu;
const ABSTRACT_TRUE = /\b(abstract)[ \t]*=[ \t]*True\b/dgu;
// attribute name -> assignment -> expression_statement -> block -> class_definition
const CLASS_FIELD_DEPTH = 4;

export function indexModels(locator: TreeLocator, source: SourceText): ModelIndex {
  let classes: Map<string, number> | undefined;
  const bodies = new Map<string, ClassBody | undefined>();
  const bodyOf = (model: string) => {
    classes ??= classNames(source);
    if (!bodies.has(model)) {
      const at = classes.get(model);
      bodies.set(model, at === undefined ? undefined : ClassBody.read(locator, at, source));
    }
    return bodies.get(model);
  };
  return {
    manyToManyFields(model) {
      const body = bodyOf(model);
      return body && new Set(body.assignedFrom("ManyToManyField"));
    },
    attributeClass: (model, attribute) => bodyOf(model)?.classOf(attribute),
    isAbstract: (model) => bodyOf(model)?.isAbstract === true,
    relatedModel(model, attribute) {
      const body = bodyOf(model);
      const called = body?.classOf(attribute);
      if (!body || called === undefined || !RELATIONS.has(called)) return undefined;
      const to = body.relatedTo(attribute, source);
      if (to === undefined) return undefined;
      return to === "self" ? model : to.slice(to.lastIndexOf(".") + 1);
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

/**
 * Whether the class at `definition` (whose text is `text`) has a `class Meta` of its own body that
 * assigns `abstract = True`. The tree confirms both, so a docstring or a nested class cannot.
 */
function declaresAbstract(locator: TreeLocator, definition: TextRange, text: string): boolean {
  const at = (index: number) => definition.start + index;
  return textHits(text, META_CLASS).some((metaIndex) => {
    const meta = locator.enclosingSpan(at(metaIndex), ["class_definition"], 1);
    // Just before `class Meta` is the model's body (or the model itself, for its first statement).
    const owner = meta && locator.enclosingSpan(meta.start - 1, ["class_definition"], 2);
    if (owner?.start !== definition.start || !meta) return false;
    // `abstract` must be an assignment's target in Meta's own body, not text in a string.
    return textHits(text, ABSTRACT_TRUE).some(
      (index) =>
        locator.climb(at(index), ["left"])?.type === "assignment" &&
        locator.enclosingSpan(at(index), ["class_definition"], CLASS_FIELD_DEPTH)?.start ===
          meta.start,
    );
  });
}

/** An assignment the text suggests; the cursor confirms it is the class body's own when asked. */
interface Candidate {
  index: number;
  called: string;
  /** Where the call's `(` is. */
  open: number;
}

/** The attributes a class body assigns, each confirmed through the cursor only when asked for. */
class ClassBody {
  private readonly confirmed = new Map<string, Candidate | undefined>();

  private constructor(
    private readonly locator: TreeLocator,
    private readonly definition: TextRange,
    private readonly candidates: ReadonlyMap<string, readonly Candidate[]>,
    /** `class Meta: abstract = True`: Django never sends signals with this class as sender. */
    readonly isAbstract: boolean,
  ) {}

  static read(locator: TreeLocator, nameIndex: number, source: SourceText): ClassBody | undefined {
    const definition = locator.enclosingSpan(nameIndex, ["class_definition"], 1);
    if (!definition) return undefined;
    const candidates = new Map<string, Candidate[]>();
    const text = source.text.slice(definition.start, definition.end);
    CLASS_ATTRIBUTE.lastIndex = 0;
    for (let match = CLASS_ATTRIBUTE.exec(text); match; match = CLASS_ATTRIBUTE.exec(text)) {
      const [name, called] = [match[1], match[2]];
      const nameStart = match.indices?.[1]?.[0];
      if (!name || !called || nameStart === undefined) continue;
      const found = candidates.get(name) ?? [];
      const open = definition.start + match.index + match[0].length - 1;
      found.push({ index: definition.start + nameStart, called, open });
      candidates.set(name, found);
    }
    const isAbstract = text.includes("abstract") && declaresAbstract(locator, definition, text);
    return new ClassBody(locator, definition, candidates, isAbstract);
  }

  /** What the body's own assignment of `attribute` calls. */
  classOf(attribute: string): string | undefined {
    return this.own(attribute)?.called;
  }

  /** The model the call assigned to `attribute` names first, or as `to=`, as written. */
  relatedTo(attribute: string, source: SourceText): string | undefined {
    const open = this.own(attribute)?.open;
    const close = open === undefined ? null : closingBracket(source.text, open);
    if (open === undefined || close === null) return undefined;
    const to = RELATED_TO.exec(source.text.slice(open, close));
    return to?.[2] ?? to?.[4];
  }

  private own(attribute: string): Candidate | undefined {
    if (!this.confirmed.has(attribute)) {
      // The last assignment is the one the class keeps.
      const found = [...(this.candidates.get(attribute) ?? [])].reverse();
      this.confirmed.set(
        attribute,
        found.find((candidate) => this.owns(candidate)),
      );
    }
    return this.confirmed.get(attribute);
  }

  /** The attributes the body assigns from calls of `called`. */
  assignedFrom(called: string): string[] {
    return [...this.candidates]
      .filter(([, found]) => found.some((candidate) => candidate.called === called))
      .map(([attribute]) => attribute)
      .filter((attribute) => this.classOf(attribute) === called);
  }

  private owns({ index }: Candidate): boolean {
    const owner = this.locator.enclosingSpan(index, ["class_definition"], CLASS_FIELD_DEPTH);
    return owner?.start === this.definition.start;
  }
}
