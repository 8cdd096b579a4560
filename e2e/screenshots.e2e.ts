/**
 * Screenshots of every console page, in both languages, for the docs: docs/screenshots/<page>.<lang>.png
 * (1280×800). Runs only when asked for, because it rewrites tracked files:
 *
 *   SCREENSHOTS=1 npx jest -c e2e/jest.config.cjs e2e/screenshots.e2e.ts
 *
 * Chinese needs a CJK font on the machine (`apt-get install -y fonts-noto-cjk`), or it shows as boxes.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { byTestId, DEMO_USERS, Role, signIn, url, waitForPath } from './support/app';
import { REPO_ROOT } from './support/env';
import { useBrowser } from './support/fixture';
import { Lang } from './support/i18n';

const OUT_DIR = join(REPO_ROOT, 'docs', 'screenshots');
const LANGS: Lang[] = ['zh-CN', 'en'];
const run = process.env['SCREENSHOTS'] === '1' ? describe : describe.skip;
const inPage = useBrowser();

/** Waits until the page has settled (no request in flight, no progress bar, fonts loaded), then saves it. */
async function shoot(page: Page, name: string, lang: Lang): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page
    .locator('mat-progress-bar')
    .waitFor({ state: 'detached' })
    .catch(() => undefined);
  await page.evaluate('document.fonts.ready.then(() => true)');
  await page.mouse.move(0, 799);
  await page.waitForTimeout(300);
  mkdirSync(OUT_DIR, { recursive: true });
  await page.screenshot({ path: join(OUT_DIR, `${name}.${lang}.png`), animations: 'disabled' });
}

async function openSignIn(page: Page, lang: Lang): Promise<void> {
  await page.goto(url('/sign-in'));
  await byTestId(page, `lang-${lang}`).click();
  await page.waitForFunction(`document.documentElement.lang === ${JSON.stringify(lang)}`);
}

async function openNav(page: Page, id: string, path: string): Promise<void> {
  await byTestId(page, `nav-${id}`).click();
  await waitForPath(page, path);
}

run.each(LANGS)('screenshots (%s)', (lang) => {
  it(
    'sign-in',
    inPage(async (page) => {
      await openSignIn(page, lang);
      await byTestId(page, 'login-username').fill('admin');
      await shoot(page, 'sign-in', lang);
    }),
  );

  it.each(Object.keys(DEMO_USERS) as Role[])('home of %s', (role) =>
    inPage(async (page) => {
      await openSignIn(page, lang);
      await signIn(page, role);
      await byTestId(page, 'home-greeting').waitFor();
      await shoot(page, `home-${role}`, lang);
    })(),
  );

  it(
    'users, user dialog, departments, dictionary (admin)',
    inPage(async (page) => {
      await openSignIn(page, lang);
      await signIn(page, 'admin');

      await openNav(page, 'users', '/users');
      await byTestId(page, 'user-row-nurse').waitFor();
      await shoot(page, 'users', lang);

      await byTestId(page, 'user-create').click();
      const dialog = page.locator('mat-dialog-container');
      await dialog.waitFor();
      await byTestId(dialog, 'user-form-username').fill('zhangli');
      await byTestId(dialog, 'user-form-display-name').fill(lang === 'en' ? 'Zhang Li' : '张丽');
      await shoot(page, 'user-dialog', lang);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });

      await openNav(page, 'departments', '/departments');
      const card = byTestId(page, 'department-panel-CARD');
      await card.locator('mat-expansion-panel-header').click();
      await card.locator('tr[mat-row], tr.mat-mdc-row').first().waitFor();
      await shoot(page, 'departments', lang);

      await openNav(page, 'dictionary', '/dictionary');
      await byTestId(page, 'dictionary-type-sex').click();
      await byTestId(page, 'dictionary-item-1').waitFor();
      await shoot(page, 'dictionary', lang);
    }),
  );

  it(
    'audit log (auditor)',
    inPage(async (page) => {
      await openSignIn(page, lang);
      await signIn(page, 'auditor');
      await openNav(page, 'audit', '/audit');
      await page.locator('tr[data-testid^="audit-row-"]').first().waitFor();
      await shoot(page, 'audit', lang);
    }),
  );
});
