import { execFileSync } from "node:child_process";
import { expect, type Page } from "@playwright/test";
import { expectPath, settle } from "./helpers";

/** Staff accounts and the admin area's login, for the admin journeys. */

export const STAFF_PASSWORD = "staff horse battery staple";

/**
 * Creates a staff account with the server's own command
 * (`server create-admin`), against the database the server under test
 * uses. The password comes from ADMIN_PASSWORD, as the command wants.
 */
export function createStaff(email: string, name: string, role: "admin" | "support" = "admin"): void {
  const bin = process.env.SERVER_BIN;
  const databaseUrl = process.env.E2E_DATABASE_URL;
  if (!bin || !databaseUrl) throw new Error("SERVER_BIN and E2E_DATABASE_URL must be set");
  execFileSync(bin, ["create-admin", "--email", email, "--name", name, "--role", role], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      ADMIN_PASSWORD: STAFF_PASSWORD,
      BCRYPT_COST: process.env.BCRYPT_COST ?? "4",
      RUST_LOG: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 30_000,
  });
}

/** Fills the staff login (the page must be open) and submits it. */
export async function submitStaffLogin(page: Page, email: string, password: string): Promise<void> {
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Staff login");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Log in", exact: true }).click();
}

/** Logs a staff member in and lands on the dashboard. */
export async function staffLogIn(page: Page, js: boolean, email: string): Promise<void> {
  await page.goto("/admin/login");
  await settle(page, js);
  await submitStaffLogin(page, email, STAFF_PASSWORD);
  await expectPath(page, "/admin");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dashboard");
  await settle(page, js);
}
