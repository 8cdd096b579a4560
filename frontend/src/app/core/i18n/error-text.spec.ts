import { TestBed } from '@angular/core/testing';
import { TranslocoTestingModule } from '@jsverse/transloco';
import en from '../../../../public/i18n/en.json';
import zh from '../../../../public/i18n/zh-CN.json';
import { FieldErrorPipe } from '../forms/field-error.pipe';
import { ErrorText } from './error-text';
import { LanguageService } from './language.service';

describe('error texts', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [
        TranslocoTestingModule.forRoot({
          langs: { en, 'zh-CN': zh },
          translocoConfig: { availableLangs: ['zh-CN', 'en'], defaultLang: 'en' },
          preloadLangs: true,
        }),
      ],
    });
  });

  describe('ErrorText', () => {
    const describeError = (error: Parameters<ErrorText['describe']>[0]) =>
      TestBed.inject(ErrorText).describe(error);

    it('translates by code', () => {
      expect(describeError({ statusCode: 401, code: 'AUTH_INVALID_CREDENTIALS', message: 'x' })).toBe(
        'Wrong username or password',
      );
    });

    it('puts the unlock time of a locked account in the sentence, in the active locale', async () => {
      const lockedUntil = '2030-05-04T12:00:00.000Z';
      const error = { statusCode: 401, code: 'AUTH_ACCOUNT_LOCKED', message: 'locked', details: { lockedUntil } };
      expect(describeError(error)).toContain('2030');
      await TestBed.inject(LanguageService).use('zh-CN');
      expect(describeError(error)).toMatch(/^登录失败次数过多.*2030年5月4日/);
    });

    it('falls back to the server message for unknown codes', () => {
      expect(describeError({ statusCode: 418, code: 'TEAPOT', message: 'I am a teapot' })).toBe('I am a teapot');
    });
  });

  describe('FieldErrorPipe', () => {
    const text = (errors: Record<string, unknown> | null) =>
      TestBed.runInInjectionContext(() => new FieldErrorPipe()).transform(errors);

    it('translates client-side validators', () => {
      expect(text({ required: true })).toBe('Required');
      expect(text({ minlength: { requiredLength: 8, actualLength: 3 } })).toBe('At least 8 characters');
      expect(text(null)).toBe('');
    });

    it('translates known API sentences and codes', () => {
      expect(text({ server: { code: 'VALIDATION_FAILED', messages: ['current password is wrong'] } })).toBe(
        'The current password is wrong',
      );
      expect(
        text({ server: { code: 'VALIDATION_FAILED', messages: ['username must be longer than or equal to 3 characters'] } }),
      ).toBe('At least 3 characters');
      expect(text({ server: { code: 'CONFLICT', messages: ['username already exists'] } })).toBe(
        'This value is already in use',
      );
      expect(text({ server: { code: 'PASSWORD_TOO_WEAK', messages: ['needs a digit'] } })).toContain('letters and digits');
    });

    it('translates the patient record messages of the API', () => {
      expect(text({ server: { code: 'VALIDATION_FAILED', messages: ['ID number check character is wrong (ISO 7064 MOD 11-2)'] } })).toBe(
        "The ID number's check character is wrong",
      );
      expect(text({ server: { code: 'VALIDATION_FAILED', messages: ['birthDate does not match the ID number (1949-12-31)'] } })).toBe(
        'Does not match the ID number (which says 1949-12-31)',
      );
      expect(text({ server: { code: 'VALIDATION_FAILED', messages: ['unknown identifier_type code "xx"'] } })).toBe(
        'Not a valid choice of the dictionary',
      );
    });

    it('shows other API messages as they are', () => {
      expect(text({ server: { code: 'VALIDATION_FAILED', messages: ['roles must be an array'] } })).toBe(
        'roles must be an array',
      );
    });
  });
});
