/**
 * Chinese resident ID numbers (GB 11643-1999, ISO 7064 MOD 11-2 check character), mobile numbers,
 * and the masking used wherever a list or response shows them.
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** Check character for the first 17 digits of a resident ID number. */
export function idCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

export interface IdNumberInfo {
  birthDate: string;
  /** GB/T 2261.1 code: 1 male (odd 17th digit), 2 female (even). */
  sexCode: '1' | '2';
  regionCode: string;
}

/** Parses an 18-character ID number; returns the problem in words when it is not valid. */
export function parseIdNumber(raw: string): IdNumberInfo | { error: string; code: 'id_number_format' | 'id_number_birth_date' | 'id_number_check' } {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return { error: 'ID number must be 17 digits followed by a digit or X', code: 'id_number_format' };
  const y = Number(id.slice(6, 10)),
    m = Number(id.slice(10, 12)),
    d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1880 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || date > new Date()) {
    return { error: 'ID number contains an impossible birth date', code: 'id_number_birth_date' };
  }
  if (idCheckDigit(id.slice(0, 17)) !== id[17]) return { error: 'ID number check character is wrong (ISO 7064 MOD 11-2)', code: 'id_number_check' };
  return {
    birthDate: id.slice(6, 14).replace(/(\d{4})(\d{2})(\d{2})/, '$1-$2-$3'),
    sexCode: Number(id[16]) % 2 ? '1' : '2',
    regionCode: id.slice(0, 6),
  };
}

export function isValidIdNumber(id: string): boolean {
  return !('error' in parseIdNumber(id));
}

/** Mainland mobile numbers, or international numbers written with a leading +. */
export const PHONE_PATTERN = /^(1[3-9]\d{9}|\+\d{6,15}|0\d{2,3}-?\d{7,8})$/;

/** 13812345678 → 138****5678; short or foreign numbers keep only the last 4 digits. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return phone ?? null;
  if (/^1\d{10}$/.test(phone)) return `${phone.slice(0, 3)}****${phone.slice(7)}`;
  return phone.length > 4 ? `${'*'.repeat(phone.length - 4)}${phone.slice(-4)}` : '****';
}

/** 11010519491231002X → 110105********002X */
export function maskIdNumber(id: string | null | undefined): string | null {
  if (!id) return id ?? null;
  return id.length > 10 ? `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}` : '****';
}
