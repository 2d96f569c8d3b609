// Every rule, in the order findings of one receiver are reported.
import { denormalizedAggregate } from "./denormalized-aggregate.js";
import { m2mReadInSaveSignal } from "./m2m-read-in-save-signal.js";
import { modelSignalReceiver } from "./model-signal-receiver.js";
import { receiverRaises } from "./receiver-raises.js";
import { receiverWithoutSender } from "./receiver-without-sender.js";
import type { Rule } from "./rule.js";
import { signalRecursion } from "./signal-recursion.js";

export const ALL_RULES: readonly Rule[] = [
  modelSignalReceiver,
  receiverWithoutSender,
  m2mReadInSaveSignal,
  signalRecursion,
  denormalizedAggregate,
  receiverRaises,
];
