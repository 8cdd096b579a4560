import iconv from 'iconv-lite';
import { Hl7ErrorCode, Hl7ParseError } from './errors';
import { parseMessage, tryParseMessage } from './message';

const ADT = [
  'MSH|^~\\&|HIS|HOSP^1.2.3^ISO|HCRM|FU|20260401083000+0800||ADT^A01^ADT_A01|CTL-1|P|2.5.1',
  'EVN|A01|20260401083000',
  'PID|1||ZY001^^^HOSP&1.2.3&ISO^MR~110101199003077777^^^CHN^NI||Doe^John^Q~Roe^Richard||19900307|M|||Main St 1^^Beijing^^100000^CHN||13812345678^PRN^CP~^NET^Internet^a@b.c',
  'PV1|1|I|CARD-1^0301^02^CARD||||0001^Wang^Wei',
  'OBX|1|ST|NOTE||first',
  'OBX|2|ST|NOTE||second',
  'ZPV|1|custom^value',
];

function msg(lines: string[], sep = '\r'): Buffer {
  return Buffer.from(lines.join(sep), 'utf8');
}

function errorOf(input: Buffer | string, defaultCharset?: string): Hl7ParseError {
  const r = tryParseMessage(input, { defaultCharset });
  if (r.ok) throw new Error('expected a parse error');
  return r.error;
}

