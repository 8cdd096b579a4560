import { maskIdNumber, maskPhone, parseIdNumber, PHONE_PATTERN } from './identity';

describe('resident ID numbers', () => {
  it('extracts birth date, sex and region from a valid number', () => {
    expect(parseIdNumber('11010519491231002X')).toEqual({ birthDate: '1949-12-31', sexCode: '2', regionCode: '110105' });
    expect(parseIdNumber('440524188001010014')).toEqual({ birthDate: '1880-01-01', sexCode: '1', regionCode: '440524' });
  });

  it('explains what is wrong', () => {
    expect(parseIdNumber('11010519491231002')).toEqual({ error: 'ID number must be 17 digits followed by a digit or X', code: 'id_number_format' });
    expect(parseIdNumber('110105194902300029')).toEqual({ error: 'ID number contains an impossible birth date', code: 'id_number_birth_date' });
    expect(parseIdNumber('110105194912310021')).toEqual({
      error: 'ID number check character is wrong (ISO 7064 MOD 11-2)',
      code: 'id_number_check',
    });
  });
});

describe('phones and masking', () => {
  it('accepts mainland mobiles, international and landline numbers', () => {
    for (const ok of ['13812345678', '19912345678', '+85291234567', '010-12345678', '0755-1234567'])
      expect(PHONE_PATTERN.test(ok)).toBe(true);
    for (const bad of ['12812345678', '1381234567', '138123456789', 'abc']) expect(PHONE_PATTERN.test(bad)).toBe(false);
  });

  it('masks phones and ID numbers', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+85291234567')).toBe('********4567');
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskPhone(null)).toBeNull();
  });
});
