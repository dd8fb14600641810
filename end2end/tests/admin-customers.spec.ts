import { expect, test, type Page } from "@playwright/test";
import { PASSWORD, collectErrors, expectPath, logIn, register, settle, snap, uniqueEmail, visit } from "./helpers";
import { waitForMail } from "./mail";
import { createStaff, staffLogIn } from "./staff";

/**
 * The admin's customer journeys, with and without JavaScript: an admin
 * logs in, finds a customer in the grid, changes their group, disables
 * them (the customer's open browser is logged out on its next request),
 * enables them again and sends them a reset link; then the groups page.
 */

/** The notice a change leaves on the customer's page. */
async function expectDone(page: Page, text: string): Promise<void> {
  await expect(page.getByTestId("done")).toContainText(text);
}

for (const js of [true, false]) {
  test.describe(js ? "admin customers with JavaScript" : "admin customers without JavaScript", () => {
    test.use({ javaScriptEnabled: js });

    test("find a customer, change their group, disable, enable, send a reset link", async ({ page, browser }) => {
      const errors = collectErrors(page, [503]);
      // The customer, logged in in a browser of their own.
      const customerContext = await browser.newContext({ javaScriptEnabled: js });
      const customer = await customerContext.newPage();
      const email = uniqueEmail("grid-ann");
      await register(customer, js, email);

      const staffEmail = uniqueEmail("staff-grid");
      createStaff(staffEmail, "Gina Grid");
      await staffLogIn(page, js, staffEmail);

      // The dashboard's figures and chart.
      const figures = page.getByTestId("figures");
      await expect(figures).toContainText("Customers");
      await expect(figures).toContainText("New this week");
      await expect(page.getByRole("img", { name: /Registrations per day over the last 90 days/ })).toBeVisible();

      // Find her in the grid.
      await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Customers" }).click();
      await expectPath(page, "/admin/customers");
      await settle(page, js);
      await page.getByLabel("Search", { exact: true }).fill(email.slice(0, 20));
      await page.getByRole("button", { name: "Search", exact: true }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBe(email.slice(0, 20));
      const grid = page.getByTestId("customer-grid");
      await expect(grid.getByRole("row")).toHaveCount(2); // the header and Ann
      await expect(grid).toContainText(email);
      await expect(page.getByTestId("grid-summary")).toHaveText("1–1 of 1 customer");
      await snap(page, js ? "admin-customers" : "admin-customers-nojs");
      await grid.getByRole("link", { name: "Ann Lee" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ann Lee");
      await settle(page, js);
      await expect(page.getByTestId("history")).toContainText("Registered");

      // Change her group.
      await page.getByLabel("Group", { exact: true }).selectOption({ label: "VIP" });
      await page.getByRole("button", { name: "Change group", exact: true }).click();
      await expectDone(page, "The group was changed.");
      await expect(page.getByTestId("customer-group")).toHaveText("VIP");
      await expect(page.getByTestId("history")).toContainText("Group changed");
      await expect(page.getByTestId("history")).toContainText("VIP");
      await settle(page, js);

      // Disable her: confirmed first; her open browser is logged out.
      await page.getByText("Disable account…", { exact: true }).click();
      await page.getByRole("button", { name: "Disable the account", exact: true }).click();
      await expectDone(page, "The account was disabled");
      await expect(page.getByTestId("customer-status")).toHaveText("Disabled");
      await snap(page, js ? "admin-customer-disabled" : "admin-customer-disabled-nojs");
      await visit(customer, js, "/account");
      await expectPath(customer, "/account/login");
      await settle(page, js);

      // Enable her again: she can log in.
      await page.getByRole("button", { name: "Enable the account", exact: true }).click();
      await expectDone(page, "The account was enabled.");
      await expect(page.getByTestId("customer-status")).toHaveText("Active");
      await logIn(customer, js, email, PASSWORD);
      await settle(page, js);

      // A reset link, by mail.
      await page.getByRole("button", { name: "Send a password reset link", exact: true }).click();
      await expectDone(page, "A link to choose a new password was mailed");
      const mail = await waitForMail(email, /^Reset your .* password$/);
      expect(mail.text ?? "").toContain("/account/reset-password?token=");
      await expect(page.getByTestId("history")).toContainText("Status changed");

      await customerContext.close();
      expect(errors, "errors in the browser console").toEqual([]);
    });

    test("support adds an address to a customer's book on their behalf", async ({ page, browser }) => {
      const errors = collectErrors(page, [503]);
      const ctx = await browser.newContext({ javaScriptEnabled: false });
      const email = uniqueEmail("book-ann");
      await register(await ctx.newPage(), false, email);
      await ctx.close();
      const staffEmail = uniqueEmail("staff-book");
      createStaff(staffEmail, "Bea Book", "support");
      await staffLogIn(page, js, staffEmail);
      await visit(page, js, `/admin/customers?q=${encodeURIComponent(email.slice(0, 20))}`);
      await page.getByTestId("customer-grid").getByRole("link", { name: "Ann Lee" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ann Lee");
      await settle(page, js);
      await page.getByRole("link", { name: "Add an address", exact: true }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("New address for Ann Lee");
      await settle(page, js);
      // The storefront's form: it follows the country (a reload without JavaScript).
      await page.getByLabel("Country", { exact: true }).selectOption("DE");
      if (!js) await page.getByRole("button", { name: "Update the form for this country" }).click();
      await expect(page.getByLabel("Country", { exact: true })).toHaveValue("DE");
      await expect(page.getByLabel("Province")).toHaveCount(0);
      await page.getByLabel("First name", { exact: true }).fill("Ann");
      await page.getByLabel("Last name", { exact: true }).fill("Lee");
      await page.getByLabel("Address line 1", { exact: true }).fill("Unter den Linden 1");
      await page.getByLabel("City", { exact: true }).fill("Berlin");
      await page.getByLabel("Postal code").fill("10117");
      await page.getByRole("button", { name: "Save address", exact: true }).click();
      await expectDone(page, "The address was added.");
      const book = page.locator("#addresses");
      await expect(book).toContainText("Unter den Linden 1");
      await expect(book).toContainText("Default shipping");
      await expect(page.getByTestId("history")).toContainText("Address added by Bea Book (staff)");
      expect(errors, "errors in the browser console").toEqual([]);
    });

    test("bulk actions ask first, then change every ticked customer", async ({ page, browser }) => {
      const tag = `bulk${Date.now()}${js ? "j" : "n"}`;
      const ctx = await browser.newContext({ javaScriptEnabled: false });
      for (const n of [1, 2]) {
        const p = await ctx.newPage();
        await register(p, false, `${tag}-${n}@example.com`);
        await p.close();
      }
      await ctx.close();
      const staffEmail = uniqueEmail("staff-bulk");
      createStaff(staffEmail, "Bo Bulk");
      await staffLogIn(page, js, staffEmail);
      await visit(page, js, `/admin/customers?q=${tag}`);
      const grid = page.getByTestId("customer-grid");
      await expect(grid.getByRole("row")).toHaveCount(3);
      for (const box of await grid.getByRole("checkbox", { name: /^Select Ann Lee/ }).all()) await box.check();
      await page.getByLabel("With the selected").selectOption({ label: "Move to group" });
      await page.getByLabel("Group (for a move)").selectOption({ label: "Wholesale" });
      await page.getByText("Apply…", { exact: true }).click();
      if (js) await expect(page.locator(".confirm-panel").first()).toContainText("2 selected customers");
      await page.getByRole("button", { name: "Confirm", exact: true }).click();
      await expect(page.getByRole("status").filter({ hasText: "2 customers moved to the group." })).toBeVisible();
      await expect(grid).toContainText("Wholesale");
      await expect(grid).not.toContainText("General");
      expect(new URL(page.url()).searchParams.get("q")).toBe(tag);
    });

    test("groups: create one, restrict the wholesale page, delete it", async ({ page }) => {
      const staffEmail = uniqueEmail("staff-groups");
      createStaff(staffEmail, "Greta Groups");
      await staffLogIn(page, js, staffEmail);
      await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Groups" }).click();
      await expectPath(page, "/admin/groups");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Customer groups");
      await settle(page, js);
      const name = `Fair ${Date.now()}${js ? "j" : "n"}`;
      await page.getByLabel("Name", { exact: true }).last().fill(name);
      await page.getByRole("button", { name: "Create group", exact: true }).click();
      await expect(page.getByRole("status").filter({ hasText: "The group was created." })).toBeVisible();
      const row = page.getByTestId("groups").getByRole("row").filter({ hasText: name });
      await expect(row).toHaveCount(1);
      await snap(page, js ? "admin-groups" : "admin-groups-nojs");
      await settle(page, js);
      await row.getByText("Delete…", { exact: true }).click();
      await row.getByRole("button", { name: "Delete the group", exact: true }).click();
      await expect(page.getByRole("status").filter({ hasText: "The group was deleted." })).toBeVisible();
      await expect(page.getByTestId("groups").getByRole("row").filter({ hasText: name })).toHaveCount(0);
    });
  });
}
