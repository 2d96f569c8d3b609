// Reading source text: indices from the binding are UTF-16 offsets into the parsed text.
import type { Point, TextRange } from "./locate.js";
import type { SyntaxNode } from "./parse.js";

type Located = SyntaxNode | TextRange;

const WORD = /[\p{L}\p{N}_]+/uy;

function rangeOf(item: Located): TextRange {
  return "start" in item ? item : { start: item.startIndex, end: item.endIndex };
}

export class SourceText {
  private lineStarts: number[] | undefined;

  constructor(readonly text: string) {}

  /** 0-based row and column (UTF-16 units, as tree-sitter counts them here) of an offset. */
  positionAt(index: number): Point {
    const starts = (this.lineStarts ??= lineStarts(this.text));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] ?? 0) <= index) low = middle;
      else high = middle - 1;
    }
    return { row: low, column: index - (starts[low] ?? 0) };
  }

  of(item: Located): string {
    const { start, end } = rangeOf(item);
    return this.text.slice(start, end);
  }

  /** The identifier-like word that starts at `index`. */
  wordAt(index: number): string {
    WORD.lastIndex = index;
    return WORD.exec(this.text)?.[0] ?? "";
  }

  /** The text on one line with runs of whitespace collapsed, as a name to show. */
  compact(item: Located): string {
    return this.of(item).replace(/\s+/g, " ").trim();
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (
    let newline = text.indexOf("\n");
    newline !== -1;
    newline = text.indexOf("\n", newline + 1)
  ) {
    starts.push(newline + 1);
  }
  return starts;
}
