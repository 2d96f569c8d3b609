// `npm run bench:phases`: where the analysis of the receiver-dense corpus spends its time, as
// ratios to a bare parse of the same files measured in the same rounds. Warm (the files are read
// once, every step runs ROUNDS times, medians are printed), so it answers "which step costs
// what", not "how fast is a cold `scan`" (that is `npm run bench`).
import console from "node:console";
import process from "node:process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { setImmediate as turnOfEventLoop } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { analyzeSource, readModule } from "../dist/analysis/analyze.js";
import { parsePython } from "../dist/analysis/parse.js";
import { findPythonFiles } from "../dist/cli/walk.js";
import { generateCorpus } from "./corpus.js";
import { positiveCount } from "./settings.js";

const ROUNDS = positiveCount("BENCH_ROUNDS", 9);
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "corpus");
generateCorpus(root);
const sources = findPythonFiles([root], { cwd: root, exclude: [] }).map((file) =>
  readFileSync(file, "utf8"),
);

// Each step includes the ones before it: the differences are what each one adds.
const steps = {
  parse: (source) => parsePython(source),
  "parse + read the module": (source) => readModule(source, { file: "x.py" }),
  "parse + read + findings": (source) => analyzeSource(source, { file: "x.py" }),
};

/** Milliseconds for one pass over the corpus, letting tree-sitter free each tree as in `scan`. */
async function pass(step) {
  const started = performance.now();
  for (const source of sources) {
    step(source);
    await turnOfEventLoop();
  }
  return performance.now() - started;
}

const times = Object.fromEntries(Object.keys(steps).map((name) => [name, []]));
for (let round = 0; round < ROUNDS + 1; round++) {
  for (const [name, step] of Object.entries(steps)) {
    const milliseconds = await pass(step);
    // The first round only warms the JIT.
    if (round > 0) times[name].push(milliseconds);
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const parse = median(times.parse);
console.table(
  Object.entries(times).map(([step, values]) => ({
    step,
    "median ms": median(values).toFixed(0),
    "vs parse": (median(values) / parse).toFixed(2),
  })),
);
console.log(
  `${sources.length} files; medians of ${ROUNDS} warm rounds (BENCH_ROUNDS), node ${process.version}`,
);
