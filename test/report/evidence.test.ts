// A finding's handler in another file and its evidence of the bypass, in every format.
import { describe, expect, test } from "vitest";
import type { Finding } from "../../src/analysis/index.js";
import { annotationOf } from "../../src/report/check-run-annotations.js";
import { renderJson } from "../../src/report/json.js";
import { groupByReceiver, renderReviewComment } from "../../src/report/review-comment.js";
import { toSarif } from "../../src/report/sarif.js";
import { renderText } from "../../src/report/text.js";
import { itemAt, sampleFinding } from "./sample.js";

const WRITES = [7, 11, 13, 15, 21, 30, 42].map((line) => ({
  file: "shop/tasks.py",
  line,
  code: `Book.objects.filter(pk=${line}).update(stock=0)`,
}));

/** A real finding given the fields a project adds. */
function withProject(evidence = WRITES): Finding {
  return {
    ...sampleFinding("shop/apps.py"),
    receiver: "update_num_books",
    handler: { file: "shop/handlers.py", line: 4 },
    evidence,
  };
}

describe("text", () => {
  test("shows the handler and at most five bypasses under help:", () => {
    const text = renderText(
      [withProject()],
      { filesChecked: 1, filesWithSyntaxErrors: 0 },
      {
        color: false,
      },
    );
    const help = text.slice(text.indexOf("  help:"));
    expect(help.split("\n").slice(1, 9)).toEqual([
      "    handler: update_num_books is defined at shop/handlers.py:4",
      "    already skipped by:",
      "      shop/tasks.py:7  Book.objects.filter(pk=7).update(stock=0)",
      "      shop/tasks.py:11  Book.objects.filter(pk=11).update(stock=0)",
      "      shop/tasks.py:13  Book.objects.filter(pk=13).update(stock=0)",
      "      shop/tasks.py:15  Book.objects.filter(pk=15).update(stock=0)",
      "      shop/tasks.py:21  Book.objects.filter(pk=21).update(stock=0)",
      "      and 2 more",
    ]);
  });

  test("a finding without a project shows neither", () => {
    const text = renderText(
      [sampleFinding()],
      { filesChecked: 1, filesWithSyntaxErrors: 0 },
      {
        color: false,
      },
    );
    expect(text).not.toContain("already skipped by");
    expect(text).not.toContain("handler:");
  });
});

test("JSON carries the handler and every piece of evidence, and omits them without", () => {
  const [withBoth, without] = (
    JSON.parse(renderJson([withProject(), sampleFinding()])) as {
      findings: Record<string, unknown>[];
    }
  ).findings;
  expect(withBoth?.["handler"]).toEqual({ file: "shop/handlers.py", line: 4 });
  expect(withBoth?.["evidence"]).toEqual(WRITES);
  expect(without).not.toHaveProperty("handler");
  expect(without).not.toHaveProperty("evidence");
});

test("SARIF lists the handler and the evidence as related locations", () => {
  const result = toSarif([withProject(WRITES.slice(0, 1))], { toolVersion: "0.1.0" }).runs[0]
    ?.results?.[0];
  expect(result?.relatedLocations).toEqual([
    {
      id: 0,
      physicalLocation: {
        artifactLocation: { uri: "shop/handlers.py", uriBaseId: "%SRCROOT%" },
        region: { startLine: 4 },
      },
      message: { text: "update_num_books is defined here" },
    },
    {
      id: 1,
      physicalLocation: {
        artifactLocation: { uri: "shop/tasks.py", uriBaseId: "%SRCROOT%" },
        region: { startLine: 7 },
      },
      message: {
        text: "Writes the rows without the signal: Book.objects.filter(pk=7).update(stock=0)",
      },
    },
  ]);
  const plain = toSarif([sampleFinding()], { toolVersion: "0.1.0" }).runs[0]?.results?.[0];
  expect(plain).not.toHaveProperty("relatedLocations");
});

describe("review comment", () => {
  test("has one short section of at most five places already bypassing", () => {
    const evidence = [...WRITES.slice(0, 5), { file: "a.py", line: 1, code: "x.update(`n`)" }];
    const groups = groupByReceiver([withProject(evidence)]);
    const body = renderReviewComment(itemAt(groups, 0));
    expect(body).toContain(
      [
        "**Already bypassed**: these 6 places write the rows without the signal.",
        "",
        "- `shop/tasks.py:7` `Book.objects.filter(pk=7).update(stock=0)`",
        "- `shop/tasks.py:11` `Book.objects.filter(pk=11).update(stock=0)`",
        "- `shop/tasks.py:13` `Book.objects.filter(pk=13).update(stock=0)`",
        "- `shop/tasks.py:15` `Book.objects.filter(pk=15).update(stock=0)`",
        "- `shop/tasks.py:21` `Book.objects.filter(pk=21).update(stock=0)`",
        "- and 1 more",
      ].join("\n"),
    );
  });

  test("escapes the code it quotes", () => {
    const groups = groupByReceiver([
      withProject([{ file: "a.py", line: 1, code: "x.update(`n`)" }]),
    ]);
    expect(renderReviewComment(itemAt(groups, 0))).toContain(
      "**Already bypassed**: this place writes the rows without the signal.\n\n- `a.py:1` ``x.update(`n`)``",
    );
  });

  test("has no such section without evidence", () => {
    const groups = groupByReceiver([sampleFinding()]);
    expect(renderReviewComment(itemAt(groups, 0))).not.toContain("Already bypassed");
  });
});

test("a check-run annotation names the handler and the bypasses before the fix", () => {
  const annotation = annotationOf(withProject(WRITES.slice(0, 1)));
  expect(annotation.message).toContain(
    [
      "handler: update_num_books is defined at shop/handlers.py:4",
      "already skipped by:",
      "  shop/tasks.py:7  Book.objects.filter(pk=7).update(stock=0)",
      "",
      "Instead: ",
    ].join("\n"),
  );
});
