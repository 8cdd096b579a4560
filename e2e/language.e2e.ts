import { byTestId, eventually, signIn, textOf, url, waitForPath } from './support/app';
import { useBrowser } from './support/fixture';
import { Lang, t } from './support/i18n';

const inPage = useBrowser();

describe('display language', () => {
  it(
    'is Chinese by default, switches to English everywhere, and the choice survives a reload',
    inPage(async (page) => {
      const html = page.locator('html');
      const expectShell = async (lang: Lang) => {
        await eventually(async () => {
          expect(await html.getAttribute('lang')).toBe(lang);
          expect(await textOf(byTestId(page, 'nav-home'))).toBe(t(lang, 'nav.home'));
          expect(await textOf(byTestId(page, 'nav-users'))).toBe(t(lang, 'nav.users'));
          expect(await textOf(byTestId(page, 'nav-departments'))).toBe(t(lang, 'nav.departments'));
          expect(await textOf(byTestId(page, 'nav-dictionary'))).toBe(t(lang, 'nav.dictionary'));
          expect(await textOf(byTestId(page, 'sign-out'))).toBe(t(lang, 'auth.signOut'));
          expect(await textOf(byTestId(page, 'home-greeting'))).toBe(t(lang, 'home.greeting', { name: '系统管理员' }));
        });
      };

      await page.goto(url('/sign-in'));
      expect(await html.getAttribute('lang')).toBe('zh-CN');
      await eventually(async () => expect(await textOf(byTestId(page, 'login-submit'))).toBe(t('zh-CN', 'signIn.submit')));
      expect(await page.getByText(t('zh-CN', 'signIn.subtitle')).count()).toBe(1);

      await signIn(page, 'admin');
      await waitForPath(page, '/');
      await expectShell('zh-CN');

      await byTestId(page, 'lang-en').click();
      await expectShell('en');
      expect(await page.getByText(t('en', 'home.shortcuts')).count()).toBe(1);

      await page.reload();
      await byTestId(page, 'user-name').waitFor();
      await expectShell('en');

      await byTestId(page, 'lang-zh-CN').click();
      await expectShell('zh-CN');
      await page.reload();
      await byTestId(page, 'user-name').waitFor();
      await expectShell('zh-CN');
    }),
  );

  it(
    'can be chosen on the sign-in page before signing in',
    inPage(async (page) => {
      await page.goto(url('/sign-in'));
      await byTestId(page, 'lang-en').click();
      await eventually(async () => {
        expect(await page.locator('html').getAttribute('lang')).toBe('en');
        expect(await textOf(byTestId(page, 'login-submit'))).toBe(t('en', 'signIn.submit'));
      });
      await signIn(page, 'doctor');
      await eventually(async () => expect(await textOf(byTestId(page, 'nav-dictionary'))).toBe(t('en', 'nav.dictionary')));
    }),
  );
});
