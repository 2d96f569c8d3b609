// signal-recursion through a related model: a save receiver of A saves a B, and a save receiver of
// B saves an A back, so each save sends the other's signal again.
import type { BodyFacts, MethodCall } from "../body.js";
import { capitalized } from "../names.js";
import { fieldsOf, resolveModel, resolveRelationTarget } from "../project/models.js";
import type { ProjectIndex } from "../project/project.js";
import { saveReceiversOf, type SaveReceiver } from "../project/receivers.js";
import type { ModelFacts } from "../project/types.js";
import type { ModelSignal } from "../signals.js";
import { inHandlerFile } from "./project-advice.js";
import type { RuleContext, RuleHit } from "./rule.js";

const CREATING_METHODS = new Set(["create", "get_or_create", "update_or_create"]);

/** A save of another model in the receiver's body whose own save receiver saves the sender back. */
export function saveChainHits(context: RuleContext, signal: ModelSignal): RuleHit[] {
  const { body, sender, project, handler, path } = context;
  if (!body || !sender || sender.through) return [];
  const own = { body, model: sender.model, path: handler?.file ?? path };
  return body.methodCalls.flatMap((call) => {
    const other = modelSaved(project, call, own);
    if (!other || other.qualifiedName === sender.model.qualifiedName) return [];
    for (const receiver of saveReceiversOf(project, other)) {
      const back = savingBack(project, receiver, other, sender.model);
      if (back) return [chainHit(context, signal, call, other, receiver, back)];
    }
    return [];
  });
}

interface Body {
  body: BodyFacts;
  /** The sender model, whose instance the body receives. */
  model: ModelFacts;
  /** The module the body is in, where its names resolve. */
  path: string;
}

/** The model `call` saves or creates: `instance.author.save()`, `Author.objects.create()`, `a = Author(); a.save()`. */
function modelSaved(project: ProjectIndex, call: MethodCall, { body, model, path }: Body) {
  if (CREATING_METHODS.has(call.method) && call.object.endsWith(".objects")) {
    return resolveModel(project, path, call.object.slice(0, -".objects".length));
  }
  if (call.method !== "save") return null;
  const constructed = body.constructed.get(call.object);
  if (constructed) return resolveModel(project, path, constructed);
  const saved = body.aliases.get(call.object) ?? call.object;
  const instance = body.instanceName;
  const attribute =
    instance && saved.startsWith(`${instance}.`) ? saved.slice(instance.length + 1) : "";
  const field = fieldsOf(project, model).find((fact) => fact.name === attribute);
  return field?.relation ? resolveRelationTarget(project, model, field.relation.to) : null;
}

/** The call of `receiver` (a save receiver of `model`) that saves a `target`, if any. */
function savingBack(
  project: ProjectIndex,
  receiver: SaveReceiver,
  model: ModelFacts,
  target: ModelFacts,
): MethodCall | null {
  const { body, file } = receiver.handler;
  if (!body) return null;
  const other = { body, model, path: file };
  return (
    body.methodCalls.find(
      (call) => modelSaved(project, call, other)?.qualifiedName === target.qualifiedName,
    ) ?? null
  );
}

function written(call: MethodCall): string {
  return call.method === "save" ? `${call.object}.save()` : `${call.object}.${call.method}(...)`;
}

function chainHit(
  context: RuleContext,
  signal: ModelSignal,
  call: MethodCall,
  other: ModelFacts,
  receiver: SaveReceiver,
  back: MethodCall,
): RuleHit {
  const { names } = context;
  const model = names.model ?? "Model";
  const { handler, connectedAt } = receiver;
  const connected = connectedAt ? `, connected at ${connectedAt.file}:${connectedAt.line}` : "";
  return {
    at: call.position,
    message: `${capitalized(names.receiver)} calls \`${written(call)}\`${inHandlerFile(context, call.position)} inside ${names.registration}, and \`${other.name}\`'s own \`${receiver.signal}\` receiver \`${handler.name}\` (${handler.file}:${handler.line}${connected}) writes \`${model}\` back with \`${written(back)}\` (${handler.file}:${back.position.row + 1}): each save sends \`${signal}\` or \`${receiver.signal}\` again, a chain between the two models that recurses until a guard stops it or Python's recursion limit is hit.`,
    fix: `Break the chain: write one side with \`${other.name}.objects.filter(pk=...).update(...)\`, which sends no signal, or save both explicitly in the one function that changes the \`${model}\`, not in receivers of each other's save signals.`,
    example: `${other.name}.objects.filter(pk=${call.method === "save" ? `${call.object}.pk` : "..."}).update(...)`,
  };
}
