import { describe, expect, it } from "vitest";
import { RULES } from "../../src/analysis/index.js";
import type { RuleMeta } from "../../src/analysis/index.js";
import { renderDocsIndex, renderNotFoundPage, renderRulePage } from "../../src/report/docs-page.js";

const rule: RuleMeta = {
  id: "receiver-raises",
  title: "Receiver that <raises> & fails",
  description: 'Says "why".',
  defaultSeverity: "warning",
};

describe("renderRulePage", () => {
  const html = renderRulePage({
    rule,
    indexHref: "./",
    markdown: [
      "# receiver-raises",
      "",
      "## Why is this bad?",
      "",
      "Text with `code` and <script>alert(1)</script> inline.",
      "",
      '<div onclick="x()">block html</div>',
      "",
      "```python",
      "if a < b and c > d:",
      "    pass",
      "```",
      "",
      "- https://docs.djangoproject.com/en/stable/topics/signals/",
    ].join("\n"),
  });

  it("is a complete page with an escaped title and a link back to the index", () => {
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain("<title>Receiver that &lt;raises&gt; &amp; fails (receiver-raises)");
    expect(html).toContain('<a href="./">← All rules</a>');
    expect(html).toContain('<meta name="viewport"');
  });

  it("gives headings anchors", () => {
    expect(html).toContain('<h1 id="receiver-raises">receiver-raises</h1>');
    expect(html).toContain('<h2 id="why-is-this-bad">Why is this bad?</h2>');
  });

  it("shows raw HTML in the Markdown as text", () => {
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&lt;div onclick=&quot;x()&quot;&gt;block html&lt;/div&gt;");
  });

  it("renders fenced code escaped, with its language, and links bare URLs", () => {
    expect(html).toContain(
      '<pre><code class="language-python">if a &lt; b and c &gt; d:\n    pass\n</code></pre>',
    );
    expect(html).toContain('<a href="https://docs.djangoproject.com/en/stable/topics/signals/">');
  });
});

describe("renderDocsIndex", () => {
  it("has one entry per rule, escaped, linked by the given function", () => {
    const html = renderDocsIndex([rule, ...RULES.slice(0, 1)], (id) => `docs/${id}`);
    expect(html.match(/<section class="rule">/g)).toHaveLength(2);
    expect(html).toContain(
      '<h2 id="receiver-raises"><a href="docs/receiver-raises">Receiver that &lt;raises&gt; &amp; fails</a></h2>\n' +
        '<p class="meta"><code>receiver-raises</code> · default severity: warning</p>\n' +
        "<p>Says &quot;why&quot;.</p>",
    );
    expect(html).toContain(`href="docs/${RULES[0]?.id ?? ""}"`);
  });
});

describe("renderNotFoundPage", () => {
  it("links back to the index it is given", () => {
    const html = renderNotFoundPage("../");
    expect(html).toContain("<h1>No such rule</h1>");
    expect(html).toContain('<a href="../">← All rules</a>');
  });
});
