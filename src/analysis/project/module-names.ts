// Dotted module names from paths, and the paths that imports name. A module is a file (`shop/models.py`)
// or, for a namespace package, a directory given with its trailing slash (`plugins/`).

const PYTHON_FILE = /\.pyi?$/;
const INIT = /(?:^|\/)__init__\.pyi?$/;
const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_]*$/u;

export function isPythonPath(path: string): boolean {
  return PYTHON_FILE.test(path);
}

/** `shop/models.py` -> `shop`, `shop/__init__.py` -> `shop`, `setup.py` -> "". */
function directoryOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash === -1 ? "" : path.slice(0, slash);
}

function join(directory: string, name: string): string {
  return directory === "" ? name : `${directory}/${name}`;
}

export class ModuleNames {
  private readonly byName = new Map<string, string>();
  private readonly nameByPath = new Map<string, string>();
  private readonly files: ReadonlySet<string>;
  private readonly directories = new Set<string>();

  constructor(paths: Iterable<string>) {
    this.files = new Set(paths);
    const packages = new Set<string>();
    for (const path of this.files) {
      if (INIT.test(path)) packages.add(directoryOf(path));
      for (let dir = directoryOf(path); dir !== ""; dir = directoryOf(dir)) {
        if (this.directories.has(dir)) break;
        this.directories.add(dir);
      }
    }
    // Deeper roots first: `netbox/dcim/models.py` is `dcim.models` when `netbox/` holds the apps.
    const roots = [...sourceRoots(this.files, packages)].sort(
      (a, b) => depth(b) - depth(a) || (a < b ? -1 : 1),
    );
    for (const root of roots) {
      for (const path of this.files) this.name(path, root, false);
      for (const dir of this.directories) if (!packages.has(dir)) this.name(dir, root, true);
    }
  }

  /** The project's module of a dotted name: a file, or a namespace package's directory with `/`. */
  module(dotted: string): string | undefined {
    return this.byName.get(dotted);
  }

  /** The dotted name of a project file, as the deepest source root gives it. */
  nameOf(path: string): string | undefined {
    return this.nameByPath.get(path);
  }

  /** `from ..x import y` in `from`: the module `..x` names; undefined past the top of the project. */
  relative(from: string, level: number, dotted: string): string | undefined {
    let dir = directoryOf(from);
    for (let up = 1; up < level; up++) {
      if (dir === "") return undefined;
      dir = directoryOf(dir);
    }
    let module: string | undefined = dir === "" ? "/" : this.packageModule(dir);
    for (const part of dotted === "" ? [] : dotted.split(".")) {
      module = module === undefined ? undefined : this.submodule(module, part);
    }
    return module;
  }

  /**
   * The module `name` inside the package `module`, if the project has it. As Python finds it: a
   * package (`name/__init__.py`) before a module (`name.py`), and both before a namespace package.
   */
  submodule(module: string, name: string): string | undefined {
    const dir = module === "/" ? "" : packageDirectory(module);
    if (dir === undefined) return undefined;
    const inner = join(dir, name);
    const candidates = [
      `${inner}/__init__.py`,
      `${inner}/__init__.pyi`,
      `${inner}.py`,
      `${inner}.pyi`,
    ];
    const found = candidates.find((candidate) => this.files.has(candidate));
    if (found) return found;
    return this.directories.has(inner) ? `${inner}/` : undefined;
  }

  private packageModule(dir: string): string {
    for (const init of [`${dir}/__init__.py`, `${dir}/__init__.pyi`]) {
      if (this.files.has(init)) return init;
    }
    return `${dir}/`;
  }

  private name(path: string, root: string, isDirectory: boolean): void {
    if (root !== "" && !path.startsWith(`${root}/`)) return;
    const relative = root === "" ? path : path.slice(root.length + 1);
    const bare = isDirectory
      ? relative
      : relative.replace(PYTHON_FILE, "").replace(/\/?__init__$/, "");
    if (bare === "") return;
    const parts = bare.split("/");
    if (!parts.every((part) => IDENTIFIER.test(part))) return;
    const dotted = parts.join(".");
    const module = isDirectory ? `${path}/` : path;
    if (!this.byName.has(dotted)) this.byName.set(dotted, module);
    if (!this.nameByPath.has(module)) this.nameByPath.set(module, dotted);
  }
}

/** The package directory a module stands for: its own directory for `__init__.py` or a namespace. */
function packageDirectory(module: string): string | undefined {
  if (module.endsWith("/")) return module.slice(0, -1);
  return INIT.test(module) ? directoryOf(module) : undefined;
}

function depth(dir: string): number {
  return dir === "" ? 0 : dir.split("/").length;
}

/**
 * Where top-level packages start: the project's root, a `src/` directory, a directory holding
 * `manage.py`, and the directory above each outermost package (`__init__.py` chain).
 */
function sourceRoots(files: ReadonlySet<string>, packages: ReadonlySet<string>): Set<string> {
  const roots = new Set<string>([""]);
  for (const path of files) {
    if (path === "manage.py" || path.endsWith("/manage.py")) roots.add(directoryOf(path));
    let dir = directoryOf(path);
    if (!packages.has(dir)) continue;
    while (packages.has(dir) && dir !== "") dir = directoryOf(dir);
    roots.add(dir);
  }
  for (const path of files) if (path.startsWith("src/")) roots.add("src");
  return roots;
}
