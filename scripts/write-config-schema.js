// `npm run config-schema`: writes schema/django-signals.schema.json, the JSON Schema of
// .github/django-signals.yml, from the built code's own schema (`npm run build` first; the npm
// script does it). test/config/json-schema.test.ts fails when the committed file is out of date.
import console from "node:console";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { format, resolveConfig } from "prettier";
import { configJsonSchema } from "../dist/config.js";

export const SCHEMA_FILE = "schema/django-signals.schema.json";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const target = path.join(root, SCHEMA_FILE);
const options = (await resolveConfig(target)) ?? {};
await writeFile(
  target,
  await format(JSON.stringify(configJsonSchema()), { ...options, parser: "json" }),
);
console.log(`wrote ${SCHEMA_FILE}`);
