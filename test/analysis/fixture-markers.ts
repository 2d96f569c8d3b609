// Reads semgrep-style markers from fixtures: `# ruleid: a, b` / `# ok: a` above a code line.
import { fileURLToPath } from "node:url";

export const FIXTURES_DIR = fileURLToPath(new URL("../fixtures/rules/", import.meta.url));

export function fixturePath(name: string): string {
  return `${FIXTURES_DIR}${name}`;
}

export interface Markers {
  /** Rule id -> 1-based lines that must produce a finding of that rule, ascending. */
  ruleid: Map<string, number[]>;
  ok: Map<string, number[]>;
}

const MARKER = /^\s*#\s*(ruleid|ok):\s*(.+?)\s*$/;

export function markedLines(source: string): Markers {
  const markers: Markers = { ruleid: new Map(), ok: new Map() };
  let pending: { kind: "ruleid" | "ok"; ids: string[] }[] = [];
  source.split("\n").forEach((text, index) => {
    const match = MARKER.exec(text);
    if (match?.[1] === "ruleid" || match?.[1] === "ok") {
      pending.push({ kind: match[1], ids: (match[2] ?? "").split(",").map((id) => id.trim()) });
      return;
    }
    for (const { kind, ids } of pending) {
      for (const id of ids) markers[kind].set(id, [...(markers[kind].get(id) ?? []), index + 1]);
    }
    pending = [];
  });
  return markers;
}
