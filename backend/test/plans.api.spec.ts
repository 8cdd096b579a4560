import { Client } from 'pg';
import { EnrolmentJob } from '../src/followup/plans/enrolment.job';
import { addDays } from '../src/followup/plans/schedule';
import { TaskHorizon } from '../src/followup/plans/task-horizon';
import { hospitalDay } from '../src/platform/clock';
import { startTestApp, TestApp } from './support/test-app';

describe('follow-up templates, enrolment and tasks', () => {
  let t: TestApp;
  let doctor: string;
  let questionnaireId: string;
  let cardId: string;
  const auth = () => ({ Authorization: `Bearer ${doctor}` });

  const template = (over: Record<string, unknown> = {}) => ({
    nameZh: '心内科出院随访 +1/+7/+30',
    nameEn: 'Cardiology discharge +1/+7/+30',
    purpose: 'clinical',
    mode: 'centre',
    rules: { departmentIds: [cardId] },
    steps: [
      {
        key: 'd1',
        anchor: 'discharge',
        offsetDays: 1,
        questionnaireId,
        channel: 'phone',
        team: 'centre',
        windowBeforeDays: 0,
        windowAfterDays: 2,
      },
      {
        key: 'd7',
        anchor: 'discharge',
        offsetDays: 7,
        questionnaireId,
        channel: 'phone',
        team: 'centre',
        windowBeforeDays: 0,
        windowAfterDays: 2,
      },
      {
        key: 'd30',
        anchor: 'discharge',
        offsetDays: 30,
        questionnaireId,
        channel: 'phone',
        team: 'department',
        windowBeforeDays: 2,
        windowAfterDays: 5,
      },
    ],
    ...over,
  });

  beforeAll(async () => {
    t = await startTestApp();
    doctor = await t.login('doctor');
    questionnaireId = (await t.sql<{ id: string }>(`SELECT id FROM questionnaire WHERE code = 'lib_post_discharge_general'`))[0].id;
    cardId = (await t.sql<{ id: string }>(`SELECT id FROM department WHERE code = 'CARD'`))[0].id;
  });
  afterAll(() => t.close());

  const cardDischarges = () =>
    t.sql<{ id: string; patient_id: string }>(
      `SELECT e.id, e.patient_id FROM encounter e JOIN patient p ON p.id = e.patient_id
        WHERE e.department_id = $1 AND e.type IN ('inpatient', 'day_surgery') AND e.discharged_at >= now() - interval '30 days'
          AND COALESCE(e.discharge_disposition, '') <> '5'`,
      [cardId],
    );

  it('refuses a template with no steps, negative windows, an unpublished questionnaire or a duplicate step key', async () => {
    const res = await t
      .http()
      .post('/api/followup-templates')
      .set(auth())
      .send(template({ steps: [] }));
    expect(res.status).toBe(400);
    expect(res.body.fields.steps).toEqual(['a template needs at least one step']);
    const neg = await t
      .http()
      .post('/api/followup-templates')
      .set(auth())
      .send(template({ steps: [{ ...template().steps[0], windowAfterDays: -1, offsetDays: -3 }] }));
    expect(Object.keys(neg.body.fields).sort()).toEqual(['steps.0.offsetDays', 'steps.0.windowAfterDays']);
    const draft = await t
      .http()
      .post('/api/questionnaires')
      .set(auth())
      .send({
        code: 'draft_q',
        titleZh: '草稿',
        titleEn: 'Draft',
        definition: {
          sections: [{ id: 's', title: { zh: '甲', en: 'A' }, questions: [{ id: 'a', type: 'yesno', text: { zh: '甲', en: 'A' } }] }],
        },
      });
    const unpub = await t
      .http()
      .post('/api/followup-templates')
      .set(auth())
      .send(template({ steps: [{ ...template().steps[0], questionnaireId: draft.body.id }, { ...template().steps[0] }] }));
    expect(unpub.body.fields).toEqual({
      'steps.0.questionnaireId': ['the questionnaire must be published'],
      'steps.1.key': ['duplicate step key "d1"'],
    });
  });

  it('lists departments and their wards for the rule editor to template editors without department.read', async () => {
    const res = await t.http().get('/api/followup-templates/org-units').set(auth()).expect(200);
    const card = res.body.find((d: { code: string }) => d.code === 'CARD');
    expect(card).toMatchObject({ id: cardId, name: '心内科' });
    expect(card.wards.length).toBeGreaterThan(0);
    expect(card.wards[0]).toEqual({
      id: expect.any(String),
      code: expect.any(String),
      name: expect.any(String),
      nameEn: expect.anything(),
    });
    const auditor = await t.login('auditor');
    expect((await t.http().get('/api/followup-templates/org-units').set('Authorization', `Bearer ${auditor}`)).status).toBe(403);
  });

  it('the rule tester shows which of the last 30 days of discharges the template would enrol', async () => {
    const tpl = await t.http().post('/api/followup-templates').set(auth()).send(template()).expect(201);
    const test = await t.http().get(`/api/followup-templates/${tpl.body.id}/test?days=30`).set(auth()).expect(200);
    expect(test.body.matching).toBe((await cardDischarges()).length);
    expect(test.body.matching).toBeGreaterThan(0);
    expect(test.body.sample[0]).toMatchObject({ departmentName: '心内科', departmentNameEn: 'Cardiology' });
  });

  it('the scheduled scan enrols matching discharges with +1/+7/+30 tasks, idempotently', async () => {
    const tpl = (await t.sql<{ id: string }>(`SELECT id FROM followup_template WHERE name_en = 'Cardiology discharge +1/+7/+30'`))[0];
    const job = t.app.get(EnrolmentJob);
    const first = await job.runOnce();
    expect(first?.plans).toBeGreaterThanOrEqual((await cardDischarges()).length);
    const count = async () =>
      (
        await t.sql<{ plans: string; tasks: string }>(
          `SELECT (SELECT count(*) FROM followup_plan WHERE template_id = $1)::text AS plans, (SELECT count(*) FROM followup_task k JOIN followup_plan p ON p.id = k.plan_id WHERE p.template_id = $1)::text AS tasks`,
          [tpl.id],
        )
      )[0];
    const after = await count();
    expect(Number(after.tasks)).toBe(Number(after.plans) * 3);
    await job.runOnce();
    expect(await count()).toEqual(after);
    // Task dates: discharge day (China time) + 1 / + 7 / + 30.
    const sample = await t.sql<{ d: string; due: string; step_key: string }>(
      `SELECT to_char((p.discharged_at AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD') AS d, to_char(k.due_date, 'YYYY-MM-DD') AS due, k.step_key
         FROM followup_task k JOIN followup_plan p ON p.id = k.plan_id WHERE p.template_id = $1 ORDER BY p.id, k.due_date LIMIT 3`,
      [tpl.id],
    );
    const day = (s: string, n: number) => new Date(Date.parse(`${s}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    expect(sample.map((r) => [r.step_key, r.due])).toEqual([
      ['d1', day(sample[0].d, 1)],
      ['d7', day(sample[0].d, 7)],
      ['d30', day(sample[0].d, 30)],
    ]);
  });

  it('a template without enrolment rules is for manual enrolment only: the scan never enrols discharges into it', async () => {
    const manual = await t
      .http()
      .post('/api/followup-templates')
      .set(auth())
      .send(template({ nameZh: '仅手工入组', nameEn: 'Manual only', rules: {} }))
      .expect(201);
    await t.sql(`UPDATE app_setting SET value = '1970-01-01T00:00:00Z' WHERE key = 'followup.enrolment_scan'`);
    const r = await t.app.get(EnrolmentJob).runOnce();
    expect(r?.plans).toBe(0); // the cardiology template enrolled its discharges in the test before
    const [{ n }] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM followup_plan WHERE template_id = $1`, [manual.body.id]);
    expect(n).toBe(0);
  });

  it('two scans at once do not double anything (row lock on the watermark)', async () => {
    const job = t.app.get(EnrolmentJob);
    await t.sql(`UPDATE app_setting SET value = '1970-01-01T00:00:00Z' WHERE key = 'followup.enrolment_scan'`);
    const before = await t.sql<{ n: string }>(`SELECT count(*)::text AS n FROM followup_task`);
    const results = await Promise.all([job.runOnce(), job.runOnce()]);
    expect(results.some((r) => r !== undefined)).toBe(true);
    expect((await t.sql<{ n: string }>(`SELECT count(*)::text AS n FROM followup_task`))[0].n).toBe(before[0].n);
  });

  it('editing the template moves pending tasks to the new schedule, keeps done ones, cancels removed steps', async () => {
    const tpl = (await t.sql<{ id: string }>(`SELECT id FROM followup_template WHERE name_en = 'Cardiology discharge +1/+7/+30'`))[0];
    const plan = (await t.sql<{ id: string }>(`SELECT id FROM followup_plan WHERE template_id = $1 ORDER BY id LIMIT 1`, [tpl.id]))[0];
    await t.sql(`UPDATE followup_task SET status = 'done' WHERE plan_id = $1 AND step_key = 'd1'`, [plan.id]);
    const base = template();
    const steps = [
      { ...base.steps[0], offsetDays: 2 },
      { ...base.steps[1], offsetDays: 10 },
    ]; // d30 removed
    await t.http().patch(`/api/followup-templates/${tpl.id}`).set(auth()).send({ steps }).expect(200);
    const tasks = await t.sql<{ step_key: string; status: string; due: string; d: string; cancel_reason: string | null }>(
      `SELECT k.step_key, k.status, to_char(k.due_date, 'YYYY-MM-DD') AS due, to_char((p.discharged_at AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD') AS d, k.cancel_reason
         FROM followup_task k JOIN followup_plan p ON p.id = k.plan_id WHERE k.plan_id = $1 ORDER BY k.step_key`,
      [plan.id],
    );
    const day = (s: string, n: number) => new Date(Date.parse(`${s}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    expect(tasks.map((k) => [k.step_key, k.status, k.due])).toEqual([
      ['d1', 'done', day(tasks[0].d, 1)],
      ['d30', 'cancelled', day(tasks[0].d, 30)],
      ['d7', 'pending', day(tasks[0].d, 10)],
    ]);
    expect(tasks[1].cancel_reason).toContain('step removed');
  });

  it('manual enrolment of a patient, do-not-contact respected, plans shown on the patient record; disabling cancels pending tasks', async () => {
    const tpl = await t
      .http()
      .post('/api/followup-templates')
      .set(auth())
      .send(template({ nameZh: '手工', nameEn: 'Manual', rules: {} }))
      .expect(201);
    const pid = (
      await t.sql<{ id: string }>(`SELECT p.id FROM patient p JOIN encounter e ON e.patient_id = p.id WHERE e.department_id = $1 LIMIT 1`, [
        cardId,
      ])
    )[0].id;
    const r1 = await t
      .http()
      .post(`/api/followup-templates/${tpl.body.id}/enrol`)
      .set(auth())
      .send({ patientIds: [pid] })
      .expect(201);
    expect(r1.body.newPlans).toBe(1);
    const r2 = await t
      .http()
      .post(`/api/followup-templates/${tpl.body.id}/enrol`)
      .set(auth())
      .send({ patientIds: [pid] })
      .expect(201);
    expect(r2.body.newPlans).toBe(0);
    const plans = await t.http().get(`/api/patients/${pid}/plans`).set(auth()).expect(200);
    expect(plans.body.find((p: { templateId: string }) => p.templateId === tpl.body.id).tasks).toHaveLength(3);

    // Do-not-contact for clinical follow-up keeps a patient out of rule-based enrolment.
    const other = (await cardDischarges())[0].patient_id;
    await t
      .http()
      .post(`/api/patients/${other}/restrictions`)
      .set(auth())
      .send({ purpose: 'clinical_followup', reason: '患者拒绝' })
      .expect(201);
    const test = await t.http().get(`/api/followup-templates/${tpl.body.id}/test?days=365`).set(auth()).expect(200);
    expect(test.body.sample.map((s: { patientId: string }) => s.patientId)).not.toContain(other);

    await t.http().post(`/api/followup-templates/${tpl.body.id}/disable`).set(auth()).send({ reason: '方案调整' }).expect(201);
    const left = await t.sql<{ n: string }>(
      `SELECT count(*)::text AS n FROM followup_task k JOIN followup_plan p ON p.id = k.plan_id WHERE p.template_id = $1 AND k.status = 'pending'`,
      [tpl.body.id],
    );
    expect(left[0].n).toBe('0');
    expect(
      (
        await t
          .http()
          .post(`/api/followup-templates/${tpl.body.id}/enrol`)
          .set(auth())
          .send({ patientIds: [pid] })
      ).body.code,
    ).toBe('TEMPLATE_DISABLED');
  });

  it('the scan reads what changed since the last scan: late and corrected discharges, later diagnoses, transactions that commit after a scan started', async () => {
    const job = t.app.get(EnrolmentJob);
    const orth = (await t.sql<{ id: string }>(`SELECT id FROM department WHERE code = 'ORTH'`))[0].id;
    const tpl = await t
      .http()
      .post('/api/followup-templates')
      .set(auth())
      .send(
        template({ nameZh: '骨科髋部骨折', nameEn: 'Orthopaedics hip fracture', rules: { departmentIds: [orth], icdPrefixes: ['S72'] } }),
      )
      .expect(201);
    await job.runOnce();
    const [{ value }] = await t.sql<{ value: string }>(`SELECT value FROM app_setting WHERE key = 'followup.enrolment_scan'`);
    expect(value).toMatch(/^xid:\d+$/);
    const [{ id: patientId }] = await t.sql<{ id: string }>(
      `SELECT p.id FROM patient p WHERE p.status = 'active' AND p.merged_into_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM patient_contact_restriction r WHERE r.patient_id = p.id) ORDER BY p.id LIMIT 1`,
    );
    const encounter = (
      sql: { query: (text: string, params: unknown[]) => Promise<{ rows: Array<{ id: string }> }> },
      discharged: string | null,
      dx: boolean,
    ) =>
      sql
        .query(
          `WITH e AS (INSERT INTO encounter (patient_id, type, department_id, admitted_at, discharged_at, discharge_disposition)
                      VALUES ($1, 'inpatient', $2, now() - interval '60 days', now() - $3::interval, '1') RETURNING id),
                d AS (INSERT INTO encounter_diagnosis (encounter_id, icd10_code, text, type) SELECT id, 'S72.0', '股骨颈骨折', 'discharge' FROM e WHERE $4)
           SELECT id FROM e`,
          [patientId, orth, discharged ?? '0 days', dx],
        )
        .then((r) => r.rows[0].id);
    const own = { query: async (text: string, params: unknown[]) => ({ rows: await t.sql<{ id: string }>(text, params) }) };
    const late = await encounter(own, '10 days', true); // discharged 10 days ago, reaching us only now
    const tooOld = await encounter(own, '40 days', true); // beyond LATE_DISCHARGE_DAYS: enrolled by hand only
    const corrected = await encounter(own, null, true);
    await t.sql(`UPDATE encounter SET discharged_at = NULL WHERE id = $1`, [corrected]); // still in hospital
    const undiagnosed = await encounter(own, '2 days', false); // its diagnosis comes later
    // A transaction that wrote its discharge before the scan started and commits after it.
    const slow = new Client({ connectionString: t.dbUrl });
    await slow.connect();
    let pending: string;
    try {
      await slow.query('BEGIN');
      pending = await encounter(slow, '1 day', true);
      await job.runOnce();
      await slow.query('COMMIT');
    } finally {
      await slow.end();
    }
    const enrolled = async () =>
      (
        await t.sql<{ encounter_id: string; tasks: number }>(
          `SELECT p.encounter_id, count(k.id)::int AS tasks FROM followup_plan p LEFT JOIN followup_task k ON k.plan_id = p.id
            WHERE p.template_id = $1 AND p.encounter_id = ANY($2::uuid[]) GROUP BY p.id`,
          [tpl.body.id, [late, tooOld, corrected, undiagnosed, pending]],
        )
      )
        .map((r) => `${r.encounter_id}:${r.tasks}`)
        .sort();
    expect(await enrolled()).toEqual([`${late}:3`]);

    await t.sql(`UPDATE encounter SET discharged_at = now() - interval '3 hours' WHERE id = $1`, [corrected]);
    await t.sql(
      `INSERT INTO encounter_diagnosis (encounter_id, icd10_code, text, type) VALUES ($1, 'S72.1', '股骨转子间骨折', 'discharge')`,
      [undiagnosed],
    );
    await job.runOnce();
    expect(await enrolled()).toEqual([late, corrected, undiagnosed, pending].map((id) => `${id}:3`).sort());
    // Nothing changed since: the next scan reads nothing and adds nothing.
    expect((await job.runOnce())?.plans).toBe(0);
  });

  // Last: a second application instance in this process re-registers the (process-global) passport strategies.
  it('two backend instances on one database run the scheduled scan and the daily task generation at the same time: each plan and task is created once', async () => {
    const endo = (await t.sql<{ id: string }>(`SELECT id FROM department WHERE code = 'ENDO'`))[0].id;
    const make = async (name: string, over: Record<string, unknown> = {}) =>
      (
        await t
          .http()
          .post('/api/followup-templates')
          .set(auth())
          .send(
            template({
              nameZh: `内分泌科出院随访（${name}）`,
              nameEn: `Endocrinology discharge (${name})`,
              rules: { departmentIds: [endo] },
              ...over,
            }),
          )
          .expect(201)
      ).body.id as string;
    const counts = async (templateId: string) =>
      (
        await t.sql<{ plans: number; tasks: number; pairs: number }>(
          `SELECT count(DISTINCT p.id)::int AS plans, count(k.id)::int AS tasks, count(DISTINCT (p.encounter_id, k.step_key))::int AS pairs
             FROM followup_plan p JOIN followup_task k ON k.plan_id = p.id WHERE p.template_id = $1`,
          [templateId],
        )
      )[0];
    const rescan = () => t.sql(`UPDATE app_setting SET value = '1970-01-01T00:00:00Z' WHERE key = 'followup.enrolment_scan'`);

    // Baseline: one instance enrols a template.
    const single = await make('one instance');
    await rescan();
    await t.app.get(EnrolmentJob).runOnce();
    const baseline = await counts(single);
    expect(baseline.plans).toBeGreaterThan(0);

    // The same rules, scanned by two instances at once, three times over.
    const twin = await make('two instances');
    // For the daily task generation below: a template with a step 100 days after discharge, beyond the
    // horizon at enrolment (created here: HTTP on this instance fails once another has started).
    const [d1] = template().steps;
    const later = await make('+1/+100', { steps: [d1, { ...d1, key: 'd100', offsetDays: 100 }] });
    const second = await startTestApp({}, t.dbUrl, { url: t.dbUrl, drop: async () => undefined });
    try {
      for (let round = 0; round < 3; round++) {
        await rescan();
        await Promise.all([t.app.get(EnrolmentJob).runOnce(), second.app.get(EnrolmentJob).runOnce()]);
      }
    } finally {
      await second.close(); // its own sql client too, before the database is dropped
    }
    expect(await counts(twin)).toEqual(baseline);
    expect(baseline).toEqual({ plans: baseline.plans, tasks: baseline.plans * 3, pairs: baseline.plans * 3 });

    // The daily task generation, run by two instances at once; their horizon (120 days) reaches d100.
    // d1 for every plan; d100 only where it falls by today + 62 (discharged 38 days ago or earlier).
    const enrolled = await counts(later);
    const missing = baseline.plans * 2 - enrolled.tasks;
    expect(enrolled.plans).toBe(baseline.plans);
    expect(missing).toBeGreaterThan(0);
    // Every plan so far has its tasks up to today + 62 days (the horizon of the instance that enrolled them).
    const today = hospitalDay(new Date()).date;
    await t.sql(
      `INSERT INTO app_setting (key, value) VALUES ('followup.tasks_generated_through', $1) ON CONFLICT (key) DO UPDATE SET value = $1`,
      [addDays(today, 62)],
    );
    const farther = { FOLLOWUP_HORIZON_DAYS: '120' };
    const [a, b] = [
      await startTestApp(farther, t.dbUrl, { url: t.dbUrl, drop: async () => undefined }),
      await startTestApp(farther, t.dbUrl, { url: t.dbUrl, drop: async () => undefined }),
    ];
    try {
      const runs = await Promise.all([a.app.get(TaskHorizon).generate(), b.app.get(TaskHorizon).generate()]);
      expect(runs.reduce((n, r) => n + (r?.created ?? 0), 0)).toBe(missing);
      await Promise.all([a.app.get(TaskHorizon).generate(), b.app.get(TaskHorizon).generate()]);
    } finally {
      await a.close();
      await b.close();
    }
    expect(await counts(later)).toEqual({ plans: baseline.plans, tasks: baseline.plans * 2, pairs: baseline.plans * 2 });
    const [{ value }] = await t.sql<{ value: string }>(`SELECT value FROM app_setting WHERE key = 'followup.tasks_generated_through'`);
    expect(value).toBe(addDays(today, 120));
  });
});
