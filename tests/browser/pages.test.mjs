// Every page of the built site, in a real headless Chromium at phone and desktop width:
// no accessibility violations (WCAG 2.1 A and AA), no console errors, no failed
// requests, no sideways scroll; valid HTML; links and anchors that resolve; and under
// 30 KB of HTML and CSS. A canary page with known faults proves each check still bites.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { ROOT, launch, openPage, startSite } from "./harness.mjs";
import { axeViolations, brokenLinks, htmlProblems, linksOf, sidewaysScroll } from "./checks.mjs";

const WIDTHS = [375, 1280];
const BUDGET = 30 * 1024;

let site;
let browser;
const links = new Map(); // address → pages linking to it
const weights = [];

before(async () => {
  site = await startSite();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await site?.stop();
});

/** The site's pages from its sitemap, the 404 pages, and the service's own pages. */
async function addresses() {
  const sitemap = await (await fetch(`${site.url}sitemap.xml`)).text();
  const pages = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
  return [...pages, `${site.url}404.html`, `${site.url}es/404.html`, `${site.url}api/visit-requests/thanks?ref=KM4X-XR7C&lang=es`];
}

describe("every page", async () => {
  test("the sitemap lists both languages", async () => {
    const all = await addresses();
    assert.ok(all.some((u) => u.includes("/es/")) && all.length > 30, all.join("\n"));
  });

  for (const width of WIDTHS) {
    test(`passes in Chromium at ${width}px`, async (t) => {
      const failures = [];
      for (const address of await addresses()) {
        const { page, context, problems } = await openPage(browser, site.url, { width });
        const response = await page.goto(address, { waitUntil: "load" });
        if (response.status() !== 200) failures.push(`${address}: HTTP ${response.status()}`);
        for (const v of await axeViolations(page)) failures.push(`${address}: ${v}`);
        if (await sidewaysScroll(page)) failures.push(`${address}: scrolls sideways at ${width}px`);
        for (const p of problems) failures.push(`${address}: ${p}`);
        for (const href of await linksOf(page)) {
          if (!links.has(href)) links.set(href, new Set());
          links.get(href).add(new URL(address).pathname);
        }
        await context.close();
      }
      assert.deepEqual(failures, []);
      t.diagnostic(`${(await addresses()).length} pages checked at ${width}px`);
    });
  }

  test("every page is valid HTML", async () => {
    const problems = [];
    for (const address of await addresses()) {
      const html = await (await fetch(address)).text();
      problems.push(...(await htmlProblems(html, new URL(address).pathname)));
    }
    assert.deepEqual(problems, []);
  });

  test("every internal link and anchor resolves", async () => {
    assert.ok(links.size > 50, `only ${links.size} links were collected`);
    assert.deepEqual(await brokenLinks(links, site.url), []);
  });

  test("every page weighs under 30 KB of HTML and CSS", async (t) => {
    const over = [];
    for (const address of await addresses()) {
      const html = await (await fetch(address)).text();
      let bytes = Buffer.byteLength(html);
      for (const m of html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)) {
        bytes += Buffer.byteLength(await (await fetch(new URL(m[1], address))).text());
      }
      weights.push([new URL(address).pathname + new URL(address).search, bytes]);
      if (bytes > BUDGET) over.push(`${address}: ${bytes} bytes`);
    }
    t.diagnostic("weights (HTML + CSS, bytes): " + weights.map(([p, b]) => `${p} ${b}`).join("; "));
    assert.deepEqual(over, []);
  });
});

describe("the canary page, full of known faults, is caught by", async () => {
  const canary = readFileSync(`${ROOT}/tests/browser/canary.html`, "utf8");
  const open = async () => {
    const opened = await openPage(browser, site.url);
    await opened.page.route(`${site.url}__canary__/`, (route) => route.fulfill({ contentType: "text/html", body: canary }));
    await opened.page.goto(`${site.url}__canary__/`);
    return opened;
  };

  test("axe", async () => {
    const { page, context } = await open();
    const found = (await axeViolations(page)).join("\n");
    await context.close();
    for (const rule of ["image-alt", "color-contrast", "label"]) assert.match(found, new RegExp(`^${rule}:`, "m"), found);
  });

  test("the HTML validator", async () => {
    const found = (await htmlProblems(canary, "canary.html")).join("\n");
    for (const rule of ["no-dup-id", "close-order"]) assert.match(found, new RegExp(rule), found);
  });

  test("the link check", async () => {
    const { page, context } = await open();
    const canaryLinks = new Map((await linksOf(page)).map((l) => [l, new Set(["/__canary__/"])]));
    await context.close();
    const found = (await brokenLinks(canaryLinks, site.url)).join("\n");
    assert.match(found, /no-such-page\/ answers 404/, found);
    assert.match(found, /no element with id "no-such-heading"/, found);
  });

  test("the sideways-scroll check", async () => {
    const { page, context } = await open();
    await page.evaluate(() => document.body.insertAdjacentHTML("beforeend", '<div style="width:3000px">wide</div>'));
    assert.equal(await sidewaysScroll(page), true);
    await context.close();
  });
});