describe('parseMessage: structure', () => {
  it('reads the header into typed fields', () => {
    const m = parseMessage(msg(ADT));
    expect(m.msh).toEqual({
      sendingApplication: 'HIS',
      sendingFacility: 'HOSP',
      receivingApplication: 'HCRM',
      receivingFacility: 'FU',
      dateTime: '20260401083000+0800',
      messageType: 'ADT',
      triggerEvent: 'A01',
      messageStructure: 'ADT_A01',
      controlId: 'CTL-1',
      processingId: 'P',
      version: '2.5.1',
      charset: 'UNICODE UTF-8',
      declaredCharset: '',
    });
  });

  it('numbers MSH fields the HL7 way: MSH-1 is the separator, MSH-2 the encoding characters', () => {
    const m = parseMessage(msg(ADT));
    const msh = m.segment('MSH');
    expect(msh?.field(1)).toBe('|');
    expect(msh?.field(2)).toBe('^~\\&');
    expect(m.get('MSH-2')).toBe('^~\\&'); // not split, not unescaped
    expect(m.get('MSH-3')).toBe('HIS');
    expect(m.get('MSH-4.2')).toBe('1.2.3');
    expect(m.get('MSH-9.2')).toBe('A01');
    expect(m.get('MSH-10')).toBe('CTL-1');
    // other segments: field 1 is the first after the id
    expect(m.get('PID-1')).toBe('1');
    expect(m.segment('PID')?.field(0)).toBeUndefined();
  });

  it('resolves repetitions, components and subcomponents', () => {
    const m = parseMessage(msg(ADT));
    expect(m.get('PID-3')).toBe('ZY001');
    expect(m.get('PID-3[1].4')).toBe('HOSP');
    expect(m.get('PID-3.4.2')).toBe('1.2.3');
    expect(m.get('PID-3.4.3')).toBe('ISO');
    expect(m.get('PID-3[2].1')).toBe('110101199003077777');
    expect(m.get('PID-3[2].5')).toBe('NI');
    expect(m.get('PID-3[3]')).toBe('');
    expect(m.getAll('PID-3.1')).toEqual(['ZY001', '110101199003077777']);
    expect(m.getAll('PID-3.5')).toEqual(['MR', 'NI']);
    expect(m.get('PID-5[2].2')).toBe('Richard');
    expect(m.segment('PID')?.components(5)).toEqual(['Doe', 'John', 'Q']);
    expect(m.get('PID-13[2].4')).toBe('a@b.c');
    expect(m.get('PID-99')).toBe('');
    expect(m.get('PID-5.9')).toBe('');
    expect(m.get('PID-3.4.9')).toBe('');
    expect(m.get('PV1-3')).toBe('CARD-1');
    expect(m.get('PV1-3.4')).toBe('CARD');
    expect(m.segment('PID')?.repetitions(3)).toEqual(['ZY001^^^HOSP&1.2.3&ISO^MR', '110101199003077777^^^CHN^NI']);
    expect(m.segment('PID')?.get('3[2].5')).toBe('NI');
  });

  it('finds segments by id and occurrence, keeps Z-segments', () => {
    const m = parseMessage(msg(ADT));
    expect(m.segmentCount).toBe(7);
    expect(m.segments().map((s) => s.name)).toEqual(['MSH', 'EVN', 'PID', 'PV1', 'OBX', 'OBX', 'ZPV']);
    expect(m.segments('OBX').map((s) => s.value(5))).toEqual(['first', 'second']);
    expect(m.get('OBX[2]-5')).toBe('second');
    expect(m.get('OBX[3]-5')).toBe('');
    expect(m.get('ZPV-2.2')).toBe('value');
    expect(m.segment('ZPV')?.line).toBe(7);
    expect(m.segment('AL1')).toBeUndefined();
  });

  it.each([
    ['CR', '\r'],
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('accepts %s segment separators, with or without a final terminator', (_name, sep) => {
    for (const tail of ['', sep, sep + sep]) {
      const m = parseMessage(Buffer.from(ADT.join(sep) + tail));
      expect(m.segmentCount).toBe(7);
      expect(m.get('ZPV-1')).toBe('1');
    }
  });

  it('tolerates mixed separators, blank lines and a UTF-8 BOM', () => {
    const body = ADT.slice(0, 3).join('\r\n') + '\r\r\n\n' + ADT.slice(3).join('\r');
    const m = parseMessage(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('\r\n' + body + '\r\n ')]));
    expect(m.segmentCount).toBe(7);
    expect(m.msh.controlId).toBe('CTL-1');
  });

  it('reads a non-standard delimiter set from MSH-1/MSH-2', () => {
    const m = parseMessage(
      Buffer.from('MSH#!@%*#APP#FAC#R#F#20260101##ADT!A08#X1#P#2.4\nPID#1##A1!!!H*1.2*ISO!MR@B2##Zhang!San%F%x##19800101#M'),
    );
    expect(m.delimiters).toEqual({ field: '#', component: '!', repetition: '@', escape: '%', subcomponent: '*', truncation: '' });
    expect(m.msh.triggerEvent).toBe('A08');
    expect(m.get('PID-3.4.2')).toBe('1.2');
    expect(m.get('PID-3[2]')).toBe('B2');
    expect(m.get('PID-5.2')).toBe('San#x'); // %F% is the field separator
  });

  it('accepts the v2.7 truncation character and a space meaning "no escape character"', () => {
    const t = parseMessage(Buffer.from('MSH|^~\\&#|A|B|C|D|20260101||ADT^A01|1|P|2.7\rPID|1||X\\F\\Y'));
    expect(t.delimiters.truncation).toBe('#');
    expect(t.get('PID-3')).toBe('X|Y');
    const s = parseMessage(Buffer.from('MSH|^~ &|A|B|C|D|20260101||ADT^A01|1|P|2.3\rPID|1||X \\F\\ T Y'));
    expect(s.delimiters.escape).toBe('');
    expect(s.get('PID-3')).toBe('X \\F\\ T Y');
  });

  it('accepts a string (e.g. an edited message from the console)', () => {
    const m = parseMessage('\uFEFF' + ADT.join('\n'));
    expect(m.raw).toBeUndefined();
    expect(m.get('PID-5.2')).toBe('John');
    expect(m.toString()).toBe(ADT.join('\r') + '\r');
  });
});

