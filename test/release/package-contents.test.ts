// `npm pack` ships exactly what a user runs: the compiled code of src/ (and nothing compiled from
// elsewhere), the docs the app serves, the config's JSON Schema for editors, the app manifest and
// the package's own files.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { RULE_IDS } from "../../src/analysis/index.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TOP_LEVEL_FILES = ["package.json", "README.md", "LICENSE", "CHANGELOG.md", "app.yml"];
const CONFIG_SCHEMA = "schema/django-signals.schema.json";

let files: string[];

beforeAll(async () => {
  // --ignore-scripts: list the dist/ that `npm test` built, without building again.
  const { stdout } = await promisify(execFile)(
    "npm",
    ["pack", "--dry-run", "--json", "--ignore-scripts"],
    { cwd: ROOT, maxBuffer: 16 << 20 },
  );
  const [report] = JSON.parse(stdout) as [{ files: { path: string }[] }];
  files = report.files.map((file) => file.path).sort();
});

describe("npm pack", () => {
  it("contains only dist/, docs/, the config's schema and the package's top-level files", () => {
    const unexpected = files.filter(
      (file) =>
        !TOP_LEVEL_FILES.includes(file) &&
        file !== CONFIG_SCHEMA &&
        !file.startsWith("dist/") &&
        !file.startsWith("docs/"),
    );
    expect(unexpected).toEqual([]);
  });

  it("ships the JSON Schema of the repository config, for editors", () => {
    expect(files).toContain(CONFIG_SCHEMA);
  });

  it("contains the package's top-level files", () => {
    expect(TOP_LEVEL_FILES.filter((file) => !files.includes(file))).toEqual([]);
  });

  it("ships, in dist/, the JavaScript of src/ and nothing else (no tests, maps or stale files)", () => {
    const dist = files.filter((file) => file.startsWith("dist/"));
    const withoutSource = dist.filter(
      (file) =>
        !file.endsWith(".js") ||
        !existsSync(join(ROOT, file.replace(/^dist\//, "src/").replace(/\.js$/, ".ts"))),
    );
    expect(withoutSource).toEqual([]);
    expect(dist).toEqual(
      expect.arrayContaining(["dist/index.js", "dist/server.js", "dist/cli.js"]),
    );
  });

  it("ships every rule's docs page, which the app serves", () => {
    expect(files).toEqual(expect.arrayContaining(RULE_IDS.map((id) => `docs/rules/${id}.md`)));
  });

  it("leaves out tests, benchmarks, sources and development configuration", () => {
    const leaked = files.filter((file) =>
      /(^|\/)(test|bench|src|node_modules)\/|\.test\.|\.map$|^\.|tsconfig|eslint|vitest|Dockerfile/.test(
        file,
      ),
    );
    expect(leaked).toEqual([]);
  });
});
