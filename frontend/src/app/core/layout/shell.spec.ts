import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { TranslocoTestingModule } from '@jsverse/transloco';
import en from '../../../../public/i18n/en.json';
import { AuthStore } from '../auth/auth.store';
import { aLogin } from '../auth/testing';
import { CurrentUser } from '../auth/auth.models';
import { registerIcons } from './icons';
import { Shell } from './shell';

describe('Shell', () => {
  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [
        Shell,
        TranslocoTestingModule.forRoot({
          langs: { en },
          translocoConfig: { availableLangs: ['en'], defaultLang: 'en' },
          preloadLangs: true,
        }),
      ],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    TestBed.runInInjectionContext(registerIcons);
  });

  async function render(user: Partial<CurrentUser>) {
    TestBed.inject(AuthStore).setSession(aLogin(user));
    const fixture = TestBed.createComponent(Shell);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }
  const testIds = (root: HTMLElement, prefix: string) =>
    [...root.querySelectorAll(`[data-testid^="${prefix}"]`)].map((el) => el.getAttribute('data-testid'));

  it('shows only the nav entries the permissions allow', async () => {
    const root = await render({ permissions: ['user.read', 'audit.read'] });
    expect(testIds(root, 'nav-')).toEqual(['nav-home', 'nav-users', 'nav-audit']);
    expect(root.querySelector('[data-testid="nav-users"]')?.textContent).toContain('Users');
  });

  it('shows Home alone without permissions', async () => {
    const root = await render({ permissions: [] });
    expect(testIds(root, 'nav-')).toEqual(['nav-home']);
  });

  it('shows the user name, translated roles and the sign-out button', async () => {
    const root = await render({ displayName: 'Dr. Wang', roles: ['doctor', 'nurse'] });
    expect(root.querySelector('[data-testid="user-name"]')?.textContent?.trim()).toBe('Dr. Wang');
    expect(root.querySelector('[data-testid="user-roles"]')?.textContent?.trim()).toBe('Doctor, Nurse');
    expect(root.querySelector('[data-testid="sign-out"]')).not.toBeNull();
    expect(testIds(root, 'lang-')).toEqual(['lang-switch', 'lang-zh-CN', 'lang-en']);
  });

  it('offers the department switcher only to users with several departments', async () => {
    expect((await render({})).querySelector('[data-testid="department-switcher"]')).not.toBeNull();
  });

  it('hides the department switcher for a single department', async () => {
    const root = await render({ departments: [{ id: 'd-1', code: 'CARD', name: '心内科', nameEn: null }] });
    expect(root.querySelector('[data-testid="department-switcher"]')).toBeNull();
  });
});
