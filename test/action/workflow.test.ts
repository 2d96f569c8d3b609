import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { printUntrusted, setOutputs, workflowLogger } from "../../src/action/workflow.js";

function capture() {
  const chunks: string[] = [];
  return { out: { write: (text: string) => chunks.push(text) }, text: () => chunks.join("") };
}

describe("the runner's side of the Action", () => {
  it("prints untrusted text with workflow commands stopped around it", () => {
    const { out, text } = capture();
    printUntrusted(out, "shop/x.py:1: ::add-mask::x\n::error::not a command\n");
    const [start, ...rest] = text().split("\n");
    const token = /^::stop-commands::(\S+)$/.exec(start ?? "")?.[1];
    expect(token).toMatch(/^[0-9a-f-]{36}$/);
    expect(rest).toEqual([
      "shop/x.py:1: ::add-mask::x",
      "::error::not a command",
      `::${token}::`,
      "",
    ]);
  });

  it("writes outputs with delimiters, so a value cannot add another output", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "outputs-")), "output");
    setOutputs({ GITHUB_OUTPUT: file }, { sarif: "/tmp/a\nfindings=99", findings: "2" });
    const written = readFileSync(file, "utf8");
    const blocks = [...written.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2\n/gm)].map((m) => [
      m[1],
      m[3],
    ]);
    expect(blocks).toEqual([
      ["sarif", "/tmp/a\nfindings=99"],
      ["findings", "2"],
    ]);
  });

  it("logs an error by its sanitised reason, never a token it carries", () => {
    const { out, text } = capture();
    const error = new Error("bad credentials for token ghs_abcdefghijklmnopqrstuvwxyz0123456789");
    workflowLogger(out).warn({ err: error, retry: 1 }, "GitHub refused");
    expect(text()).toBe('GitHub refused {"err":"Error: bad credentials for [hidden]","retry":1}\n');
  });
});
