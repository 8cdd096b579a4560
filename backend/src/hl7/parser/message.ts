/**
 * HL7 v2 (ER7, "pipe and hat") message model and parser. Lazy: parsing finds the delimiters, the charset, the
 * segment boundaries and the header; a segment is split into fields only when one of its fields is asked for, and
 * components / repetitions / escapes are resolved per access without building a tree.
 */
import { isUtf8 } from 'node:buffer';
import { decodeBytes, encodeText, resolveCharset, type Hl7Charset } from './charset';
import { Hl7ErrorCode, Hl7ParseError, type Hl7Location } from './errors';
import { unescapeValue, type Hl7Delimiters } from './escape';

export interface ParseOptions {
  /**
   * Charset for messages whose MSH-18 is empty, configured per sending system (many Chinese HIS send GB 18030 without
   * saying so). An HL7 table 0211 name or a common alias (`GB18030`, `GBK`, `UTF-8`, `8859/1`). Default UTF-8.
   */
  defaultCharset?: string;
}

/** The MSH fields every consumer needs, decoded (first component where the field has components), trimmed. */
export interface Hl7Header {
  /** MSH-3.1 */
  readonly sendingApplication: string;
  /** MSH-4.1 */
  readonly sendingFacility: string;
  /** MSH-5.1 */
  readonly receivingApplication: string;
  /** MSH-6.1 */
  readonly receivingFacility: string;
  /** MSH-7.1, as sent (YYYY[MM[DD[HH[MM[SS[.S]]]]]][+/-ZZZZ]). */
  readonly dateTime: string;
  /** MSH-9.1, e.g. `ADT` */
  readonly messageType: string;
  /** MSH-9.2, e.g. `A01` (empty when not sent, e.g. a v2.2 `ACK`) */
  readonly triggerEvent: string;
  /** MSH-9.3, e.g. `ADT_A01` (v2.3.1+) */
  readonly messageStructure: string;
  /** MSH-10 */
  readonly controlId: string;
  /** MSH-11.1: P, D or T */
  readonly processingId: string;
  /** MSH-12.1, e.g. `2.5.1` */
  readonly version: string;
  /** The charset the message was decoded with (HL7 0211 name). */
  readonly charset: string;
  /** MSH-18 as sent (first repetition), empty when the default charset was used. */
  readonly declaredCharset: string;
}

interface Path {
  segment: string;
  sequence: number;
  field: number;
  repetition: number;
  component: number;
  subcomponent: number;
}

const PATH_RE = /^([A-Z][A-Z0-9]{2})(?:\[(\d+)\])?[-.](\d+)(?:\[(\d+)\])?(?:\.(\d+)(?:\.(\d+))?)?$/;
const FIELD_PATH_RE = /^(\d+)(?:\[(\d+)\])?(?:\.(\d+)(?:\.(\d+))?)?$/;
const pathCache = new Map<string, Path>();

/**
 * Parses `SEG[n]-F[r].C.S` (1-based; `[n]` the occurrence of the segment, `[r]` the field repetition; `.` also
 * accepted instead of `-`). Missing parts default to 1, as in HAPI's Terser: `PID-5` is PID-5[1].1.1.
 */
export function parsePath(path: string): Path {
  const cached = pathCache.get(path);
  if (cached) return cached;
  const m = PATH_RE.exec(path);
  if (!m) throw new Error(`Invalid HL7 path "${path}" (expected e.g. PID-3[2].4.1)`);
  const p: Path = {
    segment: m[1],
    sequence: m[2] ? Number(m[2]) : 1,
    field: Number(m[3]),
    repetition: m[4] ? Number(m[4]) : 1,
    component: m[5] ? Number(m[5]) : 1,
    subcomponent: m[6] ? Number(m[6]) : 1,
  };
  if (pathCache.size < 2000) pathCache.set(path, p);
  return p;
}

/** The k-th (1-based) piece of s split on sep, without allocating the other pieces. */
function piece(s: string, sep: string, k: number): string | undefined {
  if (k === 1) {
    if (sep === '') return s;
    const i = s.indexOf(sep);
    return i < 0 ? s : s.slice(0, i);
  }
  if (sep === '' || k < 1) return undefined;
  let start = 0;
  for (let j = 1; j < k; j++) {
    const i = s.indexOf(sep, start);
    if (i < 0) return undefined;
    start = i + 1;
  }
  const end = s.indexOf(sep, start);
  return end < 0 ? s.slice(start) : s.slice(start, end);
}

