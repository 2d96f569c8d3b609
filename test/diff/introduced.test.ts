import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/analysis/index.js";
import { findIntroduced, findingIdentity } from "../../src/diff/index.js";
import type { ChangedFile } from "../../src/diff/index.js";

const IMPORTS = `from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

from .models import Author, Book
`;

const BOOK_RECEIVER = `
@receiver(post_save, sender=Book)
def update_author_stats(sender, instance, **kwargs):
    pass
`;

const AUTHOR_RECEIVER = `
@receiver(pre_delete, sender=Author)
def archive_author(sender, instance, **kwargs):
    pass
`;

const PLAIN = `def helper():\n    return 1\n`;

function modified(path: string, base: string, head: string): ChangedFile {
  return { path, status: "modified", base, head };
}

function summary(findings: readonly Finding[]) {
  return findings.map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.receiver}`);
}

describe("findIntroduced", () => {
  it("reports a receiver added to a modified file, on its head line", async () => {
    const result = await findIntroduced(
      [modified("shop/signals.py", IMPORTS, IMPORTS + BOOK_RECEIVER)],
      {},
    );
    expect(summary(result.findings)).toEqual([
      "shop/signals.py:6 model-signal-receiver update_author_stats",
    ]);
    expect(result.filesAnalyzed).toBe(1);
  });

  it("reports every receiver of an added file", async () => {
    const head = IMPORTS + BOOK_RECEIVER + AUTHOR_RECEIVER;
    const result = await findIntroduced([{ path: "a.py", status: "added", base: null, head }], {});
    expect(summary(result.findings)).toEqual([
      "a.py:6 model-signal-receiver update_author_stats",
      "a.py:10 model-signal-receiver archive_author",
    ]);
  });

  it("does not report a receiver moved within its file", async () => {
    const base = IMPORTS + BOOK_RECEIVER + AUTHOR_RECEIVER;
    const head = IMPORTS + AUTHOR_RECEIVER + "\n\n# moved below\n" + BOOK_RECEIVER;
    expect((await findIntroduced([modified("a.py", base, head)], {})).findings).toEqual([]);
  });

  it("does not report the receivers of a renamed file", async () => {
    const text = IMPORTS + BOOK_RECEIVER;
    const renamed: ChangedFile = {
      path: "shop/receivers.py",
      previousPath: "shop/signals.py",
      status: "renamed",
      base: text,
      head: `# renamed\n${text}`,
    };
    expect((await findIntroduced([renamed], {})).findings).toEqual([]);
  });

  it("does not report a receiver moved from one changed file to another", async () => {
    const files: ChangedFile[] = [
      modified("shop/signals.py", IMPORTS + BOOK_RECEIVER, IMPORTS),
      modified("shop/handlers.py", PLAIN, IMPORTS + PLAIN + BOOK_RECEIVER),
    ];
    expect((await findIntroduced(files, {})).findings).toEqual([]);
  });

  it("counts the receivers of a removed file as existing", async () => {
    const files: ChangedFile[] = [
      { path: "old.py", status: "removed", base: IMPORTS + AUTHOR_RECEIVER, head: null },
      { path: "new.py", status: "added", base: null, head: IMPORTS + AUTHOR_RECEIVER },
    ];
    expect((await findIntroduced(files, {})).findings).toEqual([]);
  });

  it("reports nothing for a deleted receiver", async () => {
    const base = IMPORTS + BOOK_RECEIVER + AUTHOR_RECEIVER;
    const result = await findIntroduced([modified("a.py", base, IMPORTS + AUTHOR_RECEIVER)], {});
    expect(result.findings).toEqual([]);
  });

  it("reports a receiver whose sender changed", async () => {
    const head = IMPORTS + BOOK_RECEIVER.replace("sender=Book", "sender=Author");
    const result = await findIntroduced([modified("a.py", IMPORTS + BOOK_RECEIVER, head)], {});
    expect(result.findings.map((f) => [f.receiver, f.sender])).toEqual([
      ["update_author_stats", "Author"],
    ]);
  });

  it("reports a newly introduced rule on an existing receiver", async () => {
    const head = IMPORTS + BOOK_RECEIVER.replace("sender=Book", "");
    const { findings } = await findIntroduced(
      [modified("a.py", IMPORTS + BOOK_RECEIVER, head)],
      {},
    );
    const ruleIds = findings.map((f) => f.ruleId);
    expect(ruleIds).toContain("receiver-without-sender");
  });

  it("reports the second copy of a receiver registered twice", async () => {
    const base = IMPORTS + BOOK_RECEIVER;
    const head = base + BOOK_RECEIVER;
    const result = await findIntroduced([modified("a.py", base, head)], {});
    expect(summary(result.findings)).toEqual(["a.py:10 model-signal-receiver update_author_stats"]);
  });

  it("does not parse versions that cannot register a receiver", async () => {
    const result = await findIntroduced([modified("util.py", PLAIN, `${PLAIN}x = 2\n`)], {});
    expect(result).toEqual({
      findings: [],
      filesWithSyntaxErrors: [],
      filesAnalyzed: 0,
      notScanned: [],
    });
  });

  it("passes options through to the analysis", async () => {
    const head = IMPORTS + BOOK_RECEIVER;
    const result = await findIntroduced([{ path: "a.py", status: "added", base: null, head }], {
      levels: { "model-signal-receiver": "off" },
      docsBaseUrl: "https://example.test/rules",
    });
    expect(result.findings).toEqual([]);
    const shown = await findIntroduced([{ path: "a.py", status: "added", base: null, head }], {
      docsBaseUrl: "https://example.test/rules",
    });
    expect(shown.findings[0]?.docsUrl).toMatch(/^https:\/\/example\.test\/rules\//);
  });

  it("lists head files with syntax errors", async () => {
    const head = `${IMPORTS + BOOK_RECEIVER}\ndef broken(:\n`;
    const result = await findIntroduced([modified("a.py", IMPORTS, head)], {});
    expect(result.filesWithSyntaxErrors).toEqual(["a.py"]);
  });
});

describe("findingIdentity", async () => {
  const [finding] = (
    await findIntroduced(
      [{ path: "a.py", status: "added", base: null, head: IMPORTS + BOOK_RECEIVER }],
      {},
    )
  ).findings;
  if (!finding) throw new Error("the receiver should produce a finding");

  it("ignores the place a finding sits", async () => {
    const moved = { ...finding, file: "b.py", line: 99, column: 5, receiverLine: 99 };
    expect(findingIdentity(moved)).toBe(findingIdentity(finding));
  });

  it("ignores the order of signals", async () => {
    const one = { ...finding, signals: ["post_save", "pre_save"] };
    const other = { ...finding, signals: ["pre_save", "post_save"] };
    expect(findingIdentity(one)).toBe(findingIdentity(other));
  });

  it("distinguishes rule, receiver, signals and sender", async () => {
    const variants = [
      { ...finding, ruleId: "receiver-raises" as const },
      { ...finding, receiver: "other" },
      { ...finding, signals: ["pre_save"] },
      { ...finding, sender: "Author" },
      { ...finding, sender: null },
    ];
    const identities = new Set([finding, ...variants].map(findingIdentity));
    expect(identities.size).toBe(variants.length + 1);
  });
});
