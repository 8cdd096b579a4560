import { Injectable, NgZone, inject, signal } from '@angular/core';
import { Subject } from 'rxjs';
import { AuthStore } from '../auth/auth.store';
import { CallView, IncomingCall, parseSse } from './telephony.models';

const MIN_RETRY_MS = 1000;
const MAX_RETRY_MS = 30_000;

/**
 * The signed-in user's call events from GET /api/calls/events (Server-Sent Events). Read with fetch,
 * not EventSource, so the bearer token travels in the Authorization header as on every other call
 * (EventSource cannot set headers; a token in the URL would end up in logs). Reconnects with backoff
 * while signed in; stops for good on 401/403 or when the server says there is no CTI (`manual`).
 */
@Injectable({ providedIn: 'root' })
export class CallEvents {
  private readonly auth = inject(AuthStore);
  private readonly zone = inject(NgZone);

  /** The latest incoming call (the screen-pop), until dismissed. */
  readonly incoming = signal<IncomingCall | null>(null);
  /** State changes of the user's calls. */
  readonly calls = new Subject<CallView>();
  /** Emits each time the stream is (re)connected: the moment to re-read a call shown on screen. */
  readonly connected = new Subject<void>();
  readonly provider = signal<'manual' | 'cti' | null>(null);

  private abort?: AbortController;
  private timer?: ReturnType<typeof setTimeout>;
  private failures = 0;
  private token: string | null = null;

  /** Listens with the current token (again after a token change); idempotent. */
  start(): void {
    const token = this.auth.token();
    if (!token || (this.abort && token === this.token)) return;
    this.stop();
    this.token = token;
    this.abort = new AbortController();
    void this.run(token, this.abort);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.abort?.abort();
    this.abort = undefined;
    this.token = null;
  }

  dismiss(): void {
    this.incoming.set(null);
  }

  private async run(token: string, abort: AbortController): Promise<void> {
    let retry = true;
    try {
      const res = await fetch('/api/calls/events', {
        headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
        signal: abort.signal,
        cache: 'no-store',
      });
      if (res.status === 401 || res.status === 403) retry = false;
      else if (res.ok && res.body) {
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          const parsed = parseSse(buffer + decoder.decode(value, { stream: true }));
          buffer = parsed.rest;
          for (const m of parsed.messages) if (!this.dispatch(m.type, m.data)) retry = false;
          if (!retry) break;
        }
      }
    } catch {
      // network loss or abort: decided below
    }
    if (abort.signal.aborted || !retry) {
      if (this.abort === abort) this.abort = undefined;
      abort.abort();
      return;
    }
    const delay = Math.min(MAX_RETRY_MS, MIN_RETRY_MS * 2 ** this.failures++);
    this.timer = setTimeout(() => {
      if (this.abort === abort && this.auth.token() === token) void this.run(token, abort);
    }, delay);
  }

  /** Applies one event; false when the stream is of no further use. */
  private dispatch(type: string, data: string): boolean {
    let body: unknown;
    try {
      body = JSON.parse(data);
    } catch {
      return true;
    }
    return this.zone.run(() => {
      if (type === 'ready') {
        const provider = (body as { provider: 'manual' | 'cti' }).provider;
        this.provider.set(provider);
        this.failures = 0;
        this.connected.next();
        // Without a CTI there are no call events: no need to hold a connection open.
        return provider !== 'manual';
      }
      if (type === 'incoming') this.incoming.set(body as IncomingCall);
      else if (type === 'call') {
        const call = body as CallView;
        this.calls.next(call);
        const pop = this.incoming();
        if (pop && pop.call.id === call.id && (call.state === 'ended' || call.state === 'failed')) {
          this.incoming.set({ ...pop, ended: true });
        }
      }
      return true;
    });
  }
}
