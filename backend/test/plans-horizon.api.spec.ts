import type { PlanStep } from '../src/followup/plans/plan.entities';
import { PlansService } from '../src/followup/plans/plans.service';
import { addDays, cstDate } from '../src/followup/plans/schedule';
import { TaskHorizon } from '../src/followup/plans/task-horizon';
import { hospitalDay } from '../src/platform/clock';
import { MovableClock } from './support/movable-clock';
import { planStep } from './support/plan-steps';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Tasks exist up to the horizon (FOLLOWUP_HORIZON_DAYS, 62 days by default): enrolment creates those
 * due by then, the daily generation those coming into range, from the template's current steps;
 * later occurrences are shown on the patient record as planned.
 */
describe('the task horizon: tasks up to 62 days ahead, the daily generation, planned occurrences', () => {
  let t: TestApp;
  let doctor: string;
  let q1: string;
  let tplId: string;
  let patientId: string;
  let encounterId: string;
  let discharge: string; // the discharge's China calendar day
  const clock = new MovableClock();
  const auth = () => ({ Authorization: `Bearer ${doctor}` });
  const step = (key: string, offsetDays: number, over: Partial<PlanStep> = {}) => planStep(q1, key, offsetDays, over);
  const steps = (): PlanStep[] => [
    step('d1', 1),
    step('d30', 30),
    step('d90', 90),
    step('r', 100, { repeat: { everyDays: 100, times: 2 } }),
  ];
  const tasks = () =>
    t.sql<{ step_key: string; sequence: number; due: string; status: string; template_version: number }>(
      `SELECT k.step_key, k.sequence, to_char(k.due_date, 'YYYY-MM-DD') AS due, k.status, k.template_version
         FROM followup_task k JOIN followup_plan p ON p.id = k.plan_id WHERE p.template_id = $1 AND p.encounter_id = $2 ORDER BY k.due_date, k.step_key`,
      [tplId, encounterId],
    );
  const record = async () => {
    const res = await t.http().get(`/api/patients/${patientId}/plans`).set(auth()).expect(200);
    return res.body.find((p: { templateId: string }) => p.templateId === tplId) as {
      tasks: Array<{ stepKey: string; sequence: number; dueDate: string }>;
      planned: Array<{ stepKey: string; sequence: number; dueDate: string; windowStart: string; windowEnd: string; channel: string }>;
    };
  };
  const daysLater = (n: number) => (clock.offsetMs = n * 86_400_000);

  beforeAll(async () => {
    t = await startTestApp({}, undefined, undefined, { clock });
    doctor = await t.login('doctor');
    q1 = (await t.sql<{ id: string }>(`SELECT id FROM questionnaire WHERE code = 'lib_post_discharge_general' AND status = 'published'`))[0]
      .id;
    // 心内科: the doctor's department, so the patient's record (with this stay) is hers to read.
    const card = (await t.sql<{ id: string }>(`SELECT id FROM department WHERE code = 'CARD'`))[0].id;
    const tpl = await t
      .http()
      .post('/api/followup-templates')
      .set(auth())
      .send({
        nameZh: '心衰长期随访',
        nameEn: 'Heart failure long-term',
        purpose: 'clinical',
        mode: 'centre',
        rules: { departmentIds: [card], icdPrefixes: ['I50'] },
        steps: steps(),
      })
      .expect(201);
    tplId = tpl.body.id;
    [{ id: patientId }] = await t.sql<{ id: string }>(
      `SELECT p.id FROM patient p WHERE p.status = 'active' AND p.merged_into_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM patient_contact_restriction r WHERE r.patient_id = p.id) ORDER BY p.id LIMIT 1`,
    );
    [{ id: encounterId }] = await t.sql<{ id: string }>(
      `INSERT INTO encounter (patient_id, type, department_id, admitted_at, discharged_at, discharge_disposition)
       VALUES ($1, 'inpatient', $2, now() - interval '8 days', now() - interval '1 hour', '1') RETURNING id`,
      [patientId, card],
    );
    await t.sql(`INSERT INTO encounter_diagnosis (encounter_id, icd10_code, text, type) VALUES ($1, 'I50.9', '心力衰竭', 'discharge')`, [
      encounterId,
    ]);
    discharge = cstDate((await t.sql<{ at: Date }>(`SELECT discharged_at AS at FROM encounter WHERE id = $1`, [encounterId]))[0].at);
  });
  afterAll(() => t.close());

  it('enrolment creates the tasks due within 62 days; the later ones are on the patient record as planned', async () => {
    expect((await t.app.get(PlansService).enrolDischarges({ encounterIds: [encounterId] })).plans).toBe(1);
    expect((await tasks()).map((k) => [k.step_key, k.due])).toEqual([
      ['d1', addDays(discharge, 1)],
      ['d30', addDays(discharge, 30)],
    ]);
    const plan = await record();
    expect(plan.tasks.map((k) => k.stepKey)).toEqual(['d1', 'd30']);
    expect(plan.planned).toEqual([
      {
        stepKey: 'd90',
        sequence: 1,
        dueDate: addDays(discharge, 90),
        windowStart: addDays(discharge, 90),
        windowEnd: addDays(discharge, 92),
        channel: 'phone',
        team: 'centre',
        questionnaireId: q1,
      },
      expect.objectContaining({ stepKey: 'r', sequence: 1, dueDate: addDays(discharge, 100) }),
      expect.objectContaining({ stepKey: 'r', sequence: 2, dueDate: addDays(discharge, 200) }),
    ]);
  });

  it('the daily generation creates, for every active plan, the tasks coming into range, once; the first run only records the horizon', async () => {
    const horizon = t.app.get(TaskHorizon);
    const today = hospitalDay(new Date()).date;
    expect(await horizon.generate()).toMatchObject({ from: addDays(today, 62), through: addDays(today, 62), created: 0 });
    // Nothing new the same day.
    expect((await horizon.generate())?.created).toBe(0);

    daysLater(40); // d90 (discharge + 90) is now within 62 days, r #1 (+ 100) too; r #2 (+ 200) is not
    const run = await horizon.generate();
    expect(run).toMatchObject({ from: addDays(today, 62), through: addDays(today, 102) });
    expect(run!.created).toBeGreaterThanOrEqual(2); // this plan's two, and those of the seeded plans coming into range
    expect((await tasks()).map((k) => [k.step_key, k.sequence, k.due, k.status])).toEqual([
      ['d1', 1, addDays(discharge, 1), 'pending'],
      ['d30', 1, addDays(discharge, 30), 'pending'],
      ['d90', 1, addDays(discharge, 90), 'pending'],
      ['r', 1, addDays(discharge, 100), 'pending'],
    ]);
    expect((await record()).planned.map((o) => [o.stepKey, o.sequence, o.dueDate])).toEqual([['r', 2, addDays(discharge, 200)]]);
    expect((await horizon.generate())?.created).toBe(0); // again: nothing
  });

  it('a template edit rewrites only the tasks that exist; the later ones come from the new version with the generation', async () => {
    const edited = steps().map((s) => (s.key === 'r' ? { ...s, channel: 'sms' as const, repeat: { everyDays: 50, times: 2 } } : s));
    await t.http().patch(`/api/followup-templates/${tplId}`).set(auth()).send({ steps: edited }).expect(200);
    // r #1 (+ 100) exists and is re-pointed in place; r #2 moves to + 150, beyond the horizon (today + 40 + 62): planned, not created.
    expect((await tasks()).filter((k) => k.step_key === 'r').map((k) => [k.sequence, k.due, k.template_version])).toEqual([
      [1, addDays(discharge, 100), 2],
    ]);
    expect((await record()).planned.map((o) => [o.stepKey, o.sequence, o.dueDate, o.channel])).toEqual([
      ['r', 2, addDays(discharge, 150), 'sms'],
    ]);
    daysLater(90);
    await t.app.get(TaskHorizon).generate();
    expect((await tasks()).filter((k) => k.step_key === 'r').map((k) => [k.sequence, k.due, k.template_version])).toEqual([
      [1, addDays(discharge, 100), 2],
      [2, addDays(discharge, 150), 2],
    ]);
    expect((await record()).planned).toEqual([]);
  });

  it('after a death the plan gets no new tasks and shows nothing planned (its open tasks were cancelled)', async () => {
    const withYear = [...steps(), step('y', 300)];
    await t.http().patch(`/api/followup-templates/${tplId}`).set(auth()).send({ steps: withYear }).expect(200);
    expect((await record()).planned.map((o) => [o.stepKey, o.dueDate])).toEqual([['y', addDays(discharge, 300)]]);
    // What a death reported by the HIS (PID-30) or a call outcome "deceased" does.
    await t.sql(`UPDATE patient SET status = 'deceased', deceased_date = CURRENT_DATE WHERE id = $1`, [patientId]);
    await t.sql(
      `UPDATE followup_task SET status = 'cancelled', cancel_reason = 'patient deceased' WHERE patient_id = $1 AND status IN ('pending', 'due', 'overdue', 'in_progress')`,
      [patientId],
    );
    expect((await record()).planned).toEqual([]);
    daysLater(250); // y (+ 300) comes into range
    await t.app.get(TaskHorizon).generate();
    expect((await tasks()).map((k) => k.step_key)).not.toContain('y');
    expect((await tasks()).every((k) => k.status === 'cancelled')).toBe(true);
    // The death was recorded in error (PID-30 N): like the cancelled tasks, y (it came into range
    // meanwhile) is not created later, so it is not shown as planned either.
    await t.sql(`UPDATE patient SET status = 'active', deceased_date = NULL WHERE id = $1`, [patientId]);
    expect((await record()).planned).toEqual([]);
  });

  it('a cancelled plan gets no new tasks and shows nothing planned', async () => {
    await t.sql(`UPDATE followup_plan SET status = 'cancelled', cancel_reason = 'test' WHERE template_id = $1 AND encounter_id = $2`, [
      tplId,
      encounterId,
    ]);
    const edited = steps().map((s) => (s.key === 'd90' ? { ...s, offsetDays: 300 } : s));
    await t.http().patch(`/api/followup-templates/${tplId}`).set(auth()).send({ steps: edited }).expect(200);
    daysLater(300);
    await t.app.get(TaskHorizon).generate();
    expect((await tasks()).map((k) => k.step_key)).toEqual(['d1', 'd30', 'd90', 'r', 'r']);
    expect((await record()).planned).toEqual([]);
  });
});
