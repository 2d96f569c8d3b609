// Config globs: the same answers as picomatch (what the README promised so far) on ordinary
// patterns, refusals with a reason past the caps, and no pattern within them that costs more than
// its length times the path's, including the patterns that froze a regex matcher for a minute.
import fc from "fast-check";
import picomatch from "picomatch";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";
import { compileGlob, GlobError, MAX_GLOB_ALTERNATIVES, MAX_GLOB_LENGTH } from "../../src/glob.js";

const PATTERNS = [
  "**",
  "*.py",
  "**/*.py",
  "legacy/**",
  "src/**/migrations/*.py",
  "**/test_*.py",
  "**/*_test*.py",
  "{shop,blog}/*.py",
  "{shop,blog/{a,b}}/**",
  "[a-c]*.py",
  "?.py",
  "**/tests/**",
  "a/**/b",
  ".github/**",
  "shop/\\*.py",
];

const PATHS = [
  "a.py",
  "b.py",
  "shop/signals.py",
  "blog/a/models.py",
  "legacy/old/signals.py",
  "legacy",
  "src/app/migrations/0001_initial.py",
  "src/migrations/0001.py",
  "pkg/test_models.py",
  "pkg/models_test_utils.py",
  "a/b",
  "a/x/y/b",
  ".github/django-signals.yml",
  ".hidden/signals.py",
  "shop/*.py",
  "x/tests/unit/test_a.py",
];

describe("compileGlob", () => {
  it.each(PATTERNS)("answers %j as picomatch does", (pattern) => {
    const ours = compileGlob(pattern);
    const theirs = picomatch(pattern, { dot: true });
    for (const path of PATHS) expect([path, ours(path)]).toEqual([path, theirs(path)]);
  });

  // picomatch reads `[!a]` as something else (it matches "a.py"); ours is the POSIX class.
  it("reads [!a] and [^a] as any character but a", () => {
    for (const pattern of ["[!a]*.py", "[^a]*.py"]) {
      expect(["a.py", "b.py", "shop/b.py"].map(compileGlob(pattern))).toEqual([false, true, false]);
    }
  });

  it("refuses patterns past its caps, saying why", () => {
    const refusal = (pattern: string) => {
      try {
        compileGlob(pattern);
        return "accepted";
      } catch (error) {
        return error instanceof GlobError ? error.message : "crashed";
      }
    };
    expect(refusal("a".repeat(MAX_GLOB_LENGTH + 1))).toBe(
      `is longer than ${MAX_GLOB_LENGTH} characters`,
    );
    expect(refusal("{a,b}{c,d}{e,f}{g,h}{i,j}")).toBe(
      `has more than ${MAX_GLOB_ALTERNATIVES} {…} alternatives`,
    );
    expect(refusal("shop/{a,b")).toBe("has a `{` without its `}`");
    expect(refusal("shop/[ab")).toBe("has a `[` without its `]`");
  });

  // Wall time as a guard against exponential matching, not a speed measurement: a backtracking
  // matcher takes over a minute on the first pattern alone.
  it("matches adversarial patterns against long paths in bounded time", () => {
    const segment = "a".repeat(255);
    const paths = [
      "a".repeat(78),
      Array.from({ length: 16 }, () => segment).join("/"),
      `${"a/".repeat(2_000)}a`,
    ];
    const adversarial = [
      "**/**/**/**/**/**/**/a*a*a*a*a*a*a*b",
      `${"*a".repeat(MAX_GLOB_LENGTH / 2 - 1)}b`,
      `${"**/a*a*/".repeat(20)}b`,
      `{${Array.from({ length: MAX_GLOB_ALTERNATIVES }, (_, i) => `${"*a".repeat(5)}${i}`).join(",")}}`,
    ];
    const started = performance.now();
    for (const pattern of adversarial) {
      const matches = compileGlob(pattern.slice(0, MAX_GLOB_LENGTH));
      for (const path of paths) matches(path);
    }
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("agrees with picomatch on random patterns of stars, classes and segments", () => {
    const piece = fc.constantFrom("a", "b", "*", "?", "[ab]", "[a-b]", "/", "**/", "{a,b}");
    const pathPiece = fc.constantFrom("a", "b", "c", "/");
    fc.assert(
      fc.property(
        fc.array(piece, { minLength: 1, maxLength: 6 }).map((parts) => parts.join("")),
        fc.array(pathPiece, { minLength: 1, maxLength: 10 }).map((parts) => parts.join("")),
        (pattern, path) => {
          // Empty segments differ, and picomatch lets a `**` inside a segment cross slashes
          // where ours (like bash) reads it as `*`: those are left out.
          fc.pre(!/\/\/|^\/|\/$/.test(pattern) && !/\/\/|^\/|\/$/.test(path));
          fc.pre(!/\*\*(?!\/|$)|(?<!^|\/)\*\*|\*\*\{|\}\*\*/.test(pattern));
          // picomatch's trailing `/**` matches the bare directory only after a literal segment.
          fc.pre(!pattern.endsWith("/**"));
          // Past 16 alternatives a pattern is refused (tested above).
          fc.pre((pattern.match(/\{/g)?.length ?? 0) <= 4);
          expect(compileGlob(pattern)(path)).toBe(picomatch(pattern, { dot: true })(path));
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

describe("config globs", () => {
  it("refuses a costly pattern as a config error on its line", () => {
    const result = parseConfig(
      `comments: true\nignore_paths:\n  - "legacy/**"\n  - "${"{a,b}".repeat(5)}"\n`,
    );

    expect(result).toMatchObject({
      ok: false,
      issues: [
        {
          line: 4,
          message: `ignore_paths.1: the pattern has more than ${MAX_GLOB_ALTERNATIVES} {…} alternatives`,
        },
      ],
    });
  });

  it("refuses more than 100 patterns", () => {
    const many = Array.from({ length: 101 }, (_, index) => `  - "p${index}/**"`).join("\n");
    const result = parseConfig(`paths:\n${many}\n`);

    expect(result.ok).toBe(false);
  });
});
