// `pthv serve` as an editor uses it, in a real Chromium: a saved change reloads the open
// page with the change in it; a change that breaks the build replaces the page with the
// problems (file, line, fix), readable and accessible; fixing the file brings the page
// back. Runs on a copy of the site, so the project's own files are never touched.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { BIN, ROOT, launch, openPage, startSite } from "./harness.mjs";
import { axeViolations } from "./checks.mjs";

const PAGE = "content/en/training/first-visit.md";

let copy;
let site;
let browser;

before(async () => {
  copy = mkdtempSync(join(tmpdir(), "pthv-live-"));
  for (const part of ["config.toml", "content", "themes"]) cpSync(join(ROOT, part), join(copy, part), { recursive: true });
  site = await startSite({ root: copy, liveReload: true });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await site?.stop();
  if (copy) rmSync(copy, { recursive: true, force: true });
});

const original = () => readFileSync(join(ROOT, PAGE), "utf8");
const save = (text) => writeFileSync(join(copy, PAGE), text);

/** Opens the page, and marks the window so a reload (which clears the mark) is seen. */
async function openMarked(path) {
  const opened = await openPage(browser, site.url);
  await opened.page.goto(`${site.url}${path}`, { waitUntil: "load" });
  await opened.page.evaluate(() => (window.pthvNotReloaded = true));
  return opened;
}

const reloaded = (page) => page.waitForFunction(() => window.pthvNotReloaded === undefined, null, { timeout: 10_000 });

test("serve sends what a build writes, plus the reload script a build never has", async () => {
  const served = await (await fetch(`${site.url}training/first-visit/`)).text();
  const tag = /<script src="\/__pthv\/live\.js" data-build="[^"]+" defer><\/script>(?=<\/head>)/;
  assert.match(served, tag);
  const out = join(copy, "built");
  execFileSync(BIN, ["--root", copy, "build", "--out", out, "--base-url", site.url], { stdio: "ignore" });
  const built = readFileSync(join(out, "training/first-visit/index.html"), "utf8");
  assert.ok(!built.includes("__pthv"));
  assert.equal(served.replace(tag, ""), built);
});

test("saving a page reloads it in the browser with the change", async () => {
  const { page, context, problems } = await openMarked("training/first-visit/");
  const before = await page.locator("script[data-build]").getAttribute("data-build");
  save(original().replace(/\n*$/, "\n\nA sentence added while the page was open.\n"));
  await reloaded(page);
  await page.getByText("A sentence added while the page was open.").waitFor();
  const after = await page.locator("script[data-build]").getAttribute("data-build");
  assert.notEqual(after, before, "the reloaded page comes from a newer build");
  // The reload itself ends the page's event stream; anything else is a fault.
  assert.deepEqual(problems.filter((p) => !/__pthv\/events net::ERR_ABORTED$/.test(p)), []);
  await context.close();
  save(original());
});

test("a change that breaks the build shows the problem over the page until it is fixed", async () => {
  const { page, context } = await openMarked("es/");
  save(original().replace(/^title = .*$/m, 'title = "The first visit'));
  await reloaded(page);
  const overlay = page.locator("#pthv-problems");
  await overlay.waitFor();
  const where = await overlay.locator(".where").first().textContent();
  assert.match(where, /^content\/en\/training\/first-visit\.md:\d+:\d+$/);
  const text = await overlay.textContent();
  assert.match(text, /Fix · Arreglo:/);
  assert.match(text, /1 problema impide construir el sitio/);
  assert.deepEqual(await axeViolations(page), []);
  assert.equal((await fetch(`${site.url}about/`)).status, 500, "every page shows the problem, not a stale copy");

  await page.evaluate(() => (window.pthvNotReloaded = true));
  save(original());
  await reloaded(page);
  await page.locator("main h1").waitFor();
  assert.equal(await page.locator("#pthv-problems").count(), 0);
  assert.equal(await page.locator("html").getAttribute("lang"), "es");
  await context.close();
});

test("serve started on a broken site reports it once, then serves the site once it is fixed", async () => {
  const broken = mkdtempSync(join(tmpdir(), "pthv-broken-"));
  for (const part of ["config.toml", "content", "themes"]) cpSync(join(ROOT, part), join(broken, part), { recursive: true });
  const page = join(broken, PAGE);
  writeFileSync(page, original().replace(/^title = .*$/m, 'title = "The first visit'));
  const served = await startSite({ root: broken, liveReload: true, ready: (r) => r.status === 500 });
  try {
    // Reading the files to build must not count as a change that calls for a new build.
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(served.log().match(/The site was not built/g)?.length, 1, served.log());
    writeFileSync(page, original());
    let status;
    for (let i = 0; i < 200 && status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await fetch(`${served.url}training/first-visit/`)).status;
    }
    assert.equal(status, 200, served.log());
    assert.match(served.log(), /The site builds now/);
  } finally {
    await served.stop();
    rmSync(broken, { recursive: true, force: true });
  }
});