function splitOn(s: string, sep: string): string[] {
  return sep === '' ? [s] : s.split(sep);
}

const NON_ASCII = /[\u0080-\uffff]/;

/**
 * UTF-8 messages are split while still bytes (held as a latin1 "binary" string: one char per byte, cheap to make),
 * because delimiters are ASCII and never occur inside a UTF-8 sequence. Only the values actually read are decoded.
 */
function fromUtf8Binary(s: string): string {
  return NON_ASCII.test(s) ? Buffer.from(s, 'latin1').toString('utf8') : s;
}
function identity(s: string): string {
  return s;
}

/** MSH, FHS and BHS carry their own delimiters: field 1 is the field separator, field 2 the encoding characters. */
function isHeaderSegment(name: string): boolean {
  return name === 'MSH' || name === 'FHS' || name === 'BHS';
}

/** One segment; fields are split on first access. */
export class Hl7Segment {
  private parts: string[] | undefined;
  private lookups = 0;
  private readonly header: boolean;

  constructor(
    /** Segment id, e.g. `PID`, `ZPD`. */
    readonly name: string,
    /** The segment as stored: decoded text, or UTF-8 bytes as a binary string (see `fromUtf8Binary`). */
    private readonly src: string,
    /** Position in the message, 1 = MSH. */
    readonly line: number,
    private readonly d: Hl7Delimiters,
    private readonly cs: Hl7Charset,
    private readonly decode: (s: string) => string = identity,
  ) {
    this.header = isHeaderSegment(name);
  }

  /** The segment's text (decoded, escapes not resolved), without the terminator. */
  get text(): string {
    return this.decode(this.src);
  }

  private fields(): string[] {
    return (this.parts ??= this.src.split(this.d.field));
  }

  private rawField(n: number): string | undefined {
    if (n < 1) return undefined;
    if (this.header && n === 1) return this.d.field;
    const index = this.header ? n - 1 : n;
    // The first few reads scan with indexOf (no array, no garbage); a segment read more often is split once.
    if (!this.parts && ++this.lookups <= 3) return piece(this.src, this.d.field, index + 1);
    return this.fields()[index];
  }

  /** Field n as sent (encoded: delimiters and escapes not resolved), or undefined when absent. HL7 numbering (MSH-1 = separator). */
  field(n: number): string | undefined {
    const raw = this.rawField(n);
    return raw === undefined ? undefined : this.decode(raw);
  }

  /** Highest field number present (trailing empty fields count when sent). */
  get fieldCount(): number {
    const n = this.fields().length;
    return this.header ? n : n - 1;
  }

  /** Decoded value of field[repetition].component.subcomponent (1-based); '' when absent. */
  value(field: number, repetition = 1, component = 1, subcomponent = 1): string {
    const raw = this.rawField(field);
    if (raw === undefined || raw === '') return '';
    if (this.header && field <= 2) return repetition === 1 && component === 1 && subcomponent === 1 ? this.decode(raw) : '';
    const d = this.d;
    const rep = piece(raw, d.repetition, repetition);
    if (rep === undefined) return '';
    const comp = piece(rep, d.component, component);
    if (comp === undefined) return '';
    const sub = piece(comp, d.subcomponent, subcomponent);
    if (sub === undefined) return '';
    return unescapeValue(this.decode(sub), d, this.cs);
  }

  /** Decoded value at a path relative to this segment: `3`, `3[2]`, `3[2].4`, `3[2].4.1`. */
  get(path: string): string {
    const m = FIELD_PATH_RE.exec(path);
    if (!m) throw new Error(`Invalid HL7 field path "${path}" (expected e.g. 3[2].4.1)`);
    return this.value(Number(m[1]), m[2] ? Number(m[2]) : 1, m[3] ? Number(m[3]) : 1, m[4] ? Number(m[4]) : 1);
  }

  /** Field repetitions as sent (encoded). Empty array when the field is absent or empty. */
  repetitions(field: number): string[] {
    const raw = this.field(field);
    if (raw === undefined || raw === '') return [];
    if (this.header && field <= 2) return [raw];
    return splitOn(raw, this.d.repetition);
  }

  private repetitionCount(field: number): number {
    const raw = this.rawField(field);
    if (raw === undefined || raw === '') return 0;
    if ((this.header && field <= 2) || this.d.repetition === '') return 1;
    let n = 1;
    for (let i = raw.indexOf(this.d.repetition); i >= 0; i = raw.indexOf(this.d.repetition, i + 1)) n++;
    return n;
  }

