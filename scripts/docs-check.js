// `npm run docs:check`: serves the built docs route on 127.0.0.1, opens every page in headless
// Chromium (Debian's `chromium` package, driven by playwright-core) at a desktop width in light
// mode and a phone width in dark mode, and fails on a console error, a failed or external request,
// horizontal overflow, a missing heading or a broken link. Screenshots go to the folder it prints
// (or the one given as argument).
// document and window: the function given to page.evaluate() runs in the browser.
/* global document, window */
import console from "node:console";
import { mkdir } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import process from "node:process";
import { RULES } from "../dist/analysis/index.js";
import { docsRoute } from "../dist/app/handlers/docs-route.js";
import { launchChromium } from "./chromium.js";

const VIEWPORTS = [
  { name: "desktop", width: 1280, height: 900, colorScheme: "light" },
  { name: "phone-dark", width: 375, height: 740, colorScheme: "dark" },
];
const RULE_HEADINGS = ["What it does", "Why is this bad?", "Example", "Use instead"];

async function serveDocs() {
  const handler = docsRoute();
  const server = createServer((req, res) => {
    handler(req, res).then(
      (handled) => {
        if (!handled) res.writeHead(404).end();
      },
      (error) => {
        console.error(error);
        res.writeHead(500).end();
      },
    );
  });
  await new Promise((listening) => server.listen(0, "127.0.0.1", listening));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

function pagesToCheck() {
  return [
    { path: "/docs", name: "index", headings: [] },
    ...RULES.map((rule) => ({
      path: `/docs/${rule.id}.md`,
      name: rule.id,
      headings: RULE_HEADINGS,
    })),
  ];
}

/** Everything wrong with one page at one viewport, as sentences. */
async function inspect(browser, origin, target, viewport, screenshotDir) {
  const problems = [];
  const { width, height, colorScheme } = viewport;
  const page = await browser.newPage({ viewport: { width, height }, colorScheme });
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("request", (request) => {
    if (!request.url().startsWith(`${origin}${target.path}`)) {
      problems.push(`requested something else: ${request.url()}`);
    }
  });
  page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()}`));

  const response = await page.goto(`${origin}${target.path}`, { waitUntil: "load" });
  if (response?.status() !== 200) problems.push(`status ${response?.status()}`);
  const facts = await page.evaluate(() => ({
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    h1: document.querySelector("h1")?.textContent?.trim() ?? "",
    h2: [...document.querySelectorAll("h2")].map((h) => h.textContent?.trim() ?? ""),
    links: [...document.querySelectorAll("a[href]")].map((a) => a.href),
  }));
  if (facts.overflow > 0) problems.push(`overflows horizontally by ${facts.overflow}px`);
  if (facts.h1 === "") problems.push("no h1");
  for (const heading of target.headings) {
    if (!facts.h2.includes(heading)) problems.push(`no "${heading}" section`);
  }
  for (const link of facts.links.filter((href) => href.startsWith(origin))) {
    const status = (await globalThis.fetch(link)).status;
    if (status !== 200) problems.push(`link ${link} answers ${status}`);
  }
  const file = path.join(screenshotDir, `${target.name}-${viewport.name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await page.close();
  return problems;
}

async function main() {
  const screenshotDir = path.resolve(
    process.argv[2] ?? path.join(tmpdir(), "django-signals-docs-check"),
  );
  await mkdir(screenshotDir, { recursive: true });
  const started = Date.now();
  const { server, origin } = await serveDocs();
  const browser = await launchChromium();
  let failures = 0;
  try {
    for (const target of pagesToCheck()) {
      for (const viewport of VIEWPORTS) {
        const problems = await inspect(browser, origin, target, viewport, screenshotDir);
        failures += problems.length;
        const label = `${target.path} (${viewport.name})`;
        console.log(problems.length === 0 ? `ok   ${label}` : `FAIL ${label}`);
        for (const problem of problems) console.log(`     ${problem}`);
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  console.log(`screenshots: ${screenshotDir}`);
  console.log(
    `${failures === 0 ? "passed" : `${failures} problems`} in ${Date.now() - started} ms`,
  );
  process.exitCode = failures === 0 ? 0 : 1;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 2;
});