describe('parseMessage: escapes', () => {
  const withField = (value: string): string => `MSH|^~\\&|A|B|C|D|20260101||ADT^A01|1|P|2.5\rOBX|1|TX|N||${value}`;

  it.each([
    ['a\\F\\b', 'a|b'],
    ['a\\S\\b', 'a^b'],
    ['a\\T\\b', 'a&b'],
    ['a\\R\\b', 'a~b'],
    ['a\\E\\b', 'a\\b'],
    ['line1\\.br\\line2', 'line1\nline2'],
    ['x\\.sp\\y', 'x\ny'],
    ['\\X0D0A\\', '\r\n'],
    ['\\XE5BCA0\\三', '张三'], // UTF-8 bytes of 张
    ['\\H\\bold\\N\\', '\\H\\bold\\N\\'], // formatting escapes kept as sent
    ['C:\\temp\\file', 'C:\\temp\\file'], // stray escape characters kept
    ['a\\b\\F\\c', 'a\\b|c'], // an unknown sequence does not swallow the real one after it
    ['trailing\\', 'trailing\\'],
    ['\\Zcustom\\', '\\Zcustom\\'],
    ['\\XZZ\\', '\\XZZ\\'],
    ['\\E\\\\E\\', '\\\\'],
  ])('decodes %j as %j', (raw, decoded) => {
    expect(parseMessage(Buffer.from(withField(raw))).get('OBX-5')).toBe(decoded);
  });

  it('decodes escapes per leaf, after splitting, so escaped delimiters do not split', () => {
    const m = parseMessage(Buffer.from(withField('A\\S\\B^C\\T\\D&E~F\\R\\G')));
    expect(m.get('OBX-5.1')).toBe('A^B');
    expect(m.get('OBX-5.2.1')).toBe('C&D');
    expect(m.get('OBX-5.2.2')).toBe('E');
    expect(m.get('OBX-5[2]')).toBe('F~G');
  });
});

describe('parseMessage: charsets', () => {
  const chinese = (charset: string): string =>
    `MSH|^~\\&|HIS|医院|HCRM|FU|20260401083000||ADT^A01|C1|P|2.5|||AL|NE|CHN|${charset}\rPID|1||ZY0001^^^HOSP^MR||张三^^^^^^L||19900307|M|||朝阳区建国路88号^^北京市`;

  it('decodes GB 18030 when MSH-18 says so', () => {
    const bytes = iconv.encode(chinese('GB 18030-2000'), 'gb18030');
    expect(bytes.includes(Buffer.from('张三', 'utf8'))).toBe(false);
    const m = parseMessage(bytes);
    expect(m.msh.charset).toBe('GB 18030-2000');
    expect(m.msh.declaredCharset).toBe('GB 18030-2000');
    expect(m.get('PID-5')).toBe('张三');
    expect(m.get('PID-11.3')).toBe('北京市');
    expect(m.get('MSH-4')).toBe('医院');
  });

  it.each(['GBK', 'GB2312', 'GB18030'])('treats %s as GB 18030', (name) => {
    expect(parseMessage(iconv.encode(chinese(name), 'gb18030')).get('PID-5')).toBe('张三');
  });

  it('decodes UTF-8 (declared, UNICODE, or empty MSH-18 with the default)', () => {
    for (const name of ['UNICODE UTF-8', 'UNICODE', '']) {
      const m = parseMessage(Buffer.from(chinese(name), 'utf8'));
      expect(m.get('PID-5')).toBe('张三');
      expect(m.msh.charset).toBe('UNICODE UTF-8');
    }
  });

  it('uses the caller-supplied default charset when MSH-18 is empty', () => {
    const bytes = iconv.encode(chinese(''), 'gb18030');
    const m = parseMessage(bytes, { defaultCharset: 'GB18030' });
    expect(m.get('PID-5')).toBe('张三');
    expect(m.msh.declaredCharset).toBe('');
    // MSH-18 wins over the default
    expect(parseMessage(Buffer.from(chinese('UNICODE UTF-8')), { defaultCharset: 'GB18030' }).get('PID-5')).toBe('张三');
  });

  it('decodes ISO 8859-1', () => {
    const text = 'MSH|^~\\&|A|B|C|D|20260101||ADT^A01|1|P|2.5|||||DEU|8859/1\rPID|1||1||Müller^José';
    const m = parseMessage(Buffer.from(text, 'latin1'));
    expect(m.get('PID-5')).toBe('Müller');
    expect(m.get('PID-5.2')).toBe('José');
  });

  it('rejects bytes that are not valid in the charset, with the place (102)', () => {
    // GB 18030 bytes without MSH-18: the default (UTF-8) does not fit
    const e = errorOf(iconv.encode(chinese(''), 'gb18030'));
    expect(e.code).toBe(Hl7ErrorCode.DataTypeError);
    // 医院 in GB 18030 (D2 BD D4 BA) happens to be valid UTF-8 too; 张三 (D5 C5 C8 FD) is not: the error points there.
    expect(e.location).toMatchObject({ segment: 'PID', sequence: 1, field: 5 });
    expect(e.reason).toMatch(/not valid UNICODE UTF-8.*default character set/);
    expect(e.partial?.msh.controlId).toBe('C1');
    // declared UTF-8, sent GB 18030
    const e2 = errorOf(iconv.encode(chinese('UNICODE UTF-8').replace('医院', 'HOSP'), 'gb18030'));
    expect(e2.location).toMatchObject({ segment: 'PID', sequence: 1, field: 5 });
  });

  it('rejects an unknown MSH-18 (103) but still gives a partial message for the ACK', () => {
    const e = errorOf(Buffer.from(chinese('KLINGON-1')));
    expect(e.code).toBe(Hl7ErrorCode.TableValueNotFound);
    expect(e.location).toMatchObject({ segment: 'MSH', field: 18 });
    expect(e.partial?.msh.controlId).toBe('C1');
    const e2 = errorOf(Buffer.from(chinese('')), 'EBCDIC');
    expect(e2.code).toBe(Hl7ErrorCode.TableValueNotFound);
    expect(e2.reason).toMatch(/default character set "EBCDIC"/);
  });
});

