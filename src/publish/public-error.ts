// What an error may say on GitHub (a check run's "scan failed: ..."): its class, its HTTP status
// and a short message with anything shaped like a credential removed. Error texts can echo a
// request (an Authorization header, a token in a URL, a key), and a check run is public.
import { httpStatus } from "../github/client.js";

const MAX_MESSAGE_LENGTH = 200;
const HIDDEN = "[hidden]";

const SECRET_SHAPES: readonly RegExp[] = [
  /-----BEGIN [A-Z ]+-----[\s\S]*?(-----END [A-Z ]+-----|$)/g, // PEM blocks, even cut short
  /\bBearer\s+\S+/gi,
  /\b(token|bearer|basic)\s+[\w.=+/-]{16,}/gi, // Authorization header values
  /\bgh[pousr]_\w+/g, // GitHub tokens
  /\beyJ[\w-]*\.[\w-]+\.[\w-]*/g, // JWTs (the app's, signed with its key)
  /([?&](access_token|token|client_secret|code)=)[^&\s]+/gi,
];

export function sanitiseMessage(message: string): string {
  let clean = message;
  for (const shape of SECRET_SHAPES) {
    clean = clean.replace(shape, (match, prefix: unknown) =>
      typeof prefix === "string" && /^[?&]/.test(prefix) ? `${prefix}${HIDDEN}` : HIDDEN,
    );
  }
  clean = clean.replace(/\s+/g, " ").trim();
  return clean.length > MAX_MESSAGE_LENGTH ? `${clean.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : clean;
}

/** "HttpError (HTTP 502): Bad Gateway": the class, the status, the sanitised message. */
export function publicReason(error: unknown): string {
  const name = error instanceof Error ? error.name : typeof error;
  const status = httpStatus(error);
  const message = sanitiseMessage(error instanceof Error ? error.message : String(error));
  const head = status === undefined ? name : `${name} (HTTP ${status})`;
  return message === "" ? head : `${head}: ${message}`;
}
