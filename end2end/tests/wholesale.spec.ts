import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { expect, request, test, type APIRequestContext, type Page } from "@playwright/test";

import { expectPath, logOut, register, settle, submitLogin, uniqueEmail, visit } from "./helpers";

/**
 * The wholesale price list (/wholesale): a logged-out visitor is asked to
 * log in and comes back to it; a customer of another group reads why there
 * are no prices; once an admin opens the page to that group, the next
 * request shows the table, and the dashboard links to it. Run with and
 * without JavaScript.
 *
 * The admin is created with the server's own `create-admin` command on
 * this run's database, and changes the page's groups over REST.
 */

const ADMIN_PASSWORD = "quartz lantern orchard 71";
const GENERAL = "00000000-0000-4000-8000-000000000001";
const WHOLESALE = "00000000-0000-4000-8000-000000000002";
const VIP = "00000000-0000-4000-8000-000000000003";
const ACCESS = "/api/admin/pages/wholesale/access";
const SCREENSHOT_DIR = path.resolve(__dirname, "..", "screenshots");

/** A staff API client logged in as a new admin. */
async function adminClient(baseURL: string): Promise<APIRequestContext> {
  const email = uniqueEmail("admin");
  execFileSync(process.env.SERVER_BIN ?? "", ["create-admin", "--email", email, "--name", "E2E Admin"], {
    env: {
      ...process.env,
      DATABASE_URL: process.env.E2E_DATABASE_URL ?? "",
      ADMIN_PASSWORD,
      BCRYPT_COST: "4",
    },
    stdio: "pipe",
  });
  const admin = await request.newContext({ baseURL });
  const login = await admin.post("/api/admin/login", { data: { email, password: ADMIN_PASSWORD } });
  expect(login.status()).toBe(200);
  return admin;
}

async function openTo(admin: APIRequestContext, groups: string[]): Promise<void> {
  const res = await admin.put(ACCESS, { data: { groups } });
  expect(res.status()).toBe(200);
}

async function expectClosed(page: Page): Promise<void> {
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Wholesale price list");
  await expect(page.getByTestId("wholesale-closed")).toHaveText("This price list is for trade customers.");
  await expect(page.getByTestId("price-table")).toHaveCount(0);
  await expect(page.getByText("$11.50")).toHaveCount(0);
}

for (const js of [true, false]) {
  test.describe(js ? "wholesale with JavaScript" : "wholesale without JavaScript", () => {
    test.use({ javaScriptEnabled: js });

    test("log in from the page, the trade message, then the list once the page is opened", async ({ page, baseURL }) => {
      const admin = await adminClient(baseURL ?? "");
      try {
        const email = uniqueEmail("trade");
        await register(page, js, email);
        // The dashboard offers no price list to General.
        await expect(page.getByTestId("trade-card")).toHaveCount(0);
        await logOut(page, js);

        // Logged out: asked to log in, and brought back.
        await visit(page, js, "/wholesale");
        await expect(page.getByText("Please log in to see our trade prices")).toBeVisible();
        await expect(page.getByTestId("price-table")).toHaveCount(0);
        await page.getByTestId("wholesale-login").click();
        await expectPath(page, "/account/login");
        await settle(page, js);
        await submitLogin(page, email, "correct horse battery");
        await expectPath(page, "/wholesale");
        await settle(page, js);
        await expectClosed(page);

        // An admin opens the page to General: the next request shows it.
        await openTo(admin, [GENERAL, WHOLESALE, VIP]);
        await visit(page, js, "/wholesale");
        const table = page.getByTestId("price-table");
        await expect(table).toBeVisible();
        await expect(table.getByRole("row")).toHaveCount(7);
        const tea = table.getByRole("row", { name: /Larkspur breakfast tea/ });
        await expect(tea).toContainText("12 units");
        await expect(tea).toContainText("$18.00");
        await expect(tea).toContainText("$11.50");
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `wholesale-${js ? "js" : "nojs"}.png`), fullPage: true });

        // The dashboard links to it now.
        await visit(page, js, "/account");
        const card = page.getByTestId("trade-card");
        await expect(card).toBeVisible();
        await card.getByRole("link", { name: "Wholesale price list" }).click();
        await expectPath(page, "/wholesale");
        await expect(page.getByTestId("price-table")).toBeVisible();

        // Closed again: the next request says so.
        await openTo(admin, [WHOLESALE, VIP]);
        await visit(page, js, "/wholesale");
        await expectClosed(page);
      } finally {
        await openTo(admin, [WHOLESALE, VIP]);
        await admin.dispose();
      }
    });
  });
}
