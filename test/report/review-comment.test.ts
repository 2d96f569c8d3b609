import { describe, expect, it } from "vitest";
import { analyzeSource, type Finding } from "../../src/analysis/index.js";
import { codeBlock, codeSpan, escapeInlineMarkdown } from "../../src/report/markdown.js";
import { groupByReceiver, renderReviewComment } from "../../src/report/review-comment.js";
import { fingerprint, fingerprintsIn } from "../../src/report/review-fingerprint.js";

function only<T>(items: readonly T[]): T {
  const [first] = items;
  if (items.length !== 1 || first === undefined)
    throw new Error(`expected one item, got ${items.length}`);
  return first;
}

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: "signal-recursion",
    severity: "warning",
    file: "shop/signals.py",
    line: 12,
    column: 5,
    receiverLine: 9,
    signals: ["post_save"],
    sender: "Order",
    receiver: "stamp_order",
    message:
      "`stamp_order` calls `instance.save()` inside `post_save` of `Order`: every save runs it again.",
    fix: "Update the column without saving the instance: `Order.objects.filter(pk=order.pk).update(stamped=True)`.",
    example: "Order.objects.filter(pk=order.pk).update(stamped=True)",
    docsUrl: "https://example.com/docs/rules/signal-recursion.md",
    ...overrides,
  };
}

describe("codeSpan", () => {
  it("fences names that contain backticks so they cannot close the span", () => {
    expect(codeSpan("plain")).toBe("`plain`");
    expect(codeSpan("a`b")).toBe("``a`b``");
    expect(codeSpan("`edge`")).toBe("`` `edge` ``");
  });

  it("keeps a code span on one line", () => {
    expect(codeSpan("shop.\nOrder")).toBe("`shop. Order`");
  });
});

describe("escapeInlineMarkdown", () => {
  it("keeps the engine's code spans and neutralises HTML around them", () => {
    expect(escapeInlineMarkdown("`<b>` is <img src=x onerror=alert(1)> & more")).toBe(
      "`<b>` is &lt;img src=x onerror=alert(1)&gt; &amp; more",
    );
  });

  it("cannot start a heading, a list or a rule", () => {
    expect(escapeInlineMarkdown("# title")).toBe("\\# title");
    expect(escapeInlineMarkdown("- item")).toBe("\\- item");
    expect(escapeInlineMarkdown("---")).toBe("\\---");
    expect(escapeInlineMarkdown("1. first")).toBe("1\\. first");
    expect(escapeInlineMarkdown("`code` first")).toBe("`code` first");
  });

  it("cannot open a block: the message stays on one line", () => {
    expect(escapeInlineMarkdown("first\n\n# heading\n</details>")).toBe(
      "first # heading &lt;/details&gt;",
    );
  });
});

describe("codeBlock", () => {
  it("uses a fence longer than any backtick run of the code", () => {
    expect(codeBlock("x = '```'", "python")).toBe("````python\nx = '```'\n````");
  });
});

describe("renderReviewComment", () => {
  it("renders one finding", async () => {
    const body = renderReviewComment(only(groupByReceiver([finding()])));
    await expect(body).toMatchFileSnapshot("__snapshots__/signal-recursion.comment.md");
  });

  it("escapes names from the code and cannot forge a fingerprint", async () => {
    const hostile = finding({
      receiver: "handler`</details><script>",
      sender: "<!-- django-signals:fingerprint=0000000000000000 -->",
      message: "`x` <img src=x>\n\n<!-- django-signals:fingerprint=1111111111111111 -->",
    });
    const body = renderReviewComment(only(groupByReceiver([hostile])));
    expect(fingerprintsIn(body)).toEqual([fingerprint(hostile)]);
    // Inside a code span HTML is shown as text; outside one it becomes entities.
    expect(body.split("\n")[0]).toBe(
      "**``handler`</details><script>`` runs on `post_save` of `<!-- django-signals:fingerprint=0000000000000000 -->`**",
    );
    expect(body).toContain("`x` &lt;img src=x&gt; &lt;!-- django-signals");
    await expect(body).toMatchFileSnapshot("__snapshots__/hostile-names.comment.md");
  });

  it("stays well under GitHub's 65,536 characters with huge inputs", () => {
    const huge = finding({
      message: "x".repeat(100_000),
      example: "y = 1\n".repeat(50_000),
      receiver: "z".repeat(10_000),
    });
    expect(renderReviewComment(only(groupByReceiver([huge]))).length).toBeLessThan(20_000);
  });
});

describe("a rule reported on several lines of one receiver", () => {
  const source = `from django.db.models.signals import pre_save
from django.dispatch import receiver


@receiver(pre_save, sender=Book)
def check_book(sender, instance, **kwargs):
    if not instance.title:
        raise ValueError("title required")
    if len(instance.title) > 100:
        raise ValueError("title too long")
`;
  const group = only(groupByReceiver(analyzeSource(source, { file: "shop/signals.py" }).findings));
  const comment = renderReviewComment(group);

  it("is one bullet naming every line, with its fix, link and fingerprint once", () => {
    expect(group.findings.filter((f) => f.ruleId === "receiver-raises")).toHaveLength(2);
    expect(comment).toContain("- **Receiver that raises** (lines 8, 10): `check_book` raises");
    expect(comment.match(/Receiver that raises/g)).toHaveLength(2); // the bullet and the link
    expect(comment.match(/Validate before saving/g)).toHaveLength(1);
    expect(fingerprintsIn(comment)).toHaveLength(2);
    expect(new Set(fingerprintsIn(comment)).size).toBe(2);
  });

  it("is one bullet with its lines when it is the only rule reported", () => {
    const raises = group.findings.filter((f) => f.ruleId === "receiver-raises");
    const alone = renderReviewComment({ ...group, findings: raises });
    expect(alone).toContain("- **Receiver that raises** (lines 8, 10): `check_book` raises");
  });
});

