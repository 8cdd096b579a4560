import type { Page } from 'playwright-core';
import { createThrowawayUser, CreatedUser } from './support/api';
import { byTestId, eventually, expectHeading, overlayOptions, signIn, textsOf, url, waitForPath } from './support/app';
import { useBrowser } from './support/fixture';
import { t } from './support/i18n';

const inPage = useBrowser();
const SIGN_IN = t('zh-CN', 'audit.actions.auth.login');
const USER_CREATE = t('zh-CN', 'audit.actions.user.create');

async function openAuditLog(page: Page) {
  await page.goto(url('/sign-in'));
  await signIn(page, 'auditor');
  await byTestId(page, 'nav-audit').click();
  await waitForPath(page, '/audit');
  await expectHeading(page, t('zh-CN', 'pages.audit'));
  const rows = page.locator('tr[data-testid^="audit-row-"]');
  await rows.first().waitFor();
  return {
    rows,
    actions: rows.locator('td.mat-column-action'),
    actors: rows.locator('td.mat-column-actor'),
    entities: rows.locator('td.mat-column-entity'),
  };
}

describe('audit log (auditor)', () => {
  let created: CreatedUser;
  beforeAll(async () => {
    // Leaves a user.create event (and admin sign-ins) in the log to filter for.
    created = await createThrowawayUser('audit');
  });

  it(
    'lists sign-in events; filtering by action shows only that action',
    inPage(async (page) => {
      const { actions, entities } = await openAuditLog(page);
      await eventually(async () => expect(await textsOf(actions)).toContain(SIGN_IN));
      expect(new Set(await textsOf(actions)).size).toBeGreaterThan(1);

      const chooseAction = async (action: string, label: string) => {
        await byTestId(page, 'audit-action').click();
        await Promise.all([
          page.waitForResponse((r) => r.url().includes('/api/audit-events?') && new URL(r.url()).searchParams.get('action') === action),
          overlayOptions(page)
            .filter({ hasText: new RegExp(`^\\s*${label}\\s*$`) })
            .click(),
        ]);
        await eventually(async () => {
          const shown = await textsOf(actions);
          expect(shown.length).toBeGreaterThan(0);
          expect([...new Set(shown)]).toEqual([label]);
        });
      };

      await chooseAction('user.create', USER_CREATE);
      expect((await textsOf(entities)).some((e) => e.includes(created.id))).toBe(true);

      await chooseAction('auth.login', SIGN_IN);
    }),
  );

  it(
    "shows the newest events first: the auditor's own sign-in heads the list",
    inPage(async (page) => {
      const { actions, actors } = await openAuditLog(page);
      expect([(await textsOf(actors))[0], (await textsOf(actions))[0]]).toEqual(['auditor', SIGN_IN]);
    }),
  );
});
