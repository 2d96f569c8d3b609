import type { BodyFacts } from "../body.js";
import { capitalized, type Names } from "../names.js";
import { onlyRelationChanges, type ModelSignal } from "../signals.js";
import {
  bypassingWrites,
  callSite,
  kindsOf,
  passesCreated,
  relationOf,
  timingOf,
  type SignalKind,
} from "./advice.js";
import { abstractSenderHit } from "./abstract-sender.js";
import { savedRowAdvice, savedRowNote, savedRowRead } from "./saved-row.js";
import { onCommitAdvice, queuedTask, queuedTaskNote } from "./queued-task.js";
import {
  bypassEvidence,
  ownClass,
  evidenceSentence,
  manualSendAdvice,
  projectCallSite,
  projectModel,
  thirdPartyAdvice,
} from "./project-advice.js";
import type { ModelFacts } from "../project/types.js";
import { createRule, type RuleContext, type RuleHit } from "./rule.js";

export const modelSignalReceiver = createRule(
  {
    id: "model-signal-receiver",
    title: "Receiver of a model signal",
    description:
      "Reports receivers of Django model signals, which bulk operations, raw SQL and other programs bypass, and which hide behaviour inside save() and delete().",
    defaultSeverity: "warning",
  },
  (context) => {
    const { modelSignals, names, body, registration, neverRuns } = context;
    // `created` tells a post_save receiver an insert from an update: the explicit call passes it.
    const created = passesCreated(modelSignals, body);
    if (neverRuns?.reason === "abstract sender") {
      return [abstractSenderHit(modelSignals, names, neverRuns, created)];
    }
    const collected = neverRuns?.reason === "collected lambda";
    const task = queuedTask(modelSignals, body);
    const reread = savedRowRead(modelSignals, body, names.model);
    const model = projectModel(context);
    const kinds = kindsOf(modelSignals);
    const evidence = model ? bypassEvidence(context, model, kinds) : [];
    const call = handlerCall(names, created);
    const thirdParty = model && !model.own ? thirdPartyAdvice(context, model, call) : null;
    const callSites = kinds
      .map((kind) => {
        const timing = timingOf(modelSignals, kind);
        return model
          ? projectCallSite(context, model, kind, timing)
          : callSite(kind, names, timing);
      })
      .join("; ");
    const hit: RuleHit = {
      message: sentences(
        collected
          ? `${COLLECTED_LAMBDA} Kept with \`weak=False\`, it would run on ${names.registration}: ${bypasses(modelSignals, names)}.`
          : `${capitalized(names.receiver)} runs on ${names.registration}: ${bypasses(modelSignals, names)}.`,
        model && kinds.some((kind) => kind === "save" || kind === "delete")
          ? evidenceSentence(evidence, model)
          : "",
        thirdParty?.note ??
          `It ${collected ? "would run" : "runs"} hidden inside ${hiddenIn(modelSignals, names)}, where readers of the calling code never see it.`,
        throughNote(modelSignals, registration.receiver.sender),
        registration.weaklyHeld === "local function" ? collectedLocalFunction(names) : "",
        unreadAction(modelSignals, body),
        reread && savedRowNote(reread),
        task && queuedTaskNote(task, modelSignals),
      ),
      fix: sentences(
        thirdParty?.fix ??
          `${explicitCall(names, created)} explicitly where it must happen: ${callSites}.`,
        model ? manualSendAdvice(context, model, call) : "",
        task && onCommitAdvice(task, names),
        reread && savedRowAdvice(names),
      ),
      example: example(modelSignals, names, created, model ? realClasses(context, model) : null),
    };
    if (evidence.length > 0) hit.evidence = evidence;
    return [hit];
  },
);

/** The project's own form and admin of `model`, for the examples. */
function realClasses(context: RuleContext, model: ModelFacts): ExampleClasses {
  return { form: ownClass(context, model, "form"), admin: ownClass(context, model, "admin") };
}

/** The sentences that apply, in order. */
function sentences(...parts: (string | undefined)[]): string {
  return parts.filter((part) => part !== undefined && part !== "").join(" ");
}

