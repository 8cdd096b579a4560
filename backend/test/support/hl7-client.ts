import { connect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { frame, MllpDecoder } from '../../src/hl7/parser';

/** A real MLLP client for tests and benchmarks: write raw bytes, read framed ACKs in order. */
export class MllpClient {
  private readonly decoder = new MllpDecoder();
  private readonly acks: Buffer[] = [];
  private waiters: Array<() => void> = [];
  private closed = false;

  private constructor(readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      for (const ev of this.decoder.push(chunk)) if (ev.kind === 'frame') this.acks.push(ev.data);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static open(port: number, host = '127.0.0.1'): Promise<MllpClient> {
    return new Promise((resolve, reject) => {
      const s = connect(port, host, () => resolve(new MllpClient(s)));
      s.once('error', reject);
    });
  }

  /** Over TLS, trusting `ca` (the test certificate). */
  static openTls(port: number, ca: Buffer, host = '127.0.0.1'): Promise<MllpClient> {
    return new Promise((resolve, reject) => {
      const s = tlsConnect({ port, host, ca }, () => resolve(new MllpClient(s)));
      s.once('error', reject);
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  write(bytes: Buffer | string): void {
    this.socket.write(bytes);
  }

  /** Sends one message framed and waits for its ACK (as text). */
  async send(message: string | Buffer): Promise<string> {
    this.write(frame(message));
    return (await this.next()).toString('utf8');
  }

  /** The next ACK received (bytes). Rejects on timeout or when the connection closed first. */
  async next(timeoutMs = 10_000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const next = this.acks.shift();
      if (next) return next;
      if (this.closed) throw new Error('connection closed before an ACK arrived');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no ACK within the timeout');
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((r) => {
      this.socket.once('close', () => r());
      this.socket.end();
    });
  }
}

/** A small ADT message with the given control id and PID-3, CR-separated. */
export function adt(
  controlId: string,
  pid: string,
  event = 'A08',
  opts: { version?: string; type?: string; processingId?: string } = {},
): string {
  return (
    [
      `MSH|^~\\&|HIS|HOSP01|HCRM|FOLLOWUP|20260404201500+0800||${opts.type ?? 'ADT'}^${event}^${opts.type ?? 'ADT'}_${event}|${controlId}|${opts.processingId ?? 'P'}|${opts.version ?? '2.5'}`,
      `EVN|${event}|20260404201500`,
      `PID|1||${pid}^^^HOSP01^MR||Test^Patient||19700321|M`,
      `PV1|1|I|CARD^0101^01||||||||CARD`,
    ].join('\r') + '\r'
  );
}

/** MSA-1 and MSA-2 of an ACK, and its ERR segment (or ''). */
export function msa(ackText: string): { code: string; controlId: string; err: string } {
  const lines = ackText.split('\r');
  const m = (lines.find((l) => l.startsWith('MSA|')) ?? '').split('|');
  return { code: m[1] ?? '', controlId: m[2] ?? '', err: lines.find((l) => l.startsWith('ERR|')) ?? '' };
}
