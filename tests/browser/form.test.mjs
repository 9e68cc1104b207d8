// A family's request, in a real browser, through `pthv serve` and its embedded store:
// filled in by the labels a person reads, in Spanish and in English, with and without
// JavaScript.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage, startSite } from "./harness.mjs";
import { axeViolations } from "./checks.mjs";

let site;
let browser;

before(async () => {
  site = await startSite();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await site?.stop();
});

const FAMILIES = {
  es: {
    path: "es/solicitar-una-visita/",
    name: ["Su nombre", "Rosa Elena Díaz"],
    phone: ["Número de teléfono", "(720) 555-0199"],
    method: "Mensaje de texto",
    language: ["Idioma para la visita", "Español"],
    interpreter: "Sí",
    child: ["Nombre de su hijo o hija", "Mateo"],
    school: ["Escuela", "Swansea Elementary"],
    grade: ["Grado", "Kínder"],
    format: "En casa",
    time: "Fines de semana",
    consent: "Acepto que el distrito escolar guarde esta información para organizar la visita.",
    submit: "Enviar mi solicitud",
    thanks: "¡Gracias! Recibimos su solicitud",
  },
  en: {
    path: "request/",
    name: ["Your name", "Nguyen Thi Lan"],
    phone: ["Phone number", "303 555 0177"],
    method: "Phone call",
    language: ["Language for the visit", "Vietnamese (Tiếng Việt)"],
    interpreter: "Yes",
    child: ["Your child's first name", "Minh"],
    school: ["School", "North High School"],
    grade: ["Grade", "9th grade"],
    format: "By video call",
    time: "Weekday evenings",
    consent: "I agree that the school district may keep this information to arrange the visit.",
    submit: "Send my request",
    thanks: "Thank you! We received your request",
  },
};

/**
 * axe runs inside the page, so a page opened without JavaScript is checked as a copy
 * of its HTML opened, at the same address, in a page with JavaScript.
 */
async function axeOf(page, javaScriptEnabled) {
  if (javaScriptEnabled) return axeViolations(page);
  const html = await page.content();
  const address = page.url();
  const copy = await openPage(browser, site.url, { width: 375 });
  await copy.page.route(address, (route) => route.fulfill({ contentType: "text/html", body: html }));
  await copy.page.goto(address);
  const violations = await axeViolations(copy.page);
  await copy.context.close();
  return violations;
}

/** The control whose label starts with `text` (labels end with "(required)"). */
function field(page, role, text) {
  return page.getByRole(role, { name: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`) });
}

async function fill(page, f, child = f.child[1]) {
  await field(page, "textbox", f.name[0]).fill(f.name[1]);
  await field(page, "textbox", f.phone[0]).fill(f.phone[1]);
  await page.getByRole("radio", { name: f.method }).check();
  await field(page, "combobox", f.language[0]).selectOption({ label: f.language[1] });
  await page.getByRole("group", { name: /intérprete|interpreter/ }).getByRole("radio", { name: f.interpreter, exact: true }).check();
  await field(page, "textbox", f.child[0]).fill(child);
  await field(page, "combobox", f.school[0]).selectOption({ label: f.school[1] });
  await field(page, "combobox", f.grade[0]).selectOption({ label: f.grade[1] });
  await page.getByRole("radio", { name: f.format }).check();
  await page.getByRole("checkbox", { name: f.time }).check();
  await page.getByRole("checkbox", { name: f.consent }).check();
}

for (const [lang, f] of Object.entries(FAMILIES)) {
  for (const javaScriptEnabled of [false, true]) {
    test(`a family asks for a visit in ${lang}, JavaScript ${javaScriptEnabled ? "on" : "off"}`, async () => {
      const before = site.storedRequests().length;
      const { page, context, problems } = await openPage(browser, site.url, { width: 375, javaScriptEnabled });
      await page.goto(site.url + f.path);
      // A different child each time, or the service would rightly see a repeat.
      const child = `${f.child[1]} ${javaScriptEnabled ? "B" : "A"}`;
      await fill(page, f, child);
      await page.getByRole("button", { name: f.submit }).click();
      await page.waitForURL(/\/api\/visit-requests\/thanks\?ref=/);
      await assert.doesNotReject(page.getByRole("heading", { name: f.thanks }).waitFor());
      const reference = (await page.locator(".reference strong").textContent()).trim();
      assert.match(reference, /^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      assert.equal(await page.getAttribute("html", "lang"), lang);
      assert.deepEqual(await axeOf(page, javaScriptEnabled), []);
      assert.deepEqual(problems, []);
      await context.close();

      const stored = site.storedRequests();
      assert.equal(stored.length, before + 1);
      const row = stored.find((r) => r.reference === reference);
      assert.ok(row, `request ${reference} is in the store`);
      assert.equal(row.lang, lang);
      assert.equal(JSON.parse(row.answers).student_first_name, child);
    });
  }
}

describe("with JavaScript, a problem the server finds", () => {
  test("is shown next to its field, gets focus, and nothing typed is lost", async () => {
    const f = FAMILIES.es;
    const { page, context, problems } = await openPage(browser, site.url, { width: 375 });
    await page.goto(site.url + f.path);
    await fill(page, f, "Sofía");
    // Valid for the browser, refused by the server: a contact method of email, but no email.
    await page.getByRole("radio", { name: "Correo electrónico" }).check();
    await page.getByRole("button", { name: f.submit }).click();
    const email = page.getByRole("textbox", { name: "Correo electrónico" });
    await page.locator("#f-email-error:not(:empty)").waitFor();
    assert.match(await page.locator("#f-email-error").textContent(), /correo electrónico al que debemos escribir/);
    assert.equal(await email.getAttribute("aria-invalid"), "true");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "f-email");
    assert.equal(await field(page, "textbox", f.name[0]).inputValue(), f.name[1]);
    assert.equal(await page.getByRole("checkbox", { name: f.time }).isChecked(), true);
    assert.match(await page.locator("#error-summary").textContent(), /correo electrónico/);
    assert.deepEqual(await axeViolations(page), []);

    // Fixed, it goes through; a double click stores it once.
    await email.fill("rosa.diaz@example.org");
    const before = site.storedRequests().length;
    await page.getByRole("button", { name: f.submit }).dblclick();
    await page.waitForURL(/thanks\?ref=/);
    assert.equal(site.storedRequests().length, before + 1);
    // The one expected failure: the server's 422 answer, which the browser also logs.
    assert.deepEqual(problems.filter((p) => !/422|Unprocessable/.test(p)), []);
    assert.equal(problems.filter((p) => p.startsWith("HTTP 422")).length, 1);
    await context.close();
  });
});

test("without JavaScript, a problem comes back as the filled-in form with the problem listed", async () => {
  const f = FAMILIES.en;
  const { page, context } = await openPage(browser, site.url, { width: 375, javaScriptEnabled: false });
  await page.goto(site.url + f.path);
  await fill(page, f, "Linh");
  await page.getByRole("radio", { name: "Email" }).check();
  await page.getByRole("button", { name: f.submit }).click();
  await page.getByRole("heading", { name: "Please check your request", level: 1 }).waitFor();
  const link = page.getByRole("link", { name: "Please give the email address we should write to." });
  assert.equal(await link.getAttribute("href"), "#f-email");
  assert.equal(await field(page, "textbox", f.name[0]).inputValue(), f.name[1]);
  assert.equal(await field(page, "combobox", f.school[0]).inputValue(), "north-high");
  assert.deepEqual(await axeOf(page, false), []);
  await context.close();
});
