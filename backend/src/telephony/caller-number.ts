/**
 * Caller-number matching. A CTI reports callers as it sees them (`13812345678`, `+8613812345678`,
 * `008613812345678`, `01012345678`); patient_phone holds them as entered (`13812345678`,
 * `+8613812345678`, `010-12345678`). Both sides are compared as digits only, in every form the same
 * number takes with and without the China country code.
 */
export function callerNumberForms(raw: string): { tail: string; digits: string[] } | null {
  let digits = raw.replace(/\D/g, '');
  const plus = raw.trim().startsWith('+');
  const before = digits;
  if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (plus && digits.startsWith('86')) digits = digits.slice(2);
  else if (!plus && /^861\d{10}$/.test(digits)) digits = digits.slice(2);
  // After the country code a landline has lost its trunk 0: +86 10 1234 5678 is 010-12345678.
  if (digits !== before && !/^1\d{10}$/.test(digits) && !digits.startsWith('0')) digits = `0${digits}`;
  if (digits.length < 5) return null;
  const forms = new Set([digits, `86${digits}`, `0086${digits}`]);
  // A landline's trunk 0 is dropped after the country code: +86 10 1234 5678.
  if (digits.startsWith('0')) forms.add(`86${digits.slice(1)}`);
  if (plus && !raw.replace(/\D/g, '').startsWith('86')) forms.add(raw.replace(/\D/g, ''));
  return { tail: digits.slice(-4), digits: [...forms] };
}
