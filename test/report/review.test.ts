import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/analysis/index.js";
import { groupByReceiver } from "../../src/report/review-comment.js";
import { fingerprint, fingerprintsIn } from "../../src/report/review-fingerprint.js";
import { moveInlineToBody, planReviews, renderReview } from "../../src/report/review.js";
import type { ReviewPlanOptions } from "../../src/report/review.js";

function first<T>(items: readonly T[]): T {
  const [item] = items;
  if (item === undefined) throw new Error("expected at least one item");
  return item;
}

function receiverFinding(index: number, file = "shop/signals.py"): Finding {
  return {
    ruleId: "model-signal-receiver",
    severity: "warning",
    file,
    line: index * 10,
    column: 1,
    receiverLine: index * 10,
    signals: ["post_save"],
    sender: "Order",
    receiver: `handler_${index}`,
    message: `\`handler_${index}\` runs on \`post_save\` of \`Order\`: bulk operations skip it.`,
    fix: `Call \`handler_${index}(order)\` from the view.`,
    example: `handler_${index}(order)`,
    docsUrl: "https://example.com/docs/rules/model-signal-receiver.md",
  };
}

function options(lines: number[], overrides: Partial<ReviewPlanOptions> = {}): ReviewPlanOptions {
  return {
    commentableLines: new Map([["shop/signals.py", new Set(lines)]]),
    event: "COMMENT",
    maxCommentsPerReview: 30,
    maxInlineComments: 500,
    ...overrides,
  };
}

const range = (count: number) => Array.from({ length: count }, (_, index) => index + 1);

describe("planReviews", () => {
  it("plans nothing for no receivers", () => {
    expect(planReviews([], options([]))).toEqual([]);
  });

  it("splits 35 inline comments into reviews of 30 and 5", () => {
    const groups = groupByReceiver(range(35).map((index) => receiverFinding(index)));
    const plans = planReviews(
      groups,
      options(
        range(35).map((index) => index * 10),
        { event: "REQUEST_CHANGES" },
      ),
    );
    expect(plans.map((plan) => [plan.inline.length, plan.event, plan.part, plan.parts])).toEqual([
      [30, "REQUEST_CHANGES", 1, 2],
      [5, "COMMENT", 2, 2],
    ]);
  });

  it("lists receivers outside the diff in the first review's body, fingerprints included", async () => {
    const inDiff = receiverFinding(1);
    const outside = receiverFinding(2);
    const otherFile = receiverFinding(3, "shop/admin.py");
    const plans = planReviews(groupByReceiver([inDiff, outside, otherFile]), options([10]));
    expect(plans).toHaveLength(1);
    const review = renderReview(first(plans));
    expect(review.comments.map(({ path, line, side }) => ({ path, line, side }))).toEqual([
      { path: "shop/signals.py", line: 10, side: "RIGHT" },
    ]);
    expect(fingerprintsIn(review.body)).toEqual([fingerprint(otherFile), fingerprint(outside)]);
    await expect(review.body).toMatchFileSnapshot("__snapshots__/review-body-outside-diff.md");
  });

  it("counts what exceeds the scan's inline budget in the last review", () => {
    const groups = groupByReceiver(range(7).map((index) => receiverFinding(index)));
    const plans = planReviews(
      groups,
      options(
        range(7).map((index) => index * 10),
        { maxCommentsPerReview: 2, maxInlineComments: 5 },
      ),
    );
    expect(plans.map((plan) => [plan.inline.length, plan.notCommented])).toEqual([
      [2, 0],
      [2, 0],
      [1, 2],
    ]);
    expect(renderReview(plans.at(-1) ?? first(plans)).body).toContain(
      "2 more receivers were not commented inline",
    );
  });
});

describe("a receiver listed in the body", () => {
  it("names a rule once with every line it is reported on", () => {
    const raises = (line: number): Finding => ({
      ...receiverFinding(1),
      ruleId: "receiver-raises",
      line,
      message: "`handler_1` raises inside `post_save` of `Order`.",
      docsUrl: "https://example.com/docs/rules/receiver-raises.md",
    });
    const [plan] = planReviews(
      groupByReceiver([receiverFinding(1), raises(12), raises(14)]),
      options([]),
    );
    const { body } = renderReview(first(plan ? [plan] : []));
    expect(body).toContain("/model-signal-receiver.md))");
    expect(body.match(/raises inside/g)).toHaveLength(1);
    expect(body).toContain("receiver-raises.md), lines 12, 14)");
    expect(fingerprintsIn(body)).toHaveLength(2);
  });
});

describe("moveInlineToBody", () => {
  it("moves the chosen receivers into the body as rejected", () => {
    const plans = planReviews(
      groupByReceiver([receiverFinding(1), receiverFinding(2)]),
      options([10, 20]),
    );
    const moved = moveInlineToBody(first(plans), (group) => group.receiverLine === 20);
    const review = renderReview(moved);
    expect(review.comments.map(({ line }) => line)).toEqual([10]);
    expect(review.body).toContain("GitHub did not accept a comment on that line");
    expect(review.body).toContain("`shop/signals.py:20`");
  });
});

describe("renderReview of a huge body", () => {
  it("stays under GitHub's limit and fingerprints only the receivers it lists", () => {
    const findings = range(2_000).map((index) => receiverFinding(index));
    const plans = planReviews(groupByReceiver(findings), options([]));
    const review = renderReview(first(plans));
    expect(review.body.length).toBeLessThan(65_536);
    const listed = review.body.split("\n").filter((line) => line.startsWith("- `"));
    expect(fingerprintsIn(review.body)).toHaveLength(listed.length);
    expect(review.body).toContain(
      `… and ${2_000 - listed.length} more, left out to fit GitHub's size limit`,
    );
  });
});
