import { describe, expect, test } from "vitest";
import { analyzeSource, docsUrl, RULES, type Finding } from "../../src/analysis/index.js";

const BOOK_RECEIVER = [
  "from django.db.models.signals import post_save",
  "from django.dispatch import receiver",
  "from library.models import Book",
  "",
  "@receiver(post_save, sender=Book)",
  "def update_num_books(sender, instance, **kwargs):",
  "    author = instance.author",
  "    author.num_books = author.books.count()",
  "    author.save()",
].join("\n");

function findings(
  source: string,
  options: Partial<Parameters<typeof analyzeSource>[1]> = {},
): Finding[] {
  return analyzeSource(source, { file: "library/signals.py", ...options }).findings;
}

describe("a finding", () => {
  test("has the full shape, with positions and the code's own names", () => {
    const [finding] = findings(BOOK_RECEIVER);
    expect(finding).toEqual({
      ruleId: "model-signal-receiver",
      severity: "warning",
      file: "library/signals.py",
      line: 5,
      column: 1,
      receiverLine: 5,
      signals: ["post_save"],
      sender: "Book",
      receiver: "update_num_books",
      message: expect.stringContaining("`update_num_books` runs on `post_save` of `Book`"),
      fix: expect.stringContaining(
        "Make `update_num_books` an ordinary function of the `Book` and call `update_num_books(book)`",
      ),
      example: expect.stringContaining("class BookForm(forms.ModelForm):"),
      docsUrl:
        "https://github.com/django-signals-bot/django-signals-bot/blob/main/docs/rules/model-signal-receiver.md",
    });
    expect(finding?.message).toContain("`Book.objects.bulk_create(...)`");
    expect(finding?.message).toContain("`Book.objects.filter(...).update(...)`");
  });

  test("of a body rule points at the statement and keeps the registration line", () => {
    const aggregate = findings(BOOK_RECEIVER).find((f) => f.ruleId === "denormalized-aggregate");
    expect(aggregate).toMatchObject({ line: 8, column: 5, receiverLine: 5, severity: "notice" });
    expect(aggregate?.fix).toContain('`Author.objects.annotate(num_books=Count("books"))`');
    expect(aggregate?.example).toBe('authors = Author.objects.annotate(num_books=Count("books"))');
  });

  test("messages stay short: one to three sentences, examples are plain code", () => {
    for (const finding of findings(BOOK_RECEIVER)) {
      const sentences = finding.message.split(/(?<=[.!?])\s+(?=[A-Z`])/);
      expect(sentences.length).toBeLessThanOrEqual(3);
      expect(finding.example).not.toContain("```");
    }
  });
});

describe("options", () => {
  test("levels change severities and switch rules off", () => {
    const result = findings(BOOK_RECEIVER, {
      levels: { "model-signal-receiver": "failure", "denormalized-aggregate": "off" },
    });
    expect(result.map((f) => [f.ruleId, f.severity])).toEqual([
      ["model-signal-receiver", "failure"],
    ]);
  });

  test("legitimateSignals silences receivers of those signals but still lists them", () => {
    const result = analyzeSource(BOOK_RECEIVER, { file: "x.py", legitimateSignals: ["post_save"] });
    expect(result.findings).toEqual([]);
    expect(result.receivers).toHaveLength(1);
  });

  test("docsBaseUrl replaces the base of every docs link", () => {
    const result = findings(BOOK_RECEIVER, { docsBaseUrl: "https://example.test/rules/" });
    expect(result.map((f) => f.docsUrl)).toEqual([
      "https://example.test/rules/model-signal-receiver.md",
      "https://example.test/rules/denormalized-aggregate.md",
    ]);
    expect(docsUrl("receiver-raises")).toBe(
      "https://github.com/django-signals-bot/django-signals-bot/blob/main/docs/rules/receiver-raises.md",
    );
  });
});

describe("suppression on the registration line", () => {
  test("a bare ignore silences every rule of that receiver only", () => {
    const source = BOOK_RECEIVER.replace(
      "@receiver(post_save, sender=Book)",
      "@receiver(post_save, sender=Book)  # django-signals: ignore",
    );
    expect(findings(source)).toEqual([]);
  });

  test("a list silences the rules it names", () => {
    const source = BOOK_RECEIVER.replace(
      "@receiver(post_save, sender=Book)",
      "@receiver(post_save, sender=Book)  # django-signals: ignore[model-signal-receiver, other-id]",
    );
    expect(findings(source).map((f) => f.ruleId)).toEqual(["denormalized-aggregate"]);
  });

  test("on any line of a registration spread over several, and on that registration only", () => {
    const source = [
      "from django.db.models.signals import post_save, pre_save",
      "",
      "post_save.connect(",
      "    on_save,",
      "    sender=Book,  # django-signals: ignore[model-signal-receiver]",
      ")",
      "pre_save.connect(on_save, sender=Book)",
      "post_save.connect(on_save)  # django-signals: ignore[receiver-without-sender]",
      "",
    ].join("\n");
    expect(findings(source).map((f) => [f.ruleId, f.line])).toEqual([
      ["model-signal-receiver", 7],
      ["model-signal-receiver", 8],
    ]);
  });

  test("a comment on another line does not", () => {
    const source = BOOK_RECEIVER.replace(
      "    author.save()",
      "    author.save()  # django-signals: ignore",
    );
    expect(findings(source)).toHaveLength(2);
  });
});

test("default severities: warning, and notice for denormalized-aggregate; never failure", () => {
  expect(Object.fromEntries(RULES.map((rule) => [rule.id, rule.defaultSeverity]))).toEqual({
    "model-signal-receiver": "warning",
    "receiver-without-sender": "warning",
    "m2m-read-in-save-signal": "warning",
    "signal-recursion": "warning",
    "denormalized-aggregate": "notice",
    "receiver-raises": "warning",
  });
});
