import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

export interface SimDial {
  extension: string | null;
  number: string;
  reference: string;
  callId: string;
}

/**
 * A small CTI server speaking the protocol of docs/telephony.md, for tests: the HTTP API (dial, hang
 * up, call status), the WebSocket event stream at /events, both refusing requests without the bearer
 * token, and a recording store under /rec/. Tests drive it: send events, drop connections, refuse dials.
 */
export class CtiSimulator {
  readonly dials: SimDial[] = [];
  readonly hangups: string[] = [];
  /** Latest event per call, answered by GET /calls/:id. */
  readonly calls = new Map<string, Record<string, unknown>>();
  /** WebSocket handshakes accepted / refused (bad or missing token). */
  accepted = 0;
  refused = 0;
  /** The next dial is answered with this status and message instead of a call. */
  refuseNextDial?: { status: number; message: string };
  private server?: Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private seq = 0;
  private waiters: Array<() => void> = [];

  constructor(readonly token = 'sim-cti-token-0123456789') {}

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  get open(): WebSocket[] {
    return [...this.wss.clients].filter((c) => c.readyState === WebSocket.OPEN);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.http(req, res));
    this.server.on('upgrade', (req, socket, head) => {
      if (req.url !== '/events' || req.headers.authorization !== `Bearer ${this.token}`) {
        this.refused++;
        socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, () => {
        this.accepted++;
        for (const w of this.waiters.splice(0)) w();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  /** Resolves once the server has accepted `count` event-stream connections in all. */
  async connections(count: number, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.accepted < count || this.open.length === 0) {
      if (Date.now() > deadline) throw new Error(`the CTI saw ${this.accepted} connection(s), waited for ${count}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  /** Sends an event to every connected client (and remembers it as the call's latest state). */
  send(event: Record<string, unknown>): void {
    if (typeof event['callId'] === 'string' && event['type'] !== 'call.recording') this.calls.set(event['callId'], event);
    for (const c of this.open) c.send(JSON.stringify(event));
  }

  sendRaw(text: string): void {
    for (const c of this.open) c.send(text);
  }

  /** Cuts every event-stream connection, as a CTI restart would. */
  drop(): void {
    for (const c of this.wss.clients) c.terminate();
  }

  async close(): Promise<void> {
    this.drop();
    await new Promise((r) => this.server?.close(r));
  }

  private async http(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const json = (status: number, body?: unknown) => {
      res.writeHead(status, body === undefined ? {} : { 'Content-Type': 'application/json' });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const url = req.url ?? '';
    if (req.method === 'GET' && url.startsWith('/rec/')) {
      res.writeHead(200, { 'Content-Type': 'audio/wav' }).end(Buffer.from(`RIFF-recording-${url}`));
      return;
    }
    if (req.headers.authorization !== `Bearer ${this.token}`) return json(401, { message: 'bad token' });
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>) : {};
    if (req.method === 'POST' && url === '/calls') {
      if (this.refuseNextDial) {
        const { status, message } = this.refuseNextDial;
        this.refuseNextDial = undefined;
        return json(status, { message });
      }
      const callId = `sim-${++this.seq}`;
      this.dials.push({
        extension: body['extension'] as string,
        number: body['number'] as string,
        reference: body['reference'] as string,
        callId,
      });
      this.calls.set(callId, { type: 'call.ringing', callId, reference: body['reference'] });
      return json(201, { callId });
    }
    const hang = /^\/calls\/([^/]+)\/hangup$/.exec(url);
    if (req.method === 'POST' && hang) {
      const callId = decodeURIComponent(hang[1]);
      if (!this.calls.has(callId)) return json(404, { message: 'no such call' });
      this.hangups.push(callId);
      // A real PBX reports the hang-up on the event stream.
      setTimeout(() => this.send({ type: 'call.ended', callId, at: new Date().toISOString(), reason: 'hangup' }), 10);
      return json(204);
    }
    const status = /^\/calls\/([^/]+)$/.exec(url);
    if (req.method === 'GET' && status) {
      const latest = this.calls.get(decodeURIComponent(status[1]));
      return latest ? json(200, latest) : json(404, { message: 'no such call' });
    }
    json(404, { message: 'not found' });
  }
}
