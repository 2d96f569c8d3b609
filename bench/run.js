// `npm run bench`: bare tree-sitter parse vs `scan` (the project index of the whole tree, then the
// analysis), on CPython's standard library, a generated 3,000-file Django project and a generated
// receiver-dense corpus, each measurement in its own process; and the index's update after one
// changed file. Prints a table and the goals.
import console from "node:console";
import process from "node:process";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateCorpus } from "./corpus.js";
import { generateDjangoProject } from "./django-project.js";
import { positiveCount } from "./settings.js";

const here = path.dirname(fileURLToPath(import.meta.url));

function stdlibDirectory() {
  const script = 'import sysconfig; print(sysconfig.get_paths()["stdlib"])';
  return execFileSync("python3", ["-c", script], { encoding: "utf8" }).trim();
}

function measure(mode, root, exclude) {
  const args = [
    path.join(here, "measure.js"),
    mode,
    root,
    ...exclude.flatMap((g) => ["--exclude", g]),
  ];
  const output = execFileSync(process.execPath, args, { encoding: "utf8", maxBuffer: 1 << 20 });
  return JSON.parse(output);
}

// Each workload runs this many times, alternating with the other, in fresh processes: the table
// shows medians, so one slow moment of a shared machine does not decide a ratio.
const REPEATS = positiveCount("BENCH_REPEATS", 5);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Runs parse and scan alternately REPEATS times; each result holds the median time and RSS. */
function measureBoth(corpus) {
  const runs = { parse: [], scan: [] };
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    for (const mode of ["parse", "scan"])
      runs[mode].push(measure(mode, corpus.root, corpus.exclude));
  }
  const summary = (results) => ({
    ...results[0],
    milliseconds: median(results.map((result) => result.milliseconds)),
    spread: results.map((result) => result.milliseconds),
    peakRssMb: Math.max(...results.map((result) => result.peakRssMb)),
  });
  return { parse: summary(runs.parse), scan: summary(runs.scan) };
}

function row(corpus, result, baseline) {
  const megabytes = result.bytes / 1e6;
  const rate = megabytes / (result.milliseconds / 1000);
  return {
    corpus,
    workload: result.mode === "parse" ? "bare parse" : "scan",
    files: result.files,
    parsed: result.parsed,
    MB: megabytes.toFixed(1),
    seconds: (result.milliseconds / 1000).toFixed(2),
    "min-max s": `${(Math.min(...result.spread) / 1000).toFixed(2)}-${(Math.max(...result.spread) / 1000).toFixed(2)}`,
    "MB/s": rate.toFixed(2),
    "time vs parse": (result.milliseconds / baseline.milliseconds).toFixed(3),
    "peak RSS MB": result.peakRssMb.toFixed(0),
    findings: result.findings,
  };
}

const corpusDirectory = path.join(here, "corpus");
generateCorpus(corpusDirectory);
const projectDirectory = path.join(here, "corpus-django-project");
generateDjangoProject(projectDirectory);

const corpora = [
  // site-packages is not the standard library; it holds whatever was pip-installed here.
  { name: "cpython-stdlib", root: stdlibDirectory(), exclude: ["site-packages"] },
  { name: "django-project", root: projectDirectory, exclude: [] },
  { name: "receiver-dense", root: corpusDirectory, exclude: [] },
];

const rows = [];
const results = {};
for (const corpus of corpora) {
  const { parse, scan } = measureBoth(corpus);
  results[corpus.name] = { parse, scan };
  rows.push(row(corpus.name, parse, parse), row(corpus.name, scan, parse));
}
console.table(rows);

// The app's case: a cached index of the base, and a pull request that changes one file.
const updates = Array.from({ length: REPEATS }, () => measure("update", projectDirectory, []));
const update = {
  milliseconds: median(updates.map((result) => result.updateMilliseconds)),
  reread: Math.max(...updates.map((result) => result.reread.length)),
  files: updates[0].files,
};
console.log(
  `django-project: updating the index after one changed file re-read ${update.reread} of ${update.files} files in ${update.milliseconds.toFixed(1)} ms (median of ${REPEATS})`,
);

// The goals of issues 2 and 12, judged on this run's own baseline.
const stdlib = results["cpython-stdlib"];
const project = results["django-project"];
const dense = results["receiver-dense"];
const goals = [
  [
    "receiver-dense: scan time <= 1.3x bare parse",
    dense.scan.milliseconds / dense.parse.milliseconds,
    (ratio) => ratio <= 1.3,
    (ratio) => `${ratio.toFixed(2)}x`,
  ],
  [
    "cpython-stdlib: scan >= 5x faster than bare parse",
    stdlib.parse.milliseconds / stdlib.scan.milliseconds,
    (speedup) => speedup >= 5,
    (speedup) => `${speedup.toFixed(1)}x faster`,
  ],
  [
    "cpython-stdlib: scan with the index >= 3x faster than bare parse",
    stdlib.parse.milliseconds / stdlib.scan.milliseconds,
    (speedup) => speedup >= 3,
    (speedup) => `${speedup.toFixed(1)}x faster`,
  ],
  [
    "django-project: scan with the index >= 3x faster than bare parse",
    project.parse.milliseconds / project.scan.milliseconds,
    (speedup) => speedup >= 3,
    (speedup) => `${speedup.toFixed(1)}x faster`,
  ],
  [
    "peak RSS of scan < 300 MB",
    Math.max(stdlib.scan.peakRssMb, project.scan.peakRssMb, dense.scan.peakRssMb),
    (megabytes) => megabytes < 300,
    (megabytes) => `${megabytes.toFixed(0)} MB`,
  ],
  [
    "django-project: an update after one changed file re-reads only that file",
    update.reread,
    (reread) => reread === 1,
    (reread) => `${reread} file${reread === 1 ? "" : "s"} re-read`,
  ],
];
console.log(
  `node ${process.version}, ${process.platform}/${process.arch}; medians of ${REPEATS} runs of each workload, alternating`,
);
for (const [goal, value, met, show] of goals) {
  console.log(`${met(value) ? "MET   " : "MISSED"} ${goal}: ${show(value)}`);
}
