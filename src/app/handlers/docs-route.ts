// GET /docs (the index of rules) and /docs/<ruleId> or /docs/<ruleId>.md (finding.docsUrl ends in
// .md): the rule docs as HTML, so every link a comment carries works on a self-hosted install.
// Only ids of known rules name a file, so no request can read anything else.
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { RULES } from "../../analysis/index.js";
import type { RuleMeta } from "../../analysis/index.js";
import { renderDocsIndex, renderNotFoundPage, renderRulePage } from "../../report/docs-page.js";

// src/app/ and dist/app/ both sit two levels below the package root.
const PACKAGE_DOCS_DIR = fileURLToPath(new URL("../../../docs/rules/", import.meta.url));
const MOUNT = "/docs";

const HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "public, max-age=300",
  // The pages carry one inline style sheet and nothing else.
  "content-security-policy":
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
};

export interface DocsRouteOptions {
  /** The folder of `<ruleId>.md` files; the package's docs/rules by default. */
  docsDir?: string;
}

interface Page {
  status: 200 | 404;
  /** Where the rendered page is kept; none for 404s, whose paths are the client's to invent. */
  cacheKey?: string;
  render: () => Promise<string>;
}

function send(req: IncomingMessage, res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { ...HEADERS, "content-length": Buffer.byteLength(html) });
  res.end(req.method === "HEAD" ? undefined : html);
}

/** Links relative to the request path, so the pages work behind a proxy that adds a prefix. */
function indexPage(path: "/docs" | "/docs/"): Page {
  const prefix = path === MOUNT ? "docs/" : "";
  return {
    status: 200,
    cacheKey: `index:${path}`,
    render: async () => renderDocsIndex(RULES, (id) => `${prefix}${id}`),
  };
}

function rulePage(rule: RuleMeta, docsDir: string): Page {
  return {
    status: 200,
    cacheKey: `rule:${rule.id}`,
    render: async () => {
      const markdown = await readFile(join(docsDir, `${rule.id}.md`), "utf8");
      return renderRulePage({ rule, markdown, indexHref: "./" });
    },
  };
}

function notFoundPage(rest: string): Page {
  const depth = rest.split("/").length - 1;
  const indexHref = depth === 0 ? "./" : "../".repeat(depth);
  return { status: 404, render: async () => renderNotFoundPage(indexHref) };
}

function route(path: string, docsDir: string): Page | undefined {
  if (path === MOUNT || path === `${MOUNT}/`) return indexPage(path);
  if (!path.startsWith(`${MOUNT}/`)) return undefined;
  const rest = path.slice(MOUNT.length + 1);
  const id = rest.endsWith(".md") ? rest.slice(0, -".md".length) : rest;
  const rule = RULES.find((candidate) => candidate.id === id);
  return rule === undefined ? notFoundPage(rest) : rulePage(rule, docsDir);
}

/** A handler for Probot's `addHandler`: answers paths under /docs and lets every other request pass. */
export function docsRoute(options: DocsRouteOptions = {}) {
  const docsDir = options.docsDir ?? PACKAGE_DOCS_DIR;
  // Rendered once per page; a failed render is not kept, so the next request tries again.
  const rendered = new Map<string, Promise<string>>();
  const render = (page: Page): Promise<string> => {
    const key = page.cacheKey;
    if (key === undefined) return page.render();
    let html = rendered.get(key);
    if (html === undefined) {
      html = page.render();
      rendered.set(key, html);
      html.catch(() => rendered.delete(key));
    }
    return html;
  };
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    const page = route((req.url ?? "/").split("?")[0] ?? "/", docsDir);
    if (page === undefined) return false;
    send(req, res, page.status, await render(page));
    return true;
  };
}
