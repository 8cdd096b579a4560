import { apiCall, apiLogin } from './api';
import { baseUrl } from './env';

/** An ADT^A01 in UTF-8, CR-separated, as the HIS sends it; PV1-10 is the department code. */
export function a01(controlId: string, mrn: string, name: string, department: string, visit: string, event = 'A01'): string {
  return [
    `MSH|^~\\&|HIS|HOSP01|HCRM|FOLLOWUP|20261204101500+0800||ADT^${event}^ADT_A01|${controlId}|P|2.4|||AL|NE|CHN|UNICODE UTF-8`,
    `EVN|${event}|20261204101500`,
    `PID|1||${mrn}^^^HOSP01^MR||${name}^^^^^^L||19620315|M|||||13800138000^PRN^CP`,
    `PV1|1|I||E|||D6104^Liu^Yang|||${department}||||7|||D6104^Liu^Yang|IP|${visit}^^^HOSP01^VN`,
    '',
  ].join('\r');
}

export interface UploadedMessage {
  messageId: string | null;
  status: string;
  controlId: string;
}

/** Uploads HL7 text as a file for the source `code` (default HIS), as admin through the API. */
export async function uploadHl7(text: string, code = 'HIS'): Promise<UploadedMessage[]> {
  const token = await apiLogin('admin');
  const sources = await apiCall<Array<{ id: string; code: string }>>('GET', '/hl7/sources', token);
  const source = sources.body.find((s) => s.code === code);
  if (!source) throw new Error(`[e2e] no HL7 source ${code}`);
  const form = new FormData();
  form.append('file', new Blob([Buffer.from(text, 'utf8')]), 'e2e.hl7');
  form.append('sourceId', source.id);
  const res = await fetch(`${baseUrl()}/api/hl7/upload`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
  const body = (await res.json()) as { messages?: UploadedMessage[] };
  if (res.status !== 201 || !body.messages) throw new Error(`[e2e] HL7 upload failed: ${res.status} ${JSON.stringify(body)}`);
  return body.messages;
}
