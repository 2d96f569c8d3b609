// Reading source text for nodes: indices from the binding are UTF-16 offsets into the parsed text.
import type { SyntaxNode } from "./parse.js";

export class SourceText {
  constructor(readonly text: string) {}

  of(node: SyntaxNode): string {
    return this.text.slice(node.startIndex, node.endIndex);
  }

  /** The node's text on one line with runs of whitespace collapsed, as a name to show. */
  compact(node: SyntaxNode): string {
    return this.of(node).replace(/\s+/g, " ").trim();
  }

  /** The full lines the node spans, trailing comments included. */
  linesOf(node: SyntaxNode): string {
    const start = this.text.lastIndexOf("\n", node.startIndex - 1) + 1;
    const newline = this.text.indexOf("\n", node.endIndex);
    return this.text.slice(start, newline === -1 ? this.text.length : newline);
  }
}
