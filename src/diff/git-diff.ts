// Splits the output of `git diff` into one patch per file, keyed by the file's new path, so the
// Action can tell which lines of its checkout a review comment may sit on. Pure. Deleted files
// have no new side and are left out; a path git had to quote (a quote, a tab, a newline in the
// name) is left out too: its findings then go into the review body, never lost.
// git ends the name with a tab when it holds a space.
const NEW_PATH = /^\+\+\+ b\/(.*?)\t?$/;

export function splitGitDiff(output: string): Map<string, string> {
  const patches = new Map<string, string>();
  for (const section of output.split(/^(?=diff --git )/m)) {
    const lines = section.split("\n");
    const firstHunk = lines.findIndex((line) => line.startsWith("@@"));
    if (firstHunk === -1) continue;
    const newPath = lines
      .slice(0, firstHunk)
      .map((line) => NEW_PATH.exec(line)?.[1])
      .find((found) => found !== undefined);
    if (newPath !== undefined) patches.set(newPath, lines.slice(firstHunk).join("\n"));
  }
  return patches;
}
