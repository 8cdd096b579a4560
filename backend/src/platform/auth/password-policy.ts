/**
 * Minimum password strength for staff accounts: length, at least one letter and one digit,
 * not the username, and not one of the most common passwords. Returns human-readable problems.
 */
const COMMON = new Set([
  'password1',
  'password123',
  '12345678a',
  'a12345678',
  'qwerty123',
  'abc12345',
  'admin123',
  'admin1234',
  '1qaz2wsx',
  'p@ssw0rd',
]);

export function passwordProblems(password: string, username: string, minLength: number): string[] {
  const problems: string[] = [];
  if (password.length < minLength) problems.push(`password must be at least ${minLength} characters long`);
  if (password.length > 128) problems.push('password must be at most 128 characters long');
  if (!/[A-Za-z]/.test(password)) problems.push('password must contain a letter');
  if (!/\d/.test(password)) problems.push('password must contain a digit');
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push('password must not contain the username');
  if (COMMON.has(password.toLowerCase())) problems.push('password is too common');
  return problems;
}
