// The load generator, forked by run.ts into its own process so its CPU is neither the server's nor
// the fake GitHub's. It receives deliveries whose bodies and signatures are already made, turns
// them into buffers, then on the clock sends them over a bounded pool of keep-alive connections:
// all at once (as fast as it can issue them) or paced at a fixed rate. Every timing is taken here.
import { Agent, request } from "node:http";
import type { ClientRequest, IncomingMessage } from "node:http";
import type { ClientMessage, ClientReply, PreparedDelivery, SentDelivery } from "./protocol.js";

// GitHub gives up on a delivery after 10 s; so does this client, so a stuck server cannot hang it.
const DELIVERY_TIMEOUT_MS = 10_000;

interface Wire {
  headers: Record<string, string | number>;
  body: Buffer;
}

function toWire(delivery: PreparedDelivery): Wire {
  const body = Buffer.from(delivery.body, "utf8");
  return { headers: { ...delivery.headers, "content-length": body.length }, body };
}

/** Sends one delivery; resolves with its timings (never rejects: failures are status 0). */
function send(url: URL, agent: Agent, wire: Wire, dueAt: number): Promise<SentDelivery> {
  const issuedAt = performance.now();
  let connectedAt = issuedAt;
  return new Promise((resolve) => {
    const finish = (status: number) =>
      resolve({ status, dueAt, issuedAt, connectedAt, doneAt: performance.now() });
    const req: ClientRequest = request(
      url,
      { method: "POST", agent, headers: wire.headers, timeout: DELIVERY_TIMEOUT_MS },
      (res: IncomingMessage) => {
        res.resume(); // the body ("ok") is not needed, only its end
        res.on("end", () => finish(res.statusCode ?? 0));
        res.on("error", () => finish(0));
      },
    );
    req.on("socket", () => (connectedAt = performance.now()));
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", () => finish(0));
    req.end(wire.body);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function deliver(message: Extract<ClientMessage, { type: "run" }>): Promise<ClientReply> {
  const url = new URL("/api/github/webhooks", message.url);
  const agent = new Agent({ keepAlive: true, maxSockets: message.connections });
  const wires = message.deliveries.map(toWire);
  const sends: Promise<SentDelivery>[] = [];
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const interval = message.perSecond === undefined ? 0 : 1000 / message.perSecond;
  for (const [index, wire] of wires.entries()) {
    const dueAt = start + index * interval;
    const wait = dueAt - performance.now();
    if (wait > 1) await sleep(wait);
    sends.push(send(url, agent, wire, dueAt));
  }
  const sent = await Promise.all(sends);
  const cpu = process.cpuUsage(cpuBefore);
  agent.destroy();
  // Times relative to the start, so the parent never compares two processes' clocks.
  const relative = sent.map((s) => ({
    status: s.status,
    dueAt: s.dueAt - start,
    issuedAt: s.issuedAt - start,
    connectedAt: s.connectedAt - start,
    doneAt: s.doneAt - start,
  }));
  return { type: "sent", sent: relative, cpuMs: (cpu.user + cpu.system) / 1000 };
}

process.on("message", (message: ClientMessage) => {
  if (message.type !== "run") return;
  void deliver(message).then((reply) => process.send?.(reply));
});
process.on("disconnect", () => process.exit(0));