  /** Decoded component/subcomponent of every repetition of a field, e.g. all PID-3.1 identifiers. */
  getAll(field: number, component = 1, subcomponent = 1): string[] {
    const n = this.repetitionCount(field);
    const out: string[] = [];
    for (let r = 1; r <= n; r++) out.push(this.value(field, r, component, subcomponent));
    return out;
  }

  /** Components of field[repetition] decoded, e.g. a whole XPN name. */
  components(field: number, repetition = 1): string[] {
    const raw = this.field(field);
    if (raw === undefined || raw === '') return [];
    const rep = piece(raw, this.d.repetition, repetition);
    if (rep === undefined) return [];
    return splitOn(rep, this.d.component).map((c) => unescapeValue(piece(c, this.d.subcomponent, 1) ?? '', this.d, this.cs));
  }
}

/** A parsed message. Segments are built on demand; the header is read once. */
export class Hl7Message {
  private readonly cache: (Hl7Segment | undefined)[];
  private header: Hl7Header | undefined;

  constructor(
    private readonly lines: readonly string[],
    readonly delimiters: Hl7Delimiters,
    readonly charset: Hl7Charset,
    /** MSH-18 as sent (first repetition), '' when absent. */
    readonly declaredCharset: string,
    /** The bytes as received, when parsed from a Buffer. */
    readonly raw?: Buffer,
    /** `fromUtf8Binary` when the lines are UTF-8 bytes held as binary strings. */
    private readonly decode: (s: string) => string = identity,
  ) {
    this.cache = new Array<Hl7Segment | undefined>(lines.length);
  }

  get segmentCount(): number {
    return this.lines.length;
  }

  /** Segment at a position (0 = MSH). */
  segmentAt(index: number): Hl7Segment | undefined {
    if (index < 0 || index >= this.lines.length) return undefined;
    let s = this.cache[index];
    if (!s) {
      const text = this.lines[index];
      s = new Hl7Segment(text.slice(0, 3), text, index + 1, this.delimiters, this.charset, this.decode);
      this.cache[index] = s;
    }
    return s;
  }

  /** All segments, or all with a given id (`segments('OBX')`), in message order. Z-segments included. */
  segments(name?: string): Hl7Segment[] {
    const out: Hl7Segment[] = [];
    for (let i = 0; i < this.lines.length; i++) {
      if (name === undefined || this.isNamed(i, name)) out.push(this.segmentAt(i) as Hl7Segment);
    }
    return out;
  }

  private isNamed(i: number, name: string): boolean {
    const t = this.lines[i];
    return t.startsWith(name) && (t.length === 3 || t[3] === this.delimiters.field);
  }

  /** The n-th (1-based) segment with that id. */
  segment(name: string, sequence = 1): Hl7Segment | undefined {
    let seen = 0;
    for (let i = 0; i < this.lines.length; i++) {
      if (this.isNamed(i, name) && ++seen === sequence) return this.segmentAt(i);
    }
    return undefined;
  }

  /** Decoded value at `SEG[n]-F[r].C.S`, e.g. `PID-3[2].4.1`, `PID-5`, `OBX[2]-5`. '' when absent. */
  get(path: string): string {
    const p = parsePath(path);
    const seg = this.segment(p.segment, p.sequence);
    return seg ? seg.value(p.field, p.repetition, p.component, p.subcomponent) : '';
  }

  /** The component/subcomponent named by the path for every repetition of the field, e.g. `getAll('PID-3.1')`. */
  getAll(path: string): string[] {
    const p = parsePath(path);
    const seg = this.segment(p.segment, p.sequence);
    return seg ? seg.getAll(p.field, p.component, p.subcomponent) : [];
  }

  get msh(): Hl7Header {
    if (!this.header) {
      const m = this.segmentAt(0) as Hl7Segment;
      this.header = {
        sendingApplication: m.value(3).trim(),
        sendingFacility: m.value(4).trim(),
        receivingApplication: m.value(5).trim(),
        receivingFacility: m.value(6).trim(),
        dateTime: m.value(7).trim(),
        messageType: m.value(9).trim(),
        triggerEvent: m.value(9, 1, 2).trim(),
        messageStructure: m.value(9, 1, 3).trim(),
        controlId: m.value(10).trim(),
        processingId: m.value(11).trim(),
        version: m.value(12).trim(),
        charset: this.charset.name,
        declaredCharset: this.declaredCharset,
      };
    }
    return this.header;
  }

