import { idCheckDigit, isValidIdNumber } from '../../patients/identity';
import { birthDate, chineseName, createRng, mobileNumber, REGIONS, residentIdNumber } from './synthetic';

describe('synthetic patient data', () => {
  it('computes GB 11643 check digits (known published examples)', () => {
    expect(idCheckDigit('11010519491231002')).toBe('X');
    expect(idCheckDigit('44052418800101001')).toBe('4');
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('11010519490231002X')).toBe(false); // 31 February
  });

  it('generates valid ID numbers whose birth date and sex digit match', () => {
    const rng = createRng(7);
    const today = new Date('2026-11-22T00:00:00Z');
    for (let i = 0; i < 500; i++) {
      const sex = i % 2 ? '1' : '2';
      const birth = birthDate(rng, today, 18, 90);
      const id = residentIdNumber(rng, REGIONS[i % REGIONS.length][0], birth, sex);
      expect(isValidIdNumber(id)).toBe(true);
      expect(id.slice(6, 14)).toBe(birth.replace(/-/g, ''));
      expect(Number(id[16]) % 2).toBe(sex === '1' ? 1 : 0);
    }
  });

  it('generates mainland mobile numbers and 2–3 character Chinese names, deterministically', () => {
    const a = createRng(42);
    const b = createRng(42);
    for (let i = 0; i < 200; i++) {
      expect(mobileNumber(a)).toMatch(/^1[3-9]\d{9}$/);
      mobileNumber(b);
      const name = chineseName(a, '2');
      expect(name).toMatch(/^[\u4e00-\u9fff]{2,3}$/);
      expect(chineseName(b, '2')).toBe(name);
    }
  });
});
