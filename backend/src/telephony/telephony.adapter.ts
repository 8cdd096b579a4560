/**
 * The telephony adapter: how the server places and ends calls and learns what happens to them.
 * Two implementations, chosen by TELEPHONY (docs/telephony.md):
 * - `manual` (ManualAdapter): the nurse dials on a desk phone; dialling only yields a `tel:` URI and
 *   there are no call events (the call screen times the call itself);
 * - `cti` (CtiAdapter): a CTI server or PBX dials the nurse's extension and the patient over HTTP and
 *   reports call events over a WebSocket the server keeps open.
 */

/** What the adapter reports about a call. `reference` is our call_session id, echoed for calls we placed. */
export type CallEvent =
  | { type: 'ringing' | 'answered'; callId: string; reference?: string; at: Date }
  | { type: 'ended'; callId: string; reference?: string; at: Date; durationSeconds?: number; reason?: string }
  | { type: 'recording'; callId: string; reference?: string; url: string; contentType?: string; durationSeconds?: number }
  | { type: 'incoming'; callId: string; from: string; extension: string; at: Date };

export interface DialRequest {
  /** The staff member's extension (required by the CTI adapter). */
  extension: string | null;
  /** The real number to call. */
  number: string;
  /** Our call_session id; the CTI echoes it in the call's events. */
  reference: string;
}

export interface DialResult {
  /** The CTI server's id of the call; null for a manual call. */
  externalId: string | null;
  /** For a manual call: the `tel:` URI the console opens (the desk phone or softphone dials it). */
  telUri?: string;
}

export interface TelephonyAdapter {
  readonly provider: 'manual' | 'cti';
  dial(request: DialRequest): Promise<DialResult>;
  hangUp(externalId: string): Promise<void>;
  /** The call's latest state as an event (null when the CTI no longer knows it); used to catch up after a reconnect. */
  status(externalId: string): Promise<CallEvent | null>;
  /** Starts receiving events: `onEvent` for each, `onConnected` each time the event stream is (re)connected. */
  start(handlers: { onEvent: (event: CallEvent) => Promise<void>; onConnected: () => Promise<void> }): void;
  stop(): Promise<void>;
}

export const TELEPHONY_ADAPTER = Symbol('TELEPHONY_ADAPTER');

const DIALABLE = /^\+?[0-9*#-]{3,32}$/;

/** The nurse dials on a desk phone: a `tel:` URI and nothing else (no events, nothing to hang up). */
export class ManualAdapter implements TelephonyAdapter {
  readonly provider = 'manual' as const;

  async dial(request: DialRequest): Promise<DialResult> {
    const number = request.number.replace(/\s+/g, '');
    if (!DIALABLE.test(number)) throw new Error('not a dialable number');
    return { externalId: null, telUri: `tel:${number}` };
  }

  async hangUp(): Promise<void> {
    // The nurse hangs up the desk phone.
  }

  async status(): Promise<CallEvent | null> {
    return null;
  }

  start(): void {
    // No call events without a CTI server.
  }

  async stop(): Promise<void> {
    // Nothing to close.
  }
}
