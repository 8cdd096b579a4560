import iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MllpListener } from '../src/hl7/inbox/mllp.listener';
import { MllpClient, msa } from './support/hl7-client';
import { startTestApp, TestApp } from './support/test-app';

const FIXTURES = join(__dirname, '../../hl7-fixtures');

/** A fixture as text (GB 18030 decoded), with fields replaced; MSH-n is at index n-1 of the split line. */
function variant(file: string, fields: Array<[segment: string, n: number, value: string]>): Buffer {
  const text = iconv.decode(readFileSync(join(FIXTURES, file)), 'gb18030');
  const lines = text.split('\r').map((line) => {
    const f = line.split('|');
    for (const [seg, n, value] of fields) {
      if (f[0] !== seg) continue;
      const i = seg === 'MSH' ? n - 1 : n;
      while (f.length <= i) f.push('');
      f[i] = value;
    }
    return f.join('|');
  });
  return Buffer.from(lines.join('\r'), 'utf8');
}
const utf8 = (file: string, controlId: string, more: Array<[string, number, string]> = []) =>
  variant(file, [['MSH', 10, controlId], ['MSH', 18, 'UNICODE UTF-8'], ...more]);

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 5_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Issue #5's HL7 line, end to end over MLLP: a discharge (A03) of a matching patient enrols them in the
 * template at once (the inbox publishes `encounter.discharged` after its commit; the enrolment job subscribes),
 * with the three tasks on the right days; sending it again adds nothing; an A13 cancels them; a death cancels them.
 */
describe('HL7 discharge → follow-up plan (MLLP, real mapping, domain event)', () => {
  let t: TestApp;
  let mllp: MllpClient;

  beforeAll(async () => {
    t = await startTestApp({ HL7_MLLP_ENABLED: 'true', HL7_MLLP_PORT: '0', HL7_MLLP_HOST: '127.0.0.1', HL7_FILE_POLL_MS: '3600000' });
    mllp = await MllpClient.open(t.app.get(MllpListener).port ?? 0);
    const doctor = await t.login('doctor');
    const [{ id: card }] = await t.sql<{ id: string }>(`SELECT id FROM department WHERE code = 'CARD'`);
    const [{ id: questionnaireId }] = await t.sql<{ id: string }>(
      `SELECT id FROM questionnaire WHERE code = 'lib_post_discharge_general' AND status = 'published'`,
    );
    const step = { anchor: 'discharge', questionnaireId, channel: 'phone', team: 'centre', windowBeforeDays: 0, windowAfterDays: 2 };
    await t
      .http()
      .post('/api/followup-templates')
      .set({ Authorization: `Bearer ${doctor}` })
      .send({
        nameZh: '心内科出院 +1/+7/+30',
        nameEn: 'Cardiology discharge +1/+7/+30',
        purpose: 'clinical',
        mode: 'centre',
        rules: { departmentIds: [card], icdPrefixes: ['I25'] },
        steps: [
          { ...step, key: 'd1', offsetDays: 1 },
          { ...step, key: 'd7', offsetDays: 7 },
          { ...step, key: 'd30', offsetDays: 30 },
        ],
      })
      .expect(201);
  });
  afterAll(async () => {
    await mllp.close();
    await t.close();
  });

  const send = async (bytes: Buffer) => msa(await mllp.send(bytes)).code;
  const tasks = () =>
    t.sql<{ plan: string; status: string; due: string; reason: string | null }>(
      `SELECT k.plan_id AS plan, k.status, k.due_date::text AS due, k.cancel_reason AS reason
         FROM followup_task k JOIN followup_plan p ON p.id = k.plan_id JOIN followup_template t ON t.id = p.template_id
         JOIN patient pt ON pt.id = k.patient_id JOIN patient_identifier i ON i.patient_id = pt.id AND i.value = 'ZY2026000101'
        WHERE t.name_zh = '心内科出院 +1/+7/+30' ORDER BY p.enrolled_at, k.due_date`,
    );

  it('A03 enrols at once with +1/+7/+30 due dates; again adds nothing; A13 cancels; a renewed A03 enrols again; a death cancels', async () => {
    expect(await send(utf8('adt-a01-admit-zhangsan-gb18030.hl7', 'FU-A01'))).toBe('AA');
    expect(await send(utf8('adt-a03-discharge-zhangsan-gb18030.hl7', 'FU-A03'))).toBe('AA');
    // Discharged 2026-04-08 10:00 China time: due the 9th, 15th and 8 May — well before the minute-by-minute scan.
    const enrolled = await eventually(tasks, (k) => k.length === 3, 3_000);
    expect(enrolled.map((k) => [k.status, k.due])).toEqual([
      ['pending', '2026-04-09'],
      ['pending', '2026-04-15'],
      ['pending', '2026-05-08'],
    ]);

    // The same A03 again (a resend), and a new A03 for the same visit: still one plan, three tasks.
    expect(await send(utf8('adt-a03-discharge-zhangsan-gb18030.hl7', 'FU-A03'))).toBe('AA');
    expect(await send(utf8('adt-a03-discharge-zhangsan-gb18030.hl7', 'FU-A03-BIS'))).toBe('AA');
    await new Promise((r) => setTimeout(r, 500));
    expect(await tasks()).toHaveLength(3);

    // A13: the discharge is cancelled, and the follow-up with it.
    expect(await send(utf8('adt-a13-cancel-discharge-zhangsan.hl7', 'FU-A13'))).toBe('AA');
    expect((await tasks()).map((k) => [k.status, k.reason])).toEqual(Array(3).fill(['cancelled', 'discharge cancelled by the HIS (A13)']));

    // Discharged again: a new plan at once.
    expect(await send(utf8('adt-a03-discharge-zhangsan-gb18030.hl7', 'FU-A03-AGAIN'))).toBe('AA');
    const again = await eventually(tasks, (k) => k.filter((x) => x.status === 'pending').length === 3, 3_000);
    expect(again.filter((k) => k.status === 'pending')).toHaveLength(3);

    // A death (PID-29/30 in an A08): the patient is deceased and the open tasks are cancelled.
    expect(
      await send(
        utf8('adt-a08-update-zhangsan-gb18030-no-msh18.hl7', 'FU-DEATH', [
          ['PID', 29, '20260501'],
          ['PID', 30, 'Y'],
        ]),
      ),
    ).toBe('AA');
    const after = await tasks();
    expect(after.filter((k) => k.status === 'pending')).toEqual([]);
    expect(after.filter((k) => k.reason === 'patient deceased')).toHaveLength(3);
    const [{ status }] = await t.sql<{ status: string }>(
      `SELECT p.status FROM patient p JOIN patient_identifier i ON i.patient_id = p.id WHERE i.value = 'ZY2026000101'`,
    );
    expect(status).toBe('deceased');
  });
});
