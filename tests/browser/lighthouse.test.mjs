// Lighthouse, offline, on the pages families and teachers open first, in each language:
// accessibility must be perfect, best practices and SEO at least 0.95. Performance is
// reported, not gated: on a 2-core machine it moves with whatever else is running.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";
import { startSite } from "./harness.mjs";

const PAGES = ["", "request/", "training/first-visit/", "es/", "es/solicitar-una-visita/", "es/formacion/primera-visita/"];
const GATES = { accessibility: 1, "best-practices": 0.95, seo: 0.95 };

let site;
let chrome;

before(async () => {
  site = await startSite();
  chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM || "/usr/bin/chromium",
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  await chrome?.kill();
  await site?.stop();
});

for (const path of PAGES) {
  test(`Lighthouse: /${path}`, async (t) => {
    const result = await lighthouse(site.url + path, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance", ...Object.keys(GATES)],
    });
    const scores = Object.fromEntries(Object.entries(result.lhr.categories).map(([k, c]) => [k, c.score]));
    t.diagnostic(`/${path}: ${Object.entries(scores).map(([k, v]) => `${k} ${v}`).join(", ")}`);
    for (const [category, min] of Object.entries(GATES)) {
      const failing = Object.values(result.lhr.audits)
        .filter((a) => a.score !== null && a.score < 1 && result.lhr.categories[category].auditRefs.some((r) => r.id === a.id && r.weight > 0))
        .map((a) => a.id);
      assert.ok(scores[category] >= min, `${category} ${scores[category]} < ${min}; failing audits: ${failing.join(", ")}`);
    }
  });
}
