import { createHmac, randomUUID } from "node:crypto";
import { request } from "node:http";

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

/**
 * POSTs `bytes` of filler to the webhook path with GitHub's headers and a signature that cannot
 * match, streaming it as a client would. The status, or 0 when the server closed the connection
 * before answering.
 */
export function postWithBadSignature(
  appUrl: string,
  bytes: number,
  delivery: string = randomUUID(),
): Promise<number> {
  return new Promise((resolve) => {
    const req = request(new URL("/api/github/webhooks", appUrl), {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "content-length": String(bytes),
        "x-github-event": "pull_request",
        "x-github-delivery": delivery,
        "x-hub-signature-256": `sha256=${"0".repeat(64)}`,
      },
    });
    req.on("response", (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", () => resolve(0));
    const chunk = Buffer.alloc(Math.min(bytes, 1024 * 1024), "a");
    let sent = 0;
    const write = (): void => {
      while (sent < bytes) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once("drain", write);
          return;
        }
      }
      req.end();
    };
    write();
  });
}
