// One measurement in a fresh process, so one workload's heap and native memory never inflate
// another's peak RSS. Usage: node bench/measure.js parse|scan|update <root> [--exclude <glob>]...
// Prints one JSON line: files, bytes, milliseconds, peak RSS (and for `update`, what it re-read).
import process from "node:process";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { setImmediate as turnOfEventLoop } from "node:timers/promises";
import Parser from "tree-sitter";
import Python from "tree-sitter-python";
import { decodeSource } from "../dist/cli/decode.js";
import { updateProjectIndex } from "../dist/analysis/index.js";
import { indexWorkingTree } from "../dist/cli/project.js";
import { scanFiles } from "../dist/cli/scan.js";
import { findPythonFiles } from "../dist/cli/walk.js";

const [mode, root, ...rest] = process.argv.slice(2);
const exclude = rest.filter((_, i) => rest[i - 1] === "--exclude");
const walkOptions = { cwd: root, exclude };

// The baseline: the same files, read and decoded the same way, each given to tree-sitter once.
async function bareParse(files) {
  const parser = new Parser();
  parser.setLanguage(Python);
  let bytes = 0;
  let rootChildren = 0;
  for (const file of files) {
    const contents = readFileSync(file);
    bytes += contents.byteLength;
    const text = decodeSource(contents);
    // Large strings must go through a callback with a buffer size (the binding's string path is bounded).
    const tree = parser.parse((i) => (i < text.length ? text.slice(i, i + 65536) : null), null, {
      bufferSize: 65536,
    });
    rootChildren += tree.rootNode.childCount;
    // As in scan: let finalizers free each tree's native memory, or RSS grows to ~1 GB.
    await turnOfEventLoop();
  }
  return { files: files.length, parsed: files.length, bytes, findings: 0, rootChildren };
}

// The CLI's `scan`: the project index of the whole tree, then each file analysed in it.
async function scan(files) {
  const project = await indexWorkingTree(root, exclude);
  const result = await scanFiles(files, { cwd: root, exclude }, project);
  return {
    files: result.filesChecked,
    parsed: result.filesParsed,
    bytes: result.bytesRead,
    findings: result.findings.length,
  };
}

// What the app does when a pull request changes one file: the cached index of the base, updated.
// Counts the modules whose facts are new objects (re-read) and times the update.
async function update(files) {
  const { index } = await indexWorkingTree(root, exclude);
  const changed = files[Math.floor(files.length / 2)];
  const relative = changed.slice(root.length + 1);
  const text = `${readFileSync(changed, "utf8")}\n\ndef added_in_the_pull_request(sender, **kwargs):\n    pass\n`;
  const started = performance.now();
  const updated = updateProjectIndex(index, new Map([[relative, text]]));
  const updateMilliseconds = performance.now() - started;
  const reread = [...updated.modules].filter(([file, facts]) => index.modules.get(file) !== facts);
  return {
    files: files.length,
    parsed: 0,
    bytes: 0,
    findings: 0,
    updateMilliseconds,
    reread: reread.map(([file]) => file),
  };
}

const WORKLOADS = { parse: bareParse, scan, update };

const started = performance.now();
// Walking is part of both workloads: `scan` walks too, and the baseline needs the same file list.
const files = findPythonFiles([root], walkOptions);
const counts = await WORKLOADS[mode](files);
const milliseconds = performance.now() - started;
const peakRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ mode, ...counts, milliseconds, peakRssMb })}\n`);
