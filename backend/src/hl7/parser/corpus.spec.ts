/**
 * Every file of ../shared/hl7-corpus (real public messages written by other projects) must either parse into
 * message(s) with a type and control id, or be rejected with a typed 0357 error and a reason. The expected outcome of
 * each file was established by reading it (see the corpus SOURCES.md); a file added to the corpus without an entry
 * here fails the test, so the table stays complete.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { splitBatch } from './batch';
import { Hl7ErrorCode } from './errors';
import { tryParseMessage, type Hl7Message } from './message';

function findCorpus(): string | undefined {
  const direct = resolve(__dirname, '../../../../../shared/hl7-corpus');
  if (existsSync(direct)) return direct;
  for (let dir = __dirname; ; dir = resolve(dir, '..')) {
    const candidate = join(dir, 'shared', 'hl7-corpus');
    if (existsSync(candidate)) return candidate;
    if (resolve(dir, '..') === dir) return undefined;
  }
}

type Expected =
  | { messages: [type: string, trigger: string, controlId: string][]; check?: (m: Hl7Message[]) => void }
  | { error: Hl7ErrorCode; at: string };

const ok = (type: string, trigger: string, controlId: string, check?: (m: Hl7Message[]) => void): Expected => ({
  messages: [[type, trigger, controlId]],
  check,
});
const rejected = (error: Hl7ErrorCode, at: string): Expected => ({ error, at });
const E = Hl7ErrorCode;

const EXPECTED: Record<string, Expected> = {
  'fhirconv/adt-a01-01.hl7': ok('ADT', 'A01', 'MSG00001', ([m]) => {
    expect(m.getAll('PID-3.1')).toEqual(['PATID1234', '123456789']);
    expect(m.get('PID-3.4.2')).toBe('2.16.1'); // HD subcomponents
    expect(m.get('PID-5.1.5')).toBe('Aniston'); // FN subcomponents
    expect(m.msh.messageStructure).toBe('ADT_A01');
  }),
  'fhirconv/adt-a01-02.hl7': ok('ADT', 'A01', 'MSG00001'),
  'fhirconv/adt-a01-v23-bom.hl7': ok('ADT', 'A01', '599102', ([m]) => {
    expect(m.msh.version).toBe('2.3');
    expect(m.get('PID-5')).toBe('DUCK');
    expect(m.get('DG1-3.2')).toBe('OSTEOARTHROS NOS-L/LEG ');
  }),
  'fhirconv/adt-a01-v251-bom.hl7': ok('ADT', 'A01', 'MSG00001', ([m]) => expect(m.get('PID-5.2')).toBe('ADAM')),
  'fhirconv/adt-a02-01.hl7': ok('ADT', 'A02', 'MSG00001', ([m]) => expect(m.get('PV1-3.1.1')).toBe('HUH AE OMU')),
  'fhirconv/adt-a03-01.hl7': ok('ADT', 'A03', 'MSG00001', ([m]) => {
    expect(m.get('PV1-45')).toBe('20150209113419+0110');
    expect(m.segments('DG1').length).toBeGreaterThan(0);
  }),
  'fhirconv/adt-a03-02.hl7': ok('ADT', 'A03', 'MSG00001', ([m]) => expect(m.get('EVN-1')).toBe('A01')), // inconsistent EVN-1 kept as sent
  'fhirconv/adt-a04-01.hl7': ok('ADT', 'A04', 'MSG00001'),
  'fhirconv/adt-a04-v23-bom.hl7': ok('ADT', 'A04', '1270326314', ([m]) => expect(m.get('PV1-44')).toBe('20190504181205+0700')),
  'fhirconv/adt-a08-01.hl7': ok('ADT', 'A08', 'MSG00001'),
  'fhirconv/adt-a08-02.hl7': ok('ADT', 'A08', 'MSG00001'),
  'fhirconv/adt-a11-01.hl7': ok('ADT', 'A11', 'MSG00001'),
  'fhirconv/adt-a13-01.hl7': ok('ADT', 'A13', 'MSG00001'),
  'fhirconv/adt-a28-01.hl7': ok('ADT', 'A28', 'MSG00001'),
  'fhirconv/adt-a31-01.hl7': ok('ADT', 'A31', 'MSG00001'),
  'fhirconv/adt-a40-01.hl7': ok('ADT', 'A40', '8919-40', ([m]) => expect(m.get('MRG-1')).toBe('56789')),
  'fhirconv/adt-a40-02-two-merges.hl7': ok('ADT', 'A40', '8919-40', ([m]) => {
    expect(m.segments('PID').map((s) => s.value(3))).toEqual(['12345', '145']);
    expect(m.segments('MRG').map((s) => s.value(1))).toEqual(['56789', '569']);
  }),
  'fhirconv/oru-r01-01.hl7': ok('ORU', 'R01', '2.16.840.1.114222.4.3.3.5.1.2-20120314235954.325'),
  'fhirconv/oru-r01-lab-v25-bom.hl7': ok('ORU', 'R01', '182', ([m]) => expect(m.segments('OBX')).toHaveLength(10)),
  'fhirconv/siu-s12-01.hl7': ok('SIU', 'S12', 'MSG00012', ([m]) => expect(m.get('SCH-1')).toBe('12345')),
  'fhirconv/siu-s12-02.hl7': ok('SIU', 'S12', 'MSG00012'),
  'fhirconv/siu-s13-01.hl7': ok('SIU', 'S13', 'MSG00013'),
  'fhirconv/siu-s14-01.hl7': ok('SIU', 'S14', 'MSG00014'),
  'fhirconv/siu-s15-01.hl7': ok('SIU', 'S15', 'MSG00015'),
  'fhirconv/siu-s26-01.hl7': ok('SIU', 'S26', 'MSG00026'),

  'hl7standard/ack-ar-v231.hl7': ok('ACK', 'V01', '5465156441.100178620', ([m]) => {
    expect(m.get('MSA-1')).toBe('AR');
    expect(m.get('MSA-3')).toBe('Not logged in: User login failed');
    expect(m.get('ERR-1.4')).toBe('207');
  }),
  'hl7standard/adt-a01-crlf-v24.hl7': ok('ADT', 'A01', '24553', ([m]) => {
    expect(m.segments('ZNM')).toHaveLength(1);
    expect(m.get('PID-5.2')).toBe('Jane');
  }),
  'hl7standard/fhs-bhs-batch-adt-a01-rsp-k11.hl7': {
    messages: [
      ['ADT', 'A01', '24553'],
      ['RSP', 'K11', '20171023134421'],
    ],
    check: ([, rsp]) => {
      // "MSH" as OBX-5 text does not start a message
      expect(rsp.segments('OBX').map((s) => s.value(4))).toEqual(['xMSHx', 'xMSH', 'MSH']);
      expect(rsp.msh.version).toBe('2.5.1');
    },
  },
  'hl7standard/oru-r01-space-escape-char.hl7': ok('ORU', 'R01', '201103290820062979', ([m]) => {
    expect(m.delimiters.escape).toBe(''); // "^~ &": no escape character
    expect(m.msh.processingId).toBe('T');
  }),

  // MSH-2 "^~\\&" names the backslash twice (escape and subcomponent): ambiguous, rejected with the reason.
  'lfh/adt-a01-sample-unix.hl7': rejected(E.DataTypeError, 'MSH-2'),
  'lfh/adt-a01-sample-win.hl7': rejected(E.DataTypeError, 'MSH-2'),
  'lfh/oru-r01-multiline-short-mixed.hl7': ok('ORU', 'R01', 'MSGID00231', ([m]) =>
    expect(m.get('OBX[3]-5')).toBe('[PII] Emergency Department'),
  ),

  // AFL fuzz inputs from nHapi: every one is rejected with a code and place, none crashes.
  'nhapi/fuzz-adt-a07-nul-bytes.hl7': rejected(E.UnsupportedProcessingId, 'MSH-11'),
  'nhapi/fuzz-adt-a44-mrg.hl7': rejected(E.TableValueNotFound, 'MSH-18'),
  'nhapi/fuzz-hang1.hl7': rejected(E.DataTypeError, 'MSH-2'),
  'nhapi/fuzz-leading-nul.hl7': rejected(E.SegmentSequenceError, 'line 1'),
  'nhapi/fuzz-so.hl7': rejected(E.DataTypeError, 'MSH-2'),
  'nhapi/fuzz-stackoverflow1.hl7': rejected(E.DataTypeError, 'MSH-2'),

  'rethinkhealth/adt-a01-full.hl7': ok('ADT', 'A01', 'CTRL0042', ([m]) => expect(m.get('PID-3[2].1')).toBe('555-12-3456')),
  'rethinkhealth/edge-crlf-line-endings.hl7': ok('ADT', 'A01', 'MSG006', ([m]) => expect(m.get('PV1-3.3')).toBe('A')),
  'rethinkhealth/edge-custom-delimiters.hl7': ok('ADT', 'A01', 'MSG007', ([m]) => {
    expect(m.delimiters.field).toBe('#');
    expect(m.get('PID-5.2')).toBe('JOHN');
    expect(m.get('PID-3.4')).toBe('MRN');
  }),
  'rethinkhealth/edge-empty-segments.hl7': ok('ADT', 'A01', 'MSG005', ([m]) => expect(m.get('PID-3')).toBe('')),
  'rethinkhealth/edge-escaped-delimiters.hl7': ok('ADT', 'A01', 'MSG001', ([m]) => {
    expect(m.get('PID-5')).toBe('DOE&SMITH');
    expect(m.get('PID-5.2')).toBe('JOHN^JANE');
    expect(m.get('OBX-5')).toBe('Result contains pipe | and ampersand & and caret ^ and tilde ~ and backslash \\ chars');
  }),
  'rethinkhealth/edge-field-repetitions.hl7': ok('ADT', 'A01', 'MSG004', ([m]) => expect(m.getAll('PID-13')).toHaveLength(12)),
  'rethinkhealth/edge-non-ascii-utf8.hl7': ok('ADT', 'A01', 'MSG002', ([m]) => {
    expect(m.get('PID-5')).toBe('MÜLLER');
    expect(m.get('PID-11')).toBe('Straße der Einheit 42');
  }),
  'rethinkhealth/edge-z-segments.hl7': ok('ADT', 'A01', 'MSG003', ([m]) => expect(m.get('ZVN-3.3')).toBe('VALUE3')),
  'rethinkhealth/invalid-missing-msh.hl7': rejected(E.SegmentSequenceError, 'line 1'),
  'rethinkhealth/invalid-segment-header-length.hl7': rejected(E.SegmentSequenceError, 'line 2'),
  'rethinkhealth/invalid-trailing-empty-fields.hl7': ok('ADT', 'A01', 'MSG001'), // trailing empty fields are legal
  'rethinkhealth/invalid-wrong-version.hl7': rejected(E.UnsupportedVersionId, 'MSH-12'),
  'rethinkhealth/oru-r01-lab.hl7': ok('ORU', 'R01', 'MSG00003', ([m]) => expect(m.segments('OBX')).toHaveLength(5)),
  'rethinkhealth/siu-s12-schedule.hl7': ok('SIU', 'S12', 'SCH00001'),

  'simplehl7/adt-a04-epic-v25.hl7': ok('ADT', 'A04', '1817457', ([m]) => {
    expect(m.msh.processingId).toBe('D');
    expect(m.getAll('PV1-3')).toEqual(['168 ', '219', 'C', 'PMA']); // a non-repeating field sent with ~
  }),
  'simplehl7/oru-r01-cr-v23.hl7': ok('ORU', 'R01', 'Q335939501T337311002'),
  'simplehl7/oru-r01-vaers-v231.hl7': ok('ORU', 'R01', '20010422GA03', ([m]) => expect(m.segments('OBX').length).toBeGreaterThan(30)),
};

const corpus = findCorpus();

function corpusFiles(root: string): string[] {
  return readdirSync(root)
    .filter((d) => statSync(join(root, d)).isDirectory())
    .flatMap((d) => readdirSync(join(root, d)).map((f) => `${d}/${f}`))
    .sort();
}

describe('HL7 corpus (../shared/hl7-corpus)', () => {
  it('is present', () => {
    if (!corpus) {
      throw new Error(`shared/hl7-corpus not found (looked at ${resolve(__dirname, '../../../../../shared/hl7-corpus')} and upwards)`);
    }
    expect(corpusFiles(corpus).length).toBeGreaterThan(0);
  });

  it('has an expected outcome for every file, and every expected file exists', () => {
    if (!corpus) throw new Error('shared/hl7-corpus not found');
    expect(corpusFiles(corpus)).toEqual(Object.keys(EXPECTED).sort());
  });

  describe.each(Object.entries(EXPECTED))('%s', (file, expected) => {
    it('parses or is rejected as expected', () => {
      if (!corpus) throw new Error('shared/hl7-corpus not found');
      const results = splitBatch(readFileSync(join(corpus, file))).messages.map((b) => tryParseMessage(b));
      if ('error' in expected) {
        expect(results).toHaveLength(1);
        const [r] = results;
        if (r.ok) throw new Error(`${file} parsed but should be rejected with ${expected.error}`);
        expect(r.error.code).toBe(expected.error);
        const loc = r.error.location;
        expect(loc?.field !== undefined ? `${loc.segment}-${loc.field}` : `line ${loc?.line}`).toBe(expected.at);
        expect(r.error.reason.length).toBeGreaterThan(10);
        return;
      }
      const messages = results.map((r) => {
        if (!r.ok) throw new Error(`${file}: ${r.error.message}`);
        return r.message;
      });
      expect(messages.map((m) => [m.msh.messageType, m.msh.triggerEvent, m.msh.controlId])).toEqual(expected.messages);
      for (const m of messages) {
        // every field of every segment can be read
        for (const s of m.segments()) for (let f = 1; f <= s.fieldCount; f++) s.value(f);
      }
      expected.check?.(messages);
    });
  });
});