// Django keeps a weak reference to a receiver unless `weak=False` is given: a lambda written in
// the call has no other, and a local function none once its enclosing function returns.
const WEAKLY = "Django holds a receiver by a weak reference unless `weak=False` is passed";
const COLLECTED_LAMBDA = `The lambda never runs: ${WEAKLY}, and nothing else refers to it, so it is garbage-collected right after \`connect()\`.`;

function collectedLocalFunction(names: Names): string {
  return `Note that ${WEAKLY}, and ${names.receiver} is defined inside a function: unless something else keeps a reference to it, it is garbage-collected once that function returns, and stops running.`;
}

/**
 * `m2m_changed` is sent before and after each change of a relation, with `action` telling which:
 * a receiver that never reads it does its work twice, and `pk_set` is None for `clear()`.
 */
function unreadAction(signals: readonly ModelSignal[], body: BodyFacts | null): string {
  if (!signals.includes("m2m_changed") || !body || body.readsAction || body.doesNothing) return "";
  const pkSet = body.readsPkSet ? " For `clear()`, `pk_set` is `None`." : "";
  return `It never reads \`action\`, so it does its work twice for every change: before and after each \`add()\`, \`remove()\` and \`clear()\` (\`pre_add\`, \`post_add\`, \`pre_remove\`, ...).${pkSet}`;
}

/**
 * `m2m_changed` names a relation's through model as its sender: a receiver of it with any other
 * sender (nautobot's `sender=ComputedField`) never runs unless that model is a through model.
 */
function throughNote(signals: readonly ModelSignal[], sender: string | null): string {
  if (!onlyRelationChanges(signals) || sender === null || /\.through$/.test(sender)) return "";
  return `Note that Django sends \`m2m_changed\` with a relation's through model as \`sender\` (\`Article.tags.through\`): this receiver runs only if \`${sender}\` is one.`;
}

/**
 * From a receiver, which Django calls with `sender` and keyword arguments, to an ordinary function
 * of the instance that the saving code calls: "Make `h` an ordinary function of the `Book` and
 * call `h(book)`".
 */
function explicitCall(names: Names, created: boolean): string {
  const call = `\`${handlerCall(names, created)}\``;
  if (names.isLambda) return `Move the lambda's body into a function and call ${call}`;
  const of = names.model ? `the \`${names.model}\`` : "the instance";
  return `Make ${names.receiver} an ordinary function of ${of}${created ? " and `created`" : ""} and call ${call}`;
}

function bypasses(signals: readonly ModelSignal[], names: Names): string {
  const kinds = kindsOf(signals);
  // Init signals are sent when rows are read into instances, not when the database is written.
  const skippedBy = kinds.every((kind) => kind === "init")
    ? ["reads with `.values()`/`.values_list()`", "queries through `connection.cursor()`"]
    : [...bypassingWrites(signals, names), "other programs writing the database"];
  const skipped = `${skippedBy.slice(0, -1).join(", ")} and ${skippedBy.at(-1) ?? ""} skip it`;
  if (kinds.includes("init")) {
    const loaded = names.model ? `\`${names.model}\`` : "model instance";
    return `every ${loaded} a query loads pays for it, and ${skipped}`;
  }
  return skipped;
}

const SENT_FROM: Readonly<Record<SignalKind, (names: Names) => string>> = {
  save: () => "`save()`",
  delete: () => "`delete()` (of the instance or of a `QuerySet`)",
  m2m: (names) => {
    const relation = relationOf(names);
    return relation
      ? `\`${relation}.add()\`/\`remove()\`/\`set()\`/\`clear()\``
      : "`add()`/`remove()`/`set()`/`clear()`";
  },
  init: () => "the model's `__init__()`",
};

function hiddenIn(signals: readonly ModelSignal[], names: Names): string {
  return kindsOf(signals)
    .map((kind) => SENT_FROM[kind](names))
    .join(" and ");
}

/** `handler(book)`, or `handler(book, created=created)` for a receiver that reads `created`. */
function handlerCall({ handler, instance }: Names, created: boolean): string {
  return `${handler}(${instance}${created ? ", created=created" : ""})`;
}

/**
 * The classes the examples extend: without a project, named after the model (`BookForm`); with
 * one, the project's own (null when it has none, and the example shows no class).
 */
interface ExampleClasses {
  form: string | null;
  admin: string | null;
}

