/**
 * HL7 v2 (ER7, "pipe and hat") message model and parser. Lazy: parsing finds the delimiters, the charset, the
 * segment boundaries and the header; a segment is split into fields only when one of its fields is asked for, and
 * components / repetitions / escapes are resolved per access without building a tree.
 */
import { decodeBytes, resolveCharset, type Hl7Charset, encodeText } from './charset';
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

/** MSH, FHS and BHS carry their own delimiters: field 1 is the field separator, field 2 the encoding characters. */
function isHeaderSegment(name: string): boolean {
  return name === 'MSH' || name === 'FHS' || name === 'BHS';
}

/** One segment; fields are split on first access. */
export class Hl7Segment {
  private parts: string[] | undefined;
  private readonly header: boolean;

  constructor(
    /** Segment id, e.g. `PID`, `ZPD`. */
    readonly name: string,
    /** The segment's text (decoded, escapes not resolved), without the terminator. */
    readonly text: string,
    /** Position in the message, 1 = MSH. */
    readonly line: number,
    private readonly d: Hl7Delimiters,
    private readonly cs: Hl7Charset,
  ) {
    this.header = isHeaderSegment(name);
  }

  private fields(): string[] {
    return (this.parts ??= this.text.split(this.d.field));
  }

  /** Field n as sent (encoded: delimiters and escapes not resolved), or undefined when absent. HL7 numbering (MSH-1 = separator). */
  field(n: number): string | undefined {
    if (n < 1) return undefined;
    if (this.header) return n === 1 ? this.d.field : this.fields()[n - 1];
    return this.fields()[n];
  }

  /** Highest field number present (trailing empty fields count when sent). */
  get fieldCount(): number {
    const n = this.fields().length;
    return this.header ? n : n - 1;
  }

