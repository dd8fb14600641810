import { expect, test } from "@playwright/test";
import { INVALID_CREDENTIALS, collectErrors, expectPath, settle, snap, uniqueEmail } from "./helpers";
import { createStaff, staffLogIn, submitStaffLogin } from "./staff";

/**
 * The admin area: its own login and layout (no storefront header, not
 * indexed), the guard that sends a visitor without a staff login to the
 * login, logging in and out. With and without JavaScript; with it, the
 * admin pages come in their own WASM chunk, which the storefront never loads.
 */

for (const js of [true, false]) {
  test.describe(js ? "admin with JavaScript" : "admin without JavaScript", () => {
    test.use({ javaScriptEnabled: js });

    test("the staff login stands apart from the shop and is not indexed", async ({ page }) => {
      const errors = collectErrors(page);
      const res = await page.goto("/admin/login");
      expect(res?.status()).toBe(200);
      await settle(page, js);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Staff login");
      await expect(page.locator("header.site-header")).toHaveCount(0);
      await expect(page.locator("footer.site-footer")).toHaveCount(0);
      await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
      await expect(page).toHaveTitle(/Staff login/);
      if (js) await snap(page, "admin-login");
      expect(errors, "errors in the browser console").toEqual([]);
    });

    test("a wrong password shows the error and keeps the email", async ({ page }) => {
      // The refused login is answered 401, which Chromium logs.
      const errors = collectErrors(page, [401]);
      const email = uniqueEmail("staff-wrong");
      createStaff(email, "Wendy Wrong");
      await page.goto("/admin/login");
      await settle(page, js);
      await submitStaffLogin(page, email, "not the password");
      await expect(page.getByRole("alert")).toContainText(INVALID_CREDENTIALS);
      await expectPath(page, "/admin/login");
      await expect(page.getByLabel("Email", { exact: true })).toHaveValue(email);
      // Without JavaScript the page comes back, never with the password.
      if (!js) await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
      if (js) await snap(page, "admin-login-error");
      expect(errors, "errors in the browser console").toEqual([]);
    });

    test("without a staff login the admin pages send you to the login", async ({ page }) => {
      for (const target of ["/admin", "/admin/customers"]) {
        await page.goto(target);
        await expectPath(page, "/admin/login");
        await expect(page.getByRole("heading", { level: 1 })).toHaveText("Staff login");
      }
    });

    test("log in, see the dashboard in the admin layout, log out", async ({ page }) => {
      const errors = collectErrors(page, [503]);
      const email = uniqueEmail("staff-admin");
      createStaff(email, "Ada Admin");
      await staffLogIn(page, js, email);

      // The admin layout: the sidebar with the sections and who is logged in.
      await expect(page.locator("header.site-header")).toHaveCount(0);
      const nav = page.getByRole("navigation", { name: "Admin" });
      await expect(nav.getByRole("link", { name: "Dashboard" })).toHaveAttribute("aria-current", "page");
      await expect(nav.getByRole("link", { name: "Customers" })).toBeVisible();
      await expect(nav.getByRole("link", { name: "Groups" })).toBeVisible();
      const me = page.getByTestId("admin-staff");
      await expect(me).toContainText("Ada Admin");
      await expect(me).toContainText("Admin");
      await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
      await snap(page, js ? "admin-dashboard" : "admin-dashboard-nojs");

      // Another section, in the same layout.
      await nav.getByRole("link", { name: "Customers" }).click();
      await expectPath(page, "/admin/customers");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Customers");
      await expect(nav.getByRole("link", { name: "Customers" })).toHaveAttribute("aria-current", "page");

      // A logged-in staff member skips the login page.
      await page.goto("/admin/login");
      await expectPath(page, "/admin");
      await settle(page, js);

      await me.getByRole("button", { name: "Log out", exact: true }).click();
      await expectPath(page, "/admin/login");
      await page.goto("/admin");
      await expectPath(page, "/admin/login");
      expect(errors, "errors in the browser console").toEqual([]);
    });
  });
}

test.describe("the admin chunk", () => {
  test("the storefront never loads it; an admin page loads and hydrates it", async ({ page }) => {
    const errors = collectErrors(page, [503]);
    const wasm: string[] = [];
    page.on("request", (r) => {
      if (r.url().endsWith(".wasm")) wasm.push(new URL(r.url()).pathname);
    });

    await page.goto("/");
    await settle(page, true);
    await page.goto("/account/login");
    await settle(page, true);
    expect(wasm.some((p) => p.includes("admin_area")), `storefront loaded ${wasm.join(", ")}`).toBe(false);

    const email = uniqueEmail("staff-chunk");
    createStaff(email, "Chuck Chunk", "support");
    await staffLogIn(page, true, email);
    expect(wasm.some((p) => p.includes("admin_area")), `admin page loaded ${wasm.join(", ")}`).toBe(true);
    await expect(page.getByTestId("admin-staff")).toContainText("Support");

    // Hydrated: the sidebar's links navigate in place (no new document).
    const before = await page.evaluate(() => performance.getEntriesByType("navigation").length);
    await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 1));
    await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Groups" }).click();
    await expectPath(page, "/admin/groups");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Customer groups");
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1);
    expect(await page.evaluate(() => performance.getEntriesByType("navigation").length)).toBe(before);
    expect(errors, "errors in the browser console").toEqual([]);
  });
});
