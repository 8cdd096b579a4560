/**
 * `npm run hl7:send -- [--host 127.0.0.1] [--port 2575] [--charset GB18030] [--tls-ca ca.pem] FILE...` — sends HL7 v2 files to an
 * MLLP listener (ours or any other) the way a HIS interface engine does: each file may hold one message, a batch
 * (FHS/BHS…) or messages back to back; each message is framed and sent on one connection, and the next one goes
 * only after its ACK. Prints one line per message: file, control id, type, ACK code, and the ERR text if any.
 * Exit code 0 when every message was answered AA, 1 otherwise, 2 on bad usage or a connection failure.
 */
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { frame, MllpDecoder, splitBatch, tryParseMessage } from './parser';

interface Options {
  host: string;
  port: number;
  ca?: Buffer;
  /** How to read messages (and their ACKs) whose MSH-18 is empty. */
  charset: string;
  files: string[];
}

function usage(message: string): never {
  console.error(
    `hl7:send: ${message}\nusage: npm run hl7:send -- [--host HOST] [--port PORT] [--charset UTF-8|GB18030|8859/1] [--tls-ca CA.pem] FILE...`,
  );
  process.exit(2);
}

export function parseArgs(argv: string[]): Options {
  const o: Options = { host: '127.0.0.1', port: 2575, charset: 'UTF-8', files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => argv[++i] ?? usage(`${a} needs a value`);
    if (a === '--host') o.host = value();
    else if (a === '--port') {
      o.port = Number(value());
      if (!Number.isInteger(o.port) || o.port < 1 || o.port > 65535) usage('--port must be 1–65535');
    } else if (a === '--tls-ca') o.ca = readFileSync(value());
    else if (a === '--charset') o.charset = value();
    else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else o.files.push(a);
  }
  if (!o.files.length) usage('no file given');
  return o;
}

/** One connection; `send` writes a framed message and resolves with the next ACK frame. */
class Connection {
  private readonly decoder = new MllpDecoder();
  private readonly frames: Buffer[] = [];
  private wake: (() => void) | null = null;
  private closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const ev of this.decoder.push(chunk)) if (ev.kind === 'frame') this.frames.push(ev.data);
      this.wake?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake?.();
    });
  }

  static open(o: Options): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const s: Socket = o.ca
        ? tlsConnect({ host: o.host, port: o.port, ca: o.ca }, () => resolve(new Connection(s)))
        : connect(o.port, o.host, () => resolve(new Connection(s)));
      s.once('error', reject);
    });
  }

  async send(message: Buffer, timeoutMs = 30_000): Promise<Buffer> {
    this.socket.write(frame(message));
    const deadline = Date.now() + timeoutMs;
    while (!this.frames.length) {
      if (this.closed) throw new Error('the listener closed the connection before answering');
      if (Date.now() > deadline) throw new Error(`no ACK within ${timeoutMs / 1000} s`);
      await new Promise<void>((r) => {
        this.wake = r;
        setTimeout(r, 250);
      });
    }
    return this.frames.shift() as Buffer;
  }

  close(): void {
    this.socket.end();
  }
}

/** The ACK's MSA-1 code and the text of its ERR segment (ERR-8, else ERR-3.2, else ERR-1). */
export function readAck(ack: Buffer, charset = 'UTF-8'): { code: string; error: string } {
  // An ACK without MSH-18 is in the message's charset, or UTF-8 when the listener could not read the message.
  let parsed = tryParseMessage(ack, { defaultCharset: charset });
  if (!parsed.ok && charset !== 'UTF-8') parsed = tryParseMessage(ack, { defaultCharset: 'UTF-8' });
  if (!parsed.ok) return { code: '??', error: `unreadable ACK: ${parsed.error.reason}` };
  const m = parsed.message;
  const error = m.segment('ERR') ? m.get('ERR-8') || m.get('ERR-3.2') || m.get('ERR-1.4.2') || m.get('ERR-1') : '';
  return { code: m.get('MSA-1'), error };
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  let conn: Connection;
  try {
    conn = await Connection.open(o);
  } catch (e) {
    console.error(`hl7:send: cannot connect to ${o.host}:${o.port}: ${(e as Error).message}`);
    process.exit(2);
  }
  let notAccepted = 0;
  try {
    for (const file of o.files) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch (e) {
        console.error(`${file}: ${(e as Error).message}`);
        notAccepted++;
        continue;
      }
      for (const message of splitBatch(bytes).messages) {
        const parsed = tryParseMessage(message, { defaultCharset: o.charset });
        const id = parsed.ok
          ? `${parsed.message.msh.controlId} ${parsed.message.get('MSH-9.1')}^${parsed.message.get('MSH-9.2')}`
          : '(unparsed)';
        const { code, error } = readAck(await conn.send(message), o.charset);
        if (code !== 'AA') notAccepted++;
        console.log(`${file}\t${id}\t${code}${error ? `\t${error}` : ''}`);
      }
    }
  } finally {
    conn.close();
  }
  process.exit(notAccepted ? 1 : 0);
}

if (require.main === module) {
  void main().catch((e: unknown) => {
    console.error(`hl7:send: ${(e as Error).message}`);
    process.exit(2);
  });
}
