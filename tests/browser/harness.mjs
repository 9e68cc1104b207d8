// Shared by the browser tests: starts `pthv serve` on a free loopback port with its own
// data folder, and launches Debian's Chromium through playwright-core with
// every request that is not to that server refused.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";

export const ROOT = resolve(import.meta.dirname, "../..");
export const BIN = process.env.PTHV_BIN || join(ROOT, "target/debug/pthv");

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
    s.on("error", fail);
  });
}

/**
 * Serves the site in `root` (the project's own by default). Pages are tested as
 * published, without the live-reload script, unless `liveReload` is set.
 */
export async function startSite({ root = ROOT, liveReload = false, ready = (r) => r.ok } = {}) {
  const port = await freePort();
  const work = mkdtempSync(join(tmpdir(), "pthv-browser-"));
  const dataDir = join(work, "data");
  const args = ["--root", root, "serve", "--port", String(port), "--data-dir", dataDir];
  if (!liveReload) args.push("--no-live-reload");
  const child = spawn(BIN, args, {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  child.stderr.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 200; i++) {
    try {
      const r = await fetch(url);
      if (ready(r)) break;
    } catch {
      /* not up yet */
    }
    if (child.exitCode !== null) throw new Error(`pthv serve stopped:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    dataDir,
    log: () => log,
    /** Rows in the embedded store, read with Python's sqlite3. */
    storedRequests() {
      const py = "import sqlite3,sys,json; c=sqlite3.connect(sys.argv[1]); print(json.dumps([dict(zip(['id','reference','lang','school','answers'],r)) for r in c.execute('select id,reference,lang,school,answers from requests order by id')]))";
      return JSON.parse(execFileSync("python3", ["-c", py, join(dataDir, "requests.sqlite")]).toString());
    },
    async stop() {
      child.kill("SIGINT");
      await new Promise((r) => (child.exitCode !== null ? r() : child.on("exit", r)));
      rmSync(work, { recursive: true, force: true });
    },
  };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** A page that records console errors and failed requests, and may only reach `origin`. */
export async function openPage(browser, origin, { width = 1280, javaScriptEnabled = true } = {}) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const problems = [];
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`script error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on("response", (r) => r.status() >= 400 && !r.request().isNavigationRequest() && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  await page.route("**/*", (route) => (route.request().url().startsWith(origin) ? route.continue() : route.abort()));
  return { page, context, problems };
}
