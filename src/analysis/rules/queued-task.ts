// A receiver that queues a Celery task: model signals are sent before or while the change is
// written, often inside a transaction, so the task may run before the change is committed, or for
// a change that is rolled back. Django's `transaction.on_commit()` waits for the commit.
import type { BodyFacts, MethodCall } from "../body.js";
import type { Names } from "../names.js";
import type { ModelSignal } from "../signals.js";
import { kindsOf, oneLine } from "./advice.js";

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
): MethodCall | undefined {
  if (!body || body.defersToCommit || kindsOf(signals).every((kind) => kind === "init")) {
    return undefined;
  }
  return body.methodCalls.find((call) => QUEUEING_METHODS.has(call.method));
}

const TOO_EARLY =
  "a worker can run the task before the change is committed, and not see it, or for a change that is rolled back";

/**
 * Why queueing the task where the receiver does is unsafe. Django sends `pre_save` before the
 * write, the delete signals and `m2m_changed` inside the write's own transaction, and `post_save`
 * after the write: inside a transaction only when one is open around the save.
 */
export function queuedTaskNote(call: MethodCall, signals: readonly ModelSignal[]): string {
  const queues = `It also queues \`${call.object}.${call.method}()\``;
  if (signals.includes("pre_save")) {
    return `${queues} before the row is even written: ${TOO_EARLY}.`;
  }
  if (kindsOf(signals).some((kind) => kind === "delete" || kind === "m2m")) {
    return `${queues} inside the transaction that writes the change: ${TOO_EARLY}.`;
  }
  return `${queues} from inside \`save()\`: when the save runs in a transaction (the admin opens one, as do \`ATOMIC_REQUESTS\` and \`atomic()\`), ${TOO_EARLY}.`;
}

/**
 * "In `h`, queue the task only once ...: `transaction.on_commit(partial(t.delay, instance.pk))`".
 * `partial` binds the arguments when it is made: a lambda in a loop would see the last value only.
 */
export function onCommitAdvice(task: MethodCall, names: Names): string {
  const where = names.isLambda ? "that function" : names.receiver;
  const queue = `${task.object}.${task.method}`;
  const given = taskArguments(task);
  if (given === "") {
    return `In ${where}, queue the task only once the transaction commits: \`transaction.on_commit(${queue})\`.`;
  }
  return `In ${where}, queue the task only once the transaction commits: \`transaction.on_commit(partial(${queue}, ${given}))\` (\`from functools import partial\`).`;
}

/**
 * The task's arguments as written, without the parentheses, or `...` when they do not fit on one
 * line. The receiver's own names are kept: the advice says to queue the task in its body.
 */
function taskArguments(task: MethodCall): string {
  const written = oneLine(task.arguments ?? "()", MAX_ARGUMENTS_LENGTH);
  if (written === null) return "...";
  // A multi-line call's trailing comma would read as a stray in `partial(task, a,)`.
  return written.slice(1, -1).replace(/,\s*$/, "").trim();
}
