import { passwordProblems } from './password-policy';

describe('passwordProblems', () => {
  it('accepts the demo password and strong ones', () => {
    expect(passwordProblems('demo1234', 'nurse', 8)).toEqual([]);
    expect(passwordProblems('Xin-2026-hospital', 'zhangli', 8)).toEqual([]);
  });

  it('names each broken rule', () => {
    expect(passwordProblems('abc', 'nurse', 8)).toEqual(['password must be at least 8 characters long', 'password must contain a digit']);
    expect(passwordProblems('12345678', 'nurse', 8)).toEqual(['password must contain a letter']);
    expect(passwordProblems('nurse2026', 'nurse', 8)).toEqual(['password must not contain the username']);
    expect(passwordProblems('Password123', 'x', 8)).toEqual(['password is too common']);
    expect(passwordProblems('abcdefg1', 'x', 12)).toEqual(['password must be at least 12 characters long']);
  });
});
