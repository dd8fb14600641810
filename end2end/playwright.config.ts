import * as os from "node:os";
import * as path from "node:path";
import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests for the shop.
 *
 * The server is started by Playwright itself (see `webServer`) from a release
 * binary built beforehand. Required environment:
 *
 *   SERVER_BIN         absolute path to the release server binary
 *   E2E_PORT           port the server listens on (127.0.0.1 only)
 *   E2E_DATABASE_URL   throwaway database for this run (sqlite: or postgres://)
 *   E2E_SMTP_PORT      port of the mail sink's SMTP server (127.0.0.1 only)
 *   E2E_MAILDEV_PORT   port of the mail sink's web API (127.0.0.1 only)
 *
 * The mail sink is MailDev (npm `maildev`), started here as a second web
 * server: the shop delivers its mail to it over SMTP, and the tests read it
 * back from its REST API (`GET /api/email`, see tests/mail.ts). A port that
 * is taken fails the run (MailDev exits), it is never reused.
 *
 * Optional: LEPTOS_SITE_ROOT (default "target/site", relative to the repo
 * root), BCRYPT_COST (default "4"), RUST_LOG (default "info").
 *
 * Browsers are never downloaded: Chromium comes from the system
 * (/usr/bin/chromium). Do not run `npx playwright install`.
 */

function requireEnv(name: string, hint: string): string {
  const value = process.env[name];
  if (value === undefined || value.trim() === "") {
    throw new Error(
      `playwright.config.ts: environment variable ${name} is not set (${hint}).`,
    );
  }
  return value;
}

const SERVER_BIN = requireEnv(
  "SERVER_BIN",
  "absolute path to the release server binary, e.g. $PWD/target/release/server",
);
if (!path.isAbsolute(SERVER_BIN)) {
  throw new Error(
    `playwright.config.ts: SERVER_BIN must be an absolute path, got "${SERVER_BIN}".`,
  );
}

const PORT = requireEnv("E2E_PORT", "the port the server under test listens on");
if (!/^\d+$/.test(PORT) || Number(PORT) < 1 || Number(PORT) > 65535) {
  throw new Error(
    `playwright.config.ts: E2E_PORT must be a port number (1-65535), got "${PORT}".`,
  );
}

function requirePort(name: string, hint: string): string {
  const value = requireEnv(name, hint);
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 65535) {
    throw new Error(
      `playwright.config.ts: ${name} must be a port number (1-65535), got "${value}".`,
    );
  }
  return value;
}

const SMTP_PORT = requirePort("E2E_SMTP_PORT", "the port the mail sink takes mail on");
const MAILDEV_PORT = requirePort("E2E_MAILDEV_PORT", "the port of the mail sink's web API");
if (new Set([PORT, SMTP_PORT, MAILDEV_PORT]).size !== 3) {
  throw new Error(
    "playwright.config.ts: E2E_PORT, E2E_SMTP_PORT and E2E_MAILDEV_PORT must differ.",
  );
}
const MAILDEV_URL = `http://127.0.0.1:${MAILDEV_PORT}`;
// This run's own mail store, emptied at start (not MailDev's shared default).
const MAIL_DIR = path.join(os.tmpdir(), `shop-e2e-maildev-${SMTP_PORT}`);
const MAILDEV_BIN = path.join(__dirname, "node_modules", "maildev", "dist", "bin", "maildev.js");

const DATABASE_URL = requireEnv(
  "E2E_DATABASE_URL",
  "a throwaway sqlite: or postgres:// URL for this test run",
);

const BASE_URL = `http://127.0.0.1:${PORT}`;
const REPO_ROOT = path.resolve(__dirname, "..");

/** process.env without undefined values, as webServer.env expects. */
function inheritedEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined) env[key] = value;
  }
  return env;
}

export default defineConfig({
  testDir: "./tests",
  outputDir: "./test-results",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [["list"]],

  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },

  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
          ],
        },
      },
    },
  ],

  webServer: [
    {
      // The mail sink: SMTP and its web API, both on 127.0.0.1 only.
      command: [
        `rm -rf ${JSON.stringify(MAIL_DIR)} &&`,
        `exec ${JSON.stringify(process.execPath)} ${JSON.stringify(MAILDEV_BIN)}`,
        `--smtp ${SMTP_PORT} --ip 127.0.0.1`,
        `--web ${MAILDEV_PORT} --web-ip 127.0.0.1`,
        `--mail-directory ${JSON.stringify(MAIL_DIR)}`,
      ].join(" "),
      url: `${MAILDEV_URL}/api/healthz`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    },
    {
      // Quoted so that a path containing spaces still works through the shell.
      command: JSON.stringify(SERVER_BIN),
      cwd: REPO_ROOT,
      url: `${BASE_URL}/health`,
      // A port that is already taken must fail the run, never be silently reused.
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "pipe",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
      env: {
        ...inheritedEnv(),
        LEPTOS_SITE_ADDR: `127.0.0.1:${PORT}`,
        LEPTOS_SITE_ROOT: process.env.LEPTOS_SITE_ROOT ?? "target/site",
        APP_BASE_URL: BASE_URL,
        DATABASE_URL,
        BCRYPT_COST: process.env.BCRYPT_COST ?? "4",
        // Every test registers from 127.0.0.1: lift the per-IP hourly limit.
        REGISTRATION_MAX_PER_IP: process.env.REGISTRATION_MAX_PER_IP ?? "100000",
        // Mail goes to the sink above; every test asks for mail from
        // 127.0.0.1, so the hourly limits are lifted the same way.
        SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
        MAIL_MAX_PER_IP: process.env.MAIL_MAX_PER_IP ?? "100000",
        MAIL_MAX_PER_ADDRESS: process.env.MAIL_MAX_PER_ADDRESS ?? "1000", // its maximum
        RUST_LOG: process.env.RUST_LOG ?? "info",
      },
    },
  ],
});
