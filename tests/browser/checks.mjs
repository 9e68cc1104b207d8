// The checks every page must pass, as functions, so the canary can prove each one
// still catches what it is for.
import AxeBuilder from "@axe-core/playwright";
import { HtmlValidate } from "html-validate";

export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

export async function axeViolations(page) {
  const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

export async function sidewaysScroll(page) {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
}

/** Every address a page refers to, absolute. */
export async function linksOf(page) {
  return page.$$eval("a[href], link[href], img[src], script[src], form[action]", (els) =>
    els.map((e) => e.href || e.src || e.action).filter(Boolean),
  );
}

const validator = new HtmlValidate({
  extends: ["html-validate:recommended"],
  rules: {
    // Markdown renders images as <img … />; both forms are valid HTML.
    "void-style": "off",
    // pulldown-cmark writes task-list boxes as disabled="".
    "attribute-boolean-style": "off",
    // Long lines of prose and inline SVG are fine.
    "long-title": "off",
    // A group of checkboxes shares one name, as radio buttons do.
    "form-dup-name": ["error", { shared: ["radio", "checkbox", "button", "reset", "submit"] }],
  },
});

export async function htmlProblems(html, name) {
  const report = await validator.validateString(html, name);
  return report.results.flatMap((r) => r.messages.map((m) => `${name}:${m.line}:${m.column}: ${m.ruleId}: ${m.message}`));
}

/**
 * Checks that internal addresses answer 200 and their #fragments exist. `links` maps
 * each address to the pages that use it. Returns the broken ones.
 */
export async function brokenLinks(links, origin) {
  const broken = [];
  const pages = new Map();
  for (const [href, from] of links) {
    if (!href.startsWith(origin)) continue;
    const url = new URL(href);
    const hash = decodeURIComponent(url.hash.slice(1));
    url.hash = "";
    const key = url.toString();
    if (url.pathname.startsWith("/api/")) continue; // the form's action: checked by the form tests
    if (!pages.has(key)) {
      const r = await fetch(key, { redirect: "manual" });
      pages.set(key, { status: r.status, body: r.status === 200 ? await r.text() : "" });
    }
    const target = pages.get(key);
    if (target.status !== 200) {
      broken.push(`${href} answers ${target.status} (linked from ${[...from].join(", ")})`);
    } else if (hash && !new RegExp(`\\bid="${hash.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"`).test(target.body)) {
      broken.push(`${href}: no element with id "${hash}" (linked from ${[...from].join(", ")})`);
    }
  }
  return broken;
}
