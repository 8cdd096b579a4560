import { apiCall, apiLogin, uniqueName } from './support/api';
import {
  byTestId,
  DEMO_USERS,
  eventually,
  expectHeading,
  openedDialog,
  overlayOptions,
  Role,
  signIn,
  textOf,
  textsOf,
  url,
  waitForPath,
} from './support/app';
import { useBrowser } from './support/fixture';
import { t } from './support/i18n';

const inPage = useBrowser();

describe('users page (admin)', () => {
  it(
    'lists the demo users',
    inPage(async (page) => {
      await page.goto(url('/sign-in'));
      await signIn(page, 'admin');
      await byTestId(page, 'nav-users').click();
      await waitForPath(page, '/users');
      await expectHeading(page, t('zh-CN', 'pages.users'));

      for (const [username, { displayName }] of Object.entries(DEMO_USERS)) {
        const row = byTestId(page, `user-row-${username}`);
        await row.waitFor();
        const text = await textOf(row);
        expect(text).toContain(displayName);
        expect(text).toContain(t('zh-CN', `roles.${username as Role}`));
      }
      const nurse = await textOf(byTestId(page, 'user-row-nurse'));
      expect(nurse).toContain('心内科');
      expect(nurse).toContain('内分泌科');
    }),
  );

  it(
    'creates a user, who then appears in the list',
    inPage(async (page) => {
      const username = uniqueName('new');
      const displayName = `王测试${username.slice(-4)}`;
      await page.goto(url('/sign-in'));
      await signIn(page, 'admin');
      await page.goto(url('/users'));
      await byTestId(page, 'user-row-admin').waitFor();

      await byTestId(page, 'user-create').click();
      const dialog = await openedDialog(page);
      expect(await textOf(dialog.locator('[mat-dialog-title], .mat-mdc-dialog-title'))).toBe(t('zh-CN', 'users.create'));
      await byTestId(dialog, 'user-form-username').fill(username);
      await byTestId(dialog, 'user-form-display-name').fill(displayName);
      await byTestId(dialog, 'user-form-password').fill('Welcome2024');

      await byTestId(dialog, 'user-form-roles').click();
      await overlayOptions(page)
        .filter({ hasText: t('zh-CN', 'roles.doctor') })
        .click();
      await page.keyboard.press('Escape');
      await byTestId(dialog, 'user-form-departments').click();
      await overlayOptions(page).filter({ hasText: '心内科' }).click();
      await page.keyboard.press('Escape');
      await eventually(async () => {
        expect(await textOf(byTestId(dialog, 'user-form-roles'))).toContain(t('zh-CN', 'roles.doctor'));
        expect(await textOf(byTestId(dialog, 'user-form-departments'))).toContain('心内科');
      });

      const [created] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/users') && r.request().method() === 'POST'),
        byTestId(dialog, 'user-form-submit').click(),
      ]);
      expect(created.status()).toBe(201);
      await dialog.waitFor({ state: 'detached' });

      const row = byTestId(page, `user-row-${username}`);
      await row.waitFor();
      const text = await textOf(row);
      expect(text).toContain(displayName);
      expect(text).toContain(t('zh-CN', 'roles.doctor'));
      expect(text).toContain('心内科');

      // …and it really is stored.
      const token = await apiLogin('admin');
      const found = await apiCall<{ items: Array<{ username: string; roles: string[]; departments: Array<{ code: string }> }> }>(
        'GET',
        `/users?q=${encodeURIComponent(username)}`,
        token,
      );
      expect(found.body.items).toEqual([
        expect.objectContaining({ username, roles: ['doctor'], departments: [expect.objectContaining({ code: 'CARD' })] }),
      ]);
    }),
  );
});

describe('departments page', () => {
  it(
    'shows 心内科 with its wards',
    inPage(async (page) => {
      await page.goto(url('/sign-in'));
      await signIn(page, 'admin');
      await byTestId(page, 'nav-departments').click();
      await waitForPath(page, '/departments');
      await expectHeading(page, t('zh-CN', 'pages.departments'));

      const panel = byTestId(page, 'department-panel-CARD');
      await panel.waitFor();
      const header = panel.locator('mat-expansion-panel-header');
      expect(await textOf(header)).toContain('心内科');
      expect(await textOf(header)).toContain(t('zh-CN', 'departments.wardCount', { count: 2 }));
      await header.click();
      const wards = panel.locator('tr.mat-mdc-row, tr[mat-row]');
      await eventually(async () => {
        const rows = await textsOf(wards);
        expect(rows).toHaveLength(2);
        expect(rows[0]).toContain('CARD-1');
        expect(rows[0]).toContain('心内科一病区');
        expect(rows[1]).toContain('CARD-2');
        expect(rows[1]).toContain('心内科二病区');
      });
      // Other departments are listed too.
      await byTestId(page, 'department-panel-ENDO').waitFor();
    }),
  );
});

describe('dictionary page', () => {
  it(
    'shows the 性别 / Sex list with its items in both languages',
    inPage(async (page) => {
      await page.goto(url('/sign-in'));
      await signIn(page, 'admin');
      await byTestId(page, 'nav-dictionary').click();
      await waitForPath(page, '/dictionary');
      await expectHeading(page, t('zh-CN', 'pages.dictionary'));

      const sexType = byTestId(page, 'dictionary-type-sex');
      expect(await textOf(sexType)).toContain('性别');
      await sexType.click();
      const expectItems = async (labels: Record<string, string>, heading: string) =>
        eventually(async () => {
          expect(await textOf(page.locator('section h2'))).toBe(heading);
          for (const [code, label] of Object.entries(labels)) {
            const cells = await textsOf(byTestId(page, `dictionary-item-${code}`).locator('td'));
            expect(cells[0]).toBe(code);
            expect(cells[1]).toBe(label);
          }
        });
      await expectItems({ '0': '未知的性别', '1': '男', '2': '女', '9': '未说明的性别' }, '性别');

      await byTestId(page, 'lang-en').click();
      await eventually(async () => expect(await textOf(sexType)).toContain('Sex'));
      await expectItems({ '0': 'Unknown', '1': 'Male', '2': 'Female', '9': 'Unspecified' }, 'Sex');
    }),
  );
});
