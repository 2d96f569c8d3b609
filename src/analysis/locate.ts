// Finding nodes by their text, then checking them in the tree. With the Node binding, creating a
// JS node object is the costly part, and `node.parent` / `descendantForIndex` search from the root,
// so the analysis visits no node it does not need: it finds candidate offsets with regular
// expressions and walks one cursor forward to them, reading types without creating nodes.
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

/** A call read through the cursor: `callee(positional..., name=value...)`. */
export interface CallSpan {
  call: NodeSpan;
  callee: NodeSpan;
  /** For `object.attribute(...)` callees. */
  calleeObject: NodeSpan | null;
  calleeAttribute: NodeSpan | null;
  positional: NodeSpan[];
  /** Keyword arguments by the range of their name, in order. */
  keywords: { name: NodeSpan; value: NodeSpan }[];
}

/** A function definition or a lambda read through the cursor. */
export interface FunctionSpan {
  node: NodeSpan;
  name: NodeSpan | null;
  parameters: NodeSpan | null;
  body: NodeSpan | null;
}

/**
 * Where `pattern` matches in `range`: the index of its first group, or of the match. The pattern
 * needs the `g` flag, and the `d` flag when it has a group (for the group's exact offset).
 */
export function textHits(text: string, pattern: RegExp, range?: TextRange): number[] {
  const offset = range?.start ?? 0;
  // Searching a slice keeps a miss from scanning the rest of the file.
  const searched = range ? text.slice(range.start, range.end) : text;
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

/**
 * Finds the nodes around text offsets. Offsets asked in increasing order cost one forward walk
 * over the tree's top levels in total; an earlier offset restarts from the root.
 */
export class TreeLocator {
  private cursor: Parser.TreeCursor;
  private lastIndex = 0;

  constructor(private readonly root: SyntaxNode) {
    this.cursor = root.walk();
  }

  /** The nearest node of one of `types` among the deepest node at `index` and its `maxClimb` ancestors. */
  enclosing(index: number, types: readonly string[], maxClimb: number): SyntaxNode | null {
    if (!this.moveTo(index)) return null;
    for (let climbed = 0; climbed <= maxClimb; climbed++) {
      if (types.includes(this.cursor.nodeType)) return this.cursor.currentNode;
      if (!this.cursor.gotoParent()) return null;
    }
    return null;
  }

  /** The nearest node of one of `types` around `index`, like `enclosing`, without a node object. */
  enclosingSpan(index: number, types: readonly string[], maxClimb: number): NodeSpan | null {
    if (!this.moveTo(index)) return null;
    for (let climbed = 0; climbed <= maxClimb; climbed++) {
      if (types.includes(this.cursor.nodeType)) return this.span();
      if (!this.cursor.gotoParent()) return null;
    }
    return null;
  }

  /**
   * From the identifier at `index`, climbs through parents whose field names in their own parents
   * are `fields` (innermost first), and returns the node reached, or null when the path differs:
   * `climb(i, ["attribute", "function"])` from `save` in `x.save()` gives the call.
   */
  climb(index: number, fields: readonly string[]): NodeSpan | null {
    if (!this.moveTo(index) || this.cursor.nodeType !== "identifier") return null;
    for (const field of fields) {
      if (this.cursor.currentFieldName !== field || !this.cursor.gotoParent()) return null;
    }
    return this.span();
  }

  /** The child of the node `climb` (or `child`) stopped at that has field `field`, moving there. */
  child(field: string): NodeSpan | null {
    const cursor = this.cursor;
    if (!cursor.gotoFirstChild()) return null;
    while (cursor.currentFieldName !== field) {
      if (!cursor.gotoNextSibling()) {
        cursor.gotoParent();
        return null;
      }
    }
    return this.span();
  }

  /** Back to the parent of the node `child` moved to. */
  up(): void {
    this.cursor.gotoParent();
  }

  /** The next sibling of the current node that has field `field`, moving there. */
  sibling(field: string): NodeSpan | null {
    while (this.cursor.gotoNextSibling()) {
      if (this.cursor.currentFieldName === field) return this.span();
    }
    return null;
  }

  /** Reads the call the cursor is on, and stays on it. */
  readCall(): CallSpan {
    const call = this.span();
    const read: CallSpan = {
      call,
      callee: call,
      calleeObject: null,
      calleeAttribute: null,
      positional: [],
      keywords: [],
    };
    const callee = this.child("function");
    if (callee) {
      read.callee = callee;
      if (callee.type === "attribute") {
        read.calleeObject = this.child("object");
        if (read.calleeObject) {
          read.calleeAttribute = this.sibling("attribute");
          this.up();
        }
      }
      this.up();
    }
    const args = this.child("arguments");
    if (args) {
      if (args.type === "argument_list") this.readArguments(read);
      this.up();
    }
    return read;
  }

  private readArguments(read: CallSpan): void {
    const cursor = this.cursor;
    if (!cursor.gotoFirstChild()) return;
    do {
      if (!cursor.nodeIsNamed || cursor.nodeType === "comment") continue;
      if (cursor.nodeType !== "keyword_argument") {
        read.positional.push(this.span());
        continue;
      }
      const name = this.child("name");
      const value = name ? this.sibling("value") : null;
      if (name) this.up();
      if (name && value) read.keywords.push({ name, value });
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
  }

  /** Reads the function definition or lambda the cursor is on, and stays on it. */
  readFunction(): FunctionSpan {
    const node = this.span();
    const read: FunctionSpan = { node, name: null, parameters: null, body: null };
    const cursor = this.cursor;
    if (!cursor.gotoFirstChild()) return read;
    do {
      const field = cursor.currentFieldName;
      if (field === "name") read.name = this.span();
      else if (field === "parameters") read.parameters = this.span();
      else if (field === "body") read.body = this.span();
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
    return read;
  }

  /** Moves to the parent of the current node. */
  parent(): NodeSpan | null {
    return this.cursor.gotoParent() ? this.span() : null;
  }

  /** The first named child of the current node, moving there. */
  firstNamedChild(): NodeSpan | null {
    const cursor = this.cursor;
    if (!cursor.gotoFirstChild()) return null;
    while (!cursor.nodeIsNamed || cursor.nodeType === "comment") {
      if (!cursor.gotoNextSibling()) {
        cursor.gotoParent();
        return null;
      }
    }
    return this.span();
  }

  private span(): NodeSpan {
    const cursor = this.cursor;
    return {
      type: cursor.nodeType,
      start: cursor.startIndex,
      end: cursor.endIndex,
    };
  }

  /** The types of the deepest node at `index` and of its ancestors, innermost first. */
  typesAt(index: number, levels: number): string[] {
    if (!this.moveTo(index)) return [];
    const types = [this.cursor.nodeType];
    while (types.length < levels && this.cursor.gotoParent()) types.push(this.cursor.nodeType);
    return types;
  }

  private moveTo(index: number): boolean {
    // A new cursor, not cursor.reset(root): the binding's reset() reads a stale node buffer.
    if (index < this.lastIndex) this.cursor = this.root.walk();
    this.lastIndex = index;
    const cursor = this.cursor;
    // Up (or on to later siblings) until the current node holds `index`; the root holds it all.
    for (;;) {
      if (cursor.endIndex <= index) {
        if (cursor.gotoNextSibling()) continue;
      } else if (cursor.startIndex <= index) {
        break;
      }
      if (!cursor.gotoParent()) return cursor.startIndex <= index && index < cursor.endIndex;
    }
    // Down to the deepest node that holds it.
    while (this.gotoChildHolding(index)) {
      if (cursor.startIndex > index) {
        cursor.gotoParent();
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
