// One file whose analysis throws (a parser failure, a stack overflow) is named as not scanned;
// the other files' findings stand. The engine is replaced for the one file that must fail.
import { describe, expect, it, vi } from "vitest";
import { findIntroduced } from "../../src/diff/index.js";

vi.mock("../../src/analysis/candidate.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/analysis/candidate.js")>();
  return {
    analyzeCandidate: (text: string, options: Parameters<typeof real.analyzeCandidate>[1]) => {
      if (options.file === "overflows.py") throw new RangeError("Maximum call stack size exceeded");
      if (options.file === "throws.py") throw new Error("the parser gave up");
      return real.analyzeCandidate(text, options);
    },
  };
});

const RECEIVER = `from django.db.models.signals import post_save
from django.dispatch import receiver


@receiver(post_save, sender=Book)
def update_author_stats(sender, instance, **kwargs):
    pass
`;

describe("findIntroduced with files whose analysis fails", () => {
  it("names them as not scanned and reports every other file", async () => {
    const result = await findIntroduced(
      [
        { path: "overflows.py", status: "added", base: null, head: RECEIVER },
        { path: "ok.py", status: "added", base: null, head: RECEIVER },
        { path: "throws.py", status: "modified", base: RECEIVER, head: RECEIVER },
      ],
      {},
    );

    expect(result.findings.map((finding) => finding.file)).toEqual(["ok.py"]);
    expect(result.notScanned).toEqual([
      {
        path: "overflows.py",
        reason: "it is too deeply nested or too large to analyse (RangeError)",
      },
      { path: "throws.py", reason: "its analysis failed (Error)" },
    ]);
  });
});
