// The one place that knows how to get a tree-sitter tree for Python source.
import Parser from "tree-sitter";
import Python from "tree-sitter-python";

let parser: Parser | undefined;

function pythonParser(): Parser {
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(Python as Parser.Language);
  }
  return parser;
}

const BYTE_ORDER_MARK = "\uFEFF";
// Large enough that big files are read in few chunks; the binding reads the string chunk by chunk.
const PARSE_BUFFER_CHARS = 64 * 1024;

/**
 * Python reads a lone carriage return (old Mac line ends) as a line end; the engine's readers look
 * for "\n". Same length, so every offset and column stays where it was.
 */
export function withLineFeeds(source: string): string {
  return source.includes("\r") ? source.replace(/\r(?!\n)/g, "\n") : source;
}

/**
 * Parses Python source. A leading byte-order mark is dropped so columns on line 1 match editors,
 * and lone carriage returns end lines as Python reads them.
 * Read node text through SourceText: `node.text` re-reads a callback input chunk by chunk.
 * The caller must not keep the tree: its native memory is freed only after V8 collects it and the
 * event loop turns (the binding's finalizers are deferred), so long synchronous loops over many
 * files should yield now and then.
 */
export function parsePython(source: string): ParsedSource {
  const text = withLineFeeds(source.startsWith(BYTE_ORDER_MARK) ? source.slice(1) : source);
  // A callback input: the binding never receives one huge string argument.
  const tree = pythonParser().parse(
    (index) => (index < text.length ? text.slice(index, index + PARSE_BUFFER_CHARS) : null),
    null,
    { bufferSize: PARSE_BUFFER_CHARS },
  );
  return { tree, text };
}

export interface ParsedSource {
  tree: Parser.Tree;
  /** The text the tree's indices point into (the source without a byte-order mark). */
  text: string;
}

export type { SyntaxNode } from "tree-sitter";
