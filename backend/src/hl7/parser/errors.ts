/**
 * HL7 v2 parse errors. Every problem the parser finds in a message is reported with a code from HL7 table 0357
 * ("Message error condition codes") and, where it can be placed, a location (segment, field, …), so the inbox can
 * store the reason and the ACK builder can put both into MSA/ERR without translating.
 */
import type { Hl7Message } from './message';

/** HL7 table 0357. 0 is "message accepted"; the others are the error conditions. */
export enum Hl7ErrorCode {
  MessageAccepted = 0,
  SegmentSequenceError = 100,
  RequiredFieldMissing = 101,
  DataTypeError = 102,
  TableValueNotFound = 103,
  ValueTooLong = 104,
  UnsupportedMessageType = 200,
  UnsupportedEventCode = 201,
  UnsupportedProcessingId = 202,
  UnsupportedVersionId = 203,
  UnknownKeyIdentifier = 204,
  DuplicateKeyIdentifier = 205,
  ApplicationRecordLocked = 206,
  ApplicationInternalError = 207,
}

/** The text HL7 gives each 0357 code (used in ERR-3.2 / ERR-1.4.2). */
export const HL7_ERROR_TEXT: Readonly<Record<Hl7ErrorCode, string>> = {
  [Hl7ErrorCode.MessageAccepted]: 'Message accepted',
  [Hl7ErrorCode.SegmentSequenceError]: 'Segment sequence error',
  [Hl7ErrorCode.RequiredFieldMissing]: 'Required field missing',
  [Hl7ErrorCode.DataTypeError]: 'Data type error',
  [Hl7ErrorCode.TableValueNotFound]: 'Table value not found',
  [Hl7ErrorCode.ValueTooLong]: 'Value too long',
  [Hl7ErrorCode.UnsupportedMessageType]: 'Unsupported message type',
  [Hl7ErrorCode.UnsupportedEventCode]: 'Unsupported event code',
  [Hl7ErrorCode.UnsupportedProcessingId]: 'Unsupported processing id',
  [Hl7ErrorCode.UnsupportedVersionId]: 'Unsupported version id',
  [Hl7ErrorCode.UnknownKeyIdentifier]: 'Unknown key identifier',
  [Hl7ErrorCode.DuplicateKeyIdentifier]: 'Duplicate key identifier',
  [Hl7ErrorCode.ApplicationRecordLocked]: 'Application record locked',
  [Hl7ErrorCode.ApplicationInternalError]: 'Application internal error',
};

/** Where an error is (HL7 ERL data type). All numbers are 1-based; `sequence` is the occurrence of that segment id. */
export interface Hl7Location {
  /** Segment id, e.g. `PID`; absent when the problem is before any segment could be read. */
  segment?: string;
  /** Which occurrence of that segment id (1 = first PID). */
  sequence?: number;
  /** Position of the segment in the message (1 = MSH), handy for humans reading the raw text. */
  line?: number;
  field?: number;
  repetition?: number;
  component?: number;
  subcomponent?: number;
}

export function formatLocation(loc: Hl7Location | undefined): string {
  if (!loc) return '';
  let s = loc.segment ?? '';
  if (loc.segment && loc.sequence && loc.sequence > 1) s += `[${loc.sequence}]`;
  if (loc.field !== undefined) s += `-${loc.field}`;
  if (loc.repetition !== undefined && loc.repetition > 1) s += `[${loc.repetition}]`;
  if (loc.component !== undefined) s += `.${loc.component}`;
  if (loc.subcomponent !== undefined) s += `.${loc.subcomponent}`;
  if (loc.line !== undefined) s += `${s ? ' ' : ''}(segment ${loc.line})`;
  return s;
}

/** A message (or batch) the parser cannot accept. `partial` is set when the MSH could be read, so an ACK can still be built. */
export class Hl7ParseError extends Error {
  override readonly name = 'Hl7ParseError';

  constructor(
    readonly code: Hl7ErrorCode,
    /** Human-readable reason, without patient data (values quoted are header/structure values only). */
    readonly reason: string,
    readonly location?: Hl7Location,
    /** The message as far as it could be read (delimiters, header), for building the ACK. */
    readonly partial?: Hl7Message,
  ) {
    const where = formatLocation(location);
    super(`HL7 ${code} ${HL7_ERROR_TEXT[code]}${where ? ` at ${where}` : ''}: ${reason}`);
  }
}
