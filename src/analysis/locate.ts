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

/** Where `pattern` (global) matches in `range`: the index of its first group, or of the match. */
export function textHits(text: string, pattern: RegExp, range?: TextRange): number[] {
  const offset = range?.start ?? 0;
  // Searching a slice keeps a miss from scanning the rest of the file.
  const searched = range ? text.slice(range.start, range.end) : text;
  const hits: number[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(searched); match; match = pattern.exec(searched)) {
    const group = match[1];
    hits.push(offset + (group === undefined ? match.index : match.index + match[0].indexOf(group)));
    if (match[0].length === 0) pattern.lastIndex++;
  }
  return hits;
}

export function rangeOf(node: SyntaxNode): TextRange {
  return { start: node.startIndex, end: node.endIndex };
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
    while (cursor.currentDepth > 0 && !(cursor.startIndex <= index && index < cursor.endIndex)) {
      if (cursor.endIndex <= index && cursor.gotoNextSibling()) continue;
      cursor.gotoParent();
    }
    if (!(cursor.startIndex <= index && index < cursor.endIndex)) return false;
    while (this.gotoChildHolding(index)) {
      if (!(cursor.startIndex <= index && index < cursor.endIndex)) {
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