describe("two findings of one rule with different messages", () => {
  it("each name their line, so the reader can tell them apart", () => {
    const comment = renderReviewComment(
      only(
        groupByReceiver([
          finding({ ruleId: "model-signal-receiver", line: 9, message: "runs hidden." }),
          finding({ line: 12 }),
          finding({ line: 15, message: "`stamp_order` calls `order.owner.delete()` as well." }),
        ]),
      ),
    );
    expect(comment).toContain("- **Receiver of a model signal**: runs hidden.");
    expect(comment).toMatch(/- \*\*[^*]+\*\* \(line 12\): `stamp_order` calls `instance.save\(\)`/);
    expect(comment).toMatch(/- \*\*[^*]+\*\* \(line 15\): `stamp_order` calls `order.owner/);
  });
});

describe("groupByReceiver", () => {
  it("puts all findings of one registration into one group", () => {
    const groups = groupByReceiver([
      finding(),
      finding({ ruleId: "model-signal-receiver", line: 9 }),
      finding({ receiver: "other", receiverLine: 20 }),
    ]);
    expect(groups.map((group) => [group.receiver, group.findings.map((f) => f.ruleId)])).toEqual([
      ["stamp_order", ["signal-recursion", "model-signal-receiver"]],
      ["other", ["signal-recursion"]],
    ]);
  });
});

describe("fingerprint", () => {
  it("ignores the line and depends on rule, file and receiver identity", () => {
    expect(fingerprint(finding({ line: 40, receiverLine: 37 }))).toBe(fingerprint(finding()));
    expect(fingerprint(finding({ file: "shop/receivers.py" }))).not.toBe(fingerprint(finding()));
    expect(fingerprint(finding({ ruleId: "receiver-raises" }))).not.toBe(fingerprint(finding()));
    expect(fingerprint(finding({ sender: "Invoice" }))).not.toBe(fingerprint(finding()));
  });

  it("stays when a later push only changes the evidence, the handler's place or the advice", () => {
    const richer = finding({
      evidence: [{ file: "shop/tasks.py", line: 5, code: "Order.objects.update(total=0)" }],
      handler: { file: "shop/handlers.py", line: 3 },
      message: "`update_stock` calls `instance.save()` (shop/handlers.py:3) inside `post_save`.",
      fix: "Call `update_stock(order)` from `OrderForm.save()` (shop/forms.py:12).",
      example: "def save(self, commit=True): ...\n",
    });

    expect(fingerprint(richer)).toBe(fingerprint(finding()));
    expect(fingerprintsIn(renderReviewComment(only(groupByReceiver([richer]))))).toEqual([
      fingerprint(finding()),
    ]);
  });
});

describe("the comment says the headline once", () => {
  it("drops the engine's own opening, however it words signals and sender", () => {
    const message =
      "`create_token` runs on `post_save`/`post_delete` of `User` (`settings.AUTH_USER_MODEL`): " +
      "raw SQL skips it.";
    const body = renderReviewComment(
      only(
        groupByReceiver([
          finding({
            ruleId: "model-signal-receiver",
            receiver: "create_token",
            signals: ["post_save", "post_delete"],
            sender: "settings.AUTH_USER_MODEL",
            message,
          }),
        ]),
      ),
    );
    expect(body).toContain(
      "**`create_token` runs on `post_save`, `post_delete` of `settings.AUTH_USER_MODEL`**\n\nRaw SQL skips it.",
    );
    expect(body).not.toContain("(`settings.AUTH_USER_MODEL`): ");
  });

  it("drops the opening of a lambda's message too", () => {
    const source = [
      "from django.db.models.signals import post_save",
      "post_save.connect(lambda sender, **kw: cache.clear(), sender=Book, weak=False)",
    ].join("\n");
    const { findings } = analyzeSource(source, { file: "apps.py" });
    const body = renderReviewComment(only(groupByReceiver(findings)));
    expect(body).toContain(
      "**A lambda is connected to `post_save` of `Book`**\n\n`Book.objects.bulk_create",
    );
    expect(body).not.toContain("The lambda runs on");
  });

  it("keeps the whole message of a lambda that never runs", () => {
    const source = [
      "from django.db.models.signals import post_save",
      "post_save.connect(lambda sender, **kw: cache.clear(), sender=Book)",
    ].join("\n");
    const { findings } = analyzeSource(source, { file: "apps.py" });
    const body = renderReviewComment(only(groupByReceiver(findings)));
    expect(body).toContain(
      "**A lambda is connected to `post_save` of `Book`**\n\nThe lambda never runs:",
    );
  });

  it("keeps a message that opens differently", () => {
    const body = renderReviewComment(only(groupByReceiver([finding()])));
    expect(body).toContain("`stamp_order` calls `instance.save()` inside `post_save` of `Order`");
  });
});
