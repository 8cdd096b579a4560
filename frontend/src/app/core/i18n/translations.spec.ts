import en from '../../../../public/i18n/en.json';
import zh from '../../../../public/i18n/zh-CN.json';
import { ROLES } from '../auth/auth.models';
import { NAV_ITEMS } from '../layout/nav';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) {
    return [prefix];
  }
  return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
}

const zhKeys = keys(zh);
const enKeys = new Set(keys(en));

/** Error codes of docs/api.md plus the console's own. */
const ERROR_CODES = [
  'VALIDATION_FAILED',
  'PASSWORD_TOO_WEAK',
  'AUTH_REQUIRED',
  'AUTH_INVALID_CREDENTIALS',
  'AUTH_ACCOUNT_LOCKED',
  'AUTH_ACCOUNT_DISABLED',
  'FORBIDDEN',
  'DEPARTMENT_NOT_ALLOWED',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'DATABASE_UNAVAILABLE',
  'INTERNAL_ERROR',
  'PATIENT_NOT_FOUND',
  'PATIENT_POSSIBLE_DUPLICATE',
  'PATIENT_MERGED',
  'PATIENT_MERGE_INVALID',
  'LAST_IDENTIFIER',
  'IMPORT_FILE_INVALID',
  'IMPORT_STATE',
  'HL7_MESSAGE_NOT_FOUND',
  'HL7_SOURCE_NOT_FOUND',
  'HL7_REPLAY_NOT_ALLOWED',
  'HL7_MESSAGE_INVALID',
  'HL7_UNAVAILABLE',
  'NO_EXTENSION',
  'CTI_REFUSED',
  'CTI_UNAVAILABLE',
  'CALL_ENDED',
  'NETWORK_ERROR',
  'UNKNOWN_ERROR',
];

describe('translation files', () => {
  it('have the same keys in zh-CN and en', () => {
    expect(zhKeys.filter((key) => !enKeys.has(key))).toEqual([]);
    expect([...enKeys].filter((key) => !zhKeys.includes(key))).toEqual([]);
  });

  it('translate every API error code', () => {
    expect(ERROR_CODES.filter((code) => !enKeys.has(`errors.${code}`))).toEqual([]);
  });

  it('translate every role and nav entry (with its home-card hint)', () => {
    const needed = [
      ...ROLES.map((role) => `roles.${role}`),
      ...NAV_ITEMS.map((item) => item.labelKey),
      ...NAV_ITEMS.filter((item) => item.id !== 'home').map((item) => `${item.labelKey}Hint`),
    ];
    expect(needed.filter((key) => !enKeys.has(key))).toEqual([]);
  });

  it('has no empty texts', () => {
    const texts = (value: unknown): unknown[] =>
      typeof value === 'object' && value !== null ? Object.values(value).flatMap(texts) : [value];
    const blank = (t: unknown) => typeof t !== 'string' || t.trim() === '';
    expect(texts(zh).filter(blank)).toEqual([]);
    expect(texts(en).filter(blank)).toEqual([]);
  });
});
