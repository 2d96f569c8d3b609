import { describe, expect, it } from "vitest";
import { analyzeSource } from "../../src/analysis/index.js";
import type { Finding } from "../../src/analysis/index.js";
import {
  ANNOTATIONS_PER_REQUEST,
  annotationBatches,
  annotationOf,
} from "../../src/report/check-run-annotations.js";
import {
  conclusionFor,
  configErrorReport,
  failedReport,
  findingsReport,
  findingsTitle,
  fitWithin,
  MAX_OUTPUT_LENGTH,
  supersededReport,
} from "../../src/report/check-run.js";
import { itemAt } from "./sample.js";

const ARTICLE_EXAMPLE = `from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Author, Book


@receiver(post_save, sender=Book)
def update_num_books(sender, instance, created, **kwargs):
    author = instance.author
    author.num_books = author.books.count()
    author.save()


@receiver(post_save, sender=Author)
def touch_author(sender, instance, **kwargs):
    instance.save()
`;

function articleFindings(): Finding[] {
  return analyzeSource(ARTICLE_EXAMPLE, { file: "library/signals.py" }).findings;
}

function receiverFinding(index: number, overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: "model-signal-receiver",
    severity: "warning",
    file: `shop/signals_${index % 7}.py`,
    line: index + 10,
    column: 1,
    receiverLine: index + 10,
    signals: ["post_save"],
    sender: "Order",
    receiver: `handler_number_${index}_with_a_rather_long_descriptive_name`,
    message: `\`handler_number_${index}\` runs on \`post_save\` of \`Order\`: \`Order.objects.bulk_create(...)\` and \`.update(...)\` skip it, so the work it does is silently missing there.`,
    fix: `Call \`handler_number_${index}(order)\` from the view or \`OrderAdmin.save_model()\` instead, where the reader sees it.`,
    example: `def save_model(self, request, obj, form, change):\n    super().save_model(request, obj, form, change)\n    handler_number_${index}(obj)\n`,
    docsUrl: "https://example.com/docs/rules/model-signal-receiver.md",
    ...overrides,
  };
}

describe("findingsReport with the project around the pull request", () => {
  const evidence = [
    {
      file: "shop/tasks.py",
      line: 5,
      code: "Order.objects.filter(total=0).update(stock_checked=True)",
    },
    { file: "shop/admin.py", line: 9, code: "Order.objects.bulk_create(orders)" },
  ];

  it("counts, per receiver, the places that already bypass it", () => {
    const findings = [receiverFinding(1, { evidence }), receiverFinding(2)];

    const { summary } = findingsReport(findings, "neutral", { context: { loaded: true } }).output;

    expect(summary).toContain("| Where | Receiver | Signal | Sender | Already bypassed | Rules |");
    const rows = summary.split("\n").filter((line) => line.startsWith("| `shop/"));
    expect(rows.map((row) => row.split(" | ")[4])).toEqual(["2", "0"]);
    expect(summary).not.toContain("project context");
  });

  it("links each receiver's line to the head commit on the repository's own host", () => {
    const links = { repoUrl: "https://ghe.example.com/acme/shop", sha: "c0ffee" };

    const { summary } = findingsReport(
      [receiverFinding(3, { file: "shop/signals (old).py" })],
      "neutral",
      { links },
    ).output;

    expect(summary).toContain(
      "[`shop/signals (old).py:13`](https://ghe.example.com/acme/shop/blob/c0ffee/shop/signals%20%28old%29.py#L13)",
    );
  });

  it("says why the project was not read, and leaves the column out", () => {
    const context = { loaded: false as const, reason: "archive over 200 MB" };

    const some = findingsReport([receiverFinding(1)], "neutral", { context }).output.summary;
    const none = findingsReport([], "neutral", { context }).output.summary;

    expect(some).toContain("project context: not loaded, archive over 200 MB.");
    expect(some).toContain("| Where | Receiver | Signal | Sender | Rules |");
    expect(none).toContain("project context: not loaded, archive over 200 MB.");
  });

  it("keeps the note within GitHub's limit when the table is cut", () => {
    const findings = Array.from({ length: 2_000 }, (_, index) => receiverFinding(index));
    const context = { loaded: false as const, reason: "download timed out" };

    const { summary } = findingsReport(findings, "neutral", { context }).output;

    expect(summary.length).toBeLessThanOrEqual(MAX_OUTPUT_LENGTH);
    expect(summary).toMatch(
      /more receivers, not listed here[^\n]*\n\nproject context: not loaded, download timed out\./,
    );
  });
});

