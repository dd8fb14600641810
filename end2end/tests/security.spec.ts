import { expect, test, type Page } from "@playwright/test";

/**
 * Account-security rules where they show in the browser: the password policy
 * beside its field, and the login cooldown after repeated failures.
 */

function uniqueEmail(tag: string): string {
  return `${tag}+${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
}

for (const js of [true, false]) {
  test.describe(js ? "security with JavaScript" : "security without JavaScript", () => {
    test.use({ javaScriptEnabled: js });

    async function settle(page: Page): Promise<void> {
      if (js) await page.waitForLoadState("networkidle");
    }

    test("a common password is refused beside its field", async ({ page }) => {
      await page.goto("/account/register");
      await settle(page);
      await expect(page.locator("#password-hint")).toContainText("At least 8 characters");
      await page.getByLabel("Email", { exact: true }).fill(uniqueEmail("weak"));
      await page.getByLabel("Password", { exact: true }).fill("password123");
      await page.getByLabel("First name", { exact: true }).fill("Wei");
      await page.getByLabel("Last name", { exact: true }).fill("Kee");
      await page.getByRole("button", { name: "Create account", exact: true }).click();
      await expect(page.locator("#password-error")).toContainText("too easy to guess");
      await expect(page.locator("#password")).toHaveAttribute("aria-invalid", "true");
      expect(new URL(page.url()).pathname).toBe("/account/register");
    });

    test("repeated failed logins are slowed down", async ({ page }) => {
      const email = uniqueEmail("locked");
      await page.goto("/account/login");
      for (let i = 0; i < 5; i++) {
        await settle(page);
        await page.getByLabel("Email", { exact: true }).fill(email);
        await page.getByLabel("Password", { exact: true }).fill(`wrong guess number ${i}`);
        await page.getByRole("button", { name: "Log in", exact: true }).click();
        await expect(page.getByRole("alert")).toContainText("The email or password is incorrect.");
      }
      await settle(page);
      await page.getByLabel("Email", { exact: true }).fill(email);
      await page.getByLabel("Password", { exact: true }).fill("another wrong guess");
      await page.getByRole("button", { name: "Log in", exact: true }).click();
      await expect(page.getByRole("alert")).toContainText("Too many failed attempts");
    });
  });
}
