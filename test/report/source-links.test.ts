import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/analysis/index.js";
import { groupByReceiver, renderReviewComment } from "../../src/report/review-comment.js";
import { planReviews, renderReview } from "../../src/report/review.js";
import { lineUrl, placeLink } from "../../src/report/source-links.js";
import { sampleFinding } from "./sample.js";

const GHE = { repoUrl: "https://ghe.example.com/acme/shop", sha: "c0ffee" };

function withContext(): Finding {
  return {
    ...sampleFinding("shop/apps.py"),
    handler: { file: "shop/handlers.py", line: 3 },
    evidence: [{ file: "shop/tasks.py", line: 5, code: "Book.objects.update(stock=0)" }],
  };
}

describe("links to a line of the scanned commit", () => {
  it("point at the repository's own host and encode every path segment", () => {
    expect(lineUrl(GHE, "shop/a b/x(1).py", 7)).toBe(
      "https://ghe.example.com/acme/shop/blob/c0ffee/shop/a%20b/x%281%29.py#L7",
    );
    expect(placeLink(GHE, "shop/tasks.py", 5)).toBe(
      "[`shop/tasks.py:5`](https://ghe.example.com/acme/shop/blob/c0ffee/shop/tasks.py#L5)",
    );
    expect(placeLink(undefined, "shop/tasks.py", 5)).toBe("`shop/tasks.py:5`");
  });

  it("link the handler and the evidence in a review comment, and the body's receivers", () => {
    const [group] = groupByReceiver([withContext()]);
    if (!group) throw new Error("no group");

    const comment = renderReviewComment(group, GHE);
    const [review] = planReviews([group], {
      commentableLines: new Map(),
      event: "COMMENT",
      maxCommentsPerReview: 30,
      maxInlineComments: 30,
      links: GHE,
    }).map(renderReview);

    expect(comment).toContain(
      "The handler is defined at [`shop/handlers.py:3`](https://ghe.example.com/acme/shop/blob/c0ffee/shop/handlers.py#L3).",
    );
    expect(comment).toContain(
      "- [`shop/tasks.py:5`](https://ghe.example.com/acme/shop/blob/c0ffee/shop/tasks.py#L5) `Book.objects.update(stock=0)`",
    );
    expect(review?.body).toContain(
      `- [\`shop/apps.py:${group.receiverLine}\`](https://ghe.example.com/acme/shop/blob/c0ffee/shop/apps.py#L${group.receiverLine})`,
    );
  });
});
