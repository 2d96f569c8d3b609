import { describe, expect, it } from "vitest";
import { collectPosted, outdatedComments } from "../../src/publish/posted-findings.js";
import type { ReviewComment } from "../../src/github/reviews.js";
import { fingerprintMarker } from "../../src/report/review-fingerprint.js";

const A = "aaaaaaaaaaaaaaaa";
const B = "bbbbbbbbbbbbbbbb";
const C = "cccccccccccccccc";
const D = "dddddddddddddddd";
const OURS = "django-signals[bot]";
const PERSON = { author: "octocat", authorIsBot: false };
const OTHER_BOT = { author: "github-actions[bot]", authorIsBot: true };

function comment(id: number, body: string, overrides: Partial<ReviewComment> = {}): ReviewComment {
  return { id, nodeId: `node-${id}`, body, author: OURS, authorIsBot: true, ...overrides };
}

describe("collectPosted", () => {
  it("reads fingerprints of our comments and review bodies, not of people's", () => {
    const posted = collectPosted(
      [
        comment(1, `text\n\n${fingerprintMarker(A)}\n${fingerprintMarker(B)}`),
        comment(2, `quoted: ${fingerprintMarker(C)}`, PERSON),
        comment(3, fingerprintMarker(C), PERSON),
        comment(5, fingerprintMarker(D), OTHER_BOT),
      ],
      [
        { body: `summary\n\n${fingerprintMarker(C)}`, author: OURS },
        { body: `copied\n\n${fingerprintMarker(D)}`, author: OTHER_BOT.author },
      ],
      OURS,
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
        comment(4, "Why is this bad?", { ...PERSON, inReplyToId: 3 }),
        comment(5, fingerprintMarker(D), OTHER_BOT),
      ],
      [],
      OURS,
    );
    // Another bot's comment is never ours to hide, even with a fingerprint that is gone.
    expect(outdatedComments(posted, new Set([A])).map((c) => c.nodeId)).toEqual(["node-2"]);
  });
});
