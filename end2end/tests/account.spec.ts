import * as path from "node:path";
import { expect, test, type Page } from "@playwright/test";

/**
 * Account journeys (register, log in, log out, validation errors), run twice:
 * once with JavaScript (hydrated Leptos app, client-side navigation) and once
 * without (plain form posts and redirects).
 */

declare global {
  interface Window {
    /** Set by the test to detect full page reloads. */
    __marker?: number;
  }
}

const PASSWORD = "correct horse battery";
const FIRST_NAME = "Ann";
const LAST_NAME = "Lee";
const INVALID_CREDENTIALS = "The email or password is incorrect.";

/** Human-viewable screenshots of the JS run (git-ignored). */
const SCREENSHOT_DIR = path.resolve(__dirname, "..", "screenshots");

function uniqueEmail(): string {
  return `ann+${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
}

/** Waits until the URL path (ignoring query and hash) equals `expected`. */
async function expectPath(page: Page, expected: string): Promise<void> {
  await expect
    .poll(() => new URL(page.url()).pathname, {
      message: `expected to be on ${expected} (current URL: ${page.url()})`,
    })
    .toBe(expected);
}

function accountNav(page: Page) {
  return page
    .locator("header.site-header")
    .getByRole("navigation", { name: "Account" });
}

async function expectLoggedOutHeader(page: Page): Promise<void> {
  const nav = accountNav(page);
  await expect(nav.getByRole("link", { name: "Log in", exact: true })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Register", exact: true })).toBeVisible();
  await expect(nav.getByTestId("nav-user")).toHaveCount(0);
}

async function expectLoggedInHeader(page: Page, firstName: string): Promise<void> {
  const user = accountNav(page).getByTestId("nav-user");
  await expect(user).toHaveText(firstName);
  await expect(user).toHaveAttribute("href", "/account");
  await expect(
    accountNav(page).getByRole("button", { name: "Log out", exact: true }),
  ).toBeVisible();
}

async function expectAccountPage(page: Page, email: string): Promise<void> {
  await expectPath(page, "/account");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your account");
  const details = page.locator("dl.details");
  await expect(details).toContainText(`${FIRST_NAME} ${LAST_NAME}`);
  await expect(details).toContainText(email);
}

/**
 * The server's validation is what these tests exercise, so the browser's own
 * constraint validation (type="email", required, minlength, ...) must not
 * block the submit if the markup happens to use it. `evaluate` works even
 * with JavaScript disabled for the page.
 */
async function disableNativeValidation(page: Page): Promise<void> {
  await page.locator('form:has(input[name="email"])').evaluate((form) => {
    (form as HTMLFormElement).noValidate = true;
  });
}

for (const js of [true, false]) {
  test.describe(js ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled: js });

    /** Full-page screenshot for humans, JS run only. */
    async function snap(page: Page, name: string): Promise<void> {
      if (!js) return;
      await page.screenshot({
        path: path.join(SCREENSHOT_DIR, `${name}.png`),
        fullPage: true,
      });
    }

    /**
     * Navigates to `url`; with JavaScript, also waits for the network to go
     * idle so the WASM bundle has loaded and the page is hydrated before we
     * interact with it (otherwise a click could still be a plain form post).
     */
    async function visit(page: Page, url: string): Promise<void> {
      await page.goto(url);
      await settle(page);
    }

    async function settle(page: Page): Promise<void> {
      if (js) await page.waitForLoadState("networkidle");
    }

    async function fillRegistration(
      page: Page,
      fields: { email: string; password: string; firstName: string; lastName: string },
    ): Promise<void> {
      await page.getByLabel("Email", { exact: true }).fill(fields.email);
      await page.getByLabel("Password", { exact: true }).fill(fields.password);
      await page.getByLabel("First name", { exact: true }).fill(fields.firstName);
      await page.getByLabel("Last name", { exact: true }).fill(fields.lastName);
    }

    async function openRegisterPage(page: Page, shot?: string): Promise<void> {
      await visit(page, "/account/register");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(
        "Create your account",
      );
      await expect(page.getByLabel("Phone (optional)")).toBeVisible();
      if (shot) await snap(page, shot);
    }

    async function register(page: Page, email: string): Promise<void> {
      await openRegisterPage(page);
      await fillRegistration(page, {
        email,
        password: PASSWORD,
        firstName: FIRST_NAME,
        lastName: LAST_NAME,
      });
      await page.getByRole("button", { name: "Create account", exact: true }).click();
      await expectAccountPage(page, email);
    }

    async function logOut(page: Page): Promise<void> {
      await settle(page);
      await accountNav(page).getByRole("button", { name: "Log out", exact: true }).click();
      await expectPath(page, "/");
      await expectLoggedOutHeader(page);
    }

    async function fillLogin(page: Page, email: string, password: string): Promise<void> {
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Log in");
      await page.getByLabel("Email", { exact: true }).fill(email);
      await page.getByLabel("Password", { exact: true }).fill(password);
    }

    function loginButton(page: Page) {
      // The header's "Log in" is a link; the form's is the only such button.
      return page.getByRole("button", { name: "Log in", exact: true });
    }

    test("register, log out, and log back in", async ({ page }) => {
      const email = uniqueEmail();

      // Register.
      await openRegisterPage(page, "register");
      await fillRegistration(page, {
        email,
        password: PASSWORD,
        firstName: FIRST_NAME,
        lastName: LAST_NAME,
      });
      await page.getByRole("button", { name: "Create account", exact: true }).click();

      // Lands on the account page, logged in.
      await expectAccountPage(page, email);
      await expectLoggedInHeader(page, FIRST_NAME);
      await snap(page, "account-after-register");

      // Log out: back on the home page, logged out.
      await logOut(page);
      await snap(page, "home-after-logout");

      // The account page now requires logging in.
      await visit(page, "/account");
      await expectPath(page, "/account/login");
      await expectLoggedOutHeader(page);
      await snap(page, "login");

      // Log back in.
      await fillLogin(page, email, PASSWORD);
      if (js) {
        // Client-side navigation check: a marker on `window` survives only if
        // the login does not cause a full page load.
        await page.waitForLoadState("networkidle");
        await page.evaluate(() => {
          window.__marker = 1;
        });
      }
      await loginButton(page).click();

      await expectAccountPage(page, email);
      await expectLoggedInHeader(page, FIRST_NAME);
      if (js) {
        expect(
          await page.evaluate(() => window.__marker),
          "logging in with JavaScript should not reload the page",
        ).toBe(1);
      }
      await snap(page, "account-after-login");
    });

    test("registration with invalid input shows field errors", async ({ page }) => {
      await openRegisterPage(page);
      await disableNativeValidation(page);
      await fillRegistration(page, {
        email: "not-an-email",
        password: "short",
        firstName: "",
        lastName: LAST_NAME,
      });
      await page.getByRole("button", { name: "Create account", exact: true }).click();

      for (const field of ["email", "password", "first_name"]) {
        const error = page.locator(`#${field}-error`);
        await expect(error, `#${field}-error should be shown`).toBeVisible();
        await expect(error).toHaveClass(/\bfield-error\b/);
        await expect(error).not.toHaveText(/^\s*$/);
        await expect(page.locator(`input[name="${field}"]`)).toHaveAttribute(
          "aria-invalid",
          "true",
        );
      }

      await expectPath(page, "/account/register");
      await expectLoggedOutHeader(page);
      // Without JS the form is re-rendered after a redirect that carries what
      // was typed (passwords never).
      await expect(page.getByLabel("Email", { exact: true })).toHaveValue(
        "not-an-email",
      );
      await expect(page.getByLabel("Last name", { exact: true })).toHaveValue(
        LAST_NAME,
      );
      if (!js) {
        await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
        expect(page.url(), "the password never travels in the URL").not.toContain(
          "=short",
        );
      }
      await snap(page, "register-invalid");
    });

    test("a wrong password shows a generic error", async ({ page }) => {
      const email = uniqueEmail();
      await register(page, email);
      await logOut(page);

      await visit(page, "/account/login");
      await fillLogin(page, email, "wrong password entirely");
      await loginButton(page).click();

      await expect(
        page.getByRole("alert").filter({ hasText: INVALID_CREDENTIALS }),
      ).toBeVisible();
      await expectPath(page, "/account/login");
      await expectLoggedOutHeader(page);
      await snap(page, "login-wrong-password");
    });

    test("registering an existing email is refused", async ({ page }) => {
      const email = uniqueEmail();
      await register(page, email);
      await logOut(page);

      await openRegisterPage(page);
      await fillRegistration(page, {
        email,
        password: PASSWORD,
        firstName: FIRST_NAME,
        lastName: LAST_NAME,
      });
      await page.getByRole("button", { name: "Create account", exact: true }).click();

      await expect(page.locator("#email-error")).toContainText("already exists");
      await expectPath(page, "/account/register");
      await expectLoggedOutHeader(page);
      await snap(page, "register-duplicate-email");
    });
  });
}
