/**
 * Splitting a file or a frame into messages: HL7 batches (FHS/BHS … BTS/FTS) and plain files with several messages
 * back to back. Works on bytes, before decoding (each message may declare its own charset in MSH-18): a message starts
 * at every line that begins with `MSH` followed by a delimiter. Text in a field that merely contains "MSH" does not
 * split; nothing is dropped: lines before the first MSH that are not batch envelope segments become a part of their
 * own, which then fails to parse with a clear error.
 */

export interface Hl7BatchEnvelopeSegment {
  /** `FHS`, `BHS`, `BTS` or `FTS`. */
  readonly id: 'FHS' | 'BHS' | 'BTS' | 'FTS';
  /** The segment as text (envelope segments are ASCII). */
  readonly text: string;
}

export interface Hl7Batch {
  /** One entry per message, as byte slices of the input (not copies), in order. */
  readonly messages: Buffer[];
  /** FHS/BHS/BTS/FTS segments in the order found; empty for a plain file. */
  readonly envelope: Hl7BatchEnvelopeSegment[];
  /** Inconsistencies that do not stop processing (e.g. BTS-1 count differs from the messages found). */
  readonly warnings: string[];
}

const CR = 13;
const LF = 10;

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function envelopeId(buf: Buffer, i: number): 'MSH' | 'FHS' | 'BHS' | 'BTS' | 'FTS' | undefined {
  if (i + 3 > buf.length) return undefined;
  const next = i + 3 < buf.length ? buf[i + 3] : CR;
  if (isAlnum(next)) return undefined;
  const a = buf[i];
  const b = buf[i + 1];
  const c = buf[i + 2];
  if (a === 0x4d && b === 0x53 && c === 0x48) return 'MSH';
  if (a === 0x46 && b === 0x48 && c === 0x53) return 'FHS';
  if (a === 0x42 && b === 0x48 && c === 0x53) return 'BHS';
  if (a === 0x42 && b === 0x54 && c === 0x53) return 'BTS';
  if (a === 0x46 && b === 0x54 && c === 0x53) return 'FTS';
  return undefined;
}

/** First component of field n (1-based, not a header segment) of an ASCII envelope segment. */
function envelopeField(text: string, n: number): string {
  const fs = text[3];
  if (!fs) return '';
  const f = text.split(fs)[n] ?? '';
  return f.split('^')[0].trim();
}

export function splitBatch(buf: Buffer): Hl7Batch {
  const messages: Buffer[] = [];
  const envelope: Hl7BatchEnvelopeSegment[] = [];
  const warnings: string[] = [];
  let start = 0;
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start = 3;

  let current = -1; // start of the message being collected
  let inBatchMessages = 0; // messages since the last BHS
  let batches = 0; // BHS seen since the last FHS
  const close = (end: number): void => {
    if (current >= 0) {
      messages.push(buf.subarray(current, end));
      inBatchMessages++;
      current = -1;
    }
  };

  let i = start;
  while (i < buf.length) {
    // line [i, end)
    let end = i;
    while (end < buf.length && buf[end] !== CR && buf[end] !== LF) end++;
    if (end > i) {
      const id = envelopeId(buf, i);
      if (id === 'MSH') {
        close(i);
        current = i;
      } else if (id !== undefined) {
        close(i);
        const text = buf.toString('latin1', i, end);
        envelope.push({ id, text });
        if (id === 'BHS') {
          batches++;
          inBatchMessages = 0;
        } else if (id === 'FHS') batches = 0;
        else if (id === 'BTS') {
          const declared = envelopeField(text, 1);
          if (declared !== '' && Number(declared) !== inBatchMessages) {
            warnings.push(`BTS-1 says ${declared} messages, the batch holds ${inBatchMessages}`);
          }
        } else {
          const declared = envelopeField(text, 1);
          if (declared !== '' && Number(declared) !== batches) warnings.push(`FTS-1 says ${declared} batches, the file holds ${batches}`);
        }
      } else if (current < 0) {
        // Content outside any message: keep it as a part of its own (it will be rejected, never silently dropped).
        const blank = buf.subarray(i, end).every((c) => c === 0x20 || c === 0x09);
        if (!blank) current = i;
      }
    }
    i = end + 1;
  }
  close(buf.length);
  // Nothing recognisable at all (empty or blank input): hand the whole input on, so it is rejected with a reason.
  if (messages.length === 0 && envelope.length === 0) messages.push(buf);
  if (envelope.length > 0) {
    const opened = envelope.filter((e) => e.id === 'BHS').length;
    const closed = envelope.filter((e) => e.id === 'BTS').length;
    if (opened !== closed) warnings.push(`${opened} BHS but ${closed} BTS segments`);
    const fOpened = envelope.filter((e) => e.id === 'FHS').length;
    const fClosed = envelope.filter((e) => e.id === 'FTS').length;
    if (fOpened !== fClosed) warnings.push(`${fOpened} FHS but ${fClosed} FTS segments`);
  }
  return { messages, envelope, warnings };
}