function example(
  signals: readonly ModelSignal[],
  names: Names,
  created: boolean,
  real: ExampleClasses | null,
): string {
  const kinds = kindsOf(signals);
  const classes = real ?? {
    form: names.model && `${names.model}Form`,
    admin: `${names.model ?? "Model"}Admin`,
  };
  if (kinds.includes("delete")) {
    return deleteExample(names, timingOf(signals, "delete"), classes.admin);
  }
  if (kinds.includes("save")) {
    return saveExample(names, timingOf(signals, "save"), created, classes.form);
  }
  if (kinds.includes("m2m")) return m2mExample(names);
  return [
    `${names.instance} = ${names.model ?? "Model"}.objects.get(pk=pk)`,
    `${names.handler}(${names.instance})  # only where the value is needed`,
  ].join("\n");
}

/**
 * The form's save, calling the handler after it (post_save, telling it whether the row was
 * created) or before the row is written (pre_save).
 */
function saveExample(
  names: Names,
  timing: "pre" | "post",
  created: boolean,
  form: string | null,
): string {
  const { handler, instance } = names;
  if (timing === "pre") {
    const steps = [
      `${instance} = form.save(commit=False)`,
      `${handler}(${instance})`,
      `${instance}.save()`,
      "form.save_m2m()",
    ];
    if (!form) return steps.join("\n");
    return [
      `class ${form}(forms.ModelForm):`,
      "    def save(self, commit=True):",
      `        ${instance} = super().save(commit=False)`,
      `        ${handler}(${instance})`,
      "        if commit:",
      `            ${instance}.save()`,
      "            self.save_m2m()",
      `        return ${instance}`,
    ].join("\n");
  }
  const call = handlerCall(names, created);
  if (!form) {
    const before = created ? ["created = form.instance._state.adding"] : [];
    return [...before, `${instance} = form.save()`, call].join("\n");
  }
  return [
    `class ${form}(forms.ModelForm):`,
    "    def save(self, commit=True):",
    ...(created ? ["        created = self.instance._state.adding"] : []),
    `        ${instance} = super().save(commit=commit)`,
    "        if commit:",
    `            ${call}`,
    `        return ${instance}`,
  ].join("\n");
}

/** The admin's single and bulk deletes; a view calls the handler the same way around `delete()`. */
function deleteExample(names: Names, timing: "pre" | "post", admin: string | null): string {
  const { handler, instance } = names;
  // pre_delete work runs before the rows go, post_delete work after.
  const ordered = (deleting: string[], calling: string[]) =>
    timing === "pre" ? [...calling, ...deleting] : [...deleting, ...calling];
  // A project without an admin for the model: the view's delete, in a function of its own.
  if (admin === null) {
    return [
      `def delete_${instance}(${instance}):`,
      ...ordered(
        [`    ${instance}.delete()`],
        [`    ${handler}(${instance})${timing === "pre" ? "" : `  # ${instance}.pk is None here`}`],
      ),
    ].join("\n");
  }
  return [
    `class ${admin}(admin.ModelAdmin):`,
    "    def delete_model(self, request, obj):",
    ...ordered(
      ["        super().delete_model(request, obj)"],
      // Unlike a post_delete receiver, code after `delete()` sees the instance without its pk.
      timing === "pre"
        ? [`        ${handler}(obj)`]
        : [`        ${handler}(obj)  # obj.pk is None here: keep what it needs before deleting`],
    ),
    "",
    "    def delete_queryset(self, request, queryset):",
    "        deleted = list(queryset)",
    ...ordered(
      ["        super().delete_queryset(request, queryset)"],
      [`        for ${instance} in deleted:`, `            ${handler}(${instance})`],
    ),
  ].join("\n");
}

function m2mExample(names: Names): string {
  const relation = relationOf(names);
  if (!relation) {
    return [
      `${names.instance} = form.save()  # sets the many-to-many relations too`,
      `${names.handler}(${names.instance})`,
    ].join("\n");
  }
  return [
    `def set_${names.relation}(${names.instance}, ${names.relation}):`,
    `    ${relation}.set(${names.relation})`,
    `    ${names.handler}(${names.instance})`,
  ].join("\n");
}
