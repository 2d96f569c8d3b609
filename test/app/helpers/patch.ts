// Builds patches shaped like the `patch` field of GitHub's pull-request files API (hunks only),
// from the base and head texts, so tests state files and not hand-counted hunk headers.
const CONTEXT = 3;

function lines(text: string): string[] {
  const all = text.split("\n");
  return all.at(-1) === "" ? all.slice(0, -1) : all;
}

/** One hunk around the changed middle: common prefix and suffix become context. */
export function unifiedPatch(base: string | null, head: string | null): string {
  const oldLines = base === null ? [] : lines(base);
  const newLines = head === null ? [] : lines(head);
  let prefix = 0;
  while (
    prefix < oldLines.length &&
    prefix < newLines.length &&
    oldLines[prefix] === newLines[prefix]
  )
    prefix++;
  let suffix = 0;
  while (
    suffix < oldLines.length - prefix &&
    suffix < newLines.length - prefix &&
    oldLines[oldLines.length - 1 - suffix] === newLines[newLines.length - 1 - suffix]
  ) {
    suffix++;
  }
  const start = Math.max(0, prefix - CONTEXT);
  const oldEnd = Math.min(oldLines.length, oldLines.length - suffix + CONTEXT);
  const newEnd = Math.min(newLines.length, newLines.length - suffix + CONTEXT);
  const body = [
    ...oldLines.slice(start, prefix).map((line) => ` ${line}`),
    ...oldLines.slice(prefix, oldLines.length - suffix).map((line) => `-${line}`),
    ...newLines.slice(prefix, newLines.length - suffix).map((line) => `+${line}`),
    ...newLines.slice(newLines.length - suffix, newEnd).map((line) => ` ${line}`),
  ];
  const oldCount = oldEnd - start;
  const newCount = newEnd - start;
  const header = `@@ -${oldCount === 0 ? 0 : start + 1},${oldCount} +${newCount === 0 ? 0 : start + 1},${newCount} @@`;
  return [header, ...body].join("\n");
}
