import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page, Response } from 'playwright-core';
import { ARTIFACTS_DIR, baseUrl, DEMO_PASSWORD } from './env';

export type Role = 'admin' | 'manager' | 'doctor' | 'nurse' | 'auditor';
export type NavId =
  | 'home'
  | 'worklist'
  | 'escalations'
  | 'reports'
  | 'patients'
  | 'questionnaires'
  | 'templates'
  | 'assignment'
  | 'imports'
  | 'interface'
  | 'users'
  | 'departments'
  | 'dictionary'
  | 'audit';

/** The demo accounts the backend seeds (backend/src/database/demo-seed.ts). */
export const DEMO_USERS: Record<Role, { displayName: string; nav: NavId[] }> = {
  admin: {
    displayName: '系统管理员',
    nav: [
      'home',
      'reports',
      'patients',
      'questionnaires',
      'templates',
      'assignment',
      'imports',
      'interface',
      'users',
      'departments',
      'dictionary',
    ],
  },
  manager: {
    displayName: '李主任（医务部）',
    nav: ['home', 'escalations', 'reports', 'patients', 'questionnaires', 'templates', 'assignment', 'departments', 'dictionary'],
  },
  doctor: {
    displayName: '张医生',
    nav: ['home', 'worklist', 'escalations', 'reports', 'patients', 'questionnaires', 'templates', 'dictionary'],
  },
  nurse: { displayName: '陈护士', nav: ['home', 'worklist', 'escalations', 'patients', 'questionnaires', 'templates', 'dictionary'] },
  auditor: { displayName: '审计员', nav: ['home', 'users', 'departments', 'dictionary', 'audit'] },
};

export const byTestId = (page: Page | Locator, id: string): Locator => page.locator(`[data-testid="${id}"]`);

export function url(path: string): string {
  return `${baseUrl()}${path}`;
}

/** The path (with query) the page is on, e.g. `/sign-in?returnUrl=%2Fusers`. */
export function pathOf(page: Page): string {
  const u = new URL(page.url());
  return `${u.pathname}${u.search}`;
}

/** Waits until the page's path (and query) matches. */
export async function waitForPath(page: Page, expected: string | RegExp, timeout = 10_000): Promise<void> {
  await page.waitForURL(
    (u) => {
      const path = `${u.pathname}${u.search}`;
      return typeof expected === 'string' ? path === expected : expected.test(path);
    },
    { timeout },
  );
}

/**
 * Retries `check` (Jest assertions) until it passes or `timeout` runs out, then rethrows the last
 * failure: for what the page shows after an asynchronous update.
 */
export async function eventually(check: () => Promise<void> | void, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Waits until the page heading reads `expected` (the transloco pipe renders an empty
 * h1 until the language file has loaded, so a single read races it).
 */
export async function expectHeading(page: Page, expected: string, timeout = 10_000): Promise<void> {
  await eventually(async () => expect(await textOf(page.locator('h1').first())).toBe(expected), timeout);
}

/** Trimmed, whitespace-collapsed visible text. */
export async function textOf(locator: Locator): Promise<string> {
  return ((await locator.innerText()) ?? '').replace(/\s+/g, ' ').trim();
}

/** Texts of every element the locator matches. */
export async function textsOf(locator: Locator): Promise<string[]> {
  return (await locator.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

/** Fills the sign-in form and submits it; resolves with the login API answer. */
export async function submitSignIn(page: Page, username: string, password: string): Promise<Response> {
  await byTestId(page, 'login-username').fill(username);
  await byTestId(page, 'login-password').fill(password);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/auth/login') && r.request().method() === 'POST'),
    byTestId(page, 'login-submit').click(),
  ]);
  return response;
}

/** Opens the sign-in page (unless already there) and signs in; waits for the console shell. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  if (!page.url().startsWith(url('/sign-in'))) {
    await page.goto(url('/sign-in'));
  }
  const response = await submitSignIn(page, username, password);
  if (response.status() !== 200) {
    throw new Error(`[e2e] signing in as ${username} answered ${response.status()}: ${await response.text()}`);
  }
  await byTestId(page, 'user-name').waitFor();
}

/** The `nav-*` entries of the side navigation, in order. */
export async function navIds(page: Page): Promise<string[]> {
  const ids = await page
    .locator('mat-sidenav [data-testid^="nav-"], nav [data-testid^="nav-"], [data-testid^="nav-"]')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-testid') ?? ''));
  return [...new Set(ids)].map((id) => id.replace(/^nav-/, ''));
}

/**
 * The options of the open select. By ARIA role, not by overlay container: the CDK may render its
 * overlays as popovers next to the trigger instead of in `.cdk-overlay-container`.
 */
export function overlayOptions(page: Page): Locator {
  return page.getByRole('option');
}

/**
 * The dialog that has just opened, once it has moved the focus to its first field: text typed before
 * that can end up in that field when the focus moves.
 */
export async function openedDialog(page: Page): Promise<Locator> {
  const dialog = page.locator('mat-dialog-container');
  await dialog.waitFor();
  await dialog.locator(':focus').waitFor();
  return dialog;
}

/** Saves a PNG of the page into e2e/artifacts (git-ignored) to look at after a failure. */
export async function saveFailureScreenshot(page: Page | undefined, name: string): Promise<void> {
  if (!page || page.isClosed()) return;
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = join(ARTIFACTS_DIR, `${name.replace(/[^\w.-]+/g, '_').slice(0, 120)}.png`);
  await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
}
