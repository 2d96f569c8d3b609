// Reading a module-level definition (decorators, `def` header, body) from its text, once the tree
// has given its extent: no cursor step per decorator or header part. Strict like the call reader:
// anything unusual gives null, and the caller reads the tree.
import { endOfDottedName, scanCall, scanFunctionHeader } from "./arguments.js";
import type { CallSpan, FunctionSpan, NodeSpan } from "./locate.js";

export interface DecoratorText {
  decorator: NodeSpan;
  /** The decorator's call; null when the decorator is a plain name (`@transaction.atomic`). */
  call: CallSpan | null;
}

export interface DefinitionText {
  decorators: DecoratorText[];
  /** The function; null when a class is decorated. */
  definition: FunctionSpan | null;
}

// After a decorator's expression: the rest of its line (a comment at most), then blank or comment
// lines up to the next decorator or the definition, which start in column 0 at module level.
const LINE_END = /[ \t]*(#[^\n]*)?\r?\n(?:[ \t]*(?:#[^\n]*)?\r?\n)*/y;
const CLASS = /class\b/y;
// From the parameters' `)` to the body's `:`, with a return annotation free of brackets and strings.
const HEADER_END = /[ \t]*(?:->[^:\n#"'()[\]{}\\]*)?:/y;

/** The decorators and function of the module-level `statement`, or null when unsure. */
export function scanDefinition(text: string, statement: NodeSpan): DefinitionText | null {
  const decorators: DecoratorText[] = [];
  let index = statement.start;
  while (text.charCodeAt(index) === 0x40 /* @ */) {
    const read = scanDecorator(text, index);
    if (!read) return null;
    decorators.push(read.decorator);
    index = read.next;
  }
  CLASS.lastIndex = index;
  if (CLASS.test(text)) return { decorators, definition: null };
  const definition = scanFunction(text, index, statement.end);
  return definition && { decorators, definition };
}

function scanDecorator(
  text: string,
  start: number,
): { decorator: DecoratorText; next: number } | null {
  let expression = start + 1;
  while (text[expression] === " " || text[expression] === "\t") expression++;
  const nameEnd = endOfDottedName(text, expression);
  if (nameEnd === expression) return null;
  const call = scanCall(text, expression);
  // A call the reader was unsure of, or another expression: the tree reads it.
  if (!call && /^[ \t]*[([.]/.test(text.slice(nameEnd, nameEnd + 2))) return null;
  const end = call ? call.call.end : nameEnd;
  LINE_END.lastIndex = end;
  const line = LINE_END.exec(text);
  if (!line) return null;
  const comment = line[1];
  const decorator = {
    type: "decorator",
    start,
    end: comment ? end + line[0].indexOf(comment) + comment.length : end,
  };
  return { decorator: { decorator, call }, next: LINE_END.lastIndex };
}

/** The `def` at `start`, whose body runs to `end`. */
function scanFunction(text: string, start: number, end: number): FunctionSpan | null {
  const header = scanFunctionHeader(text, start);
  if (!header) return null;
  HEADER_END.lastIndex = header.parameters.end;
  if (!HEADER_END.test(text) || HEADER_END.lastIndex >= end) return null;
  return {
    node: { type: "function_definition", start, end },
    name: header.name,
    parameters: header.parameters,
    body: { start: HEADER_END.lastIndex, end },
  };
}
