// `npm run docs:examples`: renders docs/examples/*.md and the README's example regions with the
// built code (`npm run build` first; the npm script does it) and writes the files that changed,
// then the pictures of the review comment and the check run (example-pictures.js).
import console from "node:console";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { analyzeSource } from "../dist/analysis/index.js";
import { buildProjectIndex } from "../dist/analysis/project/index.js";
import { DEFAULT_CONFIG } from "../dist/config.js";
import { findingsReport } from "../dist/report/check-run.js";
import { groupByReceiver, renderReviewComment } from "../dist/report/review-comment.js";
import { compareLocations } from "../dist/report/summary.js";
import { renderText } from "../dist/report/text.js";
import { writeExamplePictures } from "./example-pictures.js";
import { renderExampleFiles } from "./examples.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

async function current(file) {
  try {
    return await readFile(file, "utf8");
  } catch {
    return undefined;
  }
}

async function main() {
  const code = {
    analyzeSource,
    buildProjectIndex,
    groupByReceiver,
    renderReviewComment,
    findingsReport,
    renderText,
    compareLocations,
    DEFAULT_CONFIG,
  };
  const files = await renderExampleFiles(code, root);
  for (const [file, content] of files) {
    const target = path.join(root, file);
    if ((await current(target)) === content) {
      console.log(`unchanged ${file}`);
      continue;
    }
    await writeFile(target, content);
    console.log(`wrote     ${file}`);
  }
  for (const file of await writeExamplePictures(root)) console.log(`rendered  ${file}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
