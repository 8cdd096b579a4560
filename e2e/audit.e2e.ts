import { createThrowawayUser, CreatedUser } from './support/api';
import { byTestId, eventually, overlayOptions, signIn, textOf, textsOf, url, waitForPath } from './support/app';
import { useBrowser } from './support/fixture';
import { t } from './support/i18n';

const inPage = useBrowser();

describe('audit log (auditor)', () => {
  let created: CreatedUser;
  beforeAll(async () => {
    // Leaves a user.create event (and admin sign-ins) in the log to filter for.
    created = await createThrowawayUser('audit');
  });

  it(
    'lists sign-in events, and filtering by action shows only that action',
    inPage(async (page) => {
      await page.goto(url('/sign-in'));
      await signIn(page, 'auditor');
      await byTestId(page, 'nav-audit').click();
      await waitForPath(page, '/audit');
      expect(await textOf(page.locator('h1'))).toBe(t('zh-CN', 'pages.audit'));

      const rows = page.locator('tr[data-testid^="audit-row-"]');
      const actions = rows.locator('td.mat-column-action');
      const actors = rows.locator('td.mat-column-actor');
      const signInLabel = t('zh-CN', 'audit.actions.auth.login');
      const createLabel = t('zh-CN', 'audit.actions.user.create');

      // The auditor's own sign-in is in the list.
      await eventually(async () => {
        const all = await textsOf(actions);
        expect(all).toContain(signInLabel);
        const who = await textsOf(actors);
        expect(who[all.indexOf(signInLabel)]).toBeTruthy();
        expect(who).toContain('auditor');
      });
      expect(new Set(await textsOf(actions)).size).toBeGreaterThan(1);

      const chooseAction = async (action: string, label: string) => {
        await byTestId(page, 'audit-action').click();
        await Promise.all([
          page.waitForResponse((r) => r.url().includes('/api/audit-events?') && new URL(r.url()).searchParams.get('action') === action),
          overlayOptions(page).filter({ hasText: new RegExp(`^\\s*${label}\\s*$`) }).click(),
        ]);
        await eventually(async () => {
          const shown = await textsOf(actions);
          expect(shown.length).toBeGreaterThan(0);
          expect([...new Set(shown)]).toEqual([label]);
        });
      };

      await chooseAction('user.create', createLabel);
      const entities = await textsOf(rows.locator('td.mat-column-entity'));
      expect(entities.some((e) => e.includes(created.id))).toBe(true);

      await chooseAction('auth.login', signInLabel);
      expect(await textsOf(actors)).toContain('auditor');
    }),
  );
});
