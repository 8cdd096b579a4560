import iconv from 'iconv-lite';
import { ack, ackText, hl7Timestamp, newControlId } from './ack';
import { Hl7ErrorCode } from './errors';
import { parseMessage, tryParseMessage } from './message';

const NOW = new Date(2026, 3, 1, 8, 30, 0);
const inbound = (version = '2.5.1', extra = ''): string =>
  `MSH|^~\\&|HIS^1.2^ISO|HOSP|HCRM|FU|20260401083000||ADT^A01^ADT_A01|CTL-9|P|${version}${extra}\rPID|1||A1^^^HOSP^MR||Doe^John\r`;

describe('ack', () => {
  it('builds an AA: swapped sender/receiver, same version and processing id, new control id', () => {
    const m = parseMessage(Buffer.from(inbound()));
    const text = ackText(m, 'AA', { now: NOW, controlId: 'ACK1' });
    expect(text).toBe(`MSH|^~\\&|HCRM|FU|HIS^1.2^ISO|HOSP|${hl7Timestamp(NOW)}||ACK^A01^ACK|ACK1|P|2.5.1\rMSA|AA|CTL-9\r`);
    const a = parseMessage(text);
    expect(a.msh).toMatchObject({
      messageType: 'ACK',
      triggerEvent: 'A01',
      controlId: 'ACK1',
      version: '2.5.1',
      sendingApplication: 'HCRM',
    });
    expect(a.get('MSA-2')).toBe('CTL-9');
  });

  it('generates distinct control ids of 20 characters', () => {
    const m = parseMessage(Buffer.from(inbound()));
    const ids = new Set(Array.from({ length: 100 }, () => parseMessage(ack(m, 'AA')).msh.controlId));
    expect(ids.size).toBe(100);
    expect(newControlId()).toMatch(/^[0-9A-F]{20}$/);
  });

  it('adds ERR with the 0357 code and location for AE (v2.5+ layout)', () => {
    const m = parseMessage(Buffer.from(inbound()));
    const a = parseMessage(
      ack(m, 'AE', {
        now: NOW,
        error: {
          code: Hl7ErrorCode.RequiredFieldMissing,
          location: { segment: 'PID', sequence: 1, field: 3 },
          message: 'PID-3 has no MR|identifier',
        },
      }),
    );
    expect(a.get('MSA-1')).toBe('AE');
    expect(a.get('MSA-3')).toBe('PID-3 has no MR|identifier'); // before v2.7 the text also goes to MSA-3
    const err = a.segment('ERR');
    expect(err?.field(2)).toBe('PID^1^3^1');
    expect(err?.field(3)).toBe('101^Required field missing^HL70357');
    expect(err?.value(4)).toBe('E');
    expect(err?.value(8)).toBe('PID-3 has no MR|identifier');
  });

  it('uses the ERR-1 (ELD) layout before v2.5 and keeps the message structure out before v2.3.1', () => {
    const m = parseMessage(Buffer.from(inbound('2.3')));
    const text = ackText(m, 'AR', {
      now: NOW,
      controlId: 'X',
      error: { code: Hl7ErrorCode.UnsupportedEventCode, location: { segment: 'MSH', field: 9 } },
    });
    expect(text.split('\r')[0]).toContain('|ACK^A01|X|P|2.3');
    expect(text.split('\r')[2]).toBe('ERR|MSH^1^9^201&Unsupported event code&HL70357');
  });

  it('drops MSA-3 from v2.7 on', () => {
    const m = parseMessage(Buffer.from(inbound('2.8')));
    const a = parseMessage(ack(m, 'AE', { error: { code: Hl7ErrorCode.DataTypeError, message: 'bad date' } }));
    expect(a.segment('MSA')?.fieldCount).toBe(2);
    expect(a.get('ERR-8')).toBe('bad date');
  });

  it('answers a parse error with its code, location and reason', () => {
    const r = tryParseMessage(Buffer.from(inbound('1.0')));
    if (r.ok) throw new Error('expected an error');
    expect(r.error.partial).toBeDefined();
    const a = parseMessage(ack(r.error.partial, 'AR', { error: r.error }).toString().replace('|1.0', '|2.5')); // re-read with a version we accept
    expect(a.get('MSA-2')).toBe('CTL-9');
    expect(a.get('ERR-1.1')).toBe('MSH');
    expect(a.get('ERR-1.3')).toBe('12');
    expect(a.get('ERR-1.4.1')).toBe('203');
  });

  it('defaults AE/AR without an error to 207', () => {
    const m = parseMessage(Buffer.from(inbound()));
    expect(parseMessage(ack(m, 'AR')).get('ERR-3')).toBe('207');
  });

  it('uses the inbound delimiters and escapes text with them', () => {
    const m = parseMessage(Buffer.from('MSH#!@%*#APP#FAC#US#UF#20260101##ADT!A08#X1#P#2.4\rPID#1'));
    const text = ackText(m, 'AE', { controlId: 'A', now: NOW, error: { code: Hl7ErrorCode.DataTypeError, message: 'a#b!c' } });
    expect(text.startsWith('MSH#!@%*#US#UF#APP#FAC#')).toBe(true);
    expect(text).toContain('MSA#AE#X1#a%F%b%S%c');
    expect(parseMessage(text).get('MSA-3')).toBe('a#b!c');
  });

  it('answers in the inbound charset and echoes MSH-18', () => {
    const gb = iconv.encode(inbound('2.5', '|||AL|NE|CHN|GB 18030-2000').replace('HOSP|', '医院|'), 'gb18030');
    const m = parseMessage(gb);
    const bytes = ack(m, 'AE', { error: { code: Hl7ErrorCode.UnknownKeyIdentifier, message: '患者不存在' } });
    expect(bytes.includes(Buffer.from('医院'))).toBe(false); // not UTF-8
    const a = parseMessage(bytes);
    expect(a.msh.declaredCharset).toBe('GB 18030-2000');
    expect(a.get('MSH-6')).toBe('医院');
    expect(a.get('ERR-8')).toBe('患者不存在');
  });

  it('can answer input without a readable MSH', () => {
    const a = parseMessage(
      ack(undefined, 'AR', { application: 'HCRM', facility: 'FU', error: { code: Hl7ErrorCode.SegmentSequenceError } }),
    );
    expect(a.msh).toMatchObject({ sendingApplication: 'HCRM', sendingFacility: 'FU', messageType: 'ACK', version: '2.5' });
    expect(a.get('MSA-1')).toBe('AR');
    expect(a.get('MSA-2')).toBe('');
    expect(a.get('ERR-3')).toBe('100');
  });

  it('formats timestamps with the UTC offset', () => {
    expect(hl7Timestamp(NOW)).toMatch(/^20260401083000[+-]\d{4}$/);
  });
});
