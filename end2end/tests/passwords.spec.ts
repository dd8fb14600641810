import { expect, test } from "@playwright/test";

import {
  INVALID_CREDENTIALS,
  PASSWORD,
  expectPath,
  logIn,
  logOut,
  register,
  settle,
  submitLogin,
  uniqueEmail,
  visit,
} from "./helpers";
import { linkIn, mailIds, waitForMail } from "./mail";

/**
 * Passwords, with real mail read back from the mail sink: "forgot password"
 * and the reset by emailed link (including a link used twice), and the
 * change on the dashboard, which logs out every other browser. Run with and
 * without JavaScript.
 */

const NEW_PASSWORD = "violet tram under lanterns";
const RESET_LINK_SENT =
  "If an account exists for that email, we have sent it a link to choose a new password. The link works for an hour.";
const RESET_DONE = "Your password has been changed. Log in with your new password.";
const CHANGED = "Your password has been changed. Every other device has been logged out.";
const USED = "This link has already been used. Ask for a new one.";

for (const js of [true, false]) {
  test.describe(js ? "passwords with JavaScript" : "passwords without JavaScript", () => {
    test.use({ javaScriptEnabled: js });

    test("forgot password, reset by mail, log in with the new password", async ({ page }) => {
      const email = uniqueEmail("reset");
      await register(page, js, email);
      await logOut(page, js);

      // The login page leads to "forgot password".
      await visit(page, js, "/account/login");
      await page.getByRole("link", { name: "Forgot your password?" }).click();
      await expectPath(page, "/account/forgot-password");
      await settle(page, js);

      // An unknown address gets the very same answer as a known one.
      const unknown = uniqueEmail("nobody");
      await page.getByLabel("Email", { exact: true }).fill(unknown);
      await page.getByRole("button", { name: "Send the link" }).click();
      await expect(page.getByRole("status")).toHaveText(RESET_LINK_SENT);
      await visit(page, js, "/account/forgot-password");
      await page.getByLabel("Email", { exact: true }).fill(email);
      await page.getByRole("button", { name: "Send the link" }).click();
      await expect(page.getByRole("status")).toHaveText(RESET_LINK_SENT);

      const mail = await waitForMail(email, /^Reset your .* password$/);
      const link = linkIn(mail, "/account/reset-password");

      // The reset page: no Referer may carry its token anywhere.
      const res = await visit(page, js, link);
      expect(res?.headers()["referrer-policy"]).toBe("no-referrer");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Choose a new password");
      await expect(page.locator("#password-hint")).toContainText("At least 8 characters");

      // The policy's refusal stands beside the field; the link still works.
      await page.getByLabel("New password", { exact: true }).fill("password123");
      await page.getByRole("button", { name: "Save the new password" }).click();
      await expect(page.locator("#password-error")).toContainText("too easy to guess");
      await expect(page.locator("#password")).toHaveAttribute("aria-invalid", "true");
      await settle(page, js);

      await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
      await page.getByRole("button", { name: "Save the new password" }).click();
      await expectPath(page, "/account/login");
      await expect(page.getByRole("status")).toHaveText(RESET_DONE);
      await settle(page, js);

      // The old password fails; the new one logs in.
      await submitLogin(page, email, PASSWORD);
      await expect(page.getByRole("alert")).toContainText(INVALID_CREDENTIALS);
      await logIn(page, js, email, NEW_PASSWORD);
      await expect(page.locator("dl.details")).toContainText(email);

      // The same link a second time: already used, and where to get another.
      await visit(page, js, link);
      await page.getByLabel("New password", { exact: true }).fill("another fine password here");
      await page.getByRole("button", { name: "Save the new password" }).click();
      await expect(page.getByRole("alert")).toContainText(USED);
      await page.getByRole("link", { name: "Ask for a new link" }).click();
      await expectPath(page, "/account/forgot-password");
    });

    test("change the password: another browser is logged out, a notice is mailed", async ({
      page,
      browser,
    }) => {
      const email = uniqueEmail("change");
      await register(page, js, email);

      // The same customer in a second browser.
      const other = await browser.newContext({ javaScriptEnabled: js });
      try {
        const otherPage = await other.newPage();
        await logIn(otherPage, js, email);
        const before = await mailIds(email);

        const form = page.getByRole("form", { name: "Change your password" });
        // A wrong current password: the error stands beside that field.
        await form.getByLabel("Current password", { exact: true }).fill("not my password at all");
        await form.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
        await form.getByRole("button", { name: "Change password" }).click();
        await expect(page.locator("#password_current_password-error")).not.toBeEmpty();
        await expect(page.locator("#password_current_password")).toHaveAttribute(
          "aria-invalid",
          "true",
        );
        await settle(page, js);

        await form.getByLabel("Current password", { exact: true }).fill(PASSWORD);
        await form.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
        await form.getByRole("button", { name: "Change password" }).click();
        await expect(page.getByRole("status").filter({ hasText: CHANGED })).toBeVisible();

        // This browser stays logged in; the other one is logged out on its
        // next page load.
        await visit(page, js, "/account");
        await expectPath(page, "/account");
        await visit(otherPage, js, "/account");
        await expectPath(otherPage, "/account/login");

        await waitForMail(email, /password was changed$/, { seen: before });

        // The new password logs in, the old one no longer does.
        await visit(otherPage, js, "/account/login");
        await submitLogin(otherPage, email, PASSWORD);
        await expect(otherPage.getByRole("alert")).toContainText(INVALID_CREDENTIALS);
        await logIn(otherPage, js, email, NEW_PASSWORD);
      } finally {
        await other.close();
      }
    });
  });
}
