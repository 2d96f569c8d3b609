import { createHmac, randomUUID } from "node:crypto";

/** The X-Hub-Signature-256 header value GitHub sends: sha256=<hex HMAC of the raw body>. */
export function signWebhook(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

export interface Delivery {
  name: string;
  payload: unknown;
  /** X-GitHub-Delivery; a random UUID by default. */
  id?: string;
  /** Signs with this secret; omit to send no signature. */
  secret?: string;
  /** Overrides the computed signature (tests of bad signatures). */
  signature?: string;
  /** Sent instead of JSON.stringify(payload) (tests of malformed JSON). */
  rawBody?: string;
  path?: string;
}

export interface DeliveryResult {
  status: number;
  body: string;
  elapsedMs: number;
  id: string;
}

/** POSTs a webhook to the app over real HTTP, with GitHub's headers. */
export async function deliverWebhook(appUrl: string, delivery: Delivery): Promise<DeliveryResult> {
  const body = delivery.rawBody ?? JSON.stringify(delivery.payload);
  const id = delivery.id ?? randomUUID();
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "GitHub-Hookshot/fake",
    "x-github-event": delivery.name,
    "x-github-delivery": id,
    "x-github-hook-id": "1",
  };
  const signature =
    delivery.signature ??
    (delivery.secret !== undefined ? signWebhook(delivery.secret, body) : undefined);
  if (signature !== undefined) headers["x-hub-signature-256"] = signature;
  const started = performance.now();
  const response = await fetch(new URL(delivery.path ?? "/api/github/webhooks", appUrl), {
    method: "POST",
    headers,
    body,
  });
  const text = await response.text();
  return { status: response.status, body: text, elapsedMs: performance.now() - started, id };
}
