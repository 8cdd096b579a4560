/**
 * HL7 mapping (issue #4) on the real database: every fixture of hl7-fixtures/ in realistic
 * sequences, idempotence (a message applied twice leaves the tables as after once), content errors
 * with their 0357 codes and locations, and every message of ../shared/hl7-corpus/.
 */
import iconv from 'iconv-lite';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DataSource } from 'typeorm';
import { PlansService } from '../src/followup/plans/plans.service';
import { Hl7ApplyError, type ApplyResult, type Hl7SourceConfig } from '../src/hl7/mapping/contract';
import { Hl7MappingService } from '../src/hl7/mapping/mapping.service';
import { formatLocation, Hl7ErrorCode, parseMessage, splitBatch, tryParseMessage, type Hl7Message } from '../src/hl7/parser';
import { startTestApp, TestApp } from './support/test-app';

const FIXTURES = join(__dirname, '../../hl7-fixtures');
const CORPUS = join(__dirname, '../../../shared/hl7-corpus');

const HIS: Hl7SourceConfig = { id: 'src-his', code: 'HIS', defaultCharset: 'GB18030', mapping: {} };

/** A fixture as bytes (GB 18030 files stay bytes, so the charset path is the real one). */
const fixture = (file: string): Hl7Message => parseMessage(readFileSync(join(FIXTURES, file)), { defaultCharset: 'GB18030' });
/** A fixture's text, decoded, for variants written in the test (other people, other visits, bad fields). */
const fixtureText = (file: string): string => {
  const bytes = readFileSync(join(FIXTURES, file));
  return (file.includes('gb18030') ? iconv.decode(bytes, 'gb18030') : bytes.toString('utf8')).replace(/\r\n?/g, '\r');
};
const variant = (file: string, edit: (text: string) => string): Hl7Message =>
  parseMessage(edit(fixtureText(file)), { defaultCharset: 'UTF-8' });

/** Replaces field n of the first segment `seg` in an ER7 text. */
function setField(text: string, seg: string, n: number, value: string): string {
  return text
    .split('\r')
    .map((line) => {
      if (!line.startsWith(`${seg}|`)) return line;
      const f = line.split('|');
      while (f.length <= n) f.push('');
      f[n] = value;
      return f.join('|');
    })
    .join('\r');
}

const TABLES = [
  'patient',
  'patient_identifier',
  'patient_phone',
  'patient_email',
  'encounter',
  'encounter_diagnosis',
  'encounter_procedure',
  'lab_result',
  'appointment',
  'patient_merge',
  'followup_plan',
  'followup_task',
];

