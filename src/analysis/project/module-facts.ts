// The facts of one module, as the index keeps them: what it imports and defines, and the calls
// that write, save or send. Read by read-module.ts; resolved across modules at query time.
import type { BodyFacts } from "../body.js";

/** One name an import statement binds. */
export interface ImportFact {
  /** `from X import ...`: X without its leading dots; null for `import X`. */
  from: string | null;
  /** Leading dots of a relative `from`; 0 for an absolute import. */
  level: number;
  /** The imported name (`update_stock`, `django.db.models`), or `*`. */
  name: string;
  alias: string | null;
  line: number;
}

/** An assignment `name = value` in a module or a class body. */
export interface AssignmentFact {
  name: string;
  /** The value's code as written, strings kept (at most 300 characters). */
  value: string;
  line: number;
}

export interface ClassFact {
  name: string;
  line: number;
  /** Last line of the class body. */
  endLine: number;
  /** Bases as written (`models.Model`, `admin.ModelAdmin`); keyword arguments dropped. */
  bases: string[];
  /** Decorators as written, without `@`: `admin.register(Book, Author)`. */
  decorators: string[];
  /** The class body's own assignments, last one of each name last. */
  attributes: AssignmentFact[];
  /** The assignments of its `class Meta:` body. */
  meta: AssignmentFact[];
}

export interface FunctionFact {
  name: string;
  /** The class of a method (of a module-level class); null for a module-level function. */
  className: string | null;
  line: number;
  endLine: number;
  /** Body facts of a function Django could call as a receiver (it takes `**kwargs`); else null. */
  body: BodyFacts | null;
  /** See HandlerFacts.bodyHash; empty for a function that cannot be a receiver. */
  bodyHash: string;
  /** The line of a later `def` of the same name in the same scope, which replaces this one. */
  redefinedAt: number | null;
  /** Its decorators that may register it as a receiver, as written without `@`: `receiver(post_save, sender=Book)`. */
  receiverDecorators: string[];
  /** When the function registers receivers for its callers with its own parameters; else null. */
  registers: RegistrationHelperFact | null;
}

/**
 * A function of the project that registers a receiver with what its callers pass:
 * `def connect_first(signal, receiver, sender): signal.connect(receiver, sender=sender)`, or a
 * wrapper of `@receiver` (`def mutable_receiver(*args, **kwargs): ... @receiver(*args, **kwargs)`).
 */
export interface RegistrationHelperFact {
  /** "connect": it calls `<signal>.connect(...)`; "receiver": it calls Django's `receiver(...)`. */
  kind: "connect" | "receiver";
  /** Its parameters in order, `self` and `cls` left out, stars kept: `signal`, `*args`, `**kwargs`. */
  parameters: string[];
  /** For "connect": the signal the call is made on, as written (a parameter or a signal's name). */
  signal: string | null;
  /** The argument list of the inner `connect(...)` or `receiver(...)` call, as written. */
  args: string;
}

export type CallKind =
  | "update"
  | "bulk_create"
  | "bulk_update"
  | "save"
  | "create"
  | "get_or_create"
  | "update_or_create"
  | "send"
  | "send_robust"
  | "register"
  | "raw"
  | "execute"
  | "connect"
  | "construct";

/** A call the index may need: `<object>.<kind>(<args>)`, or `<object> = <Class>(...)` for "construct". */
export interface CallFact {
  kind: CallKind;
  /** The code the method is called on (`Book.objects.filter(...)`); for "construct", the variable. */
  object: string;
  /**
   * The argument list's code as written, strings kept (at most 300 characters), for the kinds a
   * query reads it of (register, send, raw, execute, connect), else empty; for "construct", the class.
   */
  args: string;
  line: number;
  /** The call's line, trimmed (at most 160 characters), for writes and sends (evidence); else empty. */
  code: string;
  /** `create_book` or `BookAdmin.save_model`; null at module or class level. */
  enclosing: string | null;
  /** The class the call's code is in, if any. */
  className: string | null;
}

export interface ModuleFacts {
  path: string;
  imports: ImportFact[];
  /** Module-level assignments. */
  assignments: AssignmentFact[];
  classes: ClassFact[];
  functions: FunctionFact[];
  calls: CallFact[];
  /** Why some facts could not be read (a string that never ends, a file too large); null when all were. */
  unread: string | null;
}
