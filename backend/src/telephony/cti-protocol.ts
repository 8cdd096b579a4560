import type { CallEvent } from './telephony.adapter';

/**
 * The CTI server's event messages (docs/telephony.md, "Events"): one JSON object per WebSocket text
 * message. Anything else is refused with the reason (the adapter logs it and carries on).
 */
export function parseCtiEvent(raw: string): CallEvent | { error: string } {
  let m: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { error: 'not a JSON object' };
    m = parsed as Record<string, unknown>;
  } catch {
    return { error: 'not JSON' };
  }
  const str = (k: string, max = 128): string | undefined =>
    typeof m[k] === 'string' && (m[k] as string).length > 0 && (m[k] as string).length <= max ? (m[k] as string) : undefined;
  const callId = str('callId');
  if (!callId) return { error: 'callId missing (a string of 1–128 characters)' };
  const reference = str('reference', 64);
  let at = new Date();
  if (m['at'] !== undefined) {
    at = new Date(typeof m['at'] === 'string' ? m['at'] : NaN);
    if (Number.isNaN(at.getTime())) return { error: 'at must be an ISO 8601 date-time' };
  }
  const seconds = (k: string): number | undefined | false => {
    const v = m[k];
    if (v === undefined || v === null) return undefined;
    return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 86400 ? v : false;
  };
  switch (m['type']) {
    case 'call.ringing':
    case 'call.answered':
      return { type: m['type'] === 'call.ringing' ? 'ringing' : 'answered', callId, reference, at };
    case 'call.ended': {
      const durationSeconds = seconds('durationSeconds');
      if (durationSeconds === false) return { error: 'durationSeconds must be an integer 0–86400' };
      return { type: 'ended', callId, reference, at, durationSeconds, reason: str('reason', 32) };
    }
    case 'call.recording': {
      const url = str('url', 2000);
      if (!url || !/^https?:\/\//.test(url)) return { error: 'url must be an http(s) URL' };
      const durationSeconds = seconds('durationSeconds');
      if (durationSeconds === false) return { error: 'durationSeconds must be an integer 0–86400' };
      return { type: 'recording', callId, reference, url, contentType: str('contentType', 100), durationSeconds };
    }
    case 'call.incoming': {
      const from = str('from', 32);
      const extension = str('extension', 32);
      if (!from || !extension) return { error: 'call.incoming needs from and extension' };
      return { type: 'incoming', callId, from, extension, at };
    }
    default:
      return { error: `unknown type ${JSON.stringify(m['type'])}` };
  }
}
