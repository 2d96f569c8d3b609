// Messages between run.ts and the load generator it forks (client.ts), over Node's IPC channel.

/** A delivery ready for the wire: the exact body and GitHub's headers, signature included. */
export interface PreparedDelivery {
  headers: Record<string, string>;
  body: string;
}

export type ClientMessage = {
  type: "run";
  url: string;
  deliveries: PreparedDelivery[];
  /** Keep-alive connections at most, like a bounded pool of GitHub's delivery workers. */
  connections: number;
  /** Deliveries per second; omitted: all issued as fast as the client can. */
  perSecond?: number;
};

/** One delivery's outcome; times in ms since the client's start signal. */
export interface SentDelivery {
  status: number;
  /** When the schedule wanted it sent (the start, for a burst). */
  dueAt: number;
  /** When the client issued the request (it may then wait for a free connection). */
  issuedAt: number;
  /** When a connection was assigned to it. */
  connectedAt: number;
  /** When the whole response had arrived. */
  doneAt: number;
}

export interface ClientReply {
  type: "sent";
  sent: SentDelivery[];
  /** The client's own CPU (user + system) while sending, in ms. */
  cpuMs: number;
}
