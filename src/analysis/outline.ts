// The module's top-level statements, read once per file with one pass of the cursor over the
// root's children. Registrations are mostly module-level definitions and calls: their extent comes
// from here and their parts from the text, sparing a cursor descent per text hit.
import { scanCall } from "./arguments.js";
import { scanDefinition, type DecoratorText, type DefinitionText } from "./definition-text.js";
import type { CallSpan, FunctionSpan, NodeSpan, TreeLocator } from "./locate.js";

const DEFINITIONS = new Set(["decorated_definition", "function_definition"]);

/** A definition read from its text, with its decorators by offset. */
interface ReadDefinition extends DefinitionText {
  decoratorsAt: ReadonlyMap<number, DecoratorText>;
}

export class ModuleOutline {
  private statements: NodeSpan[] | undefined;
  // Each statement is read at most once, however many text hits fall in it.
  private readonly definitions = new Map<number, ReadDefinition | null>();
  private readonly calls = new Map<number, CallSpan | null>();

  constructor(
    private readonly locator: TreeLocator,
    private readonly text: string,
  ) {}

  /**
   * The decorator of a module-level definition that starts at `index` (null when none starts
   * there), or undefined when only the tree can tell (a nested definition, an unusual header).
   */
  decoratorAt(
    index: number,
  ): { decorator: DecoratorText; definition: DefinitionText } | null | undefined {
    const definition = this.definitionAt(index);
    if (!definition) return undefined;
    const header = definition.definition?.node.start ?? Number.POSITIVE_INFINITY;
    if (index >= header) return undefined;
    const decorator = definition.decoratorsAt.get(index);
    return decorator ? { decorator, definition } : null;
  }

  /** The module-level function whose name starts at `index`, or undefined when unsure. */
  functionNamedAt(index: number): FunctionSpan | undefined {
    const definition = this.definitionAt(index)?.definition;
    return definition?.name?.start === index ? definition : undefined;
  }

  /** The module-level statement `<object>.connect(...)` whose `connect` is at `index`. */
  connectCallAt(index: number): CallSpan | undefined {
    const statement = this.statementAt(index);
    if (statement?.type !== "expression_statement") return undefined;
    let call = this.calls.get(statement.start);
    if (call === undefined) {
      call = scanCall(this.text, statement.start);
      this.calls.set(statement.start, call?.call.end === statement.end ? call : null);
    }
    return call?.calleeAttribute?.start === index ? call : undefined;
  }

  private definitionAt(index: number): ReadDefinition | null {
    const statement = this.statementAt(index);
    if (!statement || !DEFINITIONS.has(statement.type)) return null;
    let read = this.definitions.get(statement.start);
    if (read === undefined) {
      const definition = scanDefinition(this.text, statement);
      read = definition && {
        decorators: definition.decorators,
        definition: definition.definition,
        decoratorsAt: new Map(definition.decorators.map((d) => [d.decorator.start, d])),
      };
      this.definitions.set(statement.start, read);
    }
    return read;
  }

  private statementAt(index: number): NodeSpan | undefined {
    const statements = (this.statements ??= this.locator.topLevel());
    let low = 0;
    let high = statements.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((statements[middle]?.start ?? 0) <= index) low = middle;
      else high = middle - 1;
    }
    const statement = statements[low];
    return statement && index >= statement.start && index < statement.end ? statement : undefined;
  }
}
