import { Client } from 'pg';
import { EnrolmentJob } from '../src/followup/plans/enrolment.job';
import type { PlanStep } from '../src/followup/plans/plan.entities';
import { PlansService } from '../src/followup/plans/plans.service';
import { hospitalDay } from '../src/platform/clock';
import { addDays, cstDate, scheduleTasks } from '../src/followup/plans/schedule';
import { planStep } from './support/plan-steps';
import { startTestApp, TestApp } from './support/test-app';

interface TaskRow {
  id: string;
  plan_id: string;
  step_key: string;
  sequence: number;
  status: string;
  due: string;
  ws: string;
  we: string;
  questionnaire_id: string;
  channel: string;
  team: string;
  department_id: string | null;
  template_version: number;
  cancel_reason: string | null;
  updated_at: string;
}

/**
 * Editing a template (PATCH /api/followup-templates/:id): done and in-progress tasks are never
 * rewritten; pending tasks of the steps that changed follow the new version (re-dated, re-pointed,
 * cancelled with a reason, added); tasks of unchanged steps keep their rows; running it again changes
 * nothing; the regeneration runs in batches and a stopped one is finished by the minute job.
 */
describe('editing a template: pending tasks follow the new version', () => {
  let t: TestApp;
  let doctor: string;
  let q1: string;
  let q2: string;
  let cardId: string;
  let nurseId: string;
  let tplId: string;
  const auth = () => ({ Authorization: `Bearer ${doctor}` });
  const today = () => hospitalDay(new Date()).date;

  const step = (key: string, offsetDays: number, over: Partial<PlanStep> = {}) => planStep(q1, key, offsetDays, over);
  const baseSteps = (): PlanStep[] => [
    step('d1', 1),
    step('d7', 7),
    step('d30', 30, { team: 'department', windowBeforeDays: 2, windowAfterDays: 5 }),
    step('q', 30, { repeat: { everyDays: 90, times: 3 } }),
  ];

  const tasks = (where = 'true', params: unknown[] = []) =>
    t.sql<TaskRow>(
      `SELECT k.id, k.plan_id, k.step_key, k.sequence, k.status, to_char(k.due_date, 'YYYY-MM-DD') AS due, to_char(k.window_start, 'YYYY-MM-DD') AS ws,
              to_char(k.window_end, 'YYYY-MM-DD') AS we, k.questionnaire_id, k.channel, k.team, k.department_id, k.template_version, k.cancel_reason,
              k.updated_at::text AS updated_at
         FROM followup_task k JOIN followup_plan p ON p.id = k.plan_id WHERE p.template_id = $1 AND ${where} ORDER BY k.plan_id, k.step_key, k.sequence`,
      [tplId, ...params],
    );
  const plans = () =>
    t.sql<{ id: string; discharged_at: Date | null; admitted_at: Date | null; enrolled_at: Date; department_id: string | null }>(
      `SELECT p.id, p.discharged_at, p.admitted_at, p.enrolled_at, e.department_id FROM followup_plan p LEFT JOIN encounter e ON e.id = p.encounter_id
        WHERE p.template_id = $1 AND p.status = 'active' ORDER BY p.id`,
      [tplId],
    );
  const patch = (steps: PlanStep[]) => t.http().patch(`/api/followup-templates/${tplId}`).set(auth()).send({ steps }).expect(200);
  const lastRegeneration = async () =>
    (
      await t.sql<{ details: { version: number; regeneration?: Record<string, unknown> } }>(
        `SELECT details FROM audit_event WHERE action = 'template.update' AND entity_id = $1 ORDER BY id DESC LIMIT 1`,
        [tplId],
      )
    )[0].details;
  const byKey = (rows: TaskRow[]) => new Map(rows.map((r) => [`${r.plan_id}/${r.step_key}/${r.sequence}`, r]));

  /** Every pending task of the template is what scheduleTasks (the enrolment code) makes of the current steps: the SQL agrees with it. */
  async function expectPendingMatchSchedule(steps: PlanStep[]) {
    const version = (await t.sql<{ version: number }>(`SELECT version FROM followup_template WHERE id = $1`, [tplId]))[0].version;
    const pending = await tasks(`k.status = 'pending'`);
    const planRows = new Map((await plans()).map((p) => [p.id, p]));
    expect(pending.length).toBeGreaterThan(0);
    for (const k of pending) {
      const p = planRows.get(k.plan_id)!;
      const s = scheduleTasks(steps, { discharge: p.discharged_at, admission: p.admitted_at, enrolment: p.enrolled_at }).find(
        (x) => x.stepKey === k.step_key && x.sequence === k.sequence,
      );
      expect(s).toBeDefined();
      expect([k.due, k.ws, k.we, k.questionnaire_id, k.channel, k.team, k.department_id]).toEqual([
        s!.dueDate,
        s!.windowStart,
        s!.windowEnd,
        s!.step.questionnaireId,
        s!.step.channel,
        s!.step.team,
        s!.step.team === 'department' ? p.department_id : null,
      ]);
      expect(k.template_version).toBeLessThanOrEqual(version);
    }
  }

  beforeAll(async () => {
    // A horizon of ten years: every task of these plans exists, so the edit's rules are seen on all of
    // them (what the horizon changes is tested in plans-horizon.api.spec.ts).
    t = await startTestApp({ FOLLOWUP_HORIZON_DAYS: '3660' });
    doctor = await t.login('doctor');
    q1 = (await t.sql<{ id: string }>(`SELECT id FROM questionnaire WHERE code = 'lib_post_discharge_general' AND status = 'published'`))[0]
      .id;
    q2 = (await t.sql<{ id: string }>(`SELECT id FROM questionnaire WHERE code = 'lib_diabetes' AND status = 'published'`))[0].id;
    cardId = (await t.sql<{ id: string }>(`SELECT id FROM department WHERE code = 'CARD'`))[0].id;
    nurseId = (await t.sql<{ id: string }>(`SELECT id FROM app_user WHERE username = 'nurse'`))[0].id;
    const tpl = await t
      .http()
      .post('/api/followup-templates')
      .set(auth())
      .send({
        nameZh: '心内科出院随访（改版）',
        nameEn: 'Cardiology discharge (edited)',
        purpose: 'clinical',
        mode: 'centre',
        rules: { departmentIds: [cardId] },
        steps: baseSteps(),
      })
      .expect(201);
    tplId = tpl.body.id;
    const enrolled = await t
      .http()
      .post(`/api/followup-templates/${tplId}/enrol`)
      .set(auth())
      .send({ departmentId: cardId, days: 60 })
      .expect(201);
    expect(enrolled.body.newPlans).toBeGreaterThanOrEqual(4);
  });
  afterAll(() => t.close());

  it('touches only the changed steps: done and in-progress tasks stay; pending ones are re-dated, cancelled with a reason, or added', async () => {
    const [a, b] = await plans();
    // Plan a: its d7 task is done. Plan b: a nurse is working its d30 task.
    await t.sql(
      `UPDATE followup_task SET status = 'done', completed_at = now(), completed_by = $2 WHERE plan_id = $1 AND step_key = 'd7'`,
      [a.id, nurseId],
    );
    await t.sql(
      `UPDATE followup_task SET status = 'in_progress', claimed_by = $2, claim_expires_at = now() + interval '10 minutes' WHERE plan_id = $1 AND step_key = 'd30'`,
      [b.id, nurseId],
    );
    const before = byKey(await tasks());

    const [d1, d7, , q] = baseSteps();
    const edited: PlanStep[] = [
      d1, // unchanged
      { ...d7, offsetDays: 10, questionnaireId: q2, channel: 'sms' }, // changed
      // d30 removed
      { ...q, repeat: { everyDays: 90, times: 4 } }, // one more occurrence
      step('d60', 60), // added, in the future for every plan
      step('d2', 2, { windowAfterDays: 0 }), // added, but its window has closed for plans discharged more than 2 days ago
      step('enr', 14, { anchor: 'enrolment', team: 'department' }), // added, anchored on the enrolment day
    ];
    await patch(edited);
    const after = await tasks();
    const now = byKey(after);
    const details = await lastRegeneration();
    expect(details.version).toBe(2);
    expect(details.regeneration).toMatchObject({ steps: ['d2', 'd30', 'd60', 'd7', 'enr', 'q'], complete: true, batches: 2 }); // one per slice of plan ids

    for (const [key, old] of before) {
      const row = now.get(key)!;
      const [, stepKey, seq] = key.split('/');
      if (stepKey === 'd1' || (stepKey === 'q' && Number(seq) <= 3) || old.status !== 'pending') {
        expect(row).toEqual(old); // unchanged step, unchanged occurrence, or not pending: the row is not written at all
      } else if (stepKey === 'd7') {
        expect(row).toMatchObject({ status: 'pending', questionnaire_id: q2, channel: 'sms', template_version: 2 });
        expect(row.due).toBe(addDays(old.due, 3));
      } else if (stepKey === 'd30') {
        expect(row).toMatchObject({ status: 'cancelled', cancel_reason: 'step removed from the template (version 2)', due: old.due });
      }
    }
    // The done d7 task of plan a and the in-progress d30 task of plan b were not rewritten.
    expect(now.get(`${a.id}/d7/1`)).toMatchObject({ status: 'done', questionnaire_id: q1, template_version: 1 });
    expect(now.get(`${b.id}/d30/1`)).toMatchObject({ status: 'in_progress', template_version: 1, cancel_reason: null });

    const planList = await plans();
    for (const p of planList) {
      const d = cstDate(p.discharged_at!);
      expect(now.get(`${p.id}/q/4`)).toMatchObject({ status: 'pending', due: addDays(d, 30 + 3 * 90), template_version: 2 });
      expect(now.get(`${p.id}/d60/1`)).toMatchObject({ status: 'pending', due: addDays(d, 60) });
      expect(now.get(`${p.id}/enr/1`)).toMatchObject({ due: addDays(cstDate(p.enrolled_at), 14), department_id: p.department_id });
      // d2: created only where its window (due day only) has not closed before today.
      expect(now.has(`${p.id}/d2/1`)).toBe(addDays(d, 2) >= today());
    }
    expect(after.length).toBeGreaterThan(before.size);
    await expectPendingMatchSchedule(edited);
  });

  it('is idempotent: the same steps again change nothing, and recomputing every step changes nothing either', async () => {
    const tpl = (await t.http().get(`/api/followup-templates/${tplId}`).set(auth()).expect(200)).body as {
      steps: PlanStep[];
      version: number;
    };
    const before = await tasks();
    await patch(tpl.steps);
    const details = await lastRegeneration();
    expect(details.version).toBe(tpl.version + 1);
    expect(details.regeneration).toBeUndefined(); // no step changed
    expect(await tasks()).toEqual(before);

    // Force a recomputation of every step (as if all had changed), through the minute job's resume path.
    await t.sql(
      `UPDATE followup_template SET regen_steps = $2, regen_after = NULL, regen_lease = gen_random_uuid(), regen_lease_until = now() - interval '1 second' WHERE id = $1`,
      [tplId, tpl.steps.map((s) => s.key)],
    );
    expect(await t.app.get(PlansService).resumeRegenerations()).toBe(1);
    expect(await tasks()).toEqual(before);
  });

  it('repeated steps: a new interval re-dates every pending occurrence; fewer times cancels the ones no longer scheduled', async () => {
    const tpl = (await t.http().get(`/api/followup-templates/${tplId}`).set(auth()).expect(200)).body as {
      steps: PlanStep[];
      version: number;
    };
    const steps = tpl.steps.map((s) => (s.key === 'q' ? { ...s, repeat: { everyDays: 60, times: 2 } } : s));
    await patch(steps);
    const version = tpl.version + 1;
    for (const p of await plans()) {
      const d = cstDate(p.discharged_at!);
      const q = (await tasks(`k.plan_id = $2 AND k.step_key = 'q'`, [p.id])).map((k) => [k.sequence, k.status, k.due, k.cancel_reason]);
      expect(q).toEqual([
        [1, 'pending', addDays(d, 30), null],
        [2, 'pending', addDays(d, 90), null],
        [3, 'cancelled', addDays(d, 30 + 2 * 90), `no longer scheduled by the template (version ${version})`],
        [4, 'cancelled', addDays(d, 30 + 3 * 90), `no longer scheduled by the template (version ${version})`],
      ]);
    }
    await expectPendingMatchSchedule(steps);
  });

  it('runs in batches of plans, and a regeneration whose process stopped is finished by the minute job (not before its lease expires)', async () => {
    const service = t.app.get(PlansService);
    const planIds = (await plans()).map((p) => p.id);
    const n = planIds.length;
    // Plan ids are worked in two slices side by side (below and from 8000…); with two plans per batch each slice takes ⌊size / 2⌋ + 1 batches.
    const low = planIds.filter((x) => x < '8').length;
    const batches = Math.floor(low / 2) + 1 + Math.floor((n - low) / 2) + 1;
    const tpl = (await t.http().get(`/api/followup-templates/${tplId}`).set(auth()).expect(200)).body as {
      steps: PlanStep[];
      version: number;
    };
    const batchRows = service.regenBatchRows;
    service.regenBatchRows = 2; // one changed single step: two plans per batch
    try {
      const moved = tpl.steps.map((s) => (s.key === 'd60' ? { ...s, offsetDays: 61 } : s));
      await patch(moved);
      expect((await lastRegeneration()).regeneration).toMatchObject({ steps: ['d60'], plans: n, moved: n, batches });
      await expectPendingMatchSchedule(moved);

      // A process saved the edit (steps and what is left to regenerate) and stopped before any batch ran.
      const stopped = moved.map((s) => (s.key === 'd60' ? { ...s, offsetDays: 62, channel: 'email' as const } : s));
      await t.sql(
        `UPDATE followup_template SET steps = $2::jsonb, version = version + 1, regen_steps = '{d60}', regen_after = NULL,
                regen_lease = gen_random_uuid(), regen_lease_until = now() + interval '1 minute' WHERE id = $1`,
        [tplId, JSON.stringify(stopped)],
      );
      const unchanged = await tasks();
      expect(await service.resumeRegenerations()).toBe(0); // its lease has not expired: it may still be running somewhere
      expect(await tasks()).toEqual(unchanged);
      await t.sql(`UPDATE followup_template SET regen_lease_until = now() - interval '1 second' WHERE id = $1`, [tplId]);
      await t.app.get(EnrolmentJob).tick();
      await expectPendingMatchSchedule(stopped);
      const left = await t.sql<{ regen_steps: string[] | null; regen_lease: string | null }>(
        `SELECT regen_steps, regen_lease FROM followup_template WHERE id = $1`,
        [tplId],
      );
      expect(left).toEqual([{ regen_steps: null, regen_lease: null }]);
    } finally {
      service.regenBatchRows = batchRows;
    }
  });

  it('an edit during an unfinished regeneration takes it over: the steps of both edits follow, for plans on both sides of its cursor', async () => {
    const tpl = (await t.http().get(`/api/followup-templates/${tplId}`).set(auth()).expect(200)).body as {
      steps: PlanStep[];
      version: number;
    };
    const planList = await plans();
    const cursor = planList[Math.floor(planList.length / 2)].id;
    // Another process is half-way through regenerating d60 (plans up to `cursor` done) and still holds its lease.
    const first = tpl.steps.map((s) => (s.key === 'd60' ? { ...s, offsetDays: 63 } : s));
    await t.sql(
      `UPDATE followup_template SET steps = $2::jsonb, version = version + 1, regen_steps = '{d60}', regen_after = ARRAY[$3::uuid, NULL],
              regen_lease = gen_random_uuid(), regen_lease_until = now() + interval '1 minute' WHERE id = $1`,
      [tplId, JSON.stringify(first), cursor],
    );
    const second = first.map((s) => (s.key === 'd1' ? { ...s, windowAfterDays: 3 } : s));
    await patch(second);
    expect((await lastRegeneration()).regeneration).toMatchObject({ steps: ['d1', 'd60'], complete: true });
    await expectPendingMatchSchedule(second);
    const d60 = await tasks(`k.step_key = 'd60' AND k.status = 'pending'`);
    expect(d60).toHaveLength(planList.length);
  });

  it('an edit waits for an enrolment that read the old steps, and its regeneration then includes the new plan', async () => {
    // An enrolment in flight: it holds the template's steps under a share lock (as enrolCandidates does) and adds a plan with old-version tasks.
    const enrolment = new Client({ connectionString: t.dbUrl });
    await enrolment.connect();
    try {
      const [other] = await t.sql<{ id: string; patient_id: string; discharged_at: Date }>(
        `SELECT e.id, e.patient_id, e.discharged_at FROM encounter e WHERE e.discharged_at IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM followup_plan f WHERE f.encounter_id = e.id) ORDER BY e.discharged_at DESC LIMIT 1`,
      );
      await enrolment.query('BEGIN');
      const { rows } = await enrolment.query(`SELECT steps, version FROM followup_template WHERE id = $1 FOR SHARE`, [tplId]);
      const old = (rows[0].steps as PlanStep[]).find((s) => s.key === 'd60')!;
      const plan = (
        await enrolment.query(
          `INSERT INTO followup_plan (patient_id, template_id, encounter_id, anchor_key, discharged_at, enrolled_by)
           VALUES ($1, $2, $3::uuid, $3::text, $4, 'rule') RETURNING id`,
          [other.patient_id, tplId, other.id, other.discharged_at],
        )
      ).rows[0].id as string;
      const due = addDays(cstDate(other.discharged_at), old.offsetDays);
      await enrolment.query(
        `INSERT INTO followup_task (plan_id, patient_id, step_key, sequence, due_date, window_start, window_end, questionnaire_id, channel, team, template_version)
         VALUES ($1, $2, 'd60', 1, $3, $3, $3, $4, 'phone', 'centre', $5)`,
        [plan, other.patient_id, due, old.questionnaireId, rows[0].version],
      );

      const tpl = (await t.http().get(`/api/followup-templates/${tplId}`).set(auth()).expect(200)).body as { steps: PlanStep[] };
      const steps = tpl.steps.map((s) => (s.key === 'd60' ? { ...s, offsetDays: old.offsetDays + 5 } : s));
      let answered = false;
      const edit = patch(steps).then(() => (answered = true));
      await new Promise((r) => setTimeout(r, 500));
      expect(answered).toBe(false); // waiting for the enrolment's lock
      await enrolment.query('COMMIT');
      await edit;
      const [task] = await tasks(`k.plan_id = $2 AND k.step_key = 'd60'`, [plan]);
      expect(task.due).toBe(addDays(due, 5));
    } finally {
      await enrolment.end();
    }
  });

  it('the regeneration SQL dates an early-morning discharge by its China calendar day (the day before in UTC), like scheduleTasks', async () => {
    // 2026-03-02 01:30 in Beijing is 2026-03-01 17:30 UTC: the anchor day is 03-02, whatever the database's time zone.
    const [p] = await plans();
    await t.sql(`UPDATE followup_plan SET discharged_at = '2026-03-01T17:30:00Z' WHERE id = $1`, [p.id]);
    const tpl = (await t.http().get(`/api/followup-templates/${tplId}`).set(auth()).expect(200)).body as { steps: PlanStep[] };
    const steps = tpl.steps.map((s) => (s.key === 'd60' ? { ...s, offsetDays: 400 } : s));
    await patch(steps);
    const [row] = await tasks(`k.plan_id = $2 AND k.step_key = 'd60'`, [p.id]);
    expect(row.due).toBe(addDays('2026-03-02', 400));
    expect(row.due).toBe(
      scheduleTasks(steps, { discharge: new Date('2026-03-01T17:30:00Z'), admission: null, enrolment: new Date() }).find(
        (x) => x.stepKey === 'd60',
      )!.dueDate,
    );
  });
});
