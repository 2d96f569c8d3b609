// Real tar archives in the shape GitHub's tarball endpoint sends: a pax global header with the
// commit SHA, then every entry under one top folder (`owner-repo-sha7/`), gzipped. Test entries
// can also be what a hostile archive holds: links, devices, `..` paths.
import { gzipSync } from "node:zlib";

export interface TarEntry {
  path: string;
  type?: "file" | "directory" | "symlink" | "hardlink" | "char-device";
  content?: string | Buffer;
  /** For links. */
  target?: string;
}

const BLOCK = 512;
const TYPE_FLAGS = {
  file: "0",
  hardlink: "1",
  symlink: "2",
  "char-device": "3",
  directory: "5",
  "pax-global": "g",
} as const;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, "0")}\0`;
}

/** ustar keeps long paths as prefix + "/" + name (155 + 100 bytes). */
function splitPath(path: string): { name: string; prefix: string } {
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: "" };
  const cut = path.lastIndexOf("/", 155);
  if (cut <= 0 || Buffer.byteLength(path.slice(cut + 1)) > 100) {
    throw new Error(`path too long for ustar: ${path}`);
  }
  return { name: path.slice(cut + 1), prefix: path.slice(0, cut) };
}

function header(path: string, flag: string, size: number, target = ""): Buffer {
  const block = Buffer.alloc(BLOCK);
  const { name, prefix } = splitPath(path);
  block.write(name, 0);
  block.write(octal(flag === "5" ? 0o755 : 0o644, 8), 100);
  block.write(octal(0, 8), 108);
  block.write(octal(0, 8), 116);
  block.write(octal(size, 12), 124);
  block.write(octal(1_767_225_600, 12), 136);
  block.write(" ".repeat(8), 148);
  block.write(flag, 156);
  block.write(target, 157);
  block.write("ustar\0" + "00", 257);
  block.write("root", 265);
  block.write("root", 297);
  block.write(prefix, 345);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
  return block;
}

function padded(data: Buffer): Buffer {
  const rest = data.length % BLOCK;
  return rest === 0 ? data : Buffer.concat([data, Buffer.alloc(BLOCK - rest)]);
}

function record(path: string, flag: string, data: Buffer, target?: string): Buffer[] {
  return [header(path, flag, data.length, target), padded(data)];
}

/** An uncompressed tar of `entries`, paths as given (no top folder added). */
export function tarOf(entries: readonly TarEntry[], commitSha?: string): Buffer {
  const blocks: Buffer[] = [];
  if (commitSha !== undefined) {
    // GitHub's archives open with the commit in a pax comment: "52 comment=<sha>\n".
    const comment = `comment=${commitSha}\n`;
    const line = `${comment.length + 3} ${comment}`;
    blocks.push(...record("pax_global_header", TYPE_FLAGS["pax-global"], Buffer.from(line)));
  }
  for (const entry of entries) {
    const type = entry.type ?? "file";
    const data = type === "file" ? Buffer.from(entry.content ?? "") : Buffer.alloc(0);
    blocks.push(...record(entry.path, TYPE_FLAGS[type], data, entry.target));
  }
  blocks.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(blocks);
}

/** A commit's tree as GitHub's tarball: `<owner>-<repo>-<sha7>/` first, the files below it. */
export function githubTarball(
  tree: Readonly<Record<string, string>>,
  top: string,
  commitSha: string,
): Buffer {
  const directories = new Set<string>();
  for (const path of Object.keys(tree)) {
    const parts = path.split("/");
    for (let depth = 1; depth < parts.length; depth++) {
      directories.add(parts.slice(0, depth).join("/"));
    }
  }
  const entries: TarEntry[] = [
    { path: `${top}/`, type: "directory" },
    ...[...directories]
      .sort()
      .map((dir): TarEntry => ({ path: `${top}/${dir}/`, type: "directory" })),
    ...Object.entries(tree)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([path, content]): TarEntry => ({ path: `${top}/${path}`, content })),
  ];
  return gzipSync(tarOf(entries, commitSha));
}
