import { byTestId, eventually, overlayOptions, pathOf, signIn, textOf, textsOf, url, waitForPath } from './support/app';
import { useBrowser } from './support/fixture';
import { t } from './support/i18n';

const inPage = useBrowser();

describe('department switcher', () => {
  it(
    "lists the nurse's two departments and narrows the console to the one she picks",
    inPage(async (page) => {
      await page.goto(url('/sign-in'));
      await signIn(page, 'nurse');
      const switcher = byTestId(page, 'department-switcher');
      await switcher.click();
      const options = overlayOptions(page);
      await eventually(async () => {
        expect(await textsOf(options)).toEqual([t('zh-CN', 'shell.allDepartments'), '心内科', '内分泌科']);
      });
      await byTestId(page, 'department-ENDO').click();
      await eventually(async () => expect(await textOf(switcher)).toBe('内分泌科'));

      // The choice survives a reload.
      await page.reload();
      await eventually(async () => expect(await textOf(byTestId(page, 'department-switcher'))).toBe('内分泌科'));
    }),
  );

  it(
    'is not shown to a doctor with a single department',
    inPage(async (page) => {
      await page.goto(url('/sign-in'));
      await signIn(page, 'doctor');
      await byTestId(page, 'nav-home').waitFor();
      expect(await byTestId(page, 'department-switcher').count()).toBe(0);
    }),
  );
});

describe('page permissions', () => {
  it(
    'sends a doctor who opens /audit back home with a notice',
    inPage(async (page) => {
      await page.goto(url('/sign-in'));
      await signIn(page, 'doctor');
      await page.goto(url('/audit'));
      await waitForPath(page, '/');
      await eventually(async () => expect(await page.getByText(t('zh-CN', 'auth.noPermission')).count()).toBe(1));
      expect(pathOf(page)).toBe('/');
    }),
  );
});

describe('page integrity', () => {
  it(
    "runs without Content-Security-Policy violations, so the console's global stylesheet applies",
    inPage(async (page) => {
      const violations: string[] = [];
      page.on('console', (message) => {
        if (message.text().includes('Content Security Policy')) violations.push(message.text());
      });
      await page.goto(url('/sign-in'));
      await signIn(page, 'admin');
      await page.goto(url('/users'));
      await byTestId(page, 'user-row-admin').waitFor();

      // Every stylesheet the page links must be in force on screen, not left at media="print".
      const linked = await page.evaluate<Array<{ href: string; media: string }>>(
        '[...document.styleSheets].filter((s) => s.href).map((s) => ({ href: s.href, media: s.media.mediaText }))',
      );
      expect(linked.length).toBeGreaterThan(0);
      expect(linked.filter((s) => s.media === 'print')).toEqual([]);
      expect(violations).toEqual([]);
    }),
  );
});
