// The README's example of .github/django-signals.yml is the defaults, shows every key, and points
// editors at the schema the package ships.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { RULES } from "../../src/analysis/index.js";
import {
  CONFIG_FILE_PATH,
  configJsonSchema,
  DEFAULT_CONFIG,
  parseConfig,
} from "../../src/config.js";

const README = readFileSync(fileURLToPath(new URL("../../README.md", import.meta.url)), "utf8");

function configExample(): string {
  const section = README.indexOf(`## Configuration: \`${CONFIG_FILE_PATH}\``);
  const match = /```yaml\n([\s\S]*?)```/.exec(README.slice(section));
  if (section < 0 || match?.[1] === undefined) throw new Error("README: no configuration example");
  return match[1];
}

describe("the README's configuration example", () => {
  const example = configExample();
  const parsed = parseConfig(example);

  it("is valid and is the defaults: every rule at its own level, every other key as unset", () => {
    expect(parsed).toMatchObject({ ok: true });
    if (!parsed.ok) return;
    expect({ ...parsed.config, levels: DEFAULT_CONFIG.levels }).toEqual(DEFAULT_CONFIG);
    expect(parsed.config.levels).toEqual(
      Object.fromEntries(RULES.map((rule) => [rule.id, rule.defaultSeverity])),
    );
  });

  it("shows every key of the schema (a key without a default commented out)", () => {
    const properties = Object.keys(configJsonSchema().properties as object);
    const shown = properties.filter((key) => new RegExp(`^(# )?${key}:`, "m").test(example));

    expect(shown).toEqual(properties);
  });

  it("points editors at the schema the package ships", () => {
    expect(example.split("\n")[0]).toBe(
      "# yaml-language-server: $schema=https://raw.githubusercontent.com/django-signals-bot/django-signals-bot/main/schema/django-signals.schema.json",
    );
  });
});
