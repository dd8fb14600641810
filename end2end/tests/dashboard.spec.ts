import * as path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";

/**
 * The account dashboard: editing the profile (with a field error shown
 * beside its field) and ending another device's session. Run with and
 * without JavaScript.
 */

const PASSWORD = "correct horse battery";
const SCREENSHOT_DIR = path.resolve(__dirname, "..", "screenshots");

function uniqueEmail(tag: string): string {
  return `${tag}+${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
}

async function expectPath(page: Page, expected: string): Promise<void> {
  await expect.poll(() => new URL(page.url()).pathname).toBe(expected);
}

for (const js of [true, false]) {
  test.describe(js ? "dashboard with JavaScript" : "dashboard without JavaScript", () => {
    test.use({ javaScriptEnabled: js });

    async function settle(page: Page): Promise<void> {
      if (js) await page.waitForLoadState("networkidle");
    }

    async function register(page: Page, email: string): Promise<void> {
      await page.goto("/account/register");
      await settle(page);
      await page.getByLabel("Email", { exact: true }).fill(email);
      await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
      await page.getByLabel("First name", { exact: true }).fill("Ann");
      await page.getByLabel("Last name", { exact: true }).fill("Lee");
      await page.getByRole("button", { name: "Create account", exact: true }).click();
      await expectPath(page, "/account");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your account");
      await settle(page);
    }

    async function logIn(page: Page, email: string): Promise<void> {
      await page.goto("/account/login");
      await settle(page);
      await page.getByLabel("Email", { exact: true }).fill(email);
      await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
      await page.getByRole("button", { name: "Log in", exact: true }).click();
      await expectPath(page, "/account");
      await settle(page);
    }

    test("edit the profile, with an error beside the field", async ({ page }) => {
      await register(page, uniqueEmail("edit"));
      const form = page.getByRole("form", { name: "Edit your details" });
      await expect(form.getByLabel("First name", { exact: true })).toHaveValue("Ann");

      // A bad phone number: the error stands beside the phone field.
      await form.getByLabel("Phone (optional)").fill("call me maybe");
      await form.getByRole("button", { name: "Save changes" }).click();
      const phoneError = page.locator("#phone-error");
      await expect(phoneError).toBeVisible();
      await expect(phoneError).toContainText("phone number");
      await expect(page.locator("#phone")).toHaveAttribute("aria-invalid", "true");
      await expect(page.locator("dl.details")).toContainText("Ann Lee");
      if (js) await page.screenshot({ path: path.join(SCREENSHOT_DIR, "dashboard-phone-error.png"), fullPage: true });

      // A good change is saved and shown.
      await settle(page);
      const again = page.getByRole("form", { name: "Edit your details" });
      await again.getByLabel("First name", { exact: true }).fill("Annabel");
      await again.getByLabel("Phone (optional)").fill("+44 20 7946 0958");
      await again.getByRole("button", { name: "Save changes" }).click();
      await expect(page.getByText("Your details were saved.")).toBeVisible();
      await expect(page.locator("dl.details")).toContainText("Annabel Lee");
      await expect(page.locator("dl.details")).toContainText("+442079460958");
      await expect(page.locator("#phone-error")).toBeHidden();
      if (js) await page.screenshot({ path: path.join(SCREENSHOT_DIR, "dashboard-saved.png"), fullPage: true });
    });

    test("log out another device", async ({ page, browser }: { page: Page; browser: Browser }) => {
      const email = uniqueEmail("devices");
      await register(page, email);
      await expect(page.getByText("You are not logged in anywhere else.")).toBeVisible();

      // A second device logs in.
      const phoneContext = await browser.newContext({ javaScriptEnabled: js, userAgent: "Mozilla/5.0 (Linux; Android 14) Firefox/140.0" });
      const phone = await phoneContext.newPage();
      await logIn(phone, email);

      // The first device sees both and ends the phone's session.
      await page.reload();
      await settle(page);
      const rows = page.locator('[data-testid="sessions"] li.session-row');
      await expect(rows).toHaveCount(2);
      const other = page.locator('li.session-row[data-current="false"]');
      await expect(other).toContainText("Firefox on Android");
      await expect(page.locator('li.session-row[data-current="true"]')).toContainText("This device");
      if (js) await page.screenshot({ path: path.join(SCREENSHOT_DIR, "dashboard-devices.png"), fullPage: true });
      await other.getByRole("button", { name: "Log out this device" }).click();
      await expect(rows).toHaveCount(1);
      await expect(page.getByText("You are not logged in anywhere else.")).toBeVisible();

      // The phone is logged out at once.
      await phone.goto("/account");
      await expectPath(phone, "/account/login");

      // "Log out other devices" ends every other session.
      await logIn(phone, email);
      await page.reload();
      await settle(page);
      await expect(rows).toHaveCount(2);
      await page.getByRole("button", { name: "Log out other devices" }).click();
      await expect(rows).toHaveCount(1);
      await phone.goto("/account");
      await expectPath(phone, "/account/login");
      // This device is still logged in.
      await page.goto("/account");
      await expectPath(page, "/account");
      await phoneContext.close();
    });
  });
}
