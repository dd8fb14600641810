import * as path from "node:path";
import { expect, type Page } from "@playwright/test";

/** Shared steps of the password and email journeys. */

export const PASSWORD = "correct horse battery";
export const INVALID_CREDENTIALS = "The email or password is incorrect.";

export function uniqueEmail(tag: string): string {
  return `${tag}+${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
}

export async function expectPath(page: Page, expected: string): Promise<void> {
  await expect
    .poll(() => new URL(page.url()).pathname, {
      message: `expected to be on ${expected} (current URL: ${page.url()})`,
    })
    .toBe(expected);
}

/** With JavaScript, waits until the page is hydrated (the WASM loaded). */
export async function settle(page: Page, js: boolean): Promise<void> {
  if (js) await page.waitForLoadState("networkidle");
}

export async function visit(page: Page, js: boolean, url: string) {
  const res = await page.goto(url);
  await settle(page, js);
  return res;
}

/** Registers (the shop runs with EMAIL_VERIFICATION=optional: logged in). */
export async function register(page: Page, js: boolean, email: string): Promise<void> {
  await visit(page, js, "/account/register");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("First name", { exact: true }).fill("Ann");
  await page.getByLabel("Last name", { exact: true }).fill("Lee");
  await page.getByRole("button", { name: "Create account", exact: true }).click();
  await expectPath(page, "/account");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your account");
  await settle(page, js);
}

/** Fills the login form (the page must be open) and submits it. */
export async function submitLogin(page: Page, email: string, password: string): Promise<void> {
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Log in");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Log in", exact: true }).click();
}

export async function logIn(
  page: Page,
  js: boolean,
  email: string,
  password = PASSWORD,
): Promise<void> {
  await visit(page, js, "/account/login");
  await submitLogin(page, email, password);
  await expectPath(page, "/account");
  await settle(page, js);
}

export async function logOut(page: Page, js: boolean): Promise<void> {
  await settle(page, js);
  await page
    .locator("header.site-header")
    .getByRole("button", { name: "Log out", exact: true })
    .click();
  await expectPath(page, "/");
}

const SCREENSHOT_DIR = path.resolve(__dirname, "..", "screenshots");

/** A full-page screenshot in end2end/screenshots/ (for looking, not asserting). */
export async function snap(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Errors in the browser: uncaught ones, and console errors but for refused requests. */
export function collectErrors(page: Page, allowedStatuses: number[] = []): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    if (allowedStatuses.some((s) => m.text().includes(`status of ${s}`))) return;
    errors.push(m.text());
  });
  return errors;
}
