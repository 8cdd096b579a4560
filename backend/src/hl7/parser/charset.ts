/**
 * Character sets named in MSH-18 (HL7 table 0211) and how bytes in them are decoded. UTF-8 and ISO 8859-1 use Node's
 * built-in codecs; GB 18030 uses the platform's ICU decoder (`TextDecoder('gb18030')`, about 6× faster than
 * iconv-lite on a 700-byte message) when Node has it, else iconv-lite; everything else, and all encoding, goes
 * through iconv-lite. The GB family (GB 2312, GBK, GB 18030) is decoded as GB 18030, a superset of the other two.
 */
import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import iconv from 'iconv-lite';

export interface Hl7Charset {
  /** The HL7 table 0211 name, e.g. `UNICODE UTF-8`, `GB 18030-2000`, `8859/1`. */
  readonly name: string;
  /** Codec used: `utf8` and `latin1` are Node built-ins, anything else an iconv-lite encoding name. */
  readonly codec: string;
}

export const UTF8: Hl7Charset = { name: 'UNICODE UTF-8', codec: 'utf8' };
export const LATIN1: Hl7Charset = { name: '8859/1', codec: 'latin1' };
export const GB18030: Hl7Charset = { name: 'GB 18030-2000', codec: 'gb18030' };

/** Normalised spelling (upper case, no spaces, dashes, underscores or dots) → charset. */
const KNOWN = new Map<string, Hl7Charset>([
  ['UNICODEUTF8', UTF8],
  ['UNICODE', UTF8],
  ['UTF8', UTF8],
  // ASCII is a subset of UTF-8; decoding as UTF-8 is exact for real ASCII and still correct for senders that lie.
  ['ASCII', { name: 'ASCII', codec: 'utf8' }],
  ['USASCII', { name: 'ASCII', codec: 'utf8' }],
  ['ISOIR6', { name: 'ISO IR6', codec: 'utf8' }],
  ['8859/1', LATIN1],
  ['ISO88591', LATIN1],
  ['LATIN1', LATIN1],
  ['ISOIR100', { name: 'ISO IR100', codec: 'latin1' }],
  ['GB180302000', GB18030],
  ['GB18030', GB18030],
  ['GB180302005', GB18030],
  ['GBK', { name: 'GBK', codec: 'gb18030' }],
  ['CP936', { name: 'GBK', codec: 'gb18030' }],
  ['GB2312', { name: 'GB2312', codec: 'gb18030' }],
  ['GB23121980', { name: 'GB2312', codec: 'gb18030' }],
  ['EUCCN', { name: 'GB2312', codec: 'gb18030' }],
  ['BIG5', { name: 'BIG-5', codec: 'big5' }],
  ['KSX1001', { name: 'KS X 1001', codec: 'euc-kr' }],
  ['ISOIR149', { name: 'KS X 1001', codec: 'euc-kr' }],
]);
for (let n = 2; n <= 15; n++) {
  if (n === 12) continue;
  const cs: Hl7Charset = { name: `8859/${n}`, codec: `iso-8859-${n}` };
  KNOWN.set(`8859/${n}`, cs);
  KNOWN.set(`ISO8859${n}`, cs);
}

/**
 * Resolves an MSH-18 value (or a configured default such as `GB18030` / `utf-8`) to a charset; `undefined` when it is
 * not a character set this parser can decode (e.g. `UNICODE UTF-16`, whose MSH would not be ASCII, or `CNS 11643-1992`,
 * Taiwan's EUC-TW, which has no decoder here).
 */
export function resolveCharset(name: string): Hl7Charset | undefined {
  const key = name
    .trim()
    .toUpperCase()
    .replace(/[\s\-_.]/g, '');
  if (key === '') return UTF8;
  return KNOWN.get(key);
}

/** Decodes message bytes; returns the text and, if some bytes are not valid in that charset, the index of the first U+FFFD. */
export function decodeBytes(bytes: Buffer, cs: Hl7Charset): { text: string; invalidAt: number } {
  if (cs.codec === 'utf8') {
    const text = bytes.toString('utf8');
    return { text, invalidAt: isUtf8(bytes) ? -1 : text.indexOf('\uFFFD') };
  }
  if (cs.codec === 'latin1') return { text: bytes.toString('latin1'), invalidAt: -1 };
  const text = cs.codec === 'gb18030' && NATIVE_GB18030 ? NATIVE_GB18030.decode(bytes) : iconv.decode(bytes, cs.codec);
  // iconv-lite replaces invalid sequences with U+FFFD (a real U+FFFD in GB 18030 is 84 31 A4 37: check before blaming).
  const bad = text.indexOf('\uFFFD');
  return { text, invalidAt: bad >= 0 && !(cs.codec === 'gb18030' && bytes.includes(REPLACEMENT_GB18030)) ? bad : -1 };
}
const REPLACEMENT_GB18030 = Buffer.from([0x84, 0x31, 0xa4, 0x37]);

function nativeDecoder(label: string): TextDecoder | undefined {
  try {
    return new TextDecoder(label);
  } catch {
    return undefined; // Node built with small-icu: no GB 18030 decoder
  }
}
const NATIVE_GB18030 = nativeDecoder('gb18030');

/** Encodes text (an ACK, an edited message) in the given charset. */
export function encodeText(text: string, cs: Hl7Charset): Buffer {
  if (cs.codec === 'utf8' || cs.codec === 'latin1') return Buffer.from(text, cs.codec);
  return iconv.encode(text, cs.codec);
}
