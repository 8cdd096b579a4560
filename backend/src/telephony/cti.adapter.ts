import { HttpStatus, Logger } from '@nestjs/common';
import { WebSocket } from 'ws';
import type { TelephonyConfig } from '../config/app-config';
import { AppError } from '../platform/errors/app-error';
import { parseCtiEvent } from './cti-protocol';
import type { CallEvent, DialRequest, DialResult, TelephonyAdapter } from './telephony.adapter';

/** A dead connection (no pong to our ping) is noticed within two of these. */
const PING_MS = 15_000;
const HTTP_TIMEOUT_MS = 10_000;

export class CtiError extends AppError {
  static unavailable(detail: string): CtiError {
    return new CtiError(HttpStatus.BAD_GATEWAY, 'CTI_UNAVAILABLE', `The telephony server did not answer (${detail})`);
  }
  static refused(status: number, message: string): CtiError {
    return new CtiError(HttpStatus.CONFLICT, 'CTI_REFUSED', `The telephony server refused: ${message}`, undefined, {
      ctiStatus: status,
      detail: message,
    });
  }
}

/**
 * A CTI server or PBX (docs/telephony.md): calls are placed and ended over its HTTP API; its events
 * arrive over one WebSocket the server opens to `<CTI_URL>/events`. Both carry `Authorization: Bearer
 * <CTI_TOKEN>`. The socket is kept alive with pings and reopened after any loss with exponential backoff
 * (CTI_RECONNECT_MIN_MS doubling up to CTI_RECONNECT_MAX_MS); after each (re)connect the open calls are
 * re-read (`onConnected`), so an event missed while disconnected is not lost.
 */
export class CtiAdapter implements TelephonyAdapter {
  readonly provider = 'cti' as const;
  private readonly logger = new Logger('CtiAdapter');
  private socket?: WebSocket;
  private handlers?: { onEvent: (event: CallEvent) => Promise<void>; onConnected: () => Promise<void> };
  private failures = 0;
  private reconnectTimer?: NodeJS.Timeout;
  private pingTimer?: NodeJS.Timeout;
  private stopped = false;
  /** Events are handled one at a time, in the order the CTI sent them. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly config: Required<Pick<TelephonyConfig, 'ctiUrl' | 'ctiToken'>> & TelephonyConfig) {}

  private get headers(): Record<string, string> {
    return { Authorization: `Bearer ${this.config.ctiToken}`, 'Content-Type': 'application/json', Accept: 'application/json' };
  }

  private async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    let res: Response;
    try {
      res = await fetch(`${this.config.ctiUrl}${path}`, {
        method,
        headers: this.headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
      });
    } catch (e) {
      throw CtiError.unavailable((e as Error).name === 'TimeoutError' ? 'timed out' : (e as Error).message);
    }
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      json = { message: text.slice(0, 200) };
    }
    if (res.status >= 500) throw CtiError.unavailable(`HTTP ${res.status}`);
    return { status: res.status, json };
  }

  private refusal(status: number, json: Record<string, unknown>): CtiError {
    const message = typeof json['message'] === 'string' ? json['message'].slice(0, 200) : `HTTP ${status}`;
    return CtiError.refused(status, message);
  }

  async dial(request: DialRequest): Promise<DialResult> {
    const { status, json } = await this.request('POST', '/calls', request);
    if (status < 200 || status > 299) throw this.refusal(status, json);
    if (typeof json['callId'] !== 'string' || !json['callId'] || json['callId'].length > 128)
      throw CtiError.unavailable('the answer carried no callId');
    return { externalId: json['callId'] };
  }

  async hangUp(externalId: string): Promise<void> {
    const { status, json } = await this.request('POST', `/calls/${encodeURIComponent(externalId)}/hangup`, {});
    if (status < 200 || status > 299) throw this.refusal(status, json);
  }

  async status(externalId: string): Promise<CallEvent | null> {
    const { status, json } = await this.request('GET', `/calls/${encodeURIComponent(externalId)}`);
    if (status === 404) return null;
    if (status !== 200) throw this.refusal(status, json);
    const event = parseCtiEvent(JSON.stringify(json));
    return 'error' in event ? null : event;
  }

  start(handlers: { onEvent: (event: CallEvent) => Promise<void>; onConnected: () => Promise<void> }): void {
    this.handlers = handlers;
    this.stopped = false;
    this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.pingTimer);
    this.socket?.terminate();
    this.socket = undefined;
    await this.queue;
  }

  /** True while the event stream is open (health, tests). */
  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  private connect(): void {
    const url = `${this.config.ctiUrl.replace(/^http/, 'ws')}/events`;
    const socket = new WebSocket(url, { headers: { Authorization: `Bearer ${this.config.ctiToken}` }, handshakeTimeout: HTTP_TIMEOUT_MS });
    this.socket = socket;
    let alive = true;
    socket.on('open', () => {
      this.logger.log(`connected to the CTI event stream ${url}${this.failures ? ` after ${this.failures} failed attempt(s)` : ''}`);
      this.failures = 0;
      clearInterval(this.pingTimer);
      this.pingTimer = setInterval(() => {
        if (!alive) {
          this.logger.warn('the CTI event stream stopped answering pings; reconnecting');
          socket.terminate();
          return;
        }
        alive = false;
        socket.ping();
      }, PING_MS);
      this.enqueue(() => this.handlers!.onConnected());
    });
    socket.on('pong', () => (alive = true));
    socket.on('message', (data, isBinary) => {
      alive = true;
      const text = isBinary ? '' : data.toString();
      const event = parseCtiEvent(text);
      if ('error' in event) {
        this.logger.warn({ reason: event.error }, 'ignored a CTI event that does not follow the protocol');
        return;
      }
      this.enqueue(() => this.handlers!.onEvent(event));
    });
    socket.on('error', (e) => this.logger.warn({ err: e.message }, 'CTI event stream error'));
    socket.on('close', (code) => {
      if (this.socket !== socket) return;
      clearInterval(this.pingTimer);
      this.socket = undefined;
      if (this.stopped) return;
      this.failures++;
      const delay = Math.min(this.config.reconnectMaxMs, this.config.reconnectMinMs * 2 ** Math.min(this.failures - 1, 16));
      this.logger.warn({ code, retryInMs: delay }, 'CTI event stream closed; reconnecting');
      this.reconnectTimer = setTimeout(() => this.connect(), delay);
    });
  }

  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue
      .then(work)
      .catch((e: unknown) => this.logger.error({ err: (e as Error).message }, 'handling a CTI event failed'));
  }
}