describe("findingsReport", () => {
  it("renders the article's example: counts, table, details and one annotation per finding", async () => {
    const findings = articleFindings();
    const report = findingsReport(findings, "neutral");

    expect(report.conclusion).toBe("neutral");
    expect(report.output.title).toBe(
      "2 new signal receivers, 1 recursion risk, 1 stored aggregate",
    );
    expect(report.annotations).toHaveLength(findings.length);
    const rendered = [
      `# ${report.output.title}`,
      report.output.summary,
      report.output.text ?? "",
      "## Annotations",
      ...report.annotations.map((annotation) =>
        [
          `### ${annotation.path}:${annotation.start_line} (${annotation.annotation_level}) ${annotation.title}`,
          annotation.message,
          `\`\`\`python\n${annotation.raw_details ?? ""}\n\`\`\``,
        ].join("\n\n"),
      ),
    ].join("\n\n");
    await expect(rendered).toMatchFileSnapshot("__snapshots__/check-run.article.md");
  });

  it("succeeds with nothing to annotate when the PR introduces nothing", () => {
    expect(findingsReport([], "failure")).toEqual({
      conclusion: "success",
      output: {
        title: "No new signal receivers",
        summary: "**django-signals** found no new Django signal receiver in this pull request.",
      },
      annotations: [],
    });
  });

  it("escapes names from the code, pipes included, so the table keeps its columns", () => {
    const hostile = receiverFinding(1, {
      receiver: "a|b<script>`x`",
      sender: "Order | Item",
      signals: ["post_save"],
    });
    const { summary } = findingsReport([hostile], "neutral").output;
    const row = summary.split("\n").find((line) => line.includes("a\\|b"));
    expect(row).toBe(
      "| `shop/signals_1.py:11` | `` a\\|b<script>`x` `` | `post_save` | `Order \\| Item` | [model-signal-receiver](https://example.com/docs/rules/model-signal-receiver.md) |",
    );
    expect(summary).not.toMatch(/<script>(?!`)/);
  });

  it("keeps summary and text under 65,535 characters with a clear 'and N more' line", () => {
    const findings = Array.from({ length: 1_500 }, (_, index) => receiverFinding(index));
    const { summary, text } = findingsReport(findings, "neutral").output;

    for (const output of [summary, text ?? ""]) {
      expect(output.length).toBeLessThanOrEqual(MAX_OUTPUT_LENGTH);
      expect(output.length).toBeGreaterThan(MAX_OUTPUT_LENGTH - 1_000);
    }
    const listedRows = summary.split("\n").filter((line) => line.startsWith("| `shop/")).length;
    expect(summary).toContain(
      `… and ${1_500 - listedRows} more receivers, not listed here to fit GitHub's size limit`,
    );
    const listedSections = (text ?? "")
      .split("\n")
      .filter((line) => line.startsWith("### ")).length;
    expect(text).toContain(`… and ${1_500 - listedSections} more receivers, left out`);
    // Every finding still has its annotation.
    expect(findingsReport(findings, "neutral").annotations).toHaveLength(1_500);
  });
});

describe("fitWithin", () => {
  it("keeps entries in order and counts the ones cut at the end", () => {
    const entries = ["aaaa", "bbbb", "cccc", "dddd"];
    const text = fitWithin("head", entries, (omitted) => `+${omitted}`, 20);
    expect(text).toBe("head\naaaa\nbbbb\n\n+2");
    expect(text.length).toBeLessThanOrEqual(20);
    expect(fitWithin("head", entries, (omitted) => `+${omitted}`, 100)).toBe(
      "head\naaaa\nbbbb\ncccc\ndddd",
    );
  });
});

describe("conclusionFor", () => {
  it("is success without findings, the configured outcome with some, failure for a failure-level one", () => {
    const warning = receiverFinding(1);
    const failure = receiverFinding(2, { severity: "failure" });
    expect(conclusionFor([], "failure")).toBe("success");
    expect(conclusionFor([warning], "neutral")).toBe("neutral");
    expect(conclusionFor([warning], "success")).toBe("success");
    expect(conclusionFor([warning], "failure")).toBe("failure");
    expect(conclusionFor([warning, failure], "neutral")).toBe("failure");
    expect(conclusionFor([failure], "success")).toBe("failure");
  });
});

describe("findingsTitle", () => {
  it("counts receivers once however many rules they break, then each risk", () => {
    const receiver = receiverFinding(1);
    const raises = { ...receiver, ruleId: "receiver-raises" as const };
    const another = receiverFinding(2);
    expect(findingsTitle([receiver])).toBe("1 new signal receiver");
    expect(findingsTitle([receiver, raises, another])).toBe(
      "2 new signal receivers, 1 raise inside a receiver",
    );
    const raisesAgain = { ...raises, line: raises.line + 2 };
    expect(findingsTitle([receiver, raises, raisesAgain])).toBe(
      "1 new signal receiver, 2 raises inside receivers",
    );
  });
});

describe("the details of a receiver", () => {
  it("name a rule reported on several lines once, with the lines", () => {
    const receiver = receiverFinding(1);
    const raises = (line: number) => ({ ...receiver, ruleId: "receiver-raises" as const, line });
    const { output } = findingsReport([receiver, raises(12), raises(14)], "neutral");
    expect(output.text).toContain("(`receiver-raises`, warning, lines 12, 14)");
    expect(output.text?.match(/`receiver-raises`/g)).toHaveLength(1);
  });
});

describe("annotations", () => {
  it("sit on the finding's line with its level, rule, advice and refactoring snippet", () => {
    const finding = receiverFinding(3, { severity: "failure" });
    expect(annotationOf(finding)).toEqual({
      path: "shop/signals_3.py",
      start_line: 13,
      end_line: 13,
      annotation_level: "failure",
      title: "model-signal-receiver: Receiver of a model signal",
      message: `${finding.message}\n\nInstead: ${finding.fix}`,
      raw_details: finding.example.trimEnd(),
    });
  });

  it("leave raw_details out when the rule has no snippet, and bound long messages", () => {
    const annotation = annotationOf(
      receiverFinding(4, { example: " ", message: "x".repeat(9_000) }),
    );
    expect(annotation).not.toHaveProperty("raw_details");
    expect(annotation.message.length).toBe(4_000);
    expect(annotation.message.endsWith("…")).toBe(true);
  });

  it("go in batches of 50: 120 make 50, 50 and 20", () => {
    const annotations = Array.from({ length: 120 }, (_, index) =>
      annotationOf(receiverFinding(index)),
    );
    const batches = annotationBatches(annotations);
    expect(ANNOTATIONS_PER_REQUEST).toBe(50);
    expect(batches.map((batch) => batch.length)).toEqual([50, 50, 20]);
    expect(batches.flat()).toEqual(annotations);
    expect(annotationBatches([])).toEqual([]);
  });
});

describe("reports without findings", () => {
  it("config error: action_required with each wrong line", () => {
    const report = configErrorReport(
      "o/r:.github/django-signals.yml",
      [{ line: 3, column: 1, message: "unknown key colour" }],
      "abc",
    );
    expect(report.conclusion).toBe("action_required");
    expect(report.output.title).toBe("Invalid configuration: o/r:.github/django-signals.yml");
    expect(report.output.summary).toContain("- line 3, column 1: unknown key colour");
  });

  it("scan failed: neutral, the reason in the title on one line, escaped in the summary", () => {
    const report = failedReport("GitHub answered 502\n<html>Bad gateway</html>");
    expect(report.conclusion).toBe("neutral");
    expect(report.output.title).toBe("scan failed: GitHub answered 502 <html>Bad gateway</html>");
    expect(report.output.summary).toContain("&lt;html&gt;Bad gateway&lt;/html&gt;");
    expect(failedReport("x".repeat(500)).output.title.length).toBe(200);
  });

  it("superseded: by a newer head, or for a reason", () => {
    const sha = "1234567890abcdef1234567890abcdef12345678";
    expect(supersededReport({ newerHeadSha: sha })).toMatchObject({
      conclusion: "neutral",
      output: { title: "superseded by 1234567" },
    });
    expect(
      itemAt([supersededReport({ reason: "no open pull request has this commit" })], 0).output,
    ).toMatchObject({ title: "superseded: no open pull request has this commit" });
  });
});
