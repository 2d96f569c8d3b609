import { createHash } from "node:crypto";

/** Path -> file content; a whole tree, as a commit holds it. */
export type Tree = Readonly<Record<string, string>>;

function gitObjectSha(type: string, body: Buffer): string {
  const header = Buffer.from(`${type} ${body.length}\0`);
  return createHash("sha1").update(header).update(body).digest("hex");
}

export function blobSha(content: string): string {
  return gitObjectSha("blob", Buffer.from(content, "utf8"));
}

interface DirNode {
  files: Map<string, string>;
  dirs: Map<string, DirNode>;
}

function buildDirs(tree: Tree): DirNode {
  const root: DirNode = { files: new Map(), dirs: new Map() };
  for (const [path, content] of Object.entries(tree)) {
    const parts = path.split("/");
    const fileName = parts.pop() ?? path;
    let node = root;
    for (const part of parts) {
      let child = node.dirs.get(part);
      if (!child) {
        child = { files: new Map(), dirs: new Map() };
        node.dirs.set(part, child);
      }
      node = child;
    }
    node.files.set(fileName, content);
  }
  return root;
}

export interface TreeEntry {
  path: string;
  mode: "100644" | "040000";
  type: "blob" | "tree";
  sha: string;
  size?: number;
}

/** Real git tree hashing: entries sorted as git sorts them (a directory sorts as "name/"). */
function hashDir(node: DirNode, prefix: string, out: TreeEntry[]): string {
  const entries: { sortKey: string; name: string; mode: string; sha: string }[] = [];
  for (const [name, content] of node.files) {
    const sha = blobSha(content);
    entries.push({ sortKey: name, name, mode: "100644", sha });
    out.push({
      path: prefix + name,
      mode: "100644",
      type: "blob",
      sha,
      size: Buffer.byteLength(content),
    });
  }
  for (const [name, child] of node.dirs) {
    const sha = hashDir(child, `${prefix}${name}/`, out);
    entries.push({ sortKey: `${name}/`, name, mode: "40000", sha });
    out.push({ path: prefix + name, mode: "040000", type: "tree", sha });
  }
  entries.sort((a, b) => Buffer.compare(Buffer.from(a.sortKey), Buffer.from(b.sortKey)));
  const body = Buffer.concat(
    entries.map((e) =>
      Buffer.concat([Buffer.from(`${e.mode} ${e.name}\0`), Buffer.from(e.sha, "hex")]),
    ),
  );
  return gitObjectSha("tree", body);
}

/** The root tree SHA and every entry (blobs and subtrees) with its full path. */
export function hashTree(tree: Tree): { sha: string; entries: TreeEntry[] } {
  const entries: TreeEntry[] = [];
  const sha = hashDir(buildDirs(tree), "", entries);
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { sha, entries };
}

export function commitSha(
  treeSha: string,
  parents: readonly string[],
  message: string,
  time: number,
): string {
  const author = `Fake Author <fake@example.com> ${time} +0000`;
  const lines = [
    `tree ${treeSha}`,
    ...parents.map((p) => `parent ${p}`),
    `author ${author}`,
    `committer ${author}`,
    "",
    message,
    "",
  ];
  return gitObjectSha("commit", Buffer.from(lines.join("\n")));
}
