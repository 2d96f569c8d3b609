// Which `except` clauses catch a raised exception, as far as the names tell: the class itself, a
// built-in base of a built-in exception, `Exception` (all but the three that bypass it), or all.

// The bases of built-in exceptions below `Exception` that code catches by their base.
const BUILTIN_BASE: Readonly<Record<string, string>> = {
  BlockingIOError: "OSError",
  ChildProcessError: "OSError",
  ConnectionError: "OSError",
  FileExistsError: "OSError",
  FileNotFoundError: "OSError",
  InterruptedError: "OSError",
  IsADirectoryError: "OSError",
  NotADirectoryError: "OSError",
  PermissionError: "OSError",
  ProcessLookupError: "OSError",
  TimeoutError: "OSError",
  BrokenPipeError: "ConnectionError",
  ConnectionAbortedError: "ConnectionError",
  ConnectionRefusedError: "ConnectionError",
  ConnectionResetError: "ConnectionError",
  IOError: "OSError",
  EnvironmentError: "OSError",
  IndexError: "LookupError",
  KeyError: "LookupError",
  FloatingPointError: "ArithmeticError",
  OverflowError: "ArithmeticError",
  ZeroDivisionError: "ArithmeticError",
  ModuleNotFoundError: "ImportError",
  NotImplementedError: "RuntimeError",
  RecursionError: "RuntimeError",
  UnboundLocalError: "NameError",
  IndentationError: "SyntaxError",
  TabError: "IndentationError",
  UnicodeError: "ValueError",
  UnicodeDecodeError: "UnicodeError",
  UnicodeEncodeError: "UnicodeError",
  UnicodeTranslateError: "UnicodeError",
};

// Not subclasses of `Exception`: only `except BaseException` (or a bare `except`) catches them.
const BASE_EXCEPTION_ONLY = new Set(["SystemExit", "KeyboardInterrupt", "GeneratorExit"]);

/** Whether an `except` naming any of `handlers` catches `raised` (null: a bare `raise`, unknown). */
export function isCaught(raised: string | null, handlers: readonly string[]): boolean {
  const caught = new Set(handlers.map(lastName));
  if (caught.has("BaseException")) return true;
  if (raised === null) return false;
  const bases = basesOf(raised);
  if (caught.has("Exception") && !bases.some((base) => BASE_EXCEPTION_ONLY.has(base))) return true;
  return bases.some((base) => caught.has(base));
}

/** The class's own name, then the bases the names tell. */
function basesOf(raised: string): string[] {
  const name = lastName(raised);
  const bases = [name];
  // `Book.DoesNotExist` subclasses Django's `ObjectDoesNotExist`.
  if (raised.includes(".") && name === "DoesNotExist") bases.push("ObjectDoesNotExist");
  if (raised.includes(".") && !raised.startsWith("builtins.")) return bases;
  for (let base = BUILTIN_BASE[name]; base !== undefined; base = BUILTIN_BASE[base]) {
    bases.push(base);
  }
  return bases;
}

function lastName(dotted: string): string {
  return dotted.slice(dotted.lastIndexOf(".") + 1);
}
