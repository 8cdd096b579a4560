import { apiCall, createThrowawayUser } from './support/api';
import {
  byTestId,
  DEMO_USERS,
  eventually,
  expectHeading,
  navIds,
  pathOf,
  Role,
  signIn,
  submitSignIn,
  textOf,
  url,
  waitForPath,
} from './support/app';
import { useBrowser } from './support/fixture';
import { t, tPattern } from './support/i18n';

const inPage = useBrowser();
const ROLES = Object.keys(DEMO_USERS) as Role[];

describe('signing in', () => {
  it.each(ROLES)('%s lands on home, sees their name and only the navigation their role may use', (role) =>
    inPage(async (page) => {
      const { displayName, nav } = DEMO_USERS[role];
      await page.goto(url('/sign-in'));
      await signIn(page, role);

      await waitForPath(page, '/');
      expect(await textOf(byTestId(page, 'user-name'))).toBe(displayName);
      expect(await textOf(byTestId(page, 'home-greeting'))).toBe(t('zh-CN', 'home.greeting', { name: displayName }));
      expect(await navIds(page)).toEqual(nav);
    })(),
  );

  it(
    'a wrong password shows the translated error, in the language the user picks',
    inPage(async (page) => {
      const user = await createThrowawayUser('wrongpw');
      await page.goto(url('/sign-in'));

      const response = await submitSignIn(page, user.username, 'not-the-password-1');
      expect(response.status()).toBe(401);
      const error = byTestId(page, 'login-error');
      await eventually(async () => expect(await textOf(error)).toBe(t('zh-CN', 'errors.AUTH_INVALID_CREDENTIALS')));
      expect(pathOf(page)).toBe('/sign-in');
      expect(await byTestId(page, 'user-name').count()).toBe(0);

      await byTestId(page, 'lang-en').click();
      await eventually(async () => expect(await textOf(error)).toBe(t('en', 'errors.AUTH_INVALID_CREDENTIALS')));
    }),
  );

  it(
    'five wrong passwords lock the account; then even the right password is refused as locked',
    inPage(async (page) => {
      const user = await createThrowawayUser('lock');
      await page.goto(url('/sign-in'));
      const error = byTestId(page, 'login-error');
      const invalid = t('zh-CN', 'errors.AUTH_INVALID_CREDENTIALS');
      const locked = tPattern('zh-CN', 'errors.AUTH_ACCOUNT_LOCKED');

      for (let attempt = 1; attempt <= 4; attempt += 1) {
        const response = await submitSignIn(page, user.username, `wrong-password-${attempt}`);
        expect((await response.json()) as unknown).toMatchObject({ code: 'AUTH_INVALID_CREDENTIALS' });
        await eventually(async () => expect(await textOf(error)).toBe(invalid));
      }

      const fifth = await submitSignIn(page, user.username, 'wrong-password-5');
      expect((await fifth.json()) as unknown).toMatchObject({ code: 'AUTH_ACCOUNT_LOCKED' });
      await eventually(async () => expect(await textOf(error)).toMatch(locked));
      // The message names the time the lock ends.
      expect(locked.exec(await textOf(error))?.[1]?.trim()).toMatch(/\d/);

      const right = await submitSignIn(page, user.username, user.password);
      expect(right.status()).toBe(401);
      expect((await right.json()) as unknown).toMatchObject({ code: 'AUTH_ACCOUNT_LOCKED' });
      await eventually(async () => expect(await textOf(error)).toMatch(locked));
      expect(pathOf(page)).toBe('/sign-in');
      expect(await byTestId(page, 'user-name').count()).toBe(0);
    }),
  );
});

describe('signing out', () => {
  it(
    'returns to sign-in and ends the session; a protected page then asks to sign in and comes back after it',
    inPage(async (page) => {
      await page.goto(url('/sign-in'));
      await signIn(page, 'admin');
      const token = await page.evaluate<string | undefined>("(JSON.parse(localStorage.getItem('hcrm.session') || '{}') || {}).accessToken");

      await byTestId(page, 'sign-out').click();
      await waitForPath(page, '/sign-in');
      await byTestId(page, 'login-submit').waitFor();
      expect(await byTestId(page, 'user-name').count()).toBe(0);
      // Signing out revokes the session on the server, not just in the browser.
      expect(token).toBeTruthy();
      expect((await apiCall('GET', '/auth/me', token)).status).toBe(401);

      await page.goto(url('/users'));
      await waitForPath(page, '/sign-in?returnUrl=%2Fusers');
      await byTestId(page, 'login-submit').waitFor();

      await signIn(page, 'admin');
      await waitForPath(page, '/users');
      await expectHeading(page, t('zh-CN', 'pages.users'));
    }),
  );
});
