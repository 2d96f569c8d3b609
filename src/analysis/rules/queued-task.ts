// A receiver that queues a Celery task: save and delete signals are sent inside the writing
// transaction (the admin always opens one), so the task may run before the change is committed,
// or for a change that is rolled back. Django's `transaction.on_commit()` waits for the commit.
import type { BodyFacts, MethodCall } from "../body.js";
import type { Names } from "../names.js";
import type { ModelSignal } from "../signals.js";
import { kindsOf } from "./advice.js";

export interface QueuedTask {
  call: MethodCall;
  /** The receiver's name for the instance, which the advice renames. */
  instanceName: string | null;
}

const QUEUEING_METHODS: ReadonlySet<string> = new Set(["delay", "apply_async"]);
// Longer arguments are shown as `...`: the advice is about where the call goes.
const MAX_ARGUMENTS_LENGTH = 80;

/**
 * The first task the body queues itself, when no `on_commit` in it may already defer one. Init
 * signals are sent when rows are read, outside any write's transaction.
 */
export function queuedTask(
  signals: readonly ModelSignal[],
  body: BodyFacts | null,
): QueuedTask | undefined {
  if (!body || body.defersToCommit || kindsOf(signals).every((kind) => kind === "init")) {
    return undefined;
  }
  const call = body.methodCalls.find((read) => QUEUEING_METHODS.has(read.method));
  return call && { call, instanceName: body.instanceName };
}

/** Why queueing the task where the receiver does is unsafe. */
export function queuedTaskNote({ call }: QueuedTask): string {
  return `It also queues \`${call.object}.${call.method}()\` before the transaction that writes the change commits: a worker can run the task before the change is committed, and not see it, or for a change that is rolled back.`;
}

/**
 * "In `h`, queue the task only once ...: `transaction.on_commit(partial(t.delay, book.pk))`".
 * `partial` binds the arguments when it is made: a lambda in a loop would see the last value only.
 */
export function onCommitAdvice(task: QueuedTask, names: Names, isLambda: boolean): string {
  const where = isLambda ? "that function" : names.receiver;
  const queue = `${task.call.object}.${task.call.method}`;
  const given = taskArguments(task, names);
  const callback = given === "" ? queue : `partial(${queue}, ${given})`;
  return `In ${where}, queue the task only once the transaction commits: \`transaction.on_commit(${callback})\`.`;
}

/** The task's arguments as written (without parentheses), the instance named as in the advice. */
function taskArguments({ call, instanceName }: QueuedTask, names: Names): string {
  const inner = (call.arguments ?? "()").replace(/\s+/g, " ").slice(1, -1);
  // A multi-line call's trailing comma would read as a stray in `partial(task, a,)`.
  const written = inner.replace(/,\s*$/, "").trim();
  if (written.length > MAX_ARGUMENTS_LENGTH) return "...";
  if (!instanceName) return written;
  // The name itself: not an attribute (`x.instance`) or a keyword (`instance=`).
  const name = new RegExp(
    `(?<![.\\p{L}\\p{N}_])${instanceName}(?![\\p{L}\\p{N}_]|\\s*=(?!=))`,
    "gu",
  );
  return written.replace(name, names.instance);
}