  /** The message as ER7 text with CR segment terminators (escapes kept as sent). */
  toString(): string {
    return this.decode(this.lines.join('\r') + '\r');
  }

  /** The message re-encoded in its own charset with CR terminators. */
  encode(): Buffer {
    return encodeText(this.toString(), this.charset);
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Parsing

const CR = 13;
const LF = 10;

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
/** Printable ASCII, not a letter or digit. */
function isDelimiterChar(c: number): boolean {
  return c > 0x20 && c < 0x7f && !isAlnum(c);
}
function isBlank(c: number): boolean {
  return c === CR || c === LF || c === 0x20 || c === 0x09;
}
function isSegmentIdChar(c: number, first: boolean): boolean {
  return (c >= 65 && c <= 90) || (!first && c >= 48 && c <= 57);
}

/** Describes text for an error message without echoing much: printable ASCII as is, others as hex. */
function describe(text: string, max: number): string {
  let s = '';
  for (let i = 0; i < Math.min(text.length, max); i++) {
    const c = text.charCodeAt(i);
    s += c >= 0x20 && c < 0x7f ? text[i] : `<${c.toString(16).padStart(2, '0')}>`;
  }
  return text.length > max ? `${s}…` : s;
}

function lineEnd(cr: number, lf: number, len: number): number {
  if (cr < 0) return lf < 0 ? len : lf;
  return lf < 0 ? cr : Math.min(cr, lf);
}

const charsetCache = new Map<string, Hl7Charset | undefined>();
function charsetFor(name: string): Hl7Charset | undefined {
  if (charsetCache.has(name)) return charsetCache.get(name);
  const cs = resolveCharset(name);
  if (charsetCache.size < 100) charsetCache.set(name, cs);
  return cs;
}

const SUPPORTED_VERSION = /^2\.[1-9](\.\d{1,2})?$/;
const PROCESSING_IDS = new Set(['P', 'D', 'T']);
const MESSAGE_TYPE = /^[A-Z0-9]{3}$/;

function mshLocation(field: number, component?: number): Hl7Location {
  return { segment: 'MSH', sequence: 1, line: 1, field, component };
}

/** Splits on CR, LF or CRLF; skips empty and whitespace-only lines. */
function splitLines(text: string): string[] {
  const lines: string[] = [];
  const n = text.length;
  let i = 0;
  let cr = text.indexOf('\r');
  let lf = text.indexOf('\n');
  while (i < n) {
    if (cr >= 0 && cr < i) cr = text.indexOf('\r', i);
    if (lf >= 0 && lf < i) lf = text.indexOf('\n', i);
    let end = cr < 0 ? lf : lf < 0 ? cr : Math.min(cr, lf);
    if (end < 0) end = n;
    if (end > i) {
      const c = text.charCodeAt(i);
      if (!(c === 0x20 || c === 0x09) || text.slice(i, end).trim() !== '') lines.push(text.slice(i, end));
    }
    i = end + 1;
  }
  return lines;
}

/** Whether a stored value holds bytes/characters that are not valid in the charset. */
function isInvalid(value: string, cs: Hl7Charset): boolean {
  // UTF-8 lines are binary strings (one char per byte); other charsets are decoded text with U+FFFD for bad bytes
  return cs.codec === 'utf8' ? !isUtf8(Buffer.from(value, 'latin1')) : value.includes('\uFFFD');
}

/** The first segment (0-based) and field (HL7 numbering) holding invalid bytes. Error path only. */
function firstInvalid(lines: readonly string[], fs: string, cs: Hl7Charset): { line: number; field?: number } {
  for (let li = 0; li < lines.length; li++) {
    if (!isInvalid(lines[li], cs)) continue;
    const parts = lines[li].split(fs);
    const header = isHeaderSegment(lines[li].slice(0, 3));
    for (let k = 0; k < parts.length; k++) if (isInvalid(parts[k], cs)) return { line: li, field: header ? k + 1 : k };
    return { line: li };
  }
  return { line: 0 };
}

function occurrence(lines: readonly string[], index: number): number {
  const id = lines[index].slice(0, 3);
  let n = 0;
  for (let i = 0; i <= index; i++) if (lines[i].startsWith(id)) n++;
  return n;
}

/**
 * Parses one message (use `splitBatch` first for files that may hold several). Throws `Hl7ParseError` (never anything
 * else for bad input); `tryParseMessage` returns the error as a value instead.
 */
export function parseMessage(input: Buffer | string, opts: ParseOptions = {}): Hl7Message {
  const isText = typeof input === 'string';
  const len = input.length;

  // 1. Find MSH: a UTF-8 BOM and blank lines before it are tolerated, nothing else. The MSH line is read as it is
  //    (ASCII delimiters and header values; bytes as latin1) before the charset is known.
  let p = 0;
  let end: number;
  let head: string;
  if (isText) {
    if (input.charCodeAt(0) === 0xfeff) p = 1;
    while (p < len && isBlank(input.charCodeAt(p))) p++;
    end = lineEnd(input.indexOf('\r', p), input.indexOf('\n', p), len);
    head = input.slice(p, end);
  } else {
    if (len >= 3 && input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf) p = 3;
    while (p < len && isBlank(input[p])) p++;
    end = lineEnd(input.indexOf(CR, p), input.indexOf(LF, p), len);
    head = input.toString('latin1', p, end);
  }
  if (p >= len) throw new Hl7ParseError(Hl7ErrorCode.SegmentSequenceError, 'empty message: no MSH segment', { line: 1 });
  if (!head.startsWith('MSH')) {
    throw new Hl7ParseError(
      Hl7ErrorCode.SegmentSequenceError,
      `message does not start with an MSH segment (starts with "${describe(head, 4)}")`,
      {
        line: 1,
      },
    );
  }

  // 2. Delimiters from MSH-1 and MSH-2.
  const fsCode = head.length > 3 ? head.charCodeAt(3) : -1;
  if (!isDelimiterChar(fsCode)) {
    throw new Hl7ParseError(
      Hl7ErrorCode.DataTypeError,
      fsCode < 0
        ? 'MSH has no field separator'
        : `MSH-1 field separator "${describe(head.slice(3), 1)}" is not a printable non-alphanumeric character`,
      mshLocation(1),
    );
  }
  const fs = head[3];
  const encEnd = head.indexOf(fs, 4);
  const enc = head.slice(4, encEnd < 0 ? head.length : encEnd);
  const badEnc = (why: string): Hl7ParseError =>
    new Hl7ParseError(Hl7ErrorCode.DataTypeError, `MSH-2 encoding characters "${describe(enc, 8)}" ${why}`, mshLocation(2));
  if (enc.length < 4 || enc.length > 5) throw badEnc('must be 4 characters (5 with the v2.7 truncation character)');
  for (let i = 0; i < enc.length; i++) {
    const c = enc.charCodeAt(i);
    if (!(isDelimiterChar(c) || (i === 2 && c === 0x20))) throw badEnc('must be printable characters other than letters and digits');
    if (c === fsCode) throw badEnc('repeat the field separator');
    if (enc.indexOf(enc[i]) !== i) throw badEnc(`use "${enc[i]}" twice`);
  }
  const d: Hl7Delimiters = {
    field: fs,
    component: enc[0],
    repetition: enc[1],
    escape: enc[2] === ' ' ? '' : enc[2],
    subcomponent: enc[3],
    truncation: enc[4] ?? '',
  };

  // 3. Charset from MSH-18 (first repetition), else the caller's default.
  let declared = '';
  {
    let i = 3; // separator before MSH-2; the one before MSH-n is the (n-1)th
    for (let k = 2; k <= 17 && i >= 0; k++) i = head.indexOf(fs, i + 1);
    if (i >= 0) {
      const next = head.indexOf(fs, i + 1);
      declared = (piece(head.slice(i + 1, next < 0 ? head.length : next), d.repetition, 1) ?? '').trim();
    }
  }
  const cs = charsetFor(declared || (opts.defaultCharset ?? ''));
  if (!cs) {
    const fallback: Hl7Charset = { name: declared || (opts.defaultCharset ?? ''), codec: 'latin1' };
    const text = isText ? input.slice(p) : input.toString('latin1', p);
    const partial = new Hl7Message(splitLines(text), d, fallback, declared, isText ? undefined : input);
    throw new Hl7ParseError(
      Hl7ErrorCode.TableValueNotFound,
      declared
        ? `MSH-18 character set "${declared}" is not supported`
        : `the default character set "${opts.defaultCharset ?? ''}" configured for this source is not supported`,
      declared ? mshLocation(18) : undefined,
      partial,
    );
  }

  // 4. Decode, split into segments. UTF-8 stays bytes until a value is read (validated here, decoded lazily).
  let text: string;
  let invalid = false;
  let decode: (s: string) => string = identity;
  if (isText) text = p === 0 ? input : input.slice(p);
  else if (cs.codec === 'utf8') {
    const body = p === 0 ? input : input.subarray(p);
    text = body.toString('latin1');
    invalid = !isUtf8(body);
    decode = fromUtf8Binary;
  } else {
    const r = decodeBytes(p === 0 ? input : input.subarray(p), cs);
    text = r.text;
    invalid = r.invalidAt >= 0;
  }
  const lines = splitLines(text);
  const raw = isText ? undefined : input;
  const msg = new Hl7Message(lines, d, cs, declared, raw, decode);
  if (invalid) {
    const at = firstInvalid(lines, d.field, cs);
    const id = lines[at.line].slice(0, 3);
    throw new Hl7ParseError(
      Hl7ErrorCode.DataTypeError,
      `bytes are not valid ${cs.name}${declared ? '' : ' (MSH-18 is empty: check the default character set configured for this source)'}`,
      { segment: id, sequence: occurrence(lines, at.line), line: at.line + 1, field: at.field },
      msg,
    );
  }

  // 5. Header fields every receiver needs (ACK rules: 202/203 → AR).
  const m = msg.segmentAt(0) as Hl7Segment;
  const messageType = m.value(9).trim();
  if (messageType === '') throw new Hl7ParseError(Hl7ErrorCode.RequiredFieldMissing, 'MSH-9 message type is empty', mshLocation(9, 1), msg);
  if (!MESSAGE_TYPE.test(messageType)) {
    throw new Hl7ParseError(
      Hl7ErrorCode.DataTypeError,
      `MSH-9 message type "${describe(messageType, 10)}" is not a 3-character code`,
      mshLocation(9, 1),
      msg,
    );
  }
  if (m.value(10).trim() === '') {
    throw new Hl7ParseError(Hl7ErrorCode.RequiredFieldMissing, 'MSH-10 message control id is empty', mshLocation(10), msg);
  }
  const processingId = m.value(11).trim();
  if (processingId === '')
    throw new Hl7ParseError(Hl7ErrorCode.RequiredFieldMissing, 'MSH-11 processing id is empty', mshLocation(11), msg);
  if (!PROCESSING_IDS.has(processingId)) {
    throw new Hl7ParseError(
      Hl7ErrorCode.UnsupportedProcessingId,
      `MSH-11 processing id "${describe(processingId, 10)}" is not P, D or T (HL7 table 0103)`,
      mshLocation(11),
      msg,
    );
  }
  const version = m.value(12).trim();
  if (version === '') throw new Hl7ParseError(Hl7ErrorCode.RequiredFieldMissing, 'MSH-12 version id is empty', mshLocation(12), msg);
  if (!SUPPORTED_VERSION.test(version)) {
    throw new Hl7ParseError(
      Hl7ErrorCode.UnsupportedVersionId,
      `MSH-12 version "${describe(version, 12)}" is not an HL7 v2 version (2.1–2.9)`,
      mshLocation(12),
      msg,
    );
  }

  // 6. Every line must start with a segment id: 3 characters, A–Z then A–Z/0–9, then the field separator or nothing.
  for (let i = 1; i < lines.length; i++) {
    const t = lines[i];
    if (
      !isSegmentIdChar(t.charCodeAt(0), true) ||
      !isSegmentIdChar(t.charCodeAt(1), false) ||
      !isSegmentIdChar(t.charCodeAt(2), false) ||
      (t.length > 3 && t[3] !== d.field)
    ) {
      throw new Hl7ParseError(
        Hl7ErrorCode.SegmentSequenceError,
        `segment ${i + 1} does not start with a valid segment id ("${describe(t, 4)}"): ids are 3 characters (A–Z, 0–9) followed by "${d.field}"`,
        { line: i + 1 },
        msg,
      );
    }
  }
  return msg;
}

export type Hl7ParseResult = { ok: true; message: Hl7Message } | { ok: false; error: Hl7ParseError };

/** Like `parseMessage`, but never throws: bad input and unexpected failures (as 207) come back as values. */
export function tryParseMessage(input: Buffer | string, opts: ParseOptions = {}): Hl7ParseResult {
  try {
    return { ok: true, message: parseMessage(input, opts) };
  } catch (e) {
    if (e instanceof Hl7ParseError) return { ok: false, error: e };
    return {
      ok: false,
      error: new Hl7ParseError(Hl7ErrorCode.ApplicationInternalError, `parser failure: ${e instanceof Error ? e.message : String(e)}`),
    };
  }
}
