// Models defined in the analysed file, and the attributes their class bodies assign, read from the
// text of the class and confirmed through the tree cursor (see locate.ts).
import { codeOnly } from "./body-text.js";
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
}

const CLASS_NAME = /\bclass[ \t]+([\p{L}_][\p{L}\p{N}_]*)/dgu;
// `tags = models.ManyToManyField(...)`: the attribute, and the last name of what it calls.
const CLASS_ATTRIBUTE =
  /^[ \t]+([\p{L}_][\p{L}\p{N}_]*)[ \t]*=[ \t]*(?:[\p{L}_][\p{L}\p{N}_]*\.)*([\p{L}_][\p{L}\p{N}_]*)[ \t]*\(/dgmu;
// `class Meta:` and the lines indented under it; then `abstract = True` among those lines.
const META_CLASS = /^([ \t]+)class[ \t]+Meta\b[^\n]*((?:\n(?:\1[ \t]+[^\n]*|[ \t]*(?=\n|$)))*)/mu;
const ABSTRACT = /^[ \t]+abstract[ \t]*=[ \t]*True\b/mu;
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

/** An assignment the text suggests; the cursor confirms it is the class body's own when asked. */
interface Candidate {
  index: number;
  called: string;
}

/** The attributes a class body assigns, each confirmed through the cursor only when asked for. */
class ClassBody {
  private readonly confirmed = new Map<string, string | undefined>();

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
      found.push({ index: definition.start + nameStart, called });
      candidates.set(name, found);
    }
    // Strings blanked, so a docstring's example cannot make a model abstract.
    const meta = text.includes("abstract")
      ? META_CLASS.exec(codeOnly(text) ?? text)?.[2]
      : undefined;
    return new ClassBody(
      locator,
      definition,
      candidates,
      meta !== undefined && ABSTRACT.test(meta),
    );
  }

  /** What the body's own assignment of `attribute` calls. */
  classOf(attribute: string): string | undefined {
    if (!this.confirmed.has(attribute)) {
      // The last assignment is the one the class keeps.
      const found = [...(this.candidates.get(attribute) ?? [])].reverse();
      const own = found.find((candidate) => this.owns(candidate));
      this.confirmed.set(attribute, own?.called);
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
