import { callerNumberForms } from './caller-number';

/** Digits of a stored number, as the matching query compares them. */
const stored = (n: string) => n.replace(/\D/g, '');
const matches = (caller: string, number: string) => {
  const f = callerNumberForms(caller);
  return !!f && number.endsWith(f.tail) && f.digits.includes(stored(number));
};

describe('caller number matching', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['+8613812345678', '13812345678'],
    ['008613812345678', '13812345678'],
    ['8613812345678', '13812345678'],
    ['13812345678', '+8613812345678'],
    ['138 1234 5678', '13812345678'],
    ['01012345678', '010-12345678'],
    ['+861012345678', '010-12345678'],
    ['+441632960961', '+441632960961'],
  ])('%s matches the stored %s', (caller, number) => expect(matches(caller, number)).toBe(true));

  it.each([
    ['13812345678', '13812345679'],
    ['13912345678', '13812345678'],
    ['12345678', '010-12345678'],
  ])('%s does not match the stored %s', (caller, number) => expect(matches(caller, number)).toBe(false));

  it('too short to be a phone number: no match at all', () => {
    expect(callerNumberForms('8001')).toBeNull();
    expect(callerNumberForms('anonymous')).toBeNull();
  });
});
