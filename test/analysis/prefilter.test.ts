import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import {
  analyzeSource,
  mayChangeFindings,
  mightRegisterReceiver,
} from "../../src/analysis/index.js";
import { fixturePath, FIXTURES_DIR } from "./fixture-markers.js";

const FIXTURES = readdirSync(FIXTURES_DIR).filter((name) => name.endsWith(".py"));

describe("mightRegisterReceiver", () => {
  test.each(FIXTURES)("is true for %s, which registers receivers", (name) => {
    const source = readFileSync(fixturePath(name), "utf8");
    expect(analyzeSource(source, { file: name }).receivers.length).toBeGreaterThan(0);
    expect(mightRegisterReceiver(source)).toBe(true);
  });

  test.each([
    ["plain Python", "import socket\ns = socket.socket()\ns.connect(('a', 1))\n"],
    [
      "a Django view",
      "from django.shortcuts import render\ndef index(request):\n    return render(request, 'x.html')\n",
    ],
    ["an empty file", ""],
  ])("is false for %s", (_name, source) => {
    expect(mightRegisterReceiver(source)).toBe(false);
  });

  test("stays true when one line of a fixture is removed, whenever a receiver remains", () => {
    for (const name of FIXTURES) {
      const lines = readFileSync(fixturePath(name), "utf8").split("\n");
      for (let index = 0; index < lines.length; index += 7) {
        const source = lines.filter((_line, at) => at !== index).join("\n");
        if (analyzeSource(source, { file: name }).receivers.length > 0) {
          expect(mightRegisterReceiver(source)).toBe(true);
        }
      }
    }
  });
});

describe("mayChangeFindings", () => {
  test.each([
    "@receiver(post_save, sender=Book)",
    "post_save.connect(handler)",
    "    sender=Book,",
    "from django.db.models.signals import post_save",
    "    instance.save()",
    "    instance.user.delete()",
    "    Book.objects.create(title=title)",
    "    raise ValueError(instance)",
    '    author.num_books = Count("books")',
    "    author.book_count += 1",
    "    for tag in instance.tags.all():",
    "    tags = models.ManyToManyField(Tag)",
    "def handler(sender, instance, **kwargs):",
    "x = (",
    'doc = """',
    "    # django-signals: ignore",
    "@on(pre_init)",
    "    m2m_changed,",
  ])("is true for %j", (line) => {
    expect(mayChangeFindings(line)).toBe(true);
  });

  test.each([
    "    return render(request, 'index.html', {'x': 1})",
    "MAX_ITEMS = 10",
    "    # A comment about the view",
    "",
    "    logger.info('done')",
  ])("is false for %j", (line) => {
    expect(mayChangeFindings(line)).toBe(false);
  });

  test("is true for every added line of a fixture that carries a finding", () => {
    for (const name of FIXTURES) {
      const source = readFileSync(fixturePath(name), "utf8");
      const lines = source.split("\n");
      for (const finding of analyzeSource(source, { file: name }).findings) {
        expect(mayChangeFindings(lines[finding.line - 1] ?? "")).toBe(true);
        expect(mayChangeFindings(lines[finding.receiverLine - 1] ?? "")).toBe(true);
      }
    }
  });

  test("is true for every fixture line whose presence changes the findings", () => {
    const identities = (source: string) =>
      analyzeSource(source, { file: "x.py" })
        .findings.map((f) => `${f.ruleId} ${f.receiver} ${f.message}`)
        .sort();
    for (const name of FIXTURES) {
      const lines = readFileSync(fixturePath(name), "utf8").split("\n");
      const withLine = identities(lines.join("\n"));
      lines.forEach((line, index) => {
        const withoutLine = identities(lines.filter((_line, at) => at !== index).join("\n"));
        if (JSON.stringify(withoutLine) !== JSON.stringify(withLine)) {
          expect(mayChangeFindings(line), `${name}:${index + 1}: ${line}`).toBe(true);
        }
      });
    }
  });
});
