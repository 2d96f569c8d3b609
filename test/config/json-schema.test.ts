// schema/django-signals.schema.json is what editors check .github/django-signals.yml against: it
// must be the code's own schema as generated now, and accept exactly what the app accepts.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { configJsonSchema, parseConfig } from "../../src/config.js";

const SCHEMA_FILE = fileURLToPath(
  new URL("../../schema/django-signals.schema.json", import.meta.url),
);
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const committed = JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as Record<string, unknown>;

describe("schema/django-signals.schema.json", () => {
  it("is the code's schema as generated now (npm run config-schema writes it)", () => {
    expect(committed).toEqual(configJsonSchema());
  });

  const ajv = new Ajv({ allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(committed);

  it.each([
    ["an empty file's object", "{}"],
    [
      "every key",
      "rules:\n  signal-recursion: failure\n  receiver-raises: off\npaths: ['app/**']\nignore_paths: ['legacy/**']\ncomments: false\nreview_event: REQUEST_CHANGES\nlegitimate_signals: [post_save]\ncheck_run: false\nconclusion_on_findings: failure\ndocs_base_url: https://example.com/docs\n",
    ],
    ["an unknown key", "comment: false\n"],
    ["an unknown rule", "rules:\n  no-such-rule: off\n"],
    ["a wrong level", "rules:\n  signal-recursion: error\n"],
    ["a wrong type", "comments: 'no'\n"],
    ["an empty glob", "paths: ['']\n"],
    ["a review event the app never posts", "review_event: APPROVE\n"],
    ["a docs URL that is no URL", "docs_base_url: docs\n"],
  ])("agrees with the app on %s", (_name, text) => {
    const valid = validate(parse(text));

    expect(valid, JSON.stringify(validate.errors)).toBe(parseConfig(text).ok);
  });
});
