import { expect, test, type Locator, type Page } from "@playwright/test";
import { PASSWORD, collectErrors, expectPath, logOut, register, settle, snap, uniqueEmail, visit } from "./helpers";
import { createStaff, staffLogIn } from "./staff";

/**
 * Orders: a guest checks out and creates an account on the way (then sees
 * the order in their history), the same email again is told to log in, a
 * customer checks out from their address book with the defaults chosen, a
 * long history pages, and an admin marks an order paid (support sees no
 * buttons) while the customer sees the new status. The checkout and the
 * admin's order page run with and without JavaScript.
 *
 * Addresses are in Germany (no provinces, a five-digit postal code), so the
 * form needs no reload for its country without JavaScript either.
 */

const TEA = "Larkspur breakfast tea, 500 g"; // $18.00
const MUG = "Stoneware mug, speckled"; // $24.00

/** Fills the address form inside `scope` (a German address). */
async function fillAddress(page: Page, js: boolean, scope: Locator, city = "Berlin"): Promise<void> {
  await scope.getByLabel("Country", { exact: true }).selectOption("DE");
  await settle(page, js);
  await scope.getByLabel("First name", { exact: true }).fill("Ann");
  await scope.getByLabel("Last name", { exact: true }).fill("Lee");
  await scope.getByLabel("Address line 1", { exact: true }).fill("Unter den Linden 1");
  await scope.getByLabel("City", { exact: true }).fill(city);
  await scope.getByLabel("Postal code").fill("10117");
}

async function openCheckout(page: Page, js: boolean): Promise<void> {
  await visit(page, js, "/checkout");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Checkout");
}

