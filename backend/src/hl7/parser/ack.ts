/**
 * Original-mode acknowledgements (HL7 v2.5 §2.9.2): MSH + MSA, plus ERR for AE/AR. The ACK uses the inbound message's
 * delimiters, version, processing id and charset, and swaps sending and receiving application/facility.
 */
import { randomUUID } from 'node:crypto';
import { encodeText, UTF8, type Hl7Charset } from './charset';
import { HL7_ERROR_TEXT, Hl7ErrorCode, Hl7ParseError, type Hl7Location } from './errors';
import { encodingCharacters, escapeValue, STANDARD_DELIMITERS, type Hl7Delimiters } from './escape';
import type { Hl7Message } from './message';

export type AckCode = 'AA' | 'AE' | 'AR';

export interface AckError {
  code: Hl7ErrorCode;
  location?: Hl7Location;
  /** Text for the sender's interface engineer (MSA-3 before v2.7, ERR-8 from v2.5). No patient data. */
  message?: string;
}

export interface AckOptions {
  /** MSH-10 of the ACK; default: a new random id (20 characters). */
  controlId?: string;
  /** MSH-7 of the ACK; default: now. */
  now?: Date;
  /** The error for AE/AR (an `Hl7ParseError` works as is). Default for AE/AR without one: 207. */
  error?: AckError | Hl7ParseError;
  /** Text for an AA (MSA-3, before v2.7). */
  text?: string;
  /** Our application/facility when the inbound message did not name a receiver (MSH-5/6 empty or no MSH at all). */
  application?: string;
  facility?: string;
  /** Version for an ACK to input without a readable MSH. Default 2.5. */
  version?: string;
}

function versionAtLeast(version: string, min: number[]): boolean {
  const v = version.split('.').map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < min.length; i++) {
    const a = v[i] ?? 0;
    if (a !== min[i]) return a > min[i];
  }
  return true;
}

/** HL7 TS/DTM with the local UTC offset, e.g. 20260401083000+0800. */
export function hl7Timestamp(date: Date): string {
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  const off = -date.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  return (
    pad(date.getFullYear(), 4) +
    pad(date.getMonth() + 1) +
    pad(date.getDate()) +
    pad(date.getHours()) +
    pad(date.getMinutes()) +
    pad(date.getSeconds()) +
    sign +
    pad(Math.floor(Math.abs(off) / 60)) +
    pad(Math.abs(off) % 60)
  );
}

/** A new MSH-10 value: 20 characters (fits the v2.2–2.6 length limit). */
export function newControlId(): string {
  return randomUUID().replace(/-/g, '').slice(0, 20).toUpperCase();
}

/** Drops trailing empty pieces (`a^b^^` → `a^b`). */
function trimEnd(s: string, sep: string): string {
  let end = s.length;
  while (end > 0 && s[end - 1] === sep) end--;
  return s.slice(0, end);
}

/** Builds the ACK as text (CR-terminated segments). */
export function ackText(message: Hl7Message | undefined, code: AckCode, opts: AckOptions = {}): string {
  const d: Hl7Delimiters = message?.delimiters ?? STANDARD_DELIMITERS;
  const m = message?.segmentAt(0);
  const version = message?.msh.version || opts.version || '2.5';
  const raw = (n: number): string => m?.field(n) ?? '';
  const esc = (s: string): string => escapeValue(s, d);
  const fs = d.field;

  const trigger = message?.msh.triggerEvent ?? '';
  let type = 'ACK';
  if (trigger) type += d.component + esc(trigger);
  if (versionAtLeast(version, [2, 3, 1])) type += (trigger ? '' : d.component) + d.component + 'ACK';

  const msh: string[] = [
    'MSH',
    encodingCharacters(d),
    raw(5) || esc(opts.application ?? ''),
    raw(6) || esc(opts.facility ?? ''),
    raw(3),
    raw(4),
    hl7Timestamp(opts.now ?? new Date()),
    '',
    type,
    esc(opts.controlId ?? newControlId()),
    raw(11) || 'P',
    raw(12) || esc(version),
  ];
  const charsetField = raw(18);
  if (charsetField) {
    while (msh.length < 17) msh.push('');
    msh.push(charsetField);
  }

  let error: AckError | undefined = opts.error;
  if (!error && code !== 'AA') error = { code: Hl7ErrorCode.ApplicationInternalError };
  const errorText = error ? (error instanceof Hl7ParseError ? error.reason : (error.message ?? HL7_ERROR_TEXT[error.code])) : opts.text;

  const msa = ['MSA', code, raw(10)];
  if (errorText && !versionAtLeast(version, [2, 7])) msa.push(esc(errorText));
  const segments = [msh.join(fs), msa.join(fs)];

  if (error && code !== 'AA') {
    const loc = error.location;
    const c = d.component;
    const errCode = `${error.code}${c}${esc(HL7_ERROR_TEXT[error.code])}${c}HL70357`;
    if (versionAtLeast(version, [2, 5])) {
      // ERR-2 location (ERL), ERR-3 code (CWE), ERR-4 severity, ERR-8 user message.
      const erl = loc?.segment
        ? [
            loc.segment,
            loc.sequence ?? 1,
            loc.field ?? '',
            loc.repetition ?? (loc.field ? 1 : ''),
            loc.component ?? '',
            loc.subcomponent ?? '',
          ].join(c)
        : '';
      segments.push(trimEnd(['ERR', '', trimEnd(erl, c), errCode, 'E', '', '', '', errorText ? esc(errorText) : ''].join(fs), fs));
    } else {
      // v2.2–2.4: ERR-1 (ELD) = segment ^ sequence ^ field ^ code&text&table.
      const s = d.subcomponent;
      const ce = `${error.code}${s}${esc(HL7_ERROR_TEXT[error.code])}${s}HL70357`;
      segments.push(['ERR', [loc?.segment ?? '', loc?.segment ? (loc.sequence ?? 1) : '', loc?.field ?? '', ce].join(c)].join(fs));
    }
  }
  return segments.join('\r') + '\r';
}

/** Builds the ACK, encoded in the inbound message's charset (UTF-8 when there is no inbound message). */
export function ack(message: Hl7Message | undefined, code: AckCode, opts: AckOptions = {}): Buffer {
  const cs: Hl7Charset = message?.charset ?? UTF8;
  return encodeText(ackText(message, code, opts), cs);
}
