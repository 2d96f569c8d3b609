// Webhook deliveries are checked before Probot reads them: anyone can POST to the webhook path, so
// a body is bounded before it is read in full, its signature is verified before anything parses
// or logs it, and a refusal costs one short log line (delivery id, event, size), never the body.
// A delivery that passes goes on to Probot with the body already read (`req.body`).
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Logger } from "pino";

/** GitHub caps webhook payloads at 25 MB: anything larger is not from GitHub. */
const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

export interface WebhookGuardOptions {
  path: string;
  secret: string;
  log: Logger;
  maxBytes?: number;
}

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The body, or a 413 Refusal as soon as it would pass `maxBytes` (the rest is never read). */
function readBounded(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > maxBytes) return Promise.reject(new Refusal(413, "payload too large"));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.removeAllListeners("data");
        reject(new Refusal(413, "payload too large"));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function signatureMatches(secret: string, body: Buffer, signature: string | undefined): boolean {
  if (signature === undefined || !signature.startsWith("sha256=")) return false;
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(body).digest("hex")}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function refuse(req: IncomingMessage, res: ServerResponse, refusal: Refusal): void {
  // The rest of an oversized body is not worth reading: the connection closes after the answer.
  res.writeHead(refusal.status, { "content-type": "application/json", connection: "close" });
  res.end(JSON.stringify({ error: refusal.message }), () => req.destroy());
}

async function check(req: IncomingMessage, options: WebhookGuardOptions): Promise<void> {
  if (header(req, "x-github-event") === undefined) {
    throw new Refusal(400, "missing X-GitHub-Event header");
  }
  if (header(req, "x-github-delivery") === undefined) {
    throw new Refusal(400, "missing X-GitHub-Delivery header");
  }
  const body = await readBounded(req, options.maxBytes ?? MAX_WEBHOOK_BYTES);
  if (!signatureMatches(options.secret, body, header(req, "x-hub-signature-256"))) {
    throw new Refusal(401, "signature does not match");
  }
  // Probot's middleware takes a string `body` as the payload instead of reading the stream.
  req.body = body.toString("utf8");
}

/** Answers the refused deliveries; true when it did (the request goes no further). */
export function webhookGuard(options: WebhookGuardOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const pathname = (req.url ?? "/").split("?")[0];
    if (req.method !== "POST" || pathname !== options.path) return false;
    try {
      await check(req, options);
      return false;
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      options.log.warn(
        {
          delivery: header(req, "x-github-delivery"),
          event: header(req, "x-github-event"),
          bytes: Number(req.headers["content-length"] ?? 0) || undefined,
          status: error.status,
        },
        `webhook refused: ${error.message}`,
      );
      refuse(req, res, error);
      return true;
    }
  };
}

/** Puts `guard` in front of every request listener the server has (Probot's handlers). */
export function guardRequests(
  server: Server,
  guard: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>,
): void {
  const listeners = server.listeners("request") as RequestListener[];
  server.removeAllListeners("request");
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    guard(req, res).then(
      (answered) => {
        if (!answered) for (const listener of listeners) listener.call(server, req, res);
      },
      () => {
        res.writeHead(500).end();
      },
    );
  });
}