describe('HL7 mapping to patients, encounters and appointments', () => {
  let t: TestApp;
  let ds: DataSource;
  let svc: Hl7MappingService;
  const dept: Record<string, string> = {};
  const ward: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get(DataSource);
    svc = t.app.get(Hl7MappingService);
    for (const d of await t.sql<{ id: string; code: string }>(`SELECT id, code FROM department`)) dept[d.code] = d.id;
    for (const w of await t.sql<{ id: string; code: string }>(`SELECT id, code FROM ward`)) ward[w.code] = w.id;
  });
  afterAll(() => t.close());

  const apply = (msg: Hl7Message, source: Hl7SourceConfig = HIS): Promise<ApplyResult> => ds.transaction((m) => svc.apply(m, msg, source));

  /** Applying must throw Hl7ApplyError; returns it. */
  async function applyError(msg: Hl7Message, source: Hl7SourceConfig = HIS): Promise<Hl7ApplyError> {
    try {
      await apply(msg, source);
    } catch (e) {
      if (e instanceof Hl7ApplyError) return e;
      throw e;
    }
    throw new Error('expected an Hl7ApplyError');
  }

  /** A hash of every mapped table, to compare before and after re-applying a message. */
  async function snapshot(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const table of TABLES) {
      const [row] = await t.sql<{ h: string | null }>(
        `SELECT md5(string_agg(row_to_json(x)::text, '|' ORDER BY x.id::text)) AS h FROM ${table} x`,
      );
      out[table] = row.h ?? '';
    }
    return out;
  }

  /** Applies a message, then again: the second time is 'ignored' and changes no table. */
  async function applyTwice(msg: Hl7Message, source: Hl7SourceConfig = HIS): Promise<ApplyResult> {
    const first = await apply(msg, source);
    const before = await snapshot();
    const second = await apply(msg, source);
    expect({ outcome: second.outcome, tables: await snapshot() }).toEqual({ outcome: 'ignored', tables: before });
    expect(second.patientId).toBe(first.patientId);
    return first;
  }

  const patientByIdent = async (value: string) =>
    (
      await t.sql<Record<string, unknown>>(
        `SELECT p.id, p.name, p.name_pinyin, p.pinyin_initials, p.sex_code, to_char(p.birth_date, 'YYYY-MM-DD') AS birth_date, p.id_number,
                p.address, p.region_code, p.status, to_char(p.deceased_date, 'YYYY-MM-DD') AS deceased_date, p.merged_into_id, p.department_ids
           FROM patient p JOIN patient_identifier i ON i.patient_id = p.id WHERE i.value = $1 AND i.authority = 'HOSP01'`,
        [value],
      )
    )[0];
  const phones = async (patientId: unknown) =>
    (
      await t.sql<{ number: string; is_primary: boolean }>(
        `SELECT number, is_primary FROM patient_phone WHERE patient_id = $1 ORDER BY number`,
        [patientId],
      )
    ).map((p) => `${p.number}${p.is_primary ? '*' : ''}`);
  const encounter = async (visit: string) =>
    (
      await t.sql<Record<string, unknown>>(
        `SELECT id, patient_id, type, department_id, ward_id, attending_doctor, admitted_at, discharged_at, discharge_disposition, cancelled_at
           FROM encounter WHERE source_system = 'HIS' AND visit_number = $1`,
        [visit],
      )
    )[0];
  const diagnoses = async (encounterId: unknown) =>
    (
      await t.sql<{ d: string }>(`SELECT type || ':' || icd10_code AS d FROM encounter_diagnosis WHERE encounter_id = $1 ORDER BY 1`, [
        encounterId,
      ])
    ).map((r) => r.d);

  describe('张三: admit (GB 18030), transfer, update, discharge, enrolment, cancel discharge, appointments, death', () => {
    let patientId: string;
    let encounterId: string;

    it('A01 creates the patient with identifiers, ID number, pinyin, address and mobile, and the inpatient encounter', async () => {
      const r = await applyTwice(fixture('adt-a01-admit-zhangsan-gb18030.hl7'));
      expect(r.outcome).toBe('applied');
      expect(r.summary).toContain('created patient 张三');
      expect(r.summary).toContain('created encounter V2026040100012 (心内科 / 心内科一病区)');
      expect(r.summary).not.toMatch(/11010519780512003X|13812345678/);
      const p = await patientByIdent('ZY2026000101');
      patientId = p['id'] as string;
      expect(r.patientId).toBe(patientId);
      expect(p).toMatchObject({
        name: '张三',
        name_pinyin: 'zhangsan',
        pinyin_initials: 'ZS',
        sex_code: '1',
        birth_date: '1978-05-12',
        id_number: '11010519780512003X',
        address: '北京市朝阳区建国路88号3单元502',
        region_code: '110105',
        status: 'active',
        department_ids: [dept['CARD']],
      });
      expect(
        await t.sql(`SELECT type, authority, value FROM patient_identifier WHERE patient_id = $1 ORDER BY value`, [patientId]),
      ).toEqual([
        { type: 'his_id', authority: 'HOSP01', value: 'P00012001' },
        { type: 'his_id', authority: 'HOSP01', value: 'ZY2026000101' },
      ]);
      expect(await phones(patientId)).toEqual(['13812345678*']);
      const e = await encounter('V2026040100012');
      encounterId = e['id'] as string;
      expect(e).toMatchObject({
        patient_id: patientId,
        type: 'inpatient',
        department_id: dept['CARD'],
        ward_id: ward['CARD-1'],
        attending_doctor: '王伟',
        discharged_at: null,
        cancelled_at: null,
      });
      expect((e['admitted_at'] as Date).toISOString()).toBe('2026-04-01T00:25:00.000Z');
      expect(await diagnoses(encounterId)).toEqual(['admitting:I20.0', 'working:I10']);
    });

    it('the patient key is the first PID-3 identifier as authority|type|value', () => {
      expect(svc.patientKey(fixture('adt-a01-admit-zhangsan-gb18030.hl7'), HIS)).toBe('HOSP01|his_id|ZY2026000101');
      expect(
        svc.patientKey(
          variant('adt-a40-merge-two-pairs.hl7', (s) => s),
          HIS,
        ),
      ).toBe('HOSP01|his_id|ZY2026000104');
      expect(svc.patientKey(parseMessage('MSH|^~\\&|HIS|H|HCRM|F|20260101||ADT^A08|1|P|2.5\rEVN|A08\r'), HIS)).toBeNull();
    });

    it('A02 moves the encounter to the second ward and says so', async () => {
      const r = await applyTwice(fixture('adt-a02-transfer-zhangsan.hl7'));
      expect(r.summary).toContain('transferred encounter V2026040100012 from 心内科 / 心内科一病区 to 心内科 / 心内科二病区');
      expect(await encounter('V2026040100012')).toMatchObject({ id: encounterId, department_id: dept['CARD'], ward_id: ward['CARD-2'] });
    });

    it('A08 without MSH-18 (GB 18030 by the source default) replaces the mobile and the address', async () => {
      const r = await applyTwice(fixture('adt-a08-update-zhangsan-gb18030-no-msh18.hl7'));
      expect(r.outcome).toBe('applied');
      expect(r.summary).toContain('updated address, region code');
      expect(await phones(patientId)).toEqual(['13998765432*']);
      expect(await patientByIdent('ZY2026000101')).toMatchObject({ address: '北京市海淀区中关村大街27号', region_code: '110108' });
    });

    it('A03 discharges with disposition, final diagnoses, procedure and labs, and the enrolment scan picks it up', async () => {
      const r = await applyTwice(fixture('adt-a03-discharge-zhangsan-gb18030.hl7'));
      expect(r.summary).toContain('discharged encounter V2026040100012 (心内科 / 心内科二病区)');
      const e = await encounter('V2026040100012');
      expect((e['discharged_at'] as Date).toISOString()).toBe('2026-04-08T02:00:00.000Z');
      expect(e['discharge_disposition']).toBe('1');
      // The A01's admitting/working diagnoses stay; the final ones are the discharge diagnoses.
      expect(await diagnoses(encounterId)).toEqual(['admitting:I20.0', 'discharge:I10', 'discharge:I25.1', 'working:I10']);
      expect(
        await t.sql(`SELECT code, name, surgeon, performed_at FROM encounter_procedure WHERE encounter_id = $1`, [encounterId]),
      ).toEqual([{ code: '00.66', name: '经皮冠状动脉腔内成形术(PTCA)', surgeon: '孙立', performed_at: new Date('2026-04-02T01:30:00Z') }]);
      expect(
        await t.sql(
          `SELECT code, name, value, unit, reference_range, abnormal_flag, observed_at FROM lab_result WHERE encounter_id = $1 ORDER BY code`,
          [encounterId],
        ),
      ).toEqual([
        {
          code: '13457-7',
          name: '低密度脂蛋白胆固醇',
          value: '3.9',
          unit: 'mmol/L',
          reference_range: '<3.4',
          abnormal_flag: 'H',
          observed_at: new Date('2026-04-06T23:30:00Z'),
        },
        {
          code: '2093-3',
          name: '总胆固醇',
          value: '5.8',
          unit: 'mmol/L',
          reference_range: '2.8-5.2',
          abnormal_flag: 'H',
          observed_at: new Date('2026-04-06T23:30:00Z'),
        },
      ]);

      // No event bus in the app: the enrolment scan reads discharged_at, type and department_id.
      const doctor = await t.login('doctor');
      const questionnaireId = (await t.sql<{ id: string }>(`SELECT id FROM questionnaire WHERE code = 'lib_post_discharge_general'`))[0].id;
      const step = { anchor: 'discharge', questionnaireId, channel: 'phone', team: 'centre', windowBeforeDays: 0, windowAfterDays: 2 };
      await t
        .http()
        .post('/api/followup-templates')
        .set({ Authorization: `Bearer ${doctor}` })
        .send({
          nameZh: '心内科 PCI 出院随访',
          nameEn: 'Cardiology PCI discharge',
          purpose: 'clinical',
          mode: 'centre',
          rules: { departmentIds: [dept['CARD']], icdPrefixes: ['I25'] },
          steps: [{ ...step, key: 'd7', offsetDays: 7 }],
        })
        .expect(201);
      const enrolled = await t.app.get(PlansService).enrolDischarges({ encounterIds: [encounterId] });
      expect(enrolled.plans).toBe(1);
      expect(await t.sql(`SELECT status, due_date::text FROM followup_task WHERE patient_id = $1`, [patientId])).toEqual([
        { status: 'pending', due_date: '2026-04-15' },
      ]);
    });

    it('A13 cancels the discharge (twice = once) and the follow-up it started; a renewed discharge enrols again', async () => {
      const plans = (status: string) =>
        t.sql<{ id: string }>(
          `SELECT p.id FROM followup_plan p JOIN encounter e ON e.id = p.encounter_id WHERE e.visit_number = 'V2026040100012' AND p.status = $1`,
          [status],
        );
      const openTasks = async () =>
        (
          await t.sql<{ n: number }>(
            `SELECT count(*)::int AS n FROM followup_task k JOIN followup_plan p ON p.id = k.plan_id JOIN encounter e ON e.id = p.encounter_id
              WHERE e.visit_number = 'V2026040100012' AND k.status IN ('pending', 'due', 'overdue', 'in_progress')`,
          )
        )[0].n;
      const active = (await plans('active')).length;
      expect(active).toBeGreaterThanOrEqual(1); // the 心内科 PCI template of the previous step, and any demo template that matches
      expect(await openTasks()).toBeGreaterThanOrEqual(1);
      const r = await applyTwice(fixture('adt-a13-cancel-discharge-zhangsan.hl7'));
      expect(r.summary).toContain('cancelled the discharge of encounter V2026040100012');
      expect(r.summary).toContain(`cancelled ${active} follow-up plan(s) started by this discharge and their open tasks`);
      expect(await encounter('V2026040100012')).toMatchObject({ discharged_at: null, discharge_disposition: null });
      expect(await openTasks()).toBe(0);
      expect(await plans('active')).toEqual([]);
      expect(
        await t.sql(
          `SELECT DISTINCT k.cancel_reason FROM followup_task k JOIN followup_plan p ON p.id = k.plan_id WHERE p.status = 'cancelled' AND p.patient_id = $1`,
          [patientId],
        ),
      ).toEqual([{ cancel_reason: 'discharge cancelled by the HIS (A13)' }]);
      // A03 again (the HIS discharges again): discharged again and enrolled again (new plans; the cancelled ones stay).
      expect((await apply(fixture('adt-a03-discharge-zhangsan-gb18030.hl7'))).outcome).toBe('applied');
      const [{ id: encounterId }] = await t.sql<{ id: string }>(`SELECT id FROM encounter WHERE visit_number = 'V2026040100012'`);
      expect((await t.app.get(PlansService).enrolDischarges({ encounterIds: [encounterId] })).plans).toBe(active);
      expect((await plans('cancelled')).length).toBe(active);
      expect(await openTasks()).toBeGreaterThanOrEqual(1);
      // (The open task of the renewed discharge is the one the death below cancels.)
    });

    it('SIU S12 → S13 → S14 → S15 and S26: one appointment, rescheduled, moved, cancelled, not attended', async () => {
      const appt = async () =>
        (
          await t.sql<Record<string, unknown>>(
            `SELECT patient_id, placer_appointment_id, filler_appointment_id, start_at, end_at, duration_minutes, department_id, location, doctor, reason, status, last_event
               FROM appointment WHERE source_system = 'HIS'`,
          )
        )[0];
      let r = await applyTwice(fixture('siu-s12-new-appointment-zhangsan.hl7'));
      expect(r).toMatchObject({ outcome: 'applied', patientId });
      expect(r.summary).toContain('stored appointment APT20260508001 for 张三 (booked)');
      expect(await appt()).toEqual({
        patient_id: patientId,
        placer_appointment_id: 'APT20260508001',
        filler_appointment_id: 'APT20260508001',
        start_at: new Date('2026-05-08T01:30:00Z'),
        end_at: new Date('2026-05-08T01:45:00Z'),
        duration_minutes: 15,
        department_id: dept['CARD'],
        location: '心内科门诊1诊室',
        doctor: '王伟',
        reason: '复诊',
        status: 'booked',
        last_event: 'S12',
      });
      r = await applyTwice(fixture('siu-s13-reschedule-zhangsan.hl7'));
      expect(await appt()).toMatchObject({
        start_at: new Date('2026-05-12T06:00:00Z'),
        end_at: new Date('2026-05-12T06:15:00Z'),
        status: 'rescheduled',
      });
      await applyTwice(fixture('siu-s14-modify-zhangsan.hl7'));
      expect(await appt()).toMatchObject({ location: '心内科门诊2诊室', status: 'modified', last_event: 'S14' });
      await applyTwice(fixture('siu-s15-cancel-zhangsan-gb18030.hl7'));
      expect(await appt()).toMatchObject({ status: 'cancelled', last_event: 'S15' });
      await applyTwice(fixture('siu-s26-noshow-zhangsan.hl7'));
      expect(await appt()).toMatchObject({ status: 'no_show', last_event: 'S26', start_at: new Date('2026-05-08T01:30:00Z') });
      expect(await t.sql(`SELECT count(*)::int AS n FROM appointment`)).toEqual([{ n: 1 }]);
    });

    it('a death (PID-29/30) makes the patient deceased and cancels open follow-up tasks, as a "deceased" call outcome does', async () => {
      const msg = variant('adt-a08-update-zhangsan-gb18030-no-msh18.hl7', (s) =>
        setField(setField(s, 'PID', 29, '20260501'), 'PID', 30, 'Y'),
      );
      const r = await applyTwice(msg);
      expect(r.summary).toContain('recorded death (1 open follow-up task(s) cancelled)');
      expect(await patientByIdent('ZY2026000101')).toMatchObject({ status: 'deceased', deceased_date: '2026-05-01' });
      expect(
        await t.sql(`SELECT status, cancel_reason FROM followup_task WHERE patient_id = $1 ORDER BY cancel_reason`, [patientId]),
      ).toEqual([
        { status: 'cancelled', cancel_reason: 'discharge cancelled by the HIS (A13)' },
        { status: 'cancelled', cancel_reason: 'patient deceased' },
      ]);
    });
  });

  describe('out of order and reversals', () => {
    it('A08 before A01 creates the patient (the HIS is the source of truth); the A01 then adds the stay', async () => {
      const a01 = fixtureText('adt-a01-admit-english-name.hl7');
      const a08 = a01.replace('ADT^A01^ADT_A01', 'ADT^A08^ADT_A01').replace('EVN|A01', 'EVN|A08');
      const r = await applyTwice(parseMessage(a08));
      expect(r.summary).toContain('created patient Smith, John Robert (update for an unknown patient: the HIS is the source of truth)');
      const p = await patientByIdent('ZY2026000108');
      expect(p).toMatchObject({
        name: 'Smith, John Robert',
        sex_code: '1',
        birth_date: '1970-03-21',
        id_number: null,
        address: '1 Century Avenue, Room 801, Shanghai, 200120',
      });
      expect(await t.sql(`SELECT type, authority, value FROM patient_identifier WHERE patient_id = $1 ORDER BY type`, [p['id']])).toEqual([
        { type: 'his_id', authority: 'HOSP01', value: 'ZY2026000108' },
        { type: 'passport', authority: 'USA', value: '533980127' },
      ]);
      const r2 = await applyTwice(fixture('adt-a01-admit-english-name.hl7'));
      expect(r2.patientId).toBe(p['id']);
      expect(await encounter('V2026040400209')).toMatchObject({
        type: 'inpatient',
        department_id: dept['ORTH'],
        ward_id: ward['ORTH-1'],
        attending_doctor: 'Liu, Yang',
      });
      expect(await diagnoses((await encounter('V2026040400209'))['id'])).toEqual(['admitting:S72.0']);
    });

    it('A03 before A01 creates the patient and a discharged encounter; the late A01 keeps the discharge', async () => {
      const other = (s: string) =>
        s
          .replace(/ZY2026000101/g, 'ZY2026000199')
          .replace(/P00012001/g, 'P00012099')
          .replace(/11010519780512003X/g, '')
          .replace(/V2026040100012/g, 'V2026049900012');
      const a03 = variant('adt-a03-discharge-zhangsan-gb18030.hl7', other);
      const r = await applyTwice(a03);
      expect(r.summary).toContain('created and discharged encounter V2026049900012');
      const before = await encounter('V2026049900012');
      expect(before['discharged_at']).toEqual(new Date('2026-04-08T02:00:00Z'));
      await applyTwice(variant('adt-a01-admit-zhangsan-gb18030.hl7', other));
      const after = await encounter('V2026049900012');
      expect(after).toMatchObject({
        id: before['id'],
        discharged_at: before['discharged_at'],
        admitted_at: new Date('2026-04-01T00:25:00Z'),
      });
      // The A01's ward (CARD-1) replaces the A03's (CARD-2): the last message wins for placement.
      expect(after['ward_id']).toBe(ward['CARD-1']);
    });

    it('A04 registers 刘芳 at the endocrinology clinic; A11 cancels the visit (kept, marked); A11 twice = once', async () => {
      const r = await applyTwice(fixture('adt-a04-register-liufang.hl7'));
      expect(r.summary).toContain('created encounter V2026040200417 (内分泌科)');
      expect(await encounter('V2026040200417')).toMatchObject({
        type: 'outpatient',
        department_id: dept['ENDO'],
        ward_id: null,
        attending_doctor: '周敏',
      });
      const c = await applyTwice(fixture('adt-a11-cancel-visit-liufang.hl7'));
      expect(c.summary).toContain('cancelled visit V2026040200417');
      expect((await encounter('V2026040200417'))['cancelled_at']).toEqual(new Date('2026-04-02T01:35:00Z'));
    });

    it('A02, A11 and A13 for a visit we do not know: 204 unknown key at PV1-19 (stored, replayable)', async () => {
      for (const f of ['adt-a02-transfer-zhangsan.hl7', 'adt-a11-cancel-visit-liufang.hl7', 'adt-a13-cancel-discharge-zhangsan.hl7']) {
        const e = await applyError(variant(f, (s) => s.replace(/V20260\d{8}/g, 'V2099000000')));
        expect({ code: e.code, location: e.location }).toEqual({
          code: Hl7ErrorCode.UnknownKeyIdentifier,
          location: { segment: 'PV1', field: 19 },
        });
      }
    });

    it('A05 pre-admits Brown, Emily without an admission time; passport and e-mail are kept', async () => {
      const r = await applyTwice(fixture('adt-a05-preadmit-english-name.hl7'));
      expect(r.summary).toContain('created patient Brown, Emily Jane');
      const p = await patientByIdent('ZY2026000107');
      expect(p).toMatchObject({ sex_code: '2', birth_date: '1992-06-14' });
      expect(await t.sql(`SELECT address FROM patient_email WHERE patient_id = $1`, [p['id']])).toEqual([
        { address: 'emily.brown@example.com' },
      ]);
      expect(await encounter('V2026040500031')).toMatchObject({
        type: 'outpatient',
        department_id: dept['OBGYN'],
        ward_id: ward['OBGYN-1'],
        admitted_at: null,
      });
    });

    it('A28 adds 欧阳娜娜 without a visit; A31 (GB 18030) replaces the mobile; "" clears phones and address', async () => {
      const r = await applyTwice(fixture('adt-a28-add-person-ouyang.hl7'));
      expect(r.summary).toBe('ADT^A28: created patient 欧阳娜娜');
      const p = await patientByIdent('P00012005');
      expect(p).toMatchObject({ name: '欧阳娜娜', name_pinyin: 'ouyangnana', pinyin_initials: 'OYNN', sex_code: '2', department_ids: [] });
      expect(await t.sql(`SELECT count(*)::int AS n FROM encounter WHERE patient_id = $1`, [p['id']])).toEqual([{ n: 0 }]);
      expect(await phones(p['id'])).toEqual(['02887654321', '17708231596*']);
      await applyTwice(fixture('adt-a31-update-person-ouyang-gb18030.hl7'));
      expect(await phones(p['id'])).toEqual(['02887654321', '17708239999*']);
      const cleared = await applyTwice(
        variant('adt-a31-update-person-ouyang-gb18030.hl7', (s) =>
          setField(setField(setField(s, 'PID', 13, '""'), 'PID', 14, '""'), 'PID', 11, '""'),
        ),
      );
      expect(cleared.summary).toContain('phone numbers cleared');
      expect(await phones(p['id'])).toEqual([]);
      expect(await patientByIdent('P00012005')).toMatchObject({ address: null, region_code: null, name: '欧阳娜娜' });
      // An empty field leaves the value: PID-13 empty, PID-14 given → the landline only (PID-13/14 are one list).
      await apply(variant('adt-a31-update-person-ouyang-gb18030.hl7', (s) => setField(s, 'PID', 13, '')));
      expect(await phones(p['id'])).toEqual(['02887654321*']);
      expect(await patientByIdent('P00012005')).toMatchObject({ address: '四川省成都市武侯区人民南路四段27号' });
    });

    it('an invalid phone number is kept out with a warning, not a failure', async () => {
      const r = await apply(variant('adt-a31-update-person-ouyang-gb18030.hl7', (s) => setField(s, 'PID', 13, '12345^PRN^CP')));
      expect(r.summary).toContain('warning: 1 phone number(s) not stored (not a valid number)');
    });
  });

  describe('A40 merge with two PID/MRG pairs', () => {
    it('file drops: the FHS/BHS batch and the back-to-back file create 李秀英, 陈明 and 王建国 (A08 for unknown patients)', async () => {
      const outcomes: string[] = [];
      for (const f of ['batch-fhs-two-a08.hl7', 'file-two-messages-back-to-back.hl7']) {
        for (const bytes of splitBatch(readFileSync(join(FIXTURES, f))).messages)
          outcomes.push((await applyTwice(parseMessage(bytes))).outcome);
      }
      // The second A08 for 李秀英 says what we already hold.
      expect(outcomes).toEqual(['applied', 'applied', 'ignored', 'applied']);
      for (const id of ['ZY2026000102', 'ZY2026000104', 'ZY2026000106']) expect(await patientByIdent(id)).toBeDefined();
    });

    it("moves the duplicates' identifiers and encounters to the survivors, audited as hl7; twice = once", async () => {
      // The duplicate records, each with a stay, registered under other numbers.
      for (const [mr, pi, name, visit] of [
        ['ZY2026000904', 'P00019904', '王建国', 'V2026030100904'],
        ['ZY2026000906', 'P00019906', '陈明', 'V2026030100906'],
      ]) {
        await apply(
          variant('adt-a01-admit-zhangsan-gb18030.hl7', (s) =>
            s
              .replace(/ZY2026000101/g, mr)
              .replace(/P00012001/g, pi)
              .replace(/11010519780512003X/g, '')
              .replace('张三', name)
              .replace(/V2026040100012/g, visit),
          ),
        );
      }
      const survivor1 = (await patientByIdent('ZY2026000104'))['id'];
      const survivor2 = (await patientByIdent('ZY2026000106'))['id'];
      const dup1 = (await patientByIdent('ZY2026000904'))['id'];
      const dup2 = (await patientByIdent('ZY2026000906'))['id'];
      const r = await applyTwice(fixture('adt-a40-merge-two-pairs.hl7'));
      expect(r.patientId).toBe(survivor1);
      expect(r.summary).toContain('merged a record into 王建国 (1 encounter(s), 2 identifier(s) moved)');
      expect(r.summary).toContain('merged a record into 陈明 (1 encounter(s), 2 identifier(s) moved)');
      expect(
        await t.sql(`SELECT id, merged_into_id FROM patient WHERE id = ANY($1::uuid[]) ORDER BY merged_into_id`, [[dup1, dup2]]),
      ).toEqual(
        expect.arrayContaining([
          { id: dup1, merged_into_id: survivor1 },
          { id: dup2, merged_into_id: survivor2 },
        ]),
      );
      expect((await encounter('V2026030100904'))['patient_id']).toBe(survivor1);
      expect((await encounter('V2026030100906'))['patient_id']).toBe(survivor2);
      expect((await patientByIdent('ZY2026000904'))['id']).toBe(survivor1);
      expect(
        await t.sql(`SELECT merged_by, reverted_at FROM patient_merge WHERE survivor_id = ANY($1::uuid[])`, [[survivor1, survivor2]]),
      ).toEqual([
        { merged_by: null, reverted_at: null },
        { merged_by: null, reverted_at: null },
      ]);
      expect(await t.sql(`SELECT actor_username, actor_id, entity_id FROM audit_event WHERE action = 'patient.merge' ORDER BY id`)).toEqual(
        [
          { actor_username: 'hl7', actor_id: null, entity_id: survivor1 },
          { actor_username: 'hl7', actor_id: null, entity_id: survivor2 },
        ],
      );
      // A message for the merged record's old number lands on the survivor.
      const late = await apply(
        variant('adt-a08-update-zhangsan-gb18030-no-msh18.hl7', (s) =>
          s
            .replace(/ZY2026000101/g, 'ZY2026000904')
            .replace(/P00012001/g, 'P00019904')
            .replace(/11010519780512003X/g, '')
            .replace('张三', '王建国')
            .replace(/V2026040100012/g, 'V2026030100904'),
        ),
      );
      expect(late.patientId).toBe(survivor1);
    });

    it('an unknown merged record is noted and ignored; an unknown survivor is created from the PID', async () => {
      const msg = variant('adt-a40-merge-two-pairs.hl7', (s) =>
        s
          .replace(/ZY2026000104/g, 'ZY2026000184')
          .replace(/P00012004/g, 'P00012084')
          .replace(/320102195607180059/g, '')
          .replace(/ZY2026000904/g, 'ZY2026000984')
          .replace(/P00019904/g, 'P00019984'),
      );
      const r = await apply(msg);
      expect(r.summary).toContain('created patient 王建国');
      expect(r.summary).toContain('merge into 王建国: the other record is unknown here');
      expect(r.summary).toContain('merge into 陈明: already merged');
    });
  });

  describe('content errors (0357 code, reason, location)', () => {
    const a01 = (edit: (s: string) => string) => variant('adt-a01-admit-english-name.hl7', edit);

    it('missing PID-3 → 101 at PID-3; bad PID-7 → 102; unknown sex → 103; unknown department → 103 with the value', async () => {
      const cases: Array<[Hl7Message, number, object, string?]> = [
        [a01((s) => setField(s, 'PID', 3, '')), 101, { segment: 'PID', sequence: 1, field: 3 }],
        [a01((s) => setField(s, 'PID', 7, '19700231')), 102, { segment: 'PID', sequence: 1, field: 7 }, '19700231'],
        [a01((s) => setField(s, 'PID', 7, 'yesterday')), 102, { segment: 'PID', sequence: 1, field: 7 }],
        [a01((s) => setField(s, 'PID', 8, 'X')), 103, { segment: 'PID', sequence: 1, field: 8 }],
        [a01((s) => setField(s, 'PV1', 10, 'XYZ')), 103, { segment: 'PV1', field: 10 }, 'unknown department code "XYZ"'],
        [a01((s) => setField(setField(s, 'PV1', 10, ''), 'PV1', 3, 'NOWHERE')), 103, { segment: 'PV1', field: 3, component: 1 }, 'NOWHERE'],
        [a01((s) => setField(s, 'PV1', 44, '2026-04-04')), 102, { segment: 'PV1', field: 44 }],
        [a01((s) => setField(s, 'PV1', 2, 'Z')), 103, { segment: 'PV1', field: 2 }],
        [variant('adt-a03-discharge-zhangsan-gb18030.hl7', (s) => setField(s, 'PV1', 19, '')), 101, { segment: 'PV1', field: 19 }],
        [fixture('malformed-unknown-event.hl7'), 201, { segment: 'MSH', field: 9, component: 2 }],
        [parseMessage('MSH|^~\\&|HIS|H|HCRM|F|20260101||MFN^M02|1|P|2.5\r'), 200, { segment: 'MSH', field: 9, component: 1 }],
        [
          variant('siu-s12-new-appointment-zhangsan.hl7', (s) => setField(setField(s, 'SCH', 1, ''), 'SCH', 2, '')),
          101,
          { segment: 'SCH', field: 2 },
        ],
      ];
      const before = await snapshot();
      for (const [msg, code, location, reason] of cases) {
        const e = await applyError(msg);
        expect({ code: e.code, location: e.location }).toEqual({ code, location });
        if (reason) expect(e.reason).toContain(reason);
      }
      // Each failed inside its transaction: nothing was written.
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('department and ward mapping', () => {
    it('maps by our code, by SourceMapping.departments / wards, and by the department name', async () => {
      const src: Hl7SourceConfig = { ...HIS, code: 'HIS2', mapping: { departments: { '0301': 'CARD' }, wards: { W12: 'CARD-2' } } };
      const msg = (visit: string, service: string, point: string) =>
        variant('adt-a01-admit-english-name.hl7', (s) =>
          setField(setField(s.replace('V2026040400209', visit), 'PV1', 10, service), 'PV1', 3, point),
        );
      await apply(msg('V1', '0301', 'W12'), src);
      await apply(msg('V2', '心内科', ''), src);
      await apply(msg('V3', 'Cardiology', ''), src);
      await apply(msg('V4', 'card', 'CARD-1'), src);
      await apply(msg('V5', '', 'CARD-2'), src);
      expect(
        await t.sql(`SELECT visit_number, department_id, ward_id FROM encounter WHERE source_system = 'HIS2' ORDER BY visit_number`),
      ).toEqual([
        { visit_number: 'V1', department_id: dept['CARD'], ward_id: ward['CARD-2'] },
        { visit_number: 'V2', department_id: dept['CARD'], ward_id: null },
        { visit_number: 'V3', department_id: dept['CARD'], ward_id: null },
        { visit_number: 'V4', department_id: dept['CARD'], ward_id: ward['CARD-1'] },
        { visit_number: 'V5', department_id: dept['CARD'], ward_id: ward['CARD-2'] },
      ]);
      // Without the mapping the HIS code is unknown.
      expect((await applyError(msg('V6', '0301', ''), HIS)).code).toBe(103);
    });
  });

  describe('../shared/hl7-corpus', () => {
    /**
     * Outcome per message of each parsable file (parse failures are the inbox's business): 'applied',
     * 'ignored', or 'E<code> <location>' for an Hl7ApplyError. Any other exception fails the test.
     */
    const EXPECTED: Record<string, string[]> = {
      // Unknown department codes (PV1-10 'SUR', 'MED', …) and patient classes ('OP') are content errors (AE, fixed by a
      // source mapping and replay); A02/A11/A13 for visits never admitted here are 204; ACK and RSP are not ours to apply.
      'fhirconv/adt-a01-01.hl7': ['E103 PV1-10'],
      'fhirconv/adt-a01-02.hl7': ['E103 PV1-10'],
      'fhirconv/adt-a01-v23-bom.hl7': ['E103 PV1-10'],
      'fhirconv/adt-a01-v251-bom.hl7': ['applied'],
      'fhirconv/adt-a02-01.hl7': ['E204 PV1-19'],
      'fhirconv/adt-a03-01.hl7': ['E103 PV1-10'],
      'fhirconv/adt-a03-02.hl7': ['E103 PV1-10'],
      'fhirconv/adt-a04-01.hl7': ['E103 PV1-10'],
      'fhirconv/adt-a04-v23-bom.hl7': ['applied'],
      'fhirconv/adt-a08-01.hl7': ['E103 PV1-10'],
      'fhirconv/adt-a08-02.hl7': ['E103 PV1-10'],
      'fhirconv/adt-a11-01.hl7': ['E204 PV1-19'],
      'fhirconv/adt-a13-01.hl7': ['E204 PV1-19'],
      'fhirconv/adt-a28-01.hl7': ['applied'],
      'fhirconv/adt-a31-01.hl7': ['ignored'],
      'fhirconv/adt-a40-01.hl7': ['applied'],
      'fhirconv/adt-a40-02-two-merges.hl7': ['applied'],
      'fhirconv/oru-r01-01.hl7': ['ignored'],
      'fhirconv/oru-r01-lab-v25-bom.hl7': ['ignored'],
      'fhirconv/siu-s12-01.hl7': ['applied'],
      'fhirconv/siu-s12-02.hl7': ['applied'],
      'fhirconv/siu-s13-01.hl7': ['applied'],
      'fhirconv/siu-s14-01.hl7': ['applied'],
      'fhirconv/siu-s15-01.hl7': ['applied'],
      'fhirconv/siu-s26-01.hl7': ['applied'],
      'hl7standard/ack-ar-v231.hl7': ['E200 MSH-9.1'],
      'hl7standard/adt-a01-crlf-v24.hl7': ['E103 PV1-2'],
      'hl7standard/fhs-bhs-batch-adt-a01-rsp-k11.hl7': ['applied', 'E200 MSH-9.1'],
      'hl7standard/oru-r01-space-escape-char.hl7': ['ignored'],
      'lfh/oru-r01-multiline-short-mixed.hl7': ['ignored'],
      'rethinkhealth/adt-a01-full.hl7': ['applied'],
      'rethinkhealth/edge-crlf-line-endings.hl7': ['applied'],
      'rethinkhealth/edge-custom-delimiters.hl7': ['applied'],
      'rethinkhealth/edge-empty-segments.hl7': ['E101 PID-3'],
      'rethinkhealth/edge-escaped-delimiters.hl7': ['applied'],
      'rethinkhealth/edge-field-repetitions.hl7': ['applied'],
      'rethinkhealth/edge-non-ascii-utf8.hl7': ['applied'],
      'rethinkhealth/edge-z-segments.hl7': ['applied'],
      'rethinkhealth/invalid-trailing-empty-fields.hl7': ['applied'],
      'rethinkhealth/oru-r01-lab.hl7': ['ignored'],
      'rethinkhealth/siu-s12-schedule.hl7': ['applied'],
      'simplehl7/adt-a04-epic-v25.hl7': ['E103 PV1-3.1'],
      'simplehl7/oru-r01-cr-v23.hl7': ['ignored'],
      'simplehl7/oru-r01-vaers-v231.hl7': ['ignored'],
    };

    it('every parsed message applies, is ignored, or is refused with Hl7ApplyError', async () => {
      const files: string[] = [];
      const walk = (dir: string) => {
        for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
          if (e.isDirectory()) walk(join(dir, e.name));
          else if (e.name.endsWith('.hl7')) files.push(join(dir, e.name));
        }
      };
      walk(CORPUS);
      const src: Hl7SourceConfig = { id: 'src-corpus', code: 'CORPUS', defaultCharset: 'UTF-8', mapping: {} };
      const actual: Record<string, string[]> = {};
      for (const file of files) {
        const outcomes: string[] = [];
        for (const bytes of splitBatch(readFileSync(file)).messages) {
          const parsed = tryParseMessage(bytes, { defaultCharset: 'UTF-8' });
          if (!parsed.ok) continue;
          try {
            outcomes.push((await apply(parsed.message, src)).outcome);
          } catch (e) {
            if (!(e instanceof Hl7ApplyError)) throw new Error(`${relative(CORPUS, file)}: ${(e as Error).stack}`);
            outcomes.push(`E${e.code} ${formatLocation(e.location)}`.trim());
          }
        }
        if (outcomes.length) actual[relative(CORPUS, file)] = outcomes;
      }
      expect(actual).toEqual(EXPECTED);
    });
  });
});
