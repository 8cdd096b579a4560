import iconv from 'iconv-lite';
import { splitBatch } from './batch';
import { parseMessage, tryParseMessage } from './message';

const m = (id: string, extra = ''): string =>
  `MSH|^~\\&|HIS|H|HCRM|F|20260401||ADT^A08|${id}|P|2.5${extra}\rPID|1||P${id}^^^H^MR||Name${id}\r`;

describe('splitBatch', () => {
  it('returns a single message unchanged', () => {
    const buf = Buffer.from(m('1'));
    const b = splitBatch(buf);
    expect(b.messages).toHaveLength(1);
    expect(b.messages[0].equals(buf)).toBe(true);
    expect(b.envelope).toEqual([]);
    expect(b.warnings).toEqual([]);
  });

  it('splits messages back to back, with any separators and blank lines between them', () => {
    const text = m('1') + '\n\n' + m('2').replace(/\r/g, '\r\n') + m('3').replace(/\r/g, '\n');
    const b = splitBatch(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    expect(b.messages.map((x) => parseMessage(x).msh.controlId)).toEqual(['1', '2', '3']);
    expect(b.messages.map((x) => parseMessage(x).get('PID-5'))).toEqual(['Name1', 'Name2', 'Name3']);
  });

  it('reads FHS/BHS/BTS/FTS batches and checks the counts', () => {
    const text = `FHS|^~\\&|HIS|H\rBHS|^~\\&|HIS|H\r${m('1')}${m('2')}BTS|2\rFTS|1\r`;
    const b = splitBatch(Buffer.from(text));
    expect(b.messages.map((x) => parseMessage(x).msh.controlId)).toEqual(['1', '2']);
    expect(b.envelope.map((e) => e.id)).toEqual(['FHS', 'BHS', 'BTS', 'FTS']);
    expect(b.envelope[0].text).toBe('FHS|^~\\&|HIS|H');
    expect(b.warnings).toEqual([]);
    // the trailer is not part of the last message
    expect(
      parseMessage(b.messages[1])
        .segments()
        .map((s) => s.name),
    ).toEqual(['MSH', 'PID']);
  });

  it('warns when the declared counts do not match or a trailer is missing', () => {
    const b = splitBatch(Buffer.from(`FHS|^~\\&\rBHS|^~\\&\r${m('1')}BTS|3\r`));
    expect(b.messages).toHaveLength(1);
    expect(b.warnings).toEqual(['BTS-1 says 3 messages, the batch holds 1', '1 FHS but 0 FTS segments']);
  });

  it('does not split on "MSH" inside a field or at the start of a field', () => {
    const text = `${m('1')}OBX|1|ST|X||MSH|\rOBX|2|ST|X||xMSHx\r${m('2')}`;
    const b = splitBatch(Buffer.from(text));
    expect(b.messages).toHaveLength(2);
    expect(parseMessage(b.messages[0]).segments('OBX')).toHaveLength(2);
  });

  it('keeps content before the first MSH as a part of its own, so it is rejected rather than lost', () => {
    const b = splitBatch(Buffer.from(`PID|1||orphan\r${m('1')}`));
    expect(b.messages).toHaveLength(2);
    const first = tryParseMessage(b.messages[0]);
    expect(first.ok).toBe(false);
    expect(parseMessage(b.messages[1]).msh.controlId).toBe('1');
  });

  it('hands empty or blank input on whole (so it is rejected with a reason)', () => {
    expect(splitBatch(Buffer.alloc(0)).messages).toHaveLength(1);
    expect(splitBatch(Buffer.from('\r\n  \r\n')).messages).toHaveLength(1);
    expect(tryParseMessage(splitBatch(Buffer.alloc(0)).messages[0]).ok).toBe(false);
  });

  it('works on bytes, so each message keeps its own charset', () => {
    const gb = iconv.encode(`MSH|^~\\&|HIS|H|HCRM|F|20260401||ADT^A08|G1|P|2.5|||||CHN|GB 18030-2000\rPID|1||1||张三\r`, 'gb18030');
    const utf = Buffer.from(`MSH|^~\\&|HIS|H|HCRM|F|20260401||ADT^A08|U1|P|2.5|||||CHN|UNICODE UTF-8\rPID|1||2||李四\r`);
    const b = splitBatch(Buffer.concat([gb, utf]));
    expect(b.messages.map((x) => parseMessage(x).get('PID-5'))).toEqual(['张三', '李四']);
  });
});
