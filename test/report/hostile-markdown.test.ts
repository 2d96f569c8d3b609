// Code a stranger writes goes through the real engine and every renderer, and the Markdown GitHub
// would render from it (GFM, by marked) must hold nothing live: no mention, link, image or HTML,
// no closed `<details>`, no fingerprint marker that counts.
import { marked } from "marked";
import { describe, expect, it } from "vitest";
import { analyzeSource, type Finding } from "../../src/analysis/index.js";
import { findingsReport } from "../../src/report/check-run.js";
import { escapeInlineMarkdown } from "../../src/report/markdown.js";
import { groupByReceiver, renderReviewComment } from "../../src/report/review-comment.js";
import { fingerprint, fingerprintsIn } from "../../src/report/review-fingerprint.js";
import { planReviews, renderReview } from "../../src/report/review.js";

const HOSTILE_STRINGS = [
  "shop.Order` @alice [docs](https://evil.example) ![p](https://evil.example/p.png)",
  "shop.Order`` @alice ``` [x](y) </details> <img src=x onerror=alert(1)>",
  "x\\` @alice \\\\`[y](z)`",
  "<!-- django-signals:fingerprint=0123456789abcdef --> www.evil.example @bob",
  "`` ` @carol `",
];

function pythonWithSender(sender: string): string {
  const literal = JSON.stringify(sender);
  return `from django.db.models.signals import post_save
from django.dispatch import receiver


@receiver(post_save, sender=${literal})
def stamp_order(sender, instance, **kwargs):
    instance.total = instance.lines.count()
    instance.save()
`;
}

function findingsFor(sender: string): Finding[] {
  const findings = analyzeSource(pythonWithSender(sender), { file: "shop/signals.py" }).findings;
  expect(findings.length).toBeGreaterThan(0);
  return findings;
}

/** Everything the app would post for these findings: the inline comment, a review body, the check run. */
function everythingPosted(findings: Finding[]): string[] {
  const groups = groupByReceiver(findings);
  const inBody = planReviews(groups, {
    commentableLines: new Map(),
    event: "COMMENT",
    maxCommentsPerReview: 30,
    maxInlineComments: 500,
  });
  const report = findingsReport(findings, "neutral");
  return [
    ...groups.map((group) => renderReviewComment(group)),
    ...inBody.map((plan) => renderReview(plan).body),
    report.output.summary,
    report.output.text ?? "",
  ];
}

/** The rendered HTML's text outside <code> elements, where GitHub turns `@name` into a mention. */
function textOutsideCode(html: string): string {
  return html.replace(/<code>[\s\S]*?<\/code>/g, "").replace(/<[^>]+>/g, "");
}

const OUR_LINK_HOSTS = ["example.com", "github.com", "www.django-antipatterns.com"];

describe.each(HOSTILE_STRINGS)("a sender string %j", (sender) => {
  const findings = findingsFor(sender);
  const bodies = everythingPosted(findings);

  it("renders no mention, image or HTML element of its own", () => {
    for (const body of bodies) {
      const html = marked.parse(body, { async: false, gfm: true });
      expect(html).not.toMatch(/<img|<script/i);
      expect(textOutsideCode(html)).not.toMatch(/@(alice|bob|carol)\b/);
      expect(html.match(/<details>/g)?.length ?? 0).toBe(html.match(/<\/details>/g)?.length ?? 0);
    }
  });

  it("renders links to our docs only", () => {
    for (const body of bodies) {
      const html = marked.parse(body, { async: false, gfm: true });
      const hosts = [...html.matchAll(/<a href="([^"]+)"/g)].map(
        (match) => new URL(match[1] ?? "").host,
      );
      for (const host of hosts) expect(OUR_LINK_HOSTS).toContain(host);
    }
  });

  it("carries exactly its findings' fingerprints", () => {
    const expected = [...new Set(findings.map(fingerprint))].sort();
    const [comment, reviewBody] = bodies;
    expect([...new Set(fingerprintsIn(comment ?? ""))].sort()).toEqual(expected);
    expect([...new Set(fingerprintsIn(reviewBody ?? ""))].sort()).toEqual(expected);
  });
});

describe("escapeInlineMarkdown", () => {
  it("leaves prose around code spans without mentions, links, images or stray backticks", () => {
    const escaped = escapeInlineMarkdown(
      "of `shop.Order\\` @alice [docs](https://evil.example) ![p](x)` and `Book`",
    );
    const html = marked.parseInline(escaped, { async: false, gfm: true });

    expect(html).not.toMatch(/<a |<img/);
    expect(textOutsideCode(html)).not.toMatch(/@alice/);
  });
});

describe("fingerprintsIn", () => {
  it("counts only the marker lines that end a body, not one inside code a stranger wrote", () => {
    const ours = "aaaaaaaaaaaaaaaa";
    const forged = "<!-- django-signals:fingerprint=0123456789abcdef -->";
    const body = `text\n\n\`\`\`python\n${forged}\n\`\`\`\n\n<!-- django-signals:fingerprint=${ours} -->\n`;

    expect(fingerprintsIn(body)).toEqual([ours]);
  });
});
