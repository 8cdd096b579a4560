import { Inject, Injectable, Logger, MessageEvent } from '@nestjs/common';
import { Observable, Subscriber } from 'rxjs';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AuthService } from '../platform/auth/auth.service';
import type { AuthUser } from '../platform/context/request-context';

/**
 * Pushes call events to the console of the staff member they concern, over Server-Sent Events
 * (GET /api/calls/events, signed in with the bearer token like every other call; the console reads it
 * with fetch, not EventSource, so the token stays in a header and out of URLs and logs).
 * Each stream starts with a `ready` event, gets a keep-alive comment every
 * CALL_EVENTS_HEARTBEAT_SECONDS, and ends when the session behind the token ends (sign-out, expiry,
 * account disabled) — checked at each keep-alive. In-process: one server instance holds the streams.
 */
@Injectable()
export class CallEventsHub {
  private readonly logger = new Logger(CallEventsHub.name);
  private readonly streams = new Map<string, Set<Subscriber<MessageEvent>>>();

  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  stream(user: AuthUser, ready: Record<string, unknown>): Observable<MessageEvent> {
    return new Observable<MessageEvent>((sub) => {
      const mine = this.streams.get(user.id) ?? new Set();
      this.streams.set(user.id, mine.add(sub));
      sub.next({ type: 'ready', data: ready });
      const beat = setInterval(() => {
        this.auth.principalFor({ sub: user.id, sid: user.sessionId }).then(
          (principal) => (principal ? sub.next({ comment: 'keep-alive' }) : sub.complete()),
          (e: unknown) => this.logger.warn({ err: (e as Error).message }, 'could not re-check the session of a call-event stream'),
        );
      }, this.config.telephony.streamHeartbeatSeconds * 1000);
      return () => {
        clearInterval(beat);
        mine.delete(sub);
        if (!mine.size) this.streams.delete(user.id);
      };
    });
  }

  /** Sends an event to every open stream of the user; returns how many streams got it. */
  send(userId: string, type: 'incoming' | 'call', data: object): number {
    const mine = this.streams.get(userId);
    for (const sub of mine ?? []) sub.next({ type, data });
    return mine?.size ?? 0;
  }
}
