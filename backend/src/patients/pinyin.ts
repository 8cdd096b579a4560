import { pinyin } from 'pinyin-pro';

/**
 * Pinyin of a Chinese personal name for search: full syllables without tones ("zhangsan") and the
 * upper-case initials ("ZS"). The first character is read as a surname (单 → shan, 曾 → zeng).
 * Latin letters and digits are kept as they are; other characters are dropped.
 */
export function namePinyin(name: string): { full: string; initials: string } {
  const clean = name.replace(/\s+/g, '');
  if (!clean) return { full: '', initials: '' };
  const syllables = pinyin(clean, { toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive', v: true })
    .map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .filter(Boolean);
  return {
    full: syllables.join('').slice(0, 300),
    initials: syllables
      .map((s) => s[0])
      .join('')
      .toUpperCase()
      .slice(0, 32),
  };
}
