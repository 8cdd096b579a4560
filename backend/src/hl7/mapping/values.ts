/**
 * Reading HL7 values for the mapping: update semantics (empty = unchanged, `""` = clear), timestamps
 * in the hospital's time zone, person names, and the default code tables of `SourceMapping`.
 */
import { Hl7ErrorCode, type Hl7Segment } from '../parser';
import { Hl7ApplyError, type SourceMapping } from './contract';

/** HL7 explicit null: the sender says "this field has no value now" (clear it). */
export const HL7_NULL = '""';

/** A field as HL7 update semantics read it: absent (leave unchanged), null (clear) or a value. */
export type FieldValue = { kind: 'absent' } | { kind: 'null' } | { kind: 'value'; value: string };

export function fieldValue(seg: Hl7Segment | undefined, field: number, component = 1): FieldValue {
  if (!seg) return { kind: 'absent' };
  const raw = seg.field(field);
  if (raw === undefined || raw === '') return { kind: 'absent' };
  if (raw === HL7_NULL) return { kind: 'null' };
  const v = seg.value(field, 1, component).trim();
  return v ? { kind: 'value', value: v } : { kind: 'absent' };
}

/** True for text with Chinese (CJK) characters: such names are written family+given without a space. */
export function hasCjk(s: string): boolean {
  return /[\u3400-\u9fff\uf900-\ufaff]/.test(s);
}

/**
 * A person's name from XPN/XCN components (family, given, middle): Chinese names as sent, in one
 * component (`张三`) or split (`张^三` → `张三`); Latin names family first so the name prefix search
 * finds the family name: `Smith^John^Robert` → `Smith, John Robert`.
 */
export function personName(family: string, given: string, middle = ''): string {
  family = family.trim();
  given = given.trim();
  middle = middle.trim();
  if (hasCjk(family) || hasCjk(given)) return `${family}${given}`;
  const rest = [given, middle].filter(Boolean).join(' ');
  return family && rest ? `${family}, ${rest}` : family || rest;
}

/** The hospital's UTC offset, used for HL7 timestamps sent without one (China has no daylight saving). */
const HOSPITAL_OFFSET = '+08:00';

const TS_RE = /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:\.(\d{1,4}))?([+-]\d{4})?$/;

/**
 * An HL7 TS/DTM (`YYYY[MM[DD[HH[MM[SS[.S…]]]]]][+/-ZZZZ]`) as an instant; without an offset it is the
 * hospital's local time. Null when the value is not a valid timestamp.
 */
export function parseTimestamp(value: string): Date | null {
  const m = TS_RE.exec(value.trim());
  if (!m || !m[3]) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '0', off] = m;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  const offset = off ? `${off.slice(0, 3)}:${off.slice(3)}` : HOSPITAL_OFFSET;
  const t = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${frac.padEnd(3, '0').slice(0, 3)}${offset}`);
  if (Number.isNaN(t.getTime())) return null;
  // Date rolls 2026-02-30 over to March: check the calendar day in the stated offset.
  const local = new Date(t.getTime() + offsetMinutes(offset) * 60_000);
  if (local.getUTCFullYear() !== Number(y) || local.getUTCMonth() + 1 !== Number(mo) || local.getUTCDate() !== Number(d)) return null;
  return t;
}

function offsetMinutes(offset: string): number {
  const sign = offset.startsWith('-') ? -1 : 1;
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
}

/** A date (YYYY-MM-DD) from an HL7 DT/TS: the calendar day as sent; null when invalid or shorter than a day. */
export function parseDate(value: string): string | null {
  const v = value.trim();
  if (!parseTimestamp(v)) return null;
  return `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}`;
}

/** Reads a timestamp field; `required` makes absence a 101, a bad value is always a 102. */
export function timestampField(seg: Hl7Segment | undefined, segment: string, field: number, component = 1): FieldValue & { date?: Date } {
  const f = fieldValue(seg, field, component);
  if (f.kind !== 'value') return f;
  const date = parseTimestamp(f.value);
  if (!date)
    throw new Hl7ApplyError(Hl7ErrorCode.DataTypeError, `${segment}-${field} is not a valid HL7 timestamp: "${f.value.slice(0, 40)}"`, {
      segment,
      field,
      component: component > 1 ? component : undefined,
    });
  return { ...f, date };
}

// ---- code tables -------------------------------------------------------------------------------

export const DEFAULT_SEX: Readonly<Record<string, string>> = {
  M: '1',
  F: '2',
  O: '9',
  U: '9',
  A: '9',
  N: '9',
  '0': '0',
  '1': '1',
  '2': '2',
  '9': '9',
};

export const DEFAULT_PATIENT_CLASS: Readonly<Record<string, string>> = {
  I: 'inpatient',
  O: 'outpatient',
  E: 'emergency',
  P: 'outpatient',
  R: 'outpatient',
  B: 'outpatient',
};

/** PID-3.5 → identifier type. Beyond the contract's defaults: PPN (passport) → passport. */
export const DEFAULT_IDENTIFIER_TYPES: Readonly<Record<string, string>> = {
  PI: 'his_id',
  PT: 'his_id',
  MR: 'his_id',
  PN: 'inpatient_no',
  IN: 'inpatient_no',
  VN: 'outpatient_no',
  NI: 'id_number',
  NNCHN: 'id_number',
  CN: 'id_number',
  HC: 'health_card',
  PPN: 'passport',
};

export const ENCOUNTER_TYPES = new Set(['outpatient', 'emergency', 'inpatient', 'day_surgery']);

/** GB/T 2261.1 code for a PID-8 value; undefined when unknown (or when a source mapping names a code that is not one). */
export function mapSex(code: string, mapping: SourceMapping): string | undefined {
  const sex = mapping.sex?.[code] ?? DEFAULT_SEX[code.toUpperCase()];
  return sex !== undefined && ['0', '1', '2', '9'].includes(sex) ? sex : undefined;
}

/** Encounter type for a PV1-2 value; undefined when unknown (or when a source mapping names a type we do not have). */
export function mapPatientClass(code: string, mapping: SourceMapping): string | undefined {
  const type = mapping.patientClass?.[code] ?? DEFAULT_PATIENT_CLASS[code.toUpperCase()];
  return type !== undefined && ENCOUNTER_TYPES.has(type) ? type : undefined;
}

/** Identifier type for a PID-3.5 code; an unknown code is kept in lower case (`XX` → `xx`), none means his_id. */
export function mapIdentifierType(code: string, mapping: SourceMapping): string {
  if (!code) return 'his_id';
  return (mapping.identifierTypes?.[code] ?? DEFAULT_IDENTIFIER_TYPES[code.toUpperCase()] ?? code.toLowerCase()).slice(0, 32);
}

/** Discharge disposition: numeric codes lose leading zeros so the HIS's `01` is our dictionary's `1`. */
export function normaliseDisposition(code: string): string {
  return (/^\d+$/.test(code) ? String(Number(code)) : code).slice(0, 32);
}

/** Cuts text to a column's length (HL7 senders do not know our limits; a too-long name must not fail the message). */
export function fit(value: string, max: number): string {
  return value.length > max ? value.slice(0, max) : value;
}
