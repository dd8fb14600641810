import { expect } from "@playwright/test";

/**
 * Reading the shop's mail back from the mail sink (MailDev 3, started by
 * playwright.config.ts): its REST API lists every message it received at
 * `GET /api/email`, each with `to`, `subject`, `time` and the `text` body.
 */

const MAILDEV_PORT = process.env.E2E_MAILDEV_PORT;

export interface Mail {
  id: string;
  time: string;
  subject: string;
  to: { address: string; name?: string }[];
  text?: string;
  html?: string;
}

async function allMail(): Promise<Mail[]> {
  if (!MAILDEV_PORT) throw new Error("E2E_MAILDEV_PORT is not set");
  const res = await fetch(`http://127.0.0.1:${MAILDEV_PORT}/api/email`);
  if (!res.ok) throw new Error(`MailDev answered ${res.status}`);
  return (await res.json()) as Mail[];
}

/** The mail to `to`, newest first. */
export async function mailTo(to: string): Promise<Mail[]> {
  const wanted = to.toLowerCase();
  return (await allMail())
    .filter((m) => m.to.some((r) => r.address.toLowerCase() === wanted))
    .sort((a, b) => Date.parse(b.time) - Date.parse(a.time));
}

/**
 * Waits (polling, with a deadline) for the newest mail to `to` whose subject
 * matches `subject` and that is not one of `seen` (ids of mail read before),
 * and returns it.
 */
export async function waitForMail(
  to: string,
  subject: RegExp,
  options: { seen?: string[]; timeoutMs?: number } = {},
): Promise<Mail> {
  const seen = new Set(options.seen ?? []);
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  for (;;) {
    const found = (await mailTo(to)).find((m) => subject.test(m.subject) && !seen.has(m.id));
    if (found) return found;
    if (Date.now() > deadline) {
      const subjects = (await mailTo(to)).map((m) => m.subject);
      throw new Error(
        `no mail to ${to} matching ${subject} within the deadline (received: ${JSON.stringify(subjects)})`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The ids of the mail `to` has received so far. */
export async function mailIds(to: string): Promise<string[]> {
  return (await mailTo(to)).map((m) => m.id);
}

/**
 * The shop link in `mail` to `pathname` (`/account/reset-password`...), as a
 * path with its query, to open against the test's base URL.
 */
export function linkIn(mail: Mail, pathname: string): string {
  const body = `${mail.text ?? ""}\n${mail.html ?? ""}`;
  const escaped = pathname.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = body.match(new RegExp(`https?://[^\\s"'<>]+?${escaped}\\?token=[A-Za-z0-9_.~%-]+`));
  expect(match, `a ${pathname} link in "${mail.subject}": ${body}`).not.toBeNull();
  const url = new URL((match as RegExpMatchArray)[0].replace(/&amp;/g, "&"));
  return `${url.pathname}${url.search}`;
}