describe('parseMessage: errors (never an uncaught exception)', () => {
  const HDR = 'MSH|^~\\&|A|B|C|D|20260101||ADT^A01|1|P|2.5';

  it.each<[string, Buffer | string, Hl7ErrorCode, object | undefined]>([
    ['empty input', '', Hl7ErrorCode.SegmentSequenceError, { line: 1 }],
    ['only blanks', '\r\n \r\n', Hl7ErrorCode.SegmentSequenceError, { line: 1 }],
    ['no MSH', 'PID|1||X\rPV1|1|I', Hl7ErrorCode.SegmentSequenceError, { line: 1 }],
    ['binary garbage', Buffer.from([0, 1, 2, 255, 254, 13, 10]), Hl7ErrorCode.SegmentSequenceError, { line: 1 }],
    ['truncated after MSH', 'MSH', Hl7ErrorCode.DataTypeError, { segment: 'MSH', field: 1 }],
    ['truncated in MSH-2', 'MSH|^~', Hl7ErrorCode.DataTypeError, { segment: 'MSH', field: 2 }],
    ['truncated before MSH-9', 'MSH|^~\\&|A|B|C', Hl7ErrorCode.RequiredFieldMissing, { segment: 'MSH', field: 9 }],
    ['alphanumeric delimiters', 'MSH|0000|A||||||ADT^A01|1|P|2.5', Hl7ErrorCode.DataTypeError, { segment: 'MSH', field: 2 }],
    ['repeated delimiter', 'MSH|^~\\\\&|A|B|C|D|1||ADT^A01|1|P|2.6', Hl7ErrorCode.DataTypeError, { segment: 'MSH', field: 2 }],
    ['letter as field separator', 'MSHX^~\\&XA', Hl7ErrorCode.DataTypeError, { segment: 'MSH', field: 1 }],
    ['bad message type', 'MSH|^~\\&|A|B|C|D|1||A-DT^A01|1|P|2.5', Hl7ErrorCode.DataTypeError, { segment: 'MSH', field: 9 }],
    ['no control id', 'MSH|^~\\&|A|B|C|D|1||ADT^A01||P|2.5', Hl7ErrorCode.RequiredFieldMissing, { segment: 'MSH', field: 10 }],
    ['no processing id', 'MSH|^~\\&|A|B|C|D|1||ADT^A01|1||2.5', Hl7ErrorCode.RequiredFieldMissing, { segment: 'MSH', field: 11 }],
    ['unknown processing id', 'MSH|^~\\&|A|B|C|D|1||ADT^A01|1|X|2.5', Hl7ErrorCode.UnsupportedProcessingId, { field: 11 }],
    ['no version', 'MSH|^~\\&|A|B|C|D|1||ADT^A01|1|P', Hl7ErrorCode.RequiredFieldMissing, { segment: 'MSH', field: 12 }],
    ['version 3', 'MSH|^~\\&|A|B|C|D|1||ADT^A01|1|P|3.0', Hl7ErrorCode.UnsupportedVersionId, { field: 12 }],
    ['bad segment id', `${HDR}\rPIDX|1`, Hl7ErrorCode.SegmentSequenceError, { line: 2 }],
    ['short segment id', `${HDR}\rPV|1|I`, Hl7ErrorCode.SegmentSequenceError, { line: 2 }],
    ['lower-case segment id', `${HDR}\rpid|1`, Hl7ErrorCode.SegmentSequenceError, { line: 2 }],
    ['line break inside a field', `${HDR}\rNTE|1||first line\nsecond line`, Hl7ErrorCode.SegmentSequenceError, { line: 3 }],
  ])('%s', (_name, input, code, location) => {
    const e = errorOf(typeof input === 'string' ? Buffer.from(input, 'latin1') : input);
    expect(e).toBeInstanceOf(Hl7ParseError);
    expect(e.code).toBe(code);
    if (location) expect(e.location).toMatchObject(location);
    expect(e.message).toContain(String(code));
    expect(() => parseMessage(typeof input === 'string' ? Buffer.from(input, 'latin1') : input)).toThrow(Hl7ParseError);
  });

  it('keeps the partial message once the MSH is readable (for the ACK)', () => {
    const e = errorOf(Buffer.from(`${HDR.replace('2.5', '9.9')}\rPID|1`));
    expect(e.code).toBe(Hl7ErrorCode.UnsupportedVersionId);
    expect(e.partial?.msh).toMatchObject({ controlId: '1', version: '9.9', sendingApplication: 'A' });
  });

  it('survives random bytes and random truncations of a valid message', () => {
    let seed = 42;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const valid = msg(ADT);
    for (let i = 0; i < 2000; i++) {
      let input: Buffer;
      if (i % 3 === 0) input = Buffer.from(Array.from({ length: Math.floor(rnd() * 200) }, () => Math.floor(rnd() * 256)));
      else if (i % 3 === 1) input = valid.subarray(0, Math.floor(rnd() * valid.length));
      else {
        input = Buffer.from(valid);
        for (let k = 0; k < 5; k++) input[Math.floor(rnd() * input.length)] = Math.floor(rnd() * 256);
      }
      const r = tryParseMessage(input);
      if (r.ok) {
        // whatever was accepted must be readable everywhere
        for (const s of r.message.segments()) for (let f = 1; f <= s.fieldCount; f++) s.value(f, 2, 2, 2);
        expect(r.message.msh.controlId).not.toBe('');
      } else {
        expect(r.error).toBeInstanceOf(Hl7ParseError);
        expect(r.error.code).not.toBe(Hl7ErrorCode.ApplicationInternalError);
      }
    }
  });

  it('rejects invalid paths as a programming error', () => {
    const m = parseMessage(msg(ADT));
    expect(() => m.get('PID')).toThrow(/Invalid HL7 path/);
    expect(() => m.get('pid-3')).toThrow(/Invalid HL7 path/);
    expect(() => m.segment('PID')?.get('x')).toThrow(/Invalid HL7 field path/);
    expect(m.get('PID.3')).toBe('ZY001');
  });
});
