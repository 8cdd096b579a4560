/**
 * HL7 escape sequences (v2.5 §2.7). Decoding is applied to leaf values (after splitting on delimiters):
 * `\F\ \S\ \T\ \R\ \E\` → the delimiter, `\Xhh…\` → the bytes in the message's charset, `\.br\` and `\.sp\` → newline.
 * Anything else (`\H\`, `\N\`, `\Zxx\`, `\Cxxyy\`, a lone escape character) is kept literally.
 */
import { decodeBytes, type Hl7Charset } from './charset';

export interface Hl7Delimiters {
  readonly field: string;
  readonly component: string;
  readonly repetition: string;
  /** Empty when the sender declared none (absent, or a space, in MSH-2): no escape decoding then. */
  readonly escape: string;
  readonly subcomponent: string;
  /** v2.7+ truncation character (5th MSH-2 character), empty if absent. Not interpreted. */
  readonly truncation: string;
}

export const STANDARD_DELIMITERS: Hl7Delimiters = {
  field: '|',
  component: '^',
  repetition: '~',
  escape: '\\',
  subcomponent: '&',
  truncation: '',
};

/** MSH-2 text for a set of delimiters. */
export function encodingCharacters(d: Hl7Delimiters): string {
  return d.component + d.repetition + (d.escape || ' ') + d.subcomponent + d.truncation;
}

const HEX = /^[0-9A-Fa-f]+$/;

function translate(code: string, d: Hl7Delimiters, cs: Hl7Charset): string | undefined {
  if (code.length === 1) {
    switch (code) {
      case 'F':
        return d.field;
      case 'S':
        return d.component;
      case 'T':
        return d.subcomponent;
      case 'R':
        return d.repetition;
      case 'E':
        return d.escape;
      default:
        return undefined;
    }
  }
  if (code === '.br') return '\n';
  if (code === '.sp' || /^\.sp\s*\+?\d{1,2}$/.test(code)) return '\n';
  if (code.charCodeAt(0) === 0x58 /* X */ && code.length % 2 === 1 && HEX.test(code.slice(1))) {
    const { text, invalidAt } = decodeBytes(Buffer.from(code.slice(1), 'hex'), cs);
    return invalidAt >= 0 ? undefined : text;
  }
  return undefined;
}

/** Decodes the escape sequences in one leaf value. Cheap when there are none (one indexOf). */
export function unescapeValue(value: string, d: Hl7Delimiters, cs: Hl7Charset): string {
  const e = d.escape;
  if (e === '' || value.indexOf(e) < 0) return value;
  let out = '';
  let from = 0;
  let s = value.indexOf(e);
  while (s >= 0) {
    const t = value.indexOf(e, s + 1);
    if (t < 0) break; // unterminated: the rest is literal
    const rep = translate(value.slice(s + 1, t), d, cs);
    if (rep === undefined) {
      // Unknown: keep the escape character literally and look again from the next character, so that a stray
      // backslash (e.g. a Windows path) does not swallow a real escape that follows it.
      s = value.indexOf(e, s + 1);
      continue;
    }
    out += value.slice(from, s) + rep;
    from = t + 1;
    s = value.indexOf(e, from);
  }
  return out + value.slice(from);
}

/** Escapes text so it can be placed in a field (ACK text, edited values). Line breaks become `\.br\`. */
export function escapeValue(value: string, d: Hl7Delimiters): string {
  const e = d.escape || '\\';
  let out = '';
  for (const ch of value) {
    if (ch === e) out += `${e}E${e}`;
    else if (ch === d.field) out += `${e}F${e}`;
    else if (ch === d.component) out += `${e}S${e}`;
    else if (ch === d.subcomponent) out += `${e}T${e}`;
    else if (ch === d.repetition) out += `${e}R${e}`;
    else if (ch === '\r') continue;
    else if (ch === '\n') out += `${e}.br${e}`;
    else out += ch;
  }
  return out;
}
