/** Whole years from a birth date (YYYY-MM-DD) to today, or null. */
export function ageOf(birthDate: string | null | undefined, today = new Date()): number | null {
  if (!birthDate) {
    return null;
  }
  const [y, m, d] = birthDate.split('-').map(Number);
  let age = today.getFullYear() - y;
  if (today.getMonth() + 1 < m || (today.getMonth() + 1 === m && today.getDate() < d)) {
    age -= 1;
  }
  return age;
}
