/** A call as the API returns it (docs/telephony.md): the number always masked. */
export interface CallView {
  id: string;
  provider: 'manual' | 'cti';
  direction: 'outbound' | 'inbound';
  state: CallState;
  number: string | null;
  patientId: string | null;
  taskId: string | null;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  durationSeconds: number | null;
  endReason: string | null;
  recordingId: string | null;
  recordingReady: boolean;
  /** Only in the answer to a manual dial: what the desk phone or softphone dials. */
  telUri?: string | null;
}

export type CallState = 'dialing' | 'ringing' | 'answered' | 'ended' | 'failed';

export interface IncomingPatient {
  id: string;
  name: string;
  sexCode: string;
  age: number | null;
  /** Masked. */
  phone: string;
  owner: string;
  openTask: { id: string; dueDate: string; templateName: string; templateNameEn: string | null } | null;
}

/** The `incoming` event: a call ringing the user's extension, with the patients who have the caller's number. */
export interface IncomingCall {
  call: { id: string; number: string; extension: string; at: string };
  patients: IncomingPatient[];
  /** Patients with this number outside the user's departments (not shown). */
  hiddenMatches: number;
  /** Set in the console once the call has ended. */
  ended?: boolean;
}

export interface SseMessage {
  type: string;
  data: string;
}

/** Splits a Server-Sent Events text buffer into complete messages and the unfinished rest (comments dropped). */
export function parseSse(buffer: string): { messages: SseMessage[]; rest: string } {
  const messages: SseMessage[] = [];
  const blocks = buffer.replace(/\r\n?/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let type = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length) messages.push({ type, data: data.join('\n') });
  }
  return { messages, rest };
}
