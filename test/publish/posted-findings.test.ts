import { describe, expect, it } from "vitest";
import { collectPosted, outdatedComments } from "../../src/publish/posted-findings.js";
import type { ReviewComment } from "../../src/github/reviews.js";
import { fingerprintMarker } from "../../src/report/review-fingerprint.js";

const A = "aaaaaaaaaaaaaaaa";
const B = "bbbbbbbbbbbbbbbb";
const C = "cccccccccccccccc";

function comment(id: number, body: string, overrides: Partial<ReviewComment> = {}): ReviewComment {
  return { id, nodeId: `node-${id}`, body, authorIsBot: true, ...overrides };
}

describe("collectPosted", () => {
  it("reads fingerprints of our comments and review bodies, not of people's", () => {
    const posted = collectPosted(
      [
        comment(1, `text\n\n${fingerprintMarker(A)}\n${fingerprintMarker(B)}`),
        comment(2, `quoted: ${fingerprintMarker(C)}`, { authorIsBot: false }),
        comment(3, fingerprintMarker(C), { authorIsBot: false }),
      ],
      [{ body: `summary\n\n${fingerprintMarker(C)}`, authorIsBot: true }],
    );
    expect([...posted.fingerprints].sort()).toEqual([A, B, C]);
    expect(posted.comments).toEqual([
      { nodeId: "node-1", fingerprints: [A, B], hasHumanReply: false },
    ]);
  });
});

describe("outdatedComments", () => {
  it("keeps comments with a current finding or a person's reply", () => {
    const posted = collectPosted(
      [
        comment(1, fingerprintMarker(A)),
        comment(2, fingerprintMarker(B)),
        comment(3, fingerprintMarker(C)),
        comment(4, "Why is this bad?", { authorIsBot: false, inReplyToId: 3 }),
      ],
      [],
    );
    expect(outdatedComments(posted, new Set([A])).map((c) => c.nodeId)).toEqual(["node-2"]);
  });
});
