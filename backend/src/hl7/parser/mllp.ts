/**
 * MLLP framing (HL7 v2 Minimal Lower Layer Protocol, release 2): each message travels as
 * `0x0B <message bytes> 0x1C 0x0D`. The decoder is pure (no sockets): feed it the chunks a TCP connection delivers and
 * it returns complete frames, however the chunks cut them — several frames in one chunk, one frame over many chunks,
 * the end block split from its carriage return. Bytes outside frames are reported, never merged into a message.
 */

export const MLLP_START = 0x0b;
export const MLLP_END = 0x1c;
export const MLLP_CR = 0x0d;

export type MllpEvent =
  /** A complete frame's payload (a copy, safe to keep). */
  | { kind: 'frame'; data: Buffer }
  /** Bytes between frames that are not whitespace (reported once per chunk). */
  | { kind: 'junk'; data: Buffer }
  /** A frame that was given up: a new start block before its end, larger than the limit, or the stream ended. */
  | { kind: 'discarded'; reason: 'unterminated' | 'too-large' | 'truncated'; bytes: number; data?: Buffer };

export interface MllpDecoderOptions {
  /** Frames larger than this are discarded (reported, not kept in memory). Default 16 MiB. */
  maxFrameBytes?: number;
}

/** Wraps a message (or batch) for sending. */
export function frame(payload: Buffer | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const out = Buffer.allocUnsafe(body.length + 3);
  out[0] = MLLP_START;
  body.copy(out, 1);
  out[body.length + 1] = MLLP_END;
  out[body.length + 2] = MLLP_CR;
  return out;
}

function isWhitespace(b: Buffer): boolean {
  for (const c of b) if (c !== 0x0d && c !== 0x0a && c !== 0x20 && c !== 0x09 && c !== 0x00) return false;
  return true;
}

export class MllpDecoder {
  private readonly max: number;
  private inFrame = false;
  private parts: Buffer[] = [];
  private size = 0;
  private oversize = false;
  /** The previous chunk ended right after an end block: a CR at the start of the next one belongs to it. */
  private skipCr = false;

  constructor(opts: MllpDecoderOptions = {}) {
    this.max = opts.maxFrameBytes ?? 16 * 1024 * 1024;
  }

  /** Bytes held for a frame not yet complete. */
  get buffered(): number {
    return this.size;
  }

  push(chunk: Buffer): MllpEvent[] {
    const out: MllpEvent[] = [];
    let i = 0;
    if (this.skipCr && chunk.length > 0) {
      if (chunk[0] === MLLP_CR) i = 1;
      this.skipCr = false;
    }
    let junkFrom = -1;
    const flushJunk = (end: number): void => {
      if (junkFrom >= 0 && end > junkFrom) {
        const j = chunk.subarray(junkFrom, end);
        if (!isWhitespace(j)) out.push({ kind: 'junk', data: Buffer.from(j) });
      }
      junkFrom = -1;
    };
    while (i < chunk.length) {
      if (!this.inFrame) {
        const s = chunk.indexOf(MLLP_START, i);
        if (s < 0) {
          if (junkFrom < 0) junkFrom = i;
          i = chunk.length;
          break;
        }
        if (s > i && junkFrom < 0) junkFrom = i;
        flushJunk(s);
        this.inFrame = true;
        i = s + 1;
        continue;
      }
      const e = chunk.indexOf(MLLP_END, i);
      const restart = chunk.indexOf(MLLP_START, i);
      if (restart >= 0 && (e < 0 || restart < e)) {
        // A new frame starts before this one ended: the sender gave up on it.
        this.append(chunk.subarray(i, restart));
        out.push(this.discard('unterminated'));
        i = restart;
        continue;
      }
      if (e < 0) {
        this.append(chunk.subarray(i));
        break;
      }
      this.append(chunk.subarray(i, e));
      out.push(this.oversize ? this.discard('too-large') : this.complete());
      i = e + 1;
      if (i < chunk.length) {
        if (chunk[i] === MLLP_CR) i++;
      } else this.skipCr = true;
    }
    flushJunk(chunk.length);
    return out;
  }

  /** The connection closed: a frame still open is reported as truncated. */
  end(): MllpEvent[] {
    this.skipCr = false;
    return this.inFrame ? [this.discard('truncated')] : [];
  }

  private append(b: Buffer): void {
    if (b.length === 0) return;
    this.size += b.length;
    if (this.oversize) return;
    if (this.size > this.max) {
      this.oversize = true;
      this.parts = [];
      return;
    }
    this.parts.push(Buffer.from(b));
  }

  private complete(): MllpEvent {
    const data = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.size);
    this.reset();
    return { kind: 'frame', data };
  }

  private discard(reason: 'unterminated' | 'too-large' | 'truncated'): MllpEvent {
    const ev: MllpEvent = { kind: 'discarded', reason, bytes: this.size };
    if (!this.oversize && this.size > 0) ev.data = Buffer.concat(this.parts, this.size);
    this.reset();
    return ev;
  }

  private reset(): void {
    this.inFrame = false;
    this.parts = [];
    this.size = 0;
    this.oversize = false;
  }
}
