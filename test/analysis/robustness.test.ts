import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  analyzeCandidate,
  analyzeSource,
  mightRegisterReceiver,
} from "../../src/analysis/index.js";
import { fixturePath, FIXTURES_DIR } from "./fixture-markers.js";

const RECEIVER = [
  "from django.db.models.signals import post_save",
  "from django.dispatch import receiver",
  "",
  "@receiver(post_save, sender=Book)",
  "def on_save(sender, instance, **kwargs):",
  "    raise ValueError(instance)",
  "",
].join("\n");

function ruleLines(source: string): string[] {
  return analyzeSource(source, { file: "x.py" }).findings.map(
    (f) => `${f.ruleId}:${f.line}:${f.column}`,
  );
}

describe("odd but real input", () => {
  test("CRLF line endings give the same findings", () => {
    expect(ruleLines(RECEIVER.replaceAll("\n", "\r\n"))).toEqual(ruleLines(RECEIVER));
  });

  test("CR-only (old Mac) line endings give the same findings", async () => {
    const crOnly = RECEIVER.replaceAll("\n", "\r");
    expect(ruleLines(crOnly)).toEqual(ruleLines(RECEIVER));
    expect(ruleLines(crOnly)).not.toEqual([]);
    expect((await analyzeCandidate(crOnly, { file: "x.py" }))?.findings).toHaveLength(
      ruleLines(RECEIVER).length,
    );
  });

  test("a byte-order mark does not shift columns", () => {
    expect(ruleLines(`\uFEFF${RECEIVER}`)).toEqual(ruleLines(RECEIVER));
  });

  test("tab indentation is read like spaces", () => {
    expect(ruleLines(RECEIVER.replace("    raise", "\traise"))).toEqual([
      "model-signal-receiver:4:1",
      "receiver-raises:6:2",
    ]);
  });

  test("non-ASCII names are kept, and columns count characters", () => {
    const source = RECEIVER.replaceAll("Book", "Bücher").replace("def on_save", "def bei_änderung");
    const [finding] = analyzeSource(
      `é = 1; ${source.split("\n")[0]}\n${source.split("\n").slice(1).join("\n")}`,
      {
        file: "x.py",
      },
    ).findings;
    expect(finding).toMatchObject({ receiver: "bei_änderung", sender: "Bücher" });
    const inline = analyzeSource(
      "from django.db.models.signals import post_save\nü = 1; post_save.connect(f)\n",
      {
        file: "x.py",
      },
    );
    expect(inline.receivers[0]).toMatchObject({ line: 2, column: 8 });
  });

  test("invalid UTF-8, decoded with replacement characters, is analysed", () => {
    const bytes = Buffer.concat([Buffer.from(RECEIVER), Buffer.from([0xff, 0xfe, 0x80, 0x0a])]);
    expect(ruleLines(bytes.toString("utf8"))).toEqual(ruleLines(RECEIVER));
  });

  test("syntax errors elsewhere: what can be read is still reported", () => {
    const broken = `${RECEIVER}\ndef broken(:\n    x = = 1\n`;
    const result = analyzeSource(broken, { file: "x.py" });
    expect(result.hasSyntaxErrors).toBe(true);
    expect(result.findings.map((f) => f.ruleId)).toContain("model-signal-receiver");
    expect(analyzeSource(RECEIVER, { file: "x.py" }).hasSyntaxErrors).toBe(false);
  });
});

describe("size", () => {
  test("a 5 MB file parses to its end", () => {
    const filler = "def helper_function(argument):\n    return argument + 1\n\n";
    const source = filler.repeat(Math.ceil((5 * 1024 * 1024) / filler.length)) + RECEIVER;
    const result = analyzeSource(source, { file: "big.py" });
    expect(source.length).toBeGreaterThan(5 * 1024 * 1024);
    expect(result.hasSyntaxErrors).toBe(false);
    expect(result.receivers).toHaveLength(1);
    expect(result.receivers[0]?.line).toBe(
      source.split("\n").length - RECEIVER.split("\n").length + 4,
    );
  });

  test("a 10,000-line file with hundreds of receivers finds each one", () => {
    const receiverCount = 500;
    const blocks = Array.from({ length: receiverCount }, (_unused, index) =>
      [
        `@receiver(post_save, sender=Book${index})`,
        `def on_save_${index}(sender, instance, **kwargs):`,
        "    instance.count = instance.items.count()",
        "    instance.save()",
        ...Array.from({ length: 16 }, (_line, line) => `    value_${line} = ${line}`),
        "",
      ].join("\n"),
    );
    const source = `${RECEIVER}\n${blocks.join("\n")}`;
    expect(source.split("\n").length).toBeGreaterThan(10_000);
    const result = analyzeSource(source, { file: "many.py" });
    expect(result.receivers).toHaveLength(receiverCount + 1);
    expect(result.findings.filter((f) => f.ruleId === "signal-recursion")).toHaveLength(
      receiverCount,
    );
  });

  // Shapes where reading each text hit on its own would cost the square of the file's size.
  test("one statement with 20,000 connect calls gives one receiver each", () => {
    const source = `${RECEIVER}
register(${"post_save.connect(handler, sender=Book), ".repeat(20_000)})\n`;
    const result = analyzeSource(source, { file: "connects.py" });
    expect(result.receivers).toHaveLength(20_001);
  });

  test("a call chain 20,000 calls long in a receiver's body is read", () => {
    const body = `    total = instance.items${".all()".repeat(20_000)}.count()\n    instance.save()\n`;
    const source = `${RECEIVER}
@receiver(post_save, sender=Book)
def on_save(sender, instance, **kw):\n${body}`;
    const result = analyzeSource(source, { file: "chain.py" });
    expect(result.findings.filter((f) => f.ruleId === "signal-recursion")).toHaveLength(1);
  });

  test("20,000 decorators stacked on one function are each a receiver", () => {
    const decorators = "@receiver(post_save, sender=Book)\n".repeat(20_000);
    const source = `${RECEIVER}
${decorators}def on_save(sender, instance, **kw):\n    pass\n`;
    expect(analyzeSource(source, { file: "stacked.py" }).receivers).toHaveLength(20_001);
  });
});

const FIXTURE_SOURCES = readdirSync(FIXTURES_DIR)
  .filter((name) => name.endsWith(".py"))
  .map((name) => readFileSync(fixturePath(name), "utf8"));

function assertSafe(source: string): void {
  const result = analyzeSource(source, { file: "fuzz.py" });
  if (!mightRegisterReceiver(source)) expect(result.receivers).toEqual([]);
}

describe("property: never throws", () => {
  test("on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 400 }), (source) => assertSafe(source)),
      {
        numRuns: 300,
      },
    );
  });

  test("on fixture Python with lines removed, duplicated, cut or spliced with noise", () => {
    const mutation = fc.record({
      fixture: fc.constantFrom(...FIXTURE_SOURCES),
      cuts: fc.array(fc.tuple(fc.nat(), fc.nat(40), fc.string({ maxLength: 12 })), {
        maxLength: 6,
      }),
    });
    fc.assert(
      fc.property(mutation, ({ fixture, cuts }) => {
        let source = fixture;
        for (const [at, length, noise] of cuts) {
          const start = at % (source.length + 1);
          source = source.slice(0, start) + noise + source.slice(start + length);
        }
        assertSafe(source);
      }),
      { numRuns: 200 },
    );
  });
});
