/**
 * The project's own fixtures (hl7-fixtures/): every file parses to the outcome its README promises, the README lists
 * every file, and the content is realistic (valid ID check characters, mobile numbers, demo department/ward codes).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEPARTMENTS } from '../../database/demo-seed';
import { isValidIdNumber } from '../../patients/identity';
import { splitBatch } from './batch';
import { Hl7ErrorCode } from './errors';
import { parseMessage, tryParseMessage, type Hl7Message } from './message';

const DIR = resolve(__dirname, '../../../../hl7-fixtures');

interface Ok {
  messages: [type: string, trigger: string, controlId: string][];
  charset?: string;
  defaultCharset?: string;
  check?: (m: Hl7Message[]) => void;
}
type Expected = Ok | { error: Hl7ErrorCode; at: string; defaultCharset?: string };

const E = Hl7ErrorCode;
const one = (type: string, trigger: string, controlId: string, charset: string, check?: (m: Hl7Message) => void): Ok => ({
  messages: [[type, trigger, controlId]],
  charset,
  check: check && (([m]) => check(m)),
});
const UTF8 = 'UNICODE UTF-8';
const GB = 'GB 18030-2000';

const EXPECTED: Record<string, Expected> = {
  'adt-a01-admit-zhangsan-gb18030.hl7': one('ADT', 'A01', 'HIS202604010001', GB, (m) => {
    expect(m.get('PID-5')).toBe('张三');
    expect(m.get('PID-3')).toBe('ZY2026000101');
    expect(m.get('PID-3.4')).toBe('HOSP01');
    expect(m.get('PID-3.5')).toBe('MR');
    expect(m.get('PV1-3')).toBe('CARD-1');
    expect(m.get('PV1-3.9')).toBe('心内科一病区');
    expect(m.get('PV1-19')).toBe('V2026040100012');
    expect(m.get('DG1-3.2')).toBe('不稳定型心绞痛');
  }),
  'adt-a01-admit-english-name.hl7': one('ADT', 'A01', 'HIS202604040015', UTF8, (m) => {
    expect(m.msh.version).toBe('2.4');
    expect(m.segment('PID')?.components(5)).toEqual(['Smith', 'John', 'Robert', '', 'Mr.', '', 'L']);
    expect(m.get('PID-3[2].5')).toBe('PPN');
  }),
  'adt-a02-transfer-zhangsan.hl7': one('ADT', 'A02', 'HIS202604030007', UTF8, (m) => {
    expect(m.get('PV1-3')).toBe('CARD-2');
    expect(m.get('PV1-6')).toBe('CARD-1');
  }),
  'adt-a03-discharge-zhangsan-gb18030.hl7': one('ADT', 'A03', 'HIS202604080021', GB, (m) => {
    expect(m.get('PV1-45')).toBe('20260408100000');
    expect(m.get('PV1-36.2')).toBe('医嘱离院');
    expect(m.segments('DG1').map((s) => s.value(3))).toEqual(['I25.1', 'I10']);
    expect(m.get('PR1-3.2')).toBe('经皮冠状动脉腔内成形术(PTCA)');
    expect(m.segments('OBX')).toHaveLength(2);
  }),
  'adt-a04-register-liufang.hl7': one('ADT', 'A04', 'HIS202604020033', UTF8, (m) => {
    expect(m.get('PID-5')).toBe('刘芳');
    expect(m.get('PV1-2')).toBe('O');
  }),
  'adt-a05-preadmit-english-name.hl7': one('ADT', 'A05', 'HIS202604050002', UTF8, (m) => {
    expect(m.msh.declaredCharset).toBe('');
    expect([m.get('PID-5'), m.get('PID-5.2')]).toEqual(['Brown', 'Emily']);
    expect(m.get('PID-13[2].4')).toBe('emily.brown@example.com');
  }),
  'adt-a08-update-zhangsan-gb18030-no-msh18.hl7': {
    messages: [['ADT', 'A08', 'HIS202604060011']],
    charset: GB,
    defaultCharset: 'GB18030',
    check: ([m]) => {
      expect(m.msh.declaredCharset).toBe('');
      expect(m.get('PID-13')).toBe('13998765432');
      expect(m.get('PID-11')).toBe('海淀区中关村大街27号');
    },
  },
  'adt-a11-cancel-visit-liufang.hl7': one('ADT', 'A11', 'HIS202604020040', UTF8, (m) => expect(m.get('PV1-19')).toBe('V2026040200417')),
  'adt-a13-cancel-discharge-zhangsan.hl7': one('ADT', 'A13', 'HIS202604080025', UTF8),
  'adt-a28-add-person-ouyang.hl7': one('ADT', 'A28', 'HIS202604070003', UTF8, (m) => {
    expect(m.getAll('PID-5')).toEqual(['欧阳娜娜', 'OUYANG']);
    expect(m.get('PV1-2')).toBe('N');
  }),
  'adt-a31-update-person-ouyang-gb18030.hl7': one('ADT', 'A31', 'HIS202604090006', GB, (m) => expect(m.get('PID-13')).toBe('17708239999')),
  'adt-a40-merge-two-pairs.hl7': one('ADT', 'A40', 'HIS202604100001', UTF8, (m) => {
    expect(m.segments('PID').map((s) => s.value(3))).toEqual(['ZY2026000104', 'ZY2026000106']);
    expect(m.segments('MRG').map((s) => s.getAll(1))).toEqual([
      ['ZY2026000904', 'P00019904'],
      ['ZY2026000906', 'P00019906'],
    ]);
  }),
  'siu-s12-new-appointment-zhangsan.hl7': one('SIU', 'S12', 'HIS202604080030', UTF8, (m) => {
    expect(m.get('SCH-2')).toBe('APT20260508001');
    expect(m.get('SCH-11.4')).toBe('20260508093000');
    expect(m.get('SCH-25')).toBe('Booked');
  }),
  'siu-s13-reschedule-zhangsan.hl7': one('SIU', 'S13', 'HIS202604150008', UTF8, (m) => expect(m.get('SCH-11.4')).toBe('20260512140000')),
  'siu-s14-modify-zhangsan.hl7': one('SIU', 'S14', 'HIS202604200004', UTF8, (m) => expect(m.get('AIL-3.2')).toBe('2')),
  'siu-s15-cancel-zhangsan-gb18030.hl7': one('SIU', 'S15', 'HIS202605100002', GB, (m) => {
    expect(m.get('SCH-25')).toBe('Cancelled');
    expect(m.get('NTE-3')).toBe('患者电话取消');
  }),
  'siu-s26-noshow-zhangsan.hl7': one('SIU', 'S26', 'HIS202605081000', UTF8, (m) => expect(m.get('SCH-25')).toBe('Noshow')),
  'batch-fhs-two-a08.hl7': {
    messages: [
      ['ADT', 'A08', 'HIS202604110001'],
      ['ADT', 'A08', 'HIS202604110002'],
    ],
    charset: UTF8,
    check: (ms) => expect(ms.map((m) => m.get('PID-5'))).toEqual(['李秀英', '陈明']),
  },
  'file-two-messages-back-to-back.hl7': {
    messages: [
      ['ADT', 'A08', 'HIS202604120001'],
      ['ADT', 'A08', 'HIS202604120002'],
    ],
    charset: UTF8,
  },
  'malformed-no-msh.hl7': { error: E.SegmentSequenceError, at: 'line 1' },
  'malformed-truncated.hl7': { error: E.RequiredFieldMissing, at: 'MSH-9' },
  'malformed-bad-delimiters.hl7': { error: E.DataTypeError, at: 'MSH-2' },
  'malformed-unknown-event.hl7': one('ADT', 'A99', 'HIS202604130002', UTF8), // parses; the mapping answers 201
  'malformed-wrong-charset.hl7': { error: E.DataTypeError, at: 'PID-5' },
};

const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.hl7'))
  .sort();

function parseFile(file: string, defaultCharset?: string): ReturnType<typeof tryParseMessage>[] {
  return splitBatch(readFileSync(join(DIR, file))).messages.map((b) => tryParseMessage(b, { defaultCharset }));
}

describe('hl7-fixtures', () => {
  it('has an expected outcome for every file and the README lists every file', () => {
    expect(files).toEqual(Object.keys(EXPECTED).sort());
    const readme = readFileSync(join(DIR, 'README.md'), 'utf8');
    for (const f of files) expect(readme).toContain(`\`${f}\``);
  });

  it('covers every event the system supports', () => {
    const events = new Set<string>();
    for (const f of files)
      for (const r of parseFile(f, 'GB18030')) if (r.ok) events.add(`${r.message.msh.messageType}^${r.message.msh.triggerEvent}`);
    for (const e of ['A01', 'A02', 'A03', 'A04', 'A05', 'A08', 'A11', 'A13', 'A28', 'A31', 'A40']) expect(events).toContain(`ADT^${e}`);
    for (const e of ['S12', 'S13', 'S14', 'S15', 'S26']) expect(events).toContain(`SIU^${e}`);
  });

  describe.each(Object.entries(EXPECTED))('%s', (file, expected) => {
    it('parses or is rejected as the README says', () => {
      const results = parseFile(file, expected.defaultCharset);
      if ('error' in expected) {
        expect(results).toHaveLength(1);
        const [r] = results;
        if (r.ok) throw new Error(`${file} should be rejected`);
        expect(r.error.code).toBe(expected.error);
        const loc = r.error.location;
        expect(loc?.field !== undefined ? `${loc.segment}-${loc.field}` : `line ${loc?.line}`).toBe(expected.at);
        return;
      }
      const messages = results.map((r) => {
        if (!r.ok) throw new Error(`${file}: ${r.error.message}`);
        return r.message;
      });
      expect(messages.map((m) => [m.msh.messageType, m.msh.triggerEvent, m.msh.controlId])).toEqual(expected.messages);
      for (const m of messages) {
        expect(m.msh.charset).toBe(expected.charset);
        expect(m.msh).toMatchObject({
          sendingApplication: 'HIS',
          sendingFacility: 'HOSP01',
          receivingApplication: 'HCRM',
          processingId: 'P',
        });
      }
      expected.check?.(messages);
    });
  });

  it('rejects the GB 18030 file without MSH-18 when the source default is UTF-8 (102, not mojibake)', () => {
    const [r] = parseFile('adt-a08-update-zhangsan-gb18030-no-msh18.hl7');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: E.DataTypeError, location: { segment: 'MSH', field: 4 } });
  });

  it('uses realistic, valid identifiers, phones, departments and wards', () => {
    const departments = new Set(DEPARTMENTS.map((d) => d.code));
    const wards = new Set(DEPARTMENTS.flatMap((d) => d.wards.map((w) => w[0])));
    let checked = 0;
    for (const f of files) {
      for (const r of parseFile(f, 'GB18030')) {
        if (!r.ok) continue;
        const m = r.message;
        for (const pid of m.segments('PID')) {
          for (let rep = 1; rep <= pid.repetitions(3).length; rep++) {
            if (pid.value(3, rep, 5) === 'NI') {
              expect(isValidIdNumber(pid.value(3, rep, 1))).toBe(true);
              checked++;
            }
          }
          const mobile = pid.value(13);
          if (mobile) expect(mobile).toMatch(/^1[3-9]\d{9}$/);
        }
        const pv1 = m.segment('PV1');
        if (pv1 && pv1.value(2) !== 'N') {
          expect(departments).toContain(pv1.value(10));
          if (pv1.value(2) === 'I' || pv1.value(2) === 'P') expect(wards).toContain(pv1.value(3));
        }
      }
    }
    expect(checked).toBeGreaterThan(15);
  });

  it('decodes the same Chinese text from the GB 18030 and the UTF-8 files', () => {
    const gb = parseMessage(readFileSync(join(DIR, 'adt-a01-admit-zhangsan-gb18030.hl7')));
    const utf = parseMessage(readFileSync(join(DIR, 'adt-a02-transfer-zhangsan.hl7')));
    expect(gb.get('PID-5')).toBe(utf.get('PID-5'));
    expect(gb.get('PID-11')).toBe(utf.get('PID-11'));
    expect(gb.get('MSH-4.2')).toBe('示范医院');
  });
});
