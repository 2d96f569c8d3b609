// Command comments waiting for a scan of their PR, by queue key. Every scan of the key takes all
// of them when it starts, so a burst of commands (coalesced by the queue into one scan) still
// gets a `rocket` on each comment, and no comment is left at `eyes`.
import type { RepoRef } from "../github/client.js";

export interface WaitingComment {
  repo: RepoRef;
  commentId: number;
}

export interface CommandWaitlist {
  add(key: string, comment: WaitingComment): void;
  /** Removes and returns the comments waiting for `key`. */
  take(key: string): WaitingComment[];
}

export function createCommandWaitlist(): CommandWaitlist {
  const waiting = new Map<string, WaitingComment[]>();
  return {
    add(key, comment) {
      waiting.set(key, [...(waiting.get(key) ?? []), comment]);
    },
    take(key) {
      const comments = waiting.get(key) ?? [];
      waiting.delete(key);
      return comments;
    },
  };
}