  /** Decoded value of field[repetition].component.subcomponent (1-based); '' when absent. */
  value(field: number, repetition = 1, component = 1, subcomponent = 1): string {
    const raw = this.field(field);
    if (raw === undefined || raw === '') return '';
    if (this.header && field <= 2) return repetition === 1 && component === 1 && subcomponent === 1 ? raw : '';
    const d = this.d;
    const rep = piece(raw, d.repetition, repetition);
    if (rep === undefined) return '';
    const comp = piece(rep, d.component, component);
    if (comp === undefined) return '';
    const sub = piece(comp, d.subcomponent, subcomponent);
    if (sub === undefined) return '';
    return unescapeValue(sub, d, this.cs);
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

  /** Decoded component/subcomponent of every repetition of a field, e.g. all PID-3.1 identifiers. */
  getAll(field: number, component = 1, subcomponent = 1): string[] {
    const n = this.repetitions(field).length;
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
      s = new Hl7Segment(text.slice(0, 3), text, index + 1, this.delimiters, this.charset);
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
    return this.lines.join('\r') + '\r';
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

/** Describes bytes for an error message without echoing content: printable ASCII as is, others as hex. */
function describeStart(at: (i: number) => number, from: number, len: number, max = 4): string {
  let s = '';
  for (let i = from; i < Math.min(len, from + max); i++) {
    const c = at(i);
    s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : `<${c.toString(16).padStart(2, '0')}>`;
  }
  return s;
}

const SUPPORTED_VERSION = /^2\.[1-9](\.\d{1,2})?$/;
const PROCESSING_IDS = new Set(['P', 'D', 'T']);
const MESSAGE_TYPE = /^[A-Z0-9]{3}$/;

function mshLocation(field: number, component?: number): Hl7Location {
  return { segment: 'MSH', sequence: 1, line: 1, field, component };
}

interface Lines {
  lines: string[];
  /** Offsets of each kept line in the text (only when asked for). */
  starts?: number[];
}

/** Splits on CR, LF or CRLF; skips empty and whitespace-only lines. */
function splitLines(text: string, withStarts: boolean): Lines {
  const lines: string[] = [];
  const starts: number[] | undefined = withStarts ? [] : undefined;
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
      if (!(c === 0x20 || c === 0x09) || text.slice(i, end).trim() !== '') {
        lines.push(text.slice(i, end));
        starts?.push(i);
      }
    }
    i = end + 1;
  }
  return { lines, starts };
}

/** Field number (HL7 numbering) of a character offset inside a segment's text. */
function fieldAt(line: string, offset: number, fs: string, header: boolean): number {
  let count = 0;
  for (let i = line.indexOf(fs); i >= 0 && i < offset; i = line.indexOf(fs, i + 1)) count++;
  return header ? count + 1 : count;
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
  const at: (i: number) => number = isText ? (i) => input.charCodeAt(i) : (i) => input[i];

  // 1. Find MSH: a UTF-8 BOM and blank lines before it are tolerated, nothing else.
  let p = 0;
  if (isText) {
    if (at(0) === 0xfeff) p = 1;
  } else if (len >= 3 && at(0) === 0xef && at(1) === 0xbb && at(2) === 0xbf) p = 3;
  while (p < len && isBlank(at(p))) p++;
  if (p >= len) throw new Hl7ParseError(Hl7ErrorCode.SegmentSequenceError, 'empty message: no MSH segment', { line: 1 });
  if (at(p) !== 0x4d || at(p + 1) !== 0x53 || at(p + 2) !== 0x48) {
    throw new Hl7ParseError(
      Hl7ErrorCode.SegmentSequenceError,
      `message does not start with an MSH segment (starts with "${describeStart(at, p, len)}")`,
      { line: 1 },
    );
  }

  // 2. Delimiters from MSH-1 and MSH-2.
  const fsCode = p + 3 < len ? at(p + 3) : -1;
  if (!isDelimiterChar(fsCode)) {
    throw new Hl7ParseError(
      Hl7ErrorCode.DataTypeError,
      fsCode < 0
        ? 'MSH has no field separator'
        : `MSH-1 field separator "${describeStart(at, p + 3, p + 4)}" is not a printable non-alphanumeric character`,
      mshLocation(1),
    );
  }
  let q = p + 4;
  const enc: number[] = [];
  while (q < len) {
    const c = at(q);
    if (c === fsCode || c === CR || c === LF) break;
    enc.push(c);
    q++;
  }
  const encText = describeStart((i) => enc[i], 0, enc.length, 8) + (enc.length > 8 ? '…' : '');
  const badEnc = (why: string): Hl7ParseError =>
    new Hl7ParseError(Hl7ErrorCode.DataTypeError, `MSH-2 encoding characters "${encText}" ${why}`, mshLocation(2));
  if (enc.length < 4 || enc.length > 5) throw badEnc('must be 4 characters (5 with the v2.7 truncation character)');
  for (let i = 0; i < enc.length; i++) {
    const c = enc[i];
    if (!(isDelimiterChar(c) || (i === 2 && c === 0x20))) throw badEnc('must be printable characters other than letters and digits');
    if (c === fsCode) throw badEnc('repeat the field separator');
    if (enc.indexOf(c) !== i) throw badEnc(`use "${String.fromCharCode(c)}" twice`);
  }
  const ch = (i: number): string => (i < enc.length ? String.fromCharCode(enc[i]) : '');
  const d: Hl7Delimiters = {
    field: String.fromCharCode(fsCode),
    component: ch(0),
    repetition: ch(1),
    escape: enc[2] === 0x20 ? '' : ch(2),
    subcomponent: ch(3),
    truncation: ch(4),
  };

  // 3. Charset from MSH-18 (MSH is ASCII: read the bytes as they are), else the caller's default.
  let declared = '';
  {
    let count = 2;
    let start = -1;
    let i = q;
    if (i < len && at(i) === fsCode) {
      for (i = q + 1; i < len; i++) {
        const c = at(i);
        if (c === CR || c === LF) break;
        if (c === fsCode) {
          count++;
          if (count === 17) start = i + 1;
          else if (count === 18) break;
        }
      }
      if (start >= 0) {
        let s = '';
        for (let k = start; k < i; k++) s += String.fromCharCode(at(k));
        declared = (piece(s, d.repetition, 1) ?? '').trim();
      }
    }
  }
  const cs = resolveCharset(declared || (opts.defaultCharset ?? ''));
  if (!cs) {
    const fallback: Hl7Charset = { name: declared || (opts.defaultCharset ?? ''), codec: 'latin1' };
    const text = isText ? input.slice(p) : input.toString('latin1', p);
    const partial = new Hl7Message(splitLines(text, false).lines, d, fallback, declared, isText ? undefined : input);
    throw new Hl7ParseError(
      Hl7ErrorCode.TableValueNotFound,
      declared
        ? `MSH-18 character set "${declared}" is not supported`
        : `the default character set "${opts.defaultCharset ?? ''}" configured for this source is not supported`,
      declared ? mshLocation(18) : undefined,
      partial,
    );
  }

  // 4. Decode, split into segments.
  let text: string;
  let invalidAt = -1;
  if (isText) text = p === 0 ? input : input.slice(p);
  else ({ text, invalidAt } = decodeBytes(p === 0 ? input : input.subarray(p), cs));
  const { lines, starts } = splitLines(text, invalidAt >= 0);
  const raw = isText ? undefined : input;
  const msg = new Hl7Message(lines, d, cs, declared, raw);

  if (invalidAt >= 0 && starts) {
    let li = 0;
    while (li + 1 < starts.length && starts[li + 1] <= invalidAt) li++;
    const id = lines[li].slice(0, 3);
    throw new Hl7ParseError(
      Hl7ErrorCode.DataTypeError,
      `bytes are not valid ${cs.name}${declared ? '' : ' (MSH-18 is empty: check the default character set configured for this source)'}`,
      {
        segment: id,
        sequence: occurrence(lines, li),
        line: li + 1,
        field: fieldAt(lines[li], invalidAt - starts[li], d.field, isHeaderSegment(id)),
      },
      msg,
    );
  }

  // 5. Header fields every receiver needs (ACK rules: 202/203 → AR).
  const h = msg.msh;
  if (h.messageType === '')
    throw new Hl7ParseError(Hl7ErrorCode.RequiredFieldMissing, 'MSH-9 message type is empty', mshLocation(9, 1), msg);
  if (!MESSAGE_TYPE.test(h.messageType)) {
    throw new Hl7ParseError(
      Hl7ErrorCode.DataTypeError,
      `MSH-9 message type "${h.messageType.slice(0, 10)}" is not a 3-character code`,
      mshLocation(9, 1),
      msg,
    );
  }
  if (h.controlId === '')
    throw new Hl7ParseError(Hl7ErrorCode.RequiredFieldMissing, 'MSH-10 message control id is empty', mshLocation(10), msg);
  if (h.processingId === '')
    throw new Hl7ParseError(Hl7ErrorCode.RequiredFieldMissing, 'MSH-11 processing id is empty', mshLocation(11), msg);
  if (!PROCESSING_IDS.has(h.processingId)) {
    throw new Hl7ParseError(
      Hl7ErrorCode.UnsupportedProcessingId,
      `MSH-11 processing id "${h.processingId.slice(0, 10)}" is not P, D or T (HL7 table 0103)`,
      mshLocation(11),
      msg,
    );
  }
  if (h.version === '') throw new Hl7ParseError(Hl7ErrorCode.RequiredFieldMissing, 'MSH-12 version id is empty', mshLocation(12), msg);
  if (!SUPPORTED_VERSION.test(h.version)) {
    throw new Hl7ParseError(
      Hl7ErrorCode.UnsupportedVersionId,
      `MSH-12 version "${h.version.slice(0, 12)}" is not an HL7 v2 version (2.1–2.9)`,
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
      const shown = describeStart((k) => t.charCodeAt(k), 0, t.length);
      throw new Hl7ParseError(
        Hl7ErrorCode.SegmentSequenceError,
        `segment ${i + 1} does not start with a valid segment id ("${shown}…"): ids are 3 characters (A–Z, 0–9) followed by "${d.field}"`,
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
