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
 * The customer's email address, with real mail read back from the mail
 * sink: verifying it from the registration mail (and sending the link
 * again from the dashboard's banner), and changing it with a confirmation
 * sent to the new address. Run with and without JavaScript.
 */

const VERIFICATION_SENT = "We have sent you a new verification link. It works for 48 hours.";
const VERIFIED = "Your email address is verified. Thank you!";
const CONFIRM_SENT =
  "We have sent a link to your new address. Your email changes when you open it; until then, keep using the current one.";
const CHANGED = "Your email address has been changed. Use the new one to log in from now on.";

for (const js of [true, false]) {
  test.describe(js ? "emails with JavaScript" : "emails without JavaScript", () => {
    test.use({ javaScriptEnabled: js });

    test("verify the email from the mail; send the link again from the banner", async ({
      page,
    }) => {
      const email = uniqueEmail("verify");
      await register(page, js, email);

      // Not verified yet: the banner says so, with the way to a new link.
      const banner = page.getByTestId("verify-banner");
      await expect(banner).toContainText("Please verify your email address");
      await expect(banner).toContainText(email);
      const first = await waitForMail(email, /^Confirm your email address/);

      await banner.getByRole("button", { name: "Send the link again" }).click();
      await expect(page.getByRole("status").filter({ hasText: VERIFICATION_SENT })).toBeVisible();
      const again = await waitForMail(email, /^Confirm your email address/, { seen: [first.id] });
      // The newer link voids the older one: use the newer.
      const link = linkIn(again, "/account/verify-email");

      // Opening the link changes nothing (mail scanners open links): the
      // page asks for a press of its button.
      const res = await visit(page, js, link);
      expect(res?.headers()["referrer-policy"]).toBe("no-referrer");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(
        "Verify your email address",
      );
      await visit(page, js, "/account");
      await expect(page.getByTestId("verify-banner")).toBeVisible();

      await visit(page, js, link);
      await page.getByRole("button", { name: "Verify my email address" }).click();
      await expect(page.getByRole("status")).toHaveText(VERIFIED);
      await page.getByRole("link", { name: "Go to your account" }).click();
      await expectPath(page, "/account");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your account");
      await expect(page.getByTestId("verify-banner")).toHaveCount(0);
      await expect(page.getByTestId("account-email")).toContainText("Verified");

      // The older link is void, and says where to get another.
      await visit(page, js, linkIn(first, "/account/verify-email"));
      await page.getByRole("button", { name: "Verify my email address" }).click();
      await expect(page.getByRole("alert")).toContainText("Ask for a new one.");
      await expect(page.getByRole("link", { name: "Send me a new link" })).toBeVisible();
    });

    test("change the email: confirm from the new address, log in with it", async ({ page }) => {
      const oldEmail = uniqueEmail("old");
      const newEmail = uniqueEmail("new");
      await register(page, js, oldEmail);
      const before = await mailIds(oldEmail);

      const form = page.getByRole("form", { name: "Change your email address" });
      // A wrong password: the error stands beside that field, and the new
      // address is kept.
      await form.getByLabel("New email address").fill(newEmail);
      await form.getByLabel("Current password", { exact: true }).fill("not my password at all");
      await form.getByRole("button", { name: "Send the confirmation link" }).click();
      await expect(page.locator("#email_current_password-error")).not.toBeEmpty();
      await expect(form.getByLabel("New email address")).toHaveValue(newEmail);
      await settle(page, js);

      await form.getByLabel("New email address").fill(newEmail);
      await form.getByLabel("Current password", { exact: true }).fill(PASSWORD);
      await form.getByRole("button", { name: "Send the confirmation link" }).click();
      await expect(page.getByRole("status").filter({ hasText: CONFIRM_SENT })).toBeVisible();
      // Nothing changed yet.
      await visit(page, js, "/account");
      await expect(page.getByTestId("account-email")).toContainText(oldEmail);

      // A notice to the current address, the link to the new one.
      await waitForMail(oldEmail, /email address is being changed$/, { seen: before });
      const confirm = await waitForMail(newEmail, /^Confirm your new email address/);
      const link = linkIn(confirm, "/account/confirm-email");

      const res = await visit(page, js, link);
      expect(res?.headers()["referrer-policy"]).toBe("no-referrer");
      await page.getByRole("button", { name: "Confirm my new email address" }).click();
      await expect(page.getByRole("status")).toContainText(CHANGED);
      await page.getByRole("link", { name: "Go to your account" }).click();
      await expectPath(page, "/account");
      await expect(page.getByTestId("account-email")).toContainText(newEmail);

      // Logging in takes the new address, no longer the old one.
      await logOut(page, js);
      await visit(page, js, "/account/login");
      await submitLogin(page, oldEmail, PASSWORD);
      await expect(page.getByRole("alert")).toContainText(INVALID_CREDENTIALS);
      await logIn(page, js, newEmail);
      await expect(page.getByTestId("account-email")).toContainText(newEmail);
    });
  });
}
