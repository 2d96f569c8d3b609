export * from "./fake-github/index.js";
export { generateAppKey, type AppKeyPair } from "./app-key.js";
export {
  signWebhook,
  deliverWebhook,
  postWithBadSignature,
  type Delivery,
  type DeliveryResult,
} from "./webhooks.js";
export {
  pullRequestEvent,
  issueCommentEvent,
  checkRunEvent,
  checkSuiteEvent,
  type WebhookEvent,
} from "./payloads.js";
export {
  startApp,
  runServerToExit,
  freePort,
  type ExitedServer,
  type RunningApp,
  type StartAppOptions,
} from "./start-app.js";
export { waitFor } from "./wait.js";
