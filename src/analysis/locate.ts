// Finding nodes by their text, then checking them in the tree. With the Node binding, creating a
// JS node object is costly (a weak reference and a finalizer each), and every cursor read is a
// native call of about 100 ns, so the analysis visits no node it does not need: it finds candidate
// offsets with regular expressions and moves one cursor to them, reading each fact of a node once
// (numeric type ids, offsets) and never creating node objects.
import type Parser from "tree-sitter";
import type { SyntaxNode } from "./parse.js";

export interface TextRange {
  start: number;
  end: number;
}

/** 0-based row and column, as tree-sitter gives them. */
export interface Point {
  row: number;
  column: number;
}

/** A node read through the cursor: what the rules need, without a JS node object. */
export interface NodeSpan extends TextRange {
  type: string;
}

/** The arguments of a call: `(positional..., name=value...)`. */
export interface CallArguments {
  positional: NodeSpan[];
  /** Keyword arguments by the range of their name, in order. */
  keywords: { name: NodeSpan; value: NodeSpan }[];
}

/** A call read through the cursor: `callee(positional..., name=value...)`. */
export interface CallSpan extends CallArguments {
  call: NodeSpan;
  callee: NodeSpan;
  /** For `object.attribute(...)` callees. */
  calleeObject: NodeSpan | null;
  calleeAttribute: NodeSpan | null;
}

/** Reads an argument list (from `(` to `)`) without the cursor, or null to have the cursor read it. */
export type ArgumentReader = (list: TextRange) => CallArguments | null;

/** Reads the name and parameters of the `def` at an offset without the cursor, or null. */
export type HeaderReader = (start: number) => { name: TextRange; parameters: TextRange } | null;

/** A function definition or a lambda read through the cursor. */
export interface FunctionSpan {
  node: NodeSpan;
  name: TextRange | null;
  parameters: TextRange | null;
  body: TextRange | null;
}

/**
 * Where `pattern` matches in `range`: the index of its first group, or of the match. The pattern
 * needs the `g` flag, and the `d` flag when it has a group (for the group's exact offset).
 */
export function textHits(text: string, pattern: RegExp, range?: TextRange): number[] {
  // Searching a slice keeps a miss from scanning the rest of the file.
  return range
    ? hitsIn(text.slice(range.start, range.end), range.start, pattern)
    : hitsIn(text, 0, pattern);
}