async function placeOrder(page: Page, js: boolean): Promise<string> {
  await page.getByRole("button", { name: "Place order", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thank you for your order");
  await settle(page, js);
  const number = (await page.getByTestId("order-number").textContent())?.trim() ?? "";
  expect(number).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  return number;
}

/** Places an order through the checkout's server function, from the page (logged in). */
async function orderByPost(page: Page, quantity: number): Promise<void> {
  const status = await page.evaluate(async (quantity) => {
    const body = new URLSearchParams({
      "sku[]": "LK-HNY-030",
      "quantity[]": String(quantity),
      shipping_first_name: "Ann",
      shipping_last_name: "Lee",
      shipping_line1: "Unter den Linden 1",
      shipping_city: "Berlin",
      shipping_postal_code: "10117",
      shipping_country: "DE",
      billing_same: "on",
    });
    const res = await fetch("/api/fn/place_order", { method: "POST", body, redirect: "manual" });
    return res.status;
  }, quantity);
  expect([200, 302, 0]).toContain(status);
}

for (const js of [true, false]) {
  test.describe(js ? "checkout with JavaScript" : "checkout without JavaScript", () => {
    test.use({ javaScriptEnabled: js });

    test("a guest checks out, creating an account, and sees the order in their history", async ({ page }) => {
      // Refused posts (422) and the order a guest may not load (401) are expected.
      const errors = collectErrors(page, [401, 422]);
      const email = uniqueEmail("guest-order");
      await openCheckout(page, js);
      await expect(page.getByTestId("product-row")).toHaveCount(8);
      // Hydrated, the form follows the country itself: no reload button.
      const reload = page.locator("#shipping-address").getByRole("button", { name: "Update the form for this country" });
      await expect(reload).toHaveCount(js ? 0 : 1);
      // The sold-out tin cannot be ordered.
      await expect(page.getByLabel("Airtight tea tin, 250 g")).toBeDisabled();

      // Nothing chosen: the form says so beside the fields.
      await page.getByRole("button", { name: "Place order", exact: true }).click();
      await expect(page.locator("#items-error")).toHaveText("Add at least one product.");
      await expect(page.locator("#email-error")).toHaveText("Enter the email address for the order.");
      await expect(page.locator("#shipping_city-error")).not.toBeEmpty();
      await settle(page, js);

      await page.getByLabel(TEA).fill("2");
      await page.getByLabel(MUG).fill("1");
      await page.getByLabel("Email", { exact: true }).fill(email);
      await fillAddress(page, js, page.locator("#shipping-address"));
      await page.getByLabel("Create an account").check();
      await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
      await snap(page, js ? "checkout" : "checkout-nojs");
      const number = await placeOrder(page, js);
      await expect(page.getByTestId("account-notice")).toContainText("Your account was created");
      const totals = page.getByTestId("order-totals");
      await expect(totals).toContainText("Subtotal");
      await expect(totals.locator(".order-subtotal")).toContainText("$60.00");
      await expect(totals).toContainText("Total");
      await snap(page, js ? "checkout-done" : "checkout-done-nojs");
      // Logged in as the new account.
      await expect(page.getByTestId("nav-user")).toHaveText("Ann");

      // The history and the order's page.
      await visit(page, js, "/account/orders");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your orders");
      const row = page.getByTestId("order-row");
      await expect(row).toHaveCount(1);
      await expect(row).toContainText("Pending");
      await expect(row).toContainText("3 items");
      await row.getByRole("link", { name: number }).click();
      await expectPath(page, `/account/orders/${number}`);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Order ${number}`);
      await expect(page.getByTestId("status-history")).toContainText("Pending");
      await expect(page.getByRole("region", { name: "Shipping address" })).toContainText("Unter den Linden 1");
      await expect(page.getByRole("region", { name: "Billing address" })).toContainText("Berlin");
      await snap(page, js ? "order" : "order-nojs");

      // The same email again, as a guest: the account exists, so the order
      // is a guest order and the page says to log in.
      await logOut(page, js);
      await openCheckout(page, js);
      await page.getByLabel(TEA).fill("1");
      await page.getByLabel("Email", { exact: true }).fill(email);
      await fillAddress(page, js, page.locator("#shipping-address"));
      await page.getByLabel("Create an account").check();
      await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
      await placeOrder(page, js);
      const notice = page.getByTestId("account-notice");
      await expect(notice).toContainText("An account already uses this email.");
      await expect(notice).toContainText("to see this order in your history");
      await expect(notice.getByRole("link", { name: "Log in" })).toHaveAttribute("href", /\/account\/login/);
      expect(errors).toEqual([]);
    });

    test("an admin marks an order paid; support sees no buttons; the customer sees it", async ({ page, browser }) => {
      const customer = await (await browser.newContext({ javaScriptEnabled: js })).newPage();
      const email = uniqueEmail("paid-order");
      await register(customer, js, email);
      await openCheckout(customer, js);
      await customer.getByLabel(TEA).fill("1");
      await fillAddress(customer, js, customer.locator("#shipping-address"));
      const number = await placeOrder(customer, js);

      // The admin finds the order on the customer's page.
      const adminEmail = uniqueEmail("orders-admin");
      createStaff(adminEmail, "Olga Orders");
      await staffLogIn(page, js, adminEmail);
      await visit(page, js, `/admin/customers?q=${encodeURIComponent(email)}`);
      await page.getByTestId("customer-grid").getByRole("link", { name: "Ann Lee" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ann Lee");
      await settle(page, js);
      await page.getByTestId("order-row").getByRole("link", { name: number }).click();
      await expectPath(page, `/admin/orders/${number}`);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Order ${number}`);
      await settle(page, js);
      await expect(page.getByRole("button", { name: "Cancel the order" })).toBeVisible();
      await page.getByRole("button", { name: "Mark as paid", exact: true }).click();
      await expect(page.getByTestId("done")).toHaveText("The order is now paid.");
      await expect(page.getByTestId("status-history")).toContainText("Paid");
      // Paid goes on to shipped or refunded.
      await expect(page.getByRole("button", { name: "Mark as shipped", exact: true })).toBeVisible();
      await snap(page, js ? "admin-order" : "admin-order-nojs");

      // Support sees the order, without buttons.
      const supportEmail = uniqueEmail("orders-support");
      createStaff(supportEmail, "Sam Support", "support");
      const support = await (await browser.newContext({ javaScriptEnabled: js })).newPage();
      await staffLogIn(support, js, supportEmail);
      await visit(support, js, `/admin/orders/${number}`);
      await expect(support.getByRole("heading", { level: 1 })).toHaveText(`Order ${number}`);
      await expect(support.getByRole("button", { name: /Mark as/ })).toHaveCount(0);

      // The customer sees the new status.
      await visit(customer, js, `/account/orders/${number}`);
      await expect(customer.getByRole("heading", { level: 1 })).toHaveText(`Order ${number}`);
      await expect(customer.locator(".order-head").getByTestId("order-status")).toHaveText("Paid");
    });
  });
}

test.describe("orders with JavaScript", () => {
  test("a customer checks out from their address book with the defaults chosen", async ({ page }) => {
    const errors = collectErrors(page);
    await register(page, true, uniqueEmail("book-order"));
    // Two addresses: Home (the first: default for both), then Office,
    // made the default billing address.
    for (const [label, city, billing] of [
      ["Home", "Berlin", false],
      ["Office", "Hamburg", true],
    ] as const) {
      await page.evaluate(
        async ({ label, city, billing }) => {
          const body = new URLSearchParams({
            label,
            first_name: "Ann",
            last_name: "Lee",
            line1: `${label}strasse 5`,
            city,
            postal_code: "10117",
            country: "DE",
          });
          if (billing) body.set("default_billing", "on");
          await fetch("/api/fn/add_address", { method: "POST", body, redirect: "manual" });
        },
        { label, city, billing },
      );
    }
    await openCheckout(page, true);
    await expect(page.getByTestId("order-email")).toBeVisible();
    await expect(page.getByLabel("Email", { exact: true })).toHaveCount(0);
    const shipping = page.locator("#shipping-address");
    await expect(shipping.getByRole("radio", { name: /Home/ })).toBeChecked();
    // The new-address form shows only when chosen.
    await expect(shipping.getByLabel("City", { exact: true })).toBeHidden();
    await shipping.getByRole("radio", { name: "A new address" }).check();
    await expect(shipping.getByLabel("City", { exact: true })).toBeVisible();
    await shipping.getByRole("radio", { name: /Home/ }).check();
    // Billing: the same as shipping at first; else the default billing address.
    await expect(page.getByLabel("Billing address same as shipping")).toBeChecked();
    await page.getByLabel("Billing address same as shipping").uncheck();
    const billing = page.locator("#billing-address");
    await expect(billing.getByRole("radio", { name: /Office/ })).toBeChecked();
    await expect(page.getByLabel("Create an account")).toHaveCount(0);

    await page.getByLabel(MUG).fill("2");
    await snap(page, "checkout-book");
    const number = await placeOrder(page, true);
    await expect(page.getByTestId("account-notice")).toHaveCount(0);
    await expect(page.getByRole("region", { name: "Shipping address" })).toContainText("Homestrasse 5");
    await expect(page.getByRole("region", { name: "Billing address" })).toContainText("Officestrasse 5");
    await page.getByRole("link", { name: "View this order" }).click();
    await expectPath(page, `/account/orders/${number}`);
    expect(errors).toEqual([]);
  });

  test("a long history pages, newest first; the dashboard shows the latest three", async ({ page }) => {
    const errors = collectErrors(page, [404]);
    await register(page, true, uniqueEmail("many-orders"));
    for (let i = 1; i <= 12; i++) await orderByPost(page, i);

    await visit(page, true, "/account");
    const latest = page.getByTestId("latest-order");
    await expect(latest).toHaveCount(3);
    await expect(latest.first()).toContainText("12 items");
    await page.getByRole("link", { name: "All your orders" }).click();
    await expectPath(page, "/account/orders");
    await expect(page.getByText("12 orders, newest first.")).toBeVisible();
    const rows = page.getByTestId("order-row");
    await expect(rows).toHaveCount(10);
    await expect(rows.first()).toContainText("12 items");
    await expect(page.getByTestId("pager-where")).toHaveText("Page 1 of 2");
    await settle(page, true);
    await page.getByRole("link", { name: "Older →" }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("page")).toBe("2");
    await expect(rows).toHaveCount(2);
    await expect(rows.last().locator("td.num").first()).toHaveText("1 item");
    await expect(page.getByTestId("pager-where")).toHaveText("Page 2 of 2");
    await page.getByRole("link", { name: "← Newer" }).click();
    await expect(page.getByTestId("pager-where")).toHaveText("Page 1 of 2");
    await expect(rows).toHaveCount(10);

    // Another customer's order is simply not found.
    await visit(page, true, "/account/orders/AAAA-AAAA");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Order not found");
    expect(errors).toEqual([]);
  });

  test("the orders pages send a visitor who is not logged in to the login page", async ({ page }) => {
    await visit(page, true, "/account/orders");
    await expectPath(page, "/account/login");
    await visit(page, true, "/account/orders/AAAA-AAAA");
    await expectPath(page, "/account/login");
  });
});
