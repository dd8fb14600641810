import * as path from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";

/**
 * The address book: adding addresses in different countries (the form
 * follows the country: its provinces, what its postal code looks like),
 * moving the default badges, editing, deleting after a confirmation, and
 * the dashboard's card of default addresses. Run with JavaScript (the form
 * follows the country at once) and without (a button reloads the form for
 * the chosen country; every change is a plain form post).
 *
 * Only Canada (provinces, a lettered postal code) and Germany (no
 * provinces, five-digit postal codes) are relied on, and their examples are
 * read from the page, so the tests hold for any country data.
 */

const PASSWORD = "correct horse battery";
const SCREENSHOT_DIR = path.resolve(__dirname, "..", "screenshots");
const UPDATE_FOR_COUNTRY = "Update the form for this country";
/** The postal-code hints: "e.g. K1A 0B1" (Canada), "e.g. 26133" (Germany). */
const CANADIAN_HINT = /^e\.g\. [A-Z]\d[A-Z] \d[A-Z]\d$/;
const GERMAN_HINT = /^e\.g\. \d{5}$/;

function uniqueEmail(tag: string): string {
  return `${tag}+${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
}

async function expectPath(page: Page, expected: string | RegExp): Promise<void> {
  const poll = expect.poll(() => new URL(page.url()).pathname, {
    message: `expected to be on ${expected} (current URL: ${page.url()})`,
  });
  if (typeof expected === "string") await poll.toBe(expected);
  else await poll.toMatch(expected);
}

/** The card of the address with this label. */
function card(page: Page, label: string): Locator {
  return page
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { name: label, exact: true }) });
}

function postalHint(page: Page): Locator {
  return page.getByText(/^e\.g\. /);
}

for (const js of [true, false]) {
  test.describe(js ? "address book with JavaScript" : "address book without JavaScript", () => {
    test.use({ javaScriptEnabled: js });

    async function settle(page: Page): Promise<void> {
      if (js) await page.waitForLoadState("networkidle");
    }

    async function snap(page: Page, name: string): Promise<void> {
      if (js) await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
    }

    async function register(page: Page): Promise<void> {
      await page.goto("/account/register");
      await settle(page);
      await page.getByLabel("Email", { exact: true }).fill(uniqueEmail("addresses"));
      await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
      await page.getByLabel("First name", { exact: true }).fill("Ann");
      await page.getByLabel("Last name", { exact: true }).fill("Lee");
      await page.getByRole("button", { name: "Create account", exact: true }).click();
      await expectPath(page, "/account");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your account");
      await settle(page);
    }

    async function openBook(page: Page): Promise<void> {
      await page.goto("/account/addresses");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your addresses");
      await settle(page);
    }

    /** From the book, to the add form. */
    async function openAddForm(page: Page): Promise<void> {
      await page.getByRole("link", { name: "Add an address" }).first().click();
      await expectPath(page, "/account/addresses/new");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Add an address");
      await settle(page);
    }

    /**
     * Chooses a country: with JavaScript the form follows at once; without,
     * the "Update the form" button reloads it with what was typed.
     */
    async function chooseCountry(page: Page, code: "CA" | "DE"): Promise<void> {
      await page.getByLabel("Country", { exact: true }).selectOption(code);
      const update = page.getByRole("button", { name: UPDATE_FOR_COUNTRY });
      if (js) {
        await expect(update).toHaveCount(0);
      } else {
        await update.click();
        await expect(page).toHaveURL(new RegExp(`[?&]country=${code}(&|$)`));
      }
      await expect(page.getByLabel("Country", { exact: true })).toHaveValue(code);
      await expect(postalHint(page)).toHaveText(code === "CA" ? CANADIAN_HINT : GERMAN_HINT);
      await expect(page.getByLabel("Province")).toHaveCount(code === "CA" ? 1 : 0);
    }

    async function fillAddress(
      page: Page,
      a: { label: string; line1: string; city: string; postalCode: string; phone?: string },
    ): Promise<void> {
      await page.getByLabel("Label (optional)").fill(a.label);
      await page.getByLabel("First name", { exact: true }).fill("Ann");
      await page.getByLabel("Last name", { exact: true }).fill("Lee");
      await page.getByLabel("Address line 1", { exact: true }).fill(a.line1);
      await page.getByLabel("City", { exact: true }).fill(a.city);
      await page.getByLabel("Postal code").fill(a.postalCode);
      if (a.phone) await page.getByLabel("Phone (optional)").fill(a.phone);
    }

    async function save(page: Page, notice: string): Promise<void> {
      await page.getByRole("button", { name: "Save address", exact: true }).click();
      await expectPath(page, "/account/addresses");
      await expect(page.getByRole("status").filter({ hasText: notice })).toBeVisible();
      await settle(page);
    }

    test("add, make default, edit and delete addresses", async ({ page }) => {
      // With JavaScript, every page hydrates without an error.
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => {
        // The refused save below is answered 422, which Chromium logs.
        if (m.type() === "error" && !m.text().includes("status of 422")) errors.push(m.text());
      });
      await register(page);
      // The dashboard has no defaults yet.
      const dashboardCard = page.getByRole("region", { name: "Addresses" });
      await expect(dashboardCard).toContainText("No default shipping address");
      await expect(dashboardCard).toContainText("No default billing address");

      await openBook(page);
      await expect(page.getByText("Your address book is empty")).toBeVisible();
      await snap(page, "addresses-empty");

      // A first address, in Canada. The form follows the country: a
      // province list for Canada, none for Germany, and the postal code's
      // example changes with it.
      await openAddForm(page);
      if (!js) {
        // Without JavaScript the typed values survive the reload.
        await page.getByLabel("First name", { exact: true }).fill("Ann");
      }
      await chooseCountry(page, "CA");
      if (!js) await expect(page.getByLabel("First name", { exact: true })).toHaveValue("Ann");
      await chooseCountry(page, "DE");
      await chooseCountry(page, "CA");
      await page.getByLabel("Province").selectOption({ label: "Ontario" });
      await fillAddress(page, {
        label: "Home",
        line1: "24 Sussex Drive",
        city: "Ottawa",
        postalCode: "",
        phone: "+1 613 992 4793",
      });
      await snap(page, "addresses-form-canada");

      // A missing postal code: the error stands beside the field, and what
      // was typed stays.
      await page.getByRole("button", { name: "Save address", exact: true }).click();
      const postal = page.getByLabel("Postal code");
      await expect(postal).toHaveAttribute("aria-invalid", "true");
      if (js) await expect(postal).toHaveAccessibleDescription(/postal code/i);
      await expectPath(page, "/account/addresses/new");
      await expect(page.getByLabel("Address line 1", { exact: true })).toHaveValue("24 Sussex Drive");
      await expect(page.getByLabel("Country", { exact: true })).toHaveValue("CA");
      await expect(page.getByLabel("Province")).toHaveValue("ON");
      await settle(page);
      await postal.fill("K1M 1M4");
      await save(page, "The address was added.");

      // The first address is both defaults.
      const home = card(page, "Home");
      await expect(home).toContainText("24 Sussex Drive");
      await expect(home).toContainText("Ottawa, Ontario, K1M 1M4");
      await expect(home).toContainText("Canada");
      await expect(home.getByText("Default shipping", { exact: true })).toBeVisible();
      await expect(home.getByText("Default billing", { exact: true })).toBeVisible();
      await expect(home.getByRole("button", { name: /^Make default/ })).toHaveCount(0);

      // A second, in Germany: no province.
      await openAddForm(page);
      await chooseCountry(page, "DE");
      await fillAddress(page, { label: "Office", line1: "Unter den Linden 77", city: "Berlin", postalCode: "10117" });
      await save(page, "The address was added.");
      const office = card(page, "Office");
      await expect(page.getByRole("list", { name: "Saved addresses" }).getByRole("listitem")).toHaveCount(2);
      await expect(office).toContainText("Berlin, 10117");
      await expect(office.getByText(/^Default (shipping|billing)$/)).toHaveCount(0);
      await snap(page, "addresses-two");

      // The German one becomes the default shipping address.
      await office.getByRole("button", { name: /^Make default shipping/ }).click();
      await expect(page.getByRole("status").filter({ hasText: "Your default shipping address was changed." })).toBeVisible();
      await expect(office.getByText("Default shipping", { exact: true })).toBeVisible();
      await expect(home.getByText("Default shipping", { exact: true })).toHaveCount(0);
      await expect(home.getByText("Default billing", { exact: true })).toBeVisible();
      await expect(home.getByRole("button", { name: /^Make default shipping/ })).toBeVisible();
      await settle(page);

      // Edit the Canadian one: the form starts from it.
      await home.getByRole("link", { name: /^Edit/ }).click();
      await expectPath(page, /^\/account\/addresses\/[^/]+\/edit$/);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Edit address");
      await settle(page);
      await expect(page.getByLabel("Country", { exact: true })).toHaveValue("CA");
      await expect(page.getByLabel("Province")).toHaveValue("ON");
      await expect(page.getByLabel("Address line 1", { exact: true })).toHaveValue("24 Sussex Drive");
      await expect(page.getByText("This is the default billing address.")).toBeVisible();
      await page.getByLabel("Address line 2 (optional)").fill("Apartment 4");
      await snap(page, "addresses-edit");
      await save(page, "The address was saved.");
      await expect(card(page, "Home")).toContainText("Apartment 4");

      // Delete the default shipping address, after confirming.
      await card(page, "Office").getByRole("link", { name: /^Delete/ }).click();
      await expectPath(page, /^\/account\/addresses\/[^/]+\/delete$/);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Delete this address?");
      await expect(page.getByText("Unter den Linden 77")).toBeVisible();
      await expect(page.getByText(/This is your default shipping address/)).toBeVisible();
      await settle(page);
      await snap(page, "addresses-delete");
      await page.getByRole("button", { name: "Delete this address" }).click();
      await expectPath(page, "/account/addresses");
      await expect(page.getByRole("status").filter({ hasText: "The address was deleted." })).toBeVisible();
      await expect(card(page, "Office")).toHaveCount(0);
      await expect(page.getByText("You have no default shipping address. Choose one below.")).toBeVisible();
      await expect(page.getByText("You have no default billing address.")).toHaveCount(0);
      await snap(page, "addresses-after-delete");

      // The dashboard shows the defaults.
      await page.goto("/account");
      await settle(page);
      await expect(dashboardCard).toContainText("No default shipping address");
      await expect(dashboardCard).toContainText("24 Sussex Drive");
      await expect(dashboardCard).toContainText("Apartment 4");
      await expect(dashboardCard.getByRole("link", { name: "Manage your addresses" })).toBeVisible();
      await snap(page, "addresses-dashboard");
      expect(errors, "errors in the browser console").toEqual([]);
    });

    test("a failed save keeps what was typed", async ({ page }) => {
      await register(page);
      await openBook(page);
      await openAddForm(page);
      await chooseCountry(page, "DE");
      await fillAddress(page, { label: "Office", line1: "Unter den Linden 77", city: "", postalCode: "10117" });
      await page.getByRole("button", { name: "Save address", exact: true }).click();
      await expect(page.getByLabel("City", { exact: true })).toHaveAttribute("aria-invalid", "true");
      await expectPath(page, "/account/addresses/new");
      await expect(page.getByLabel("Address line 1", { exact: true })).toHaveValue("Unter den Linden 77");
      await expect(page.getByLabel("Postal code")).toHaveValue("10117");
      await expect(page.getByLabel("Country", { exact: true })).toHaveValue("DE");
      await expect(page.getByLabel("Province")).toHaveCount(0);
      await settle(page);
      await page.getByLabel("City", { exact: true }).fill("Berlin");
      await save(page, "The address was added.");
      await expect(card(page, "Office")).toContainText("Berlin, 10117");
    });

    test("a full address book says so instead of offering the form", async ({ page }) => {
      await register(page);
      // Fill the book through the REST API, with this browser's session.
      for (let i = 1; i <= 50; i++) {
        const res = await page.request.post("/api/customer/addresses", {
          data: {
            label: `Office ${i}`,
            first_name: "Ann",
            last_name: "Lee",
            line1: "Unter den Linden 77",
            city: "Berlin",
            postal_code: "10117",
            country: "DE",
          },
        });
        expect(res.status(), await res.text()).toBe(201);
      }
      await openBook(page);
      await expect(page.getByRole("list", { name: "Saved addresses" }).getByRole("listitem")).toHaveCount(50);
      const add = page.getByRole("button", { name: "Add an address" });
      await expect(add).toBeDisabled();
      await expect(add).toHaveAccessibleDescription(/address book is full: it holds at most 50 addresses/);
      await page.goto("/account/addresses/new");
      await expect(page.getByText(/address book is full/)).toBeVisible();
      await expect(page.getByRole("button", { name: "Save address" })).toHaveCount(0);
    });

    test("the address book needs a login", async ({ page }) => {
      for (const url of ["/account/addresses", "/account/addresses/new"]) {
        await page.goto(url);
        await expectPath(page, "/account/login");
      }
    });
  });
}

test.describe("postal codes with JavaScript", () => {
  test("an invalid postal code names what is expected", async ({ page, request }) => {
    // The placeholder country data on the address-ui branch checks no
    // postal-code pattern; the real data (250 countries) does.
    const countries = await (await request.get("/api/countries")).json();
    test.skip(countries.data.length < 10, "the country data checks no postal-code pattern yet");

    await page.goto("/account/register");
    await page.waitForLoadState("networkidle");
    await page.getByLabel("Email", { exact: true }).fill(uniqueEmail("postal"));
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByLabel("First name", { exact: true }).fill("Ann");
    await page.getByLabel("Last name", { exact: true }).fill("Lee");
    await page.getByRole("button", { name: "Create account", exact: true }).click();
    await expectPath(page, "/account");
    await page.goto("/account/addresses/new");
    await page.waitForLoadState("networkidle");

    await page.getByLabel("Country", { exact: true }).selectOption("CA");
    await expect(postalHint(page)).toHaveText(CANADIAN_HINT);
    const example = ((await postalHint(page).textContent()) ?? "").replace(/^e\.g\. /, "");
    await page.getByLabel("Province").selectOption({ label: "Ontario" });
    await page.getByLabel("First name", { exact: true }).fill("Ann");
    await page.getByLabel("Last name", { exact: true }).fill("Lee");
    await page.getByLabel("Address line 1", { exact: true }).fill("24 Sussex Drive");
    await page.getByLabel("City", { exact: true }).fill("Ottawa");
    await page.getByLabel("Postal code").fill("12345");
    await page.getByRole("button", { name: "Save address", exact: true }).click();
    const postal = page.getByLabel("Postal code");
    await expect(postal).toHaveAttribute("aria-invalid", "true");
    await expect(postal).toHaveAccessibleDescription(
      new RegExp(`Postal code for Canada looks like ${example}\\.`),
    );
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "addresses-postal-error.png"), fullPage: true });
  });
});