/** `textHits` in a slice of the text that starts at `offset`. */
export function hitsIn(searched: string, offset: number, pattern: RegExp): number[] {
  const hits: number[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(searched); match; match = pattern.exec(searched)) {
    const groupStart = match.indices?.[1]?.[0];
    if (match[1] !== undefined && groupStart === undefined) {
      throw new Error(`textHits: ${pattern.source} has a group but no d flag`);
    }
    hits.push(offset + (groupStart ?? match.index));
    if (match[0].length === 0) pattern.lastIndex++;
  }
  return hits;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// Type and field names by the binding's numeric ids: reading an id is a cheaper native call than
// reading a name (no string is made), and each name is read once per id for the whole process.
const typeNames: string[] = [];
const fieldNames: (string | null)[] = [];
const namedTypes: boolean[] = [];

/**
 * Finds the nodes around text offsets with one tree cursor. The cursor's ancestors are mirrored
 * in JS (their offsets read at most once each), so moving from one offset to a nearby one climbs
 * with `gotoParent` alone and descends with the binding's native `gotoFirstChildForIndex`.
 */
export class TreeLocator {
  private readonly cursor: Parser.TreeCursor;
  /** Depth of the cursor's node below the root. */
  private depth = 0;
  /** Offsets and type ids of the nodes on the cursor's path, by depth; -1 until read. */
  private readonly starts: number[] = [-1];
  private readonly ends: number[] = [-1];
  private readonly typeIds: number[] = [-1];

  constructor(root: SyntaxNode) {
    this.cursor = root.walk();
  }

  /**
   * The nearest named node of one of `types` among the deepest node at `index` and `maxClimb`
   * ancestors. Named only: the `lambda` keyword is a token of type `lambda` inside the lambda.
   */
  enclosingSpan(index: number, types: readonly string[], maxClimb: number): NodeSpan | null {
    if (!this.moveTo(index)) return null;
    for (let climbed = 0; climbed <= maxClimb; climbed++) {
      if (types.includes(this.type()) && this.isNamed()) return this.span();
      if (!this.gotoParent()) return null;
    }
    return null;
  }

  /**
   * From the identifier at `index`, climbs through parents whose field names in their own parents
   * are `fields` (innermost first), and returns the node reached, or null when the path differs:
   * `climb(i, ["attribute", "function"])` from `save` in `x.save()` gives the call.
   */
  climb(index: number, fields: readonly string[]): NodeSpan | null {
    if (!this.moveTo(index) || this.type() !== "identifier") return null;
    for (const field of fields) {
      if (this.field() !== field || !this.gotoParent()) return null;
    }
    return this.span();
  }

  /** The child of the node `climb` (or `child`) stopped at that has field `field`, moving there. */
  child(field: string): NodeSpan | null {
    if (!this.gotoFirstChild()) return null;
    while (this.field() !== field) {
      if (!this.gotoNextSibling()) {
        this.gotoParent();
        return null;
      }
    }
    return this.span();
  }

  /**
   * The ancestors of the node the cursor is on, innermost first, down to the last that starts at
   * or after `floor`, each with the field of its child on the path (`body` of a `try_statement`).
   */
  ancestors(floor: number): { node: NodeSpan; via: string | null }[] {
    const found: { node: NodeSpan; via: string | null }[] = [];
    for (;;) {
      const via = this.field();
      if (!this.gotoParent() || this.start() < floor) return found;
      found.push({ node: this.span(), via });
    }
  }

  /** The module's statements (comments included), in order; the cursor ends on the root. */
  topLevel(): NodeSpan[] {
    while (this.gotoParent());
    const statements: NodeSpan[] = [];
    if (!this.gotoFirstChild()) return statements;
    do statements.push(this.span());
    while (this.gotoNextSibling());
    this.gotoParent();
    return statements;
  }

  /** The last child of the current node, moving there. */
  lastChild(): NodeSpan | null {
    if (!this.cursor.gotoLastChild()) return null;
    this.depth++;
    this.forget(-1);
    return this.span();
  }

  /** Back to the parent of the node `child` moved to. */
  up(): void {
    this.gotoParent();
  }

  /** The next sibling of the current node that has field `field`, moving there. */
  sibling(field: string): NodeSpan | null {
    while (this.gotoNextSibling()) {
      if (this.field() === field) return this.span();
    }
    return null;
  }

  /** The next named sibling of the current node (comments skipped), moving there. */
  nextNamedSibling(): NodeSpan | null {
    while (this.gotoNextSibling()) {
      if (this.isNamed() && this.type() !== "comment") return this.span();
    }
    return null;
  }

  /** The current node's field name in its parent, or null. */
  field(): string | null {
    // The binding gives undefined (not 0) for a node without a field, despite its number typing.
    const id: number | undefined = this.cursor.currentFieldId;
    if (!id) return null;
    return (fieldNames[id] ??= this.cursor.currentFieldName);
  }

  /** Reads the call the cursor is on, and stays on it; `readArguments` may spare the cursor walk. */
  readCall(readArguments?: ArgumentReader): CallSpan {
    const call = this.span();
    const read: CallSpan = {
      call,
      callee: call,
      calleeObject: null,
      calleeAttribute: null,
      positional: [],
      keywords: [],
    };
    if (!this.gotoFirstChild()) return read;
    do {
      const field = this.field();
      if (field === "function") this.readCallee(read);
      else if (field === "arguments" && this.type() === "argument_list") {
        const fromText = readArguments?.(this.range());
        if (fromText) {
          read.positional = fromText.positional;
          read.keywords = fromText.keywords;
        } else {
          this.readArguments(read);
        }
      }
    } while (this.gotoNextSibling());
    this.gotoParent();
    return read;
  }

  private readCallee(read: CallSpan): void {
    read.callee = this.span();
    if (read.callee.type !== "attribute") return;
    read.calleeObject = this.child("object");
    if (read.calleeObject) {
      read.calleeAttribute = this.sibling("attribute");
      this.up();
    }
  }

  private readArguments(read: CallSpan): void {
    if (!this.gotoFirstChild()) return;
    do {
      if (!this.isNamed()) continue;
      const type = this.type();
      if (type === "comment") continue;
      if (type !== "keyword_argument") {
        read.positional.push(this.span());
        continue;
      }
      const name = this.child("name");
      const value = name ? this.sibling("value") : null;
      if (name) this.up();
      if (name && value) read.keywords.push({ name, value });
    } while (this.gotoNextSibling());
    this.gotoParent();
  }

  /**
   * Reads the function definition or lambda the cursor is on, and stays on it; `readHeader` may
   * spare the walk over a definition's children (its body is then read as its last child).
   */
  readFunction(readHeader?: HeaderReader): FunctionSpan {
    const node = this.span();
    const header = node.type === "function_definition" ? readHeader?.(node.start) : null;
    const last = header ? this.lastChild() : null;
    if (last) this.gotoParent();
    if (header && last?.type === "block") {
      return { node, name: header.name, parameters: header.parameters, body: last };
    }
    const read: FunctionSpan = { node, name: null, parameters: null, body: null };
    if (!this.gotoFirstChild()) return read;
    do {
      const field = this.field();
      if (field === "name") read.name = this.range();
      else if (field === "parameters") read.parameters = this.range();
      else if (field === "body") read.body = this.range();
    } while (this.gotoNextSibling());
    this.gotoParent();
    return read;
  }

  /** The first named child of the current node, moving there. */
  firstNamedChild(): NodeSpan | null {
    if (!this.gotoFirstChild()) return null;
    while (!this.isNamed() || this.type() === "comment") {
      if (!this.gotoNextSibling()) {
        this.gotoParent();
        return null;
      }
    }
    return this.span();
  }

  /** Moves to the parent of the current node and gives its type, or null at the root. */
  parentType(): string | null {
    return this.gotoParent() ? this.type() : null;
  }

  private span(): NodeSpan {
    return { type: this.type(), start: this.start(), end: this.end() };
  }

  /** The current node's offsets, when its type is known already. */
  private range(): TextRange {
    return { start: this.start(), end: this.end() };
  }

  private type(): string {
    const id = this.typeId();
    return (typeNames[id] ??= this.cursor.nodeType);
  }

  /** Named nodes are syntax (`identifier`, `call`); anonymous ones are tokens (`(`, `,`, `def`). */
  private isNamed(): boolean {
    const id = this.typeId();
    return (namedTypes[id] ??= this.cursor.nodeIsNamed);
  }

  // Facts of the current node, read from the binding the first time only.
  private typeId(): number {
    const known = this.typeIds[this.depth] ?? -1;
    return known >= 0 ? known : (this.typeIds[this.depth] = this.cursor.nodeTypeId);
  }

  private start(): number {
    const known = this.starts[this.depth] ?? -1;
    return known >= 0 ? known : (this.starts[this.depth] = this.cursor.startIndex);
  }

  private end(): number {
    const known = this.ends[this.depth] ?? -1;
    return known >= 0 ? known : (this.ends[this.depth] = this.cursor.endIndex);
  }

  private gotoParent(): boolean {
    if (this.depth === 0 || !this.cursor.gotoParent()) return false;
    this.depth--;
    return true;
  }

  private gotoFirstChild(): boolean {
    if (!this.cursor.gotoFirstChild()) return false;
    this.depth++;
    this.forget(-1);
    return true;
  }

  private gotoNextSibling(): boolean {
    if (!this.cursor.gotoNextSibling()) return false;
    this.forget(-1);
    return true;
  }

  /** The cursor is on a new node at this depth: drop what was read of the previous one. */
  private forget(start: number): void {
    const depth = this.depth;
    this.starts[depth] = start;
    this.ends[depth] = -1;
    this.typeIds[depth] = -1;
  }

  /** Moves to the deepest node that holds `index`; false when no node does. */
  private moveTo(index: number): boolean {
    // Up until the current node holds `index` (offsets asked out of order just climb further).
    while (this.depth > 0 && (index < this.start() || index >= this.end())) this.gotoParent();
    if (this.depth === 0 && (index < this.start() || index >= this.end())) return false;
    while (this.gotoChildHolding(index)) {
      this.depth++;
      this.forget(this.cursor.startIndex);
      if ((this.starts[this.depth] ?? 0) > index) {
        this.gotoParent();
        break;
      }
    }
    return true;
  }

  /** Moves to the first child that ends after `index`, skipping earlier siblings natively. */
  private gotoChildHolding(index: number): boolean {
    // The binding returns the child's position (0 included), or null, despite its boolean typing.
    const position: unknown = this.cursor.gotoFirstChildForIndex(index);
    return position !== null && position !== false;
  }
}
