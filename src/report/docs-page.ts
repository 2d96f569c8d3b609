// The rule docs (docs/rules/<id>.md) as self-contained HTML pages: one inline style sheet, no
// scripts, no external assets, so a self-hosted install serves them without anything else.
import { Marked } from "marked";
import type { RuleMeta } from "../analysis/index.js";

const SITE_NAME = "django-signals";

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** "Use instead" -> "use-instead": anchors a reader can link to. */
function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

// The docs are ours, but raw HTML in them would still be shown as text: the pages stay static.
const markdown = new Marked({
  gfm: true,
  renderer: {
    heading(token) {
      const id = slug(token.text);
      return `<h${token.depth} id="${id}">${this.parser.parseInline(token.tokens)}</h${token.depth}>\n`;
    },
    html(token) {
      return escapeHtml(token.text);
    },
  },
});

const STYLE = `
:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #ffffff;
  --code-bg: #f6f8fa; --border: #d1d9e0; --link: #0969da; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --code-bg: #161b22;
    --border: #3d444d; --link: #4493f8; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); line-height: 1.6;
  font: 16px/1.6 -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
main { max-width: 48rem; margin: 0 auto; padding: 1.5rem 1.25rem 4rem; }
nav { font-size: 0.9rem; margin-bottom: 1.5rem; color: var(--muted); }
a { color: var(--link); text-decoration: none; overflow-wrap: anywhere; }
a:hover { text-decoration: underline; }
h1, h2, h3 { line-height: 1.25; margin: 1.75rem 0 0.75rem; }
h1 { font-size: 2rem; margin-top: 0; padding-bottom: 0.3em; border-bottom: 1px solid var(--border); }
h2 { font-size: 1.4rem; padding-bottom: 0.3em; border-bottom: 1px solid var(--border); }
p, li { overflow-wrap: break-word; }
code { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
  font-size: 0.875em; background: var(--code-bg); padding: 0.15em 0.35em; border-radius: 6px; }
pre { background: var(--code-bg); border: 1px solid var(--border); border-radius: 6px;
  padding: 1rem; overflow-x: auto; line-height: 1.45; }
pre code { background: none; padding: 0; font-size: 0.85rem; }
table { border-collapse: collapse; display: block; overflow-x: auto; }
th, td { border: 1px solid var(--border); padding: 0.4rem 0.75rem; text-align: left; vertical-align: top; }
th { background: var(--code-bg); }
.rule { border-bottom: 1px solid var(--border); padding: 0.25rem 0 0.75rem; }
.rule h2 { border: 0; margin: 1rem 0 0.25rem; font-size: 1.2rem; }
.rule p { margin: 0.25rem 0; }
.meta { color: var(--muted); font-size: 0.9rem; }
footer { margin-top: 3rem; font-size: 0.85rem; color: var(--muted); }
`;

interface PageParts {
  title: string;
  /** Trusted HTML: rendered from our Markdown or built here with escaped values. */
  body: string;
  nav?: string;
}

function page({ title, body, nav }: PageParts): string {
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    "<main>",
    ...(nav === undefined ? [] : [`<nav>${nav}</nav>`]),
    body,
    `<footer>${SITE_NAME}: Django signal receivers, why they are a trap, and what to write instead.</footer>`,
    "</main>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

export interface RulePageInput {
  rule: RuleMeta;
  /** The content of docs/rules/<id>.md. */
  markdown: string;
  /** Where "All rules" points, relative to the page. */
  indexHref: string;
}

export function renderRulePage({ rule, markdown: text, indexHref }: RulePageInput): string {
  return page({
    title: `${rule.title} (${rule.id}) · ${SITE_NAME}`,
    nav: `<a href="${escapeHtml(indexHref)}">← All rules</a>`,
    body: markdown.parse(text, { async: false }),
  });
}

/** The index: every rule with its title, id, default severity and description, linked by `hrefOf(id)`. */
export function renderDocsIndex(
  rules: readonly RuleMeta[],
  hrefOf: (ruleId: RuleMeta["id"]) => string,
): string {
  const entries = rules.map((rule) =>
    [
      '<section class="rule">',
      `<h2 id="${escapeHtml(rule.id)}"><a href="${escapeHtml(hrefOf(rule.id))}">${escapeHtml(rule.title)}</a></h2>`,
      `<p class="meta"><code>${escapeHtml(rule.id)}</code> · default severity: ${escapeHtml(rule.defaultSeverity)}</p>`,
      `<p>${escapeHtml(rule.description)}</p>`,
      "</section>",
    ].join("\n"),
  );
  return page({
    title: `Rules · ${SITE_NAME}`,
    body: [
      `<h1>${SITE_NAME} rules</h1>`,
      "<p>Each rule reports a Django signal receiver that a pull request adds, explains why it " +
        "hurts, and shows what to write instead.</p>",
      ...entries,
    ].join("\n"),
  });
}

/** For an address under /docs that is no rule: it does not echo the address back. */
export function renderNotFoundPage(indexHref: string): string {
  return page({
    title: `Not found · ${SITE_NAME}`,
    nav: `<a href="${escapeHtml(indexHref)}">← All rules</a>`,
    body: "<h1>No such rule</h1>\n<p>There is no documentation page at this address.</p>",
  });
}
