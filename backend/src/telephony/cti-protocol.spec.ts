import { parseCtiEvent } from './cti-protocol';

describe('CTI event messages', () => {
  it('reads the five event types', () => {
    const at = '2025-12-01T09:31:42+08:00';
    expect(parseCtiEvent(JSON.stringify({ type: 'call.ringing', callId: 'c-1', reference: 'r', at }))).toEqual({
      type: 'ringing',
      callId: 'c-1',
      reference: 'r',
      at: new Date(at),
    });
    expect(parseCtiEvent(JSON.stringify({ type: 'call.ended', callId: 'c-1', durationSeconds: 95, reason: 'hangup', at }))).toMatchObject({
      type: 'ended',
      durationSeconds: 95,
      reason: 'hangup',
    });
    expect(parseCtiEvent(JSON.stringify({ type: 'call.recording', callId: 'c-1', url: 'https://cti/rec/1.wav' }))).toMatchObject({
      type: 'recording',
      url: 'https://cti/rec/1.wav',
    });
    expect(parseCtiEvent(JSON.stringify({ type: 'call.incoming', callId: 'c-2', from: '13812345678', extension: '8001' }))).toMatchObject({
      type: 'incoming',
      from: '13812345678',
      extension: '8001',
    });
  });

  it.each([
    ['not json', 'not JSON'],
    ['[1]', 'not a JSON object'],
    ['{"type":"call.answered"}', 'callId missing (a string of 1–128 characters)'],
    ['{"type":"call.answered","callId":"c","at":"yesterday"}', 'at must be an ISO 8601 date-time'],
    ['{"type":"call.ended","callId":"c","durationSeconds":-1}', 'durationSeconds must be an integer 0–86400'],
    ['{"type":"call.recording","callId":"c","url":"file:///etc/passwd"}', 'url must be an http(s) URL'],
    ['{"type":"call.incoming","callId":"c","from":"138"}', 'call.incoming needs from and extension'],
    ['{"type":"call.parked","callId":"c"}', 'unknown type "call.parked"'],
  ])('refuses %s', (raw, error) => expect(parseCtiEvent(raw)).toEqual({ error }));
});
