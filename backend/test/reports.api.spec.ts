import ExcelJS from 'exceljs';
import { Client } from 'pg';
import { copyRows } from '../src/database/copy';
import { createDataSource } from '../src/database/data-source';
import { Clock } from '../src/platform/clock';
import { startTestApp, TestApp } from './support/test-app';

/** Friday 20 November 2026, 10:00 in Beijing: "today" of the whole test. */
class FixedClock extends Clock {
  now(): Date {
    return new Date('2026-11-20T02:00:00Z');
  }
}

/** A Beijing wall-clock time as an instant. */
const cst = (s: string) => `${s}+08:00`;

/**
 * Reports on a small hand-built dataset (docs/reports.md). Every expected number is counted by hand
 * from the rows below (comments name the rows), never computed by code; every number is checked
 * against its drill-down.
 *
 * 心内科 (CARD), template T, period November 2026, today 2026-11-20:
 *   P1 t1  due 11-03 window 11-02…11-05, done by N1 11-04 (on time); calls N1 no_answer 11-03, reached 11-04 300 s
 *   P2 t2  due 11-05 window 11-04…11-07, done by N1 11-09 (late); call N1 reached 11-09 120 s
 *   P3 t3  due 11-10, lost after 6 no_answer calls by N2 (11-10…11-12)
 *   P4 t4  due 11-15, pending, nobody → unassigned, overdue
 *   P5 t5  due 11-18, pending, call N2 busy 11-18 → N2, overdue
 *   P6 t6  due 11-25, pending, assigned to N2 → due next week
 *   P1 t7  due 12-10 (outside November)
 *   P2 t8  due 11-12, cancelled (not owed)
 *   P5 t9  due 11-19 window 11-18…11-21, done by self-survey 11-19 20:00 (on time, no staff → unassigned)
 *   October tasks done in November by N2 (outpatient NPS questionnaire), window 10-19…10-23 (late):
 *   P3 o1 due 10-20 done 11-02 (call 60 s), P4 o2 due 10-21 done 11-03 (90 s), P1 o3 due 10-22 done 11-03 (30 s)
 *   P1 comes back: encounter admitted 11-15 (after t1 and o3) → returned.
 *   P1–P4 discharged 10-28 (enrolled 10-28), P5–P6 discharged 11-04 (enrolled 11-05, new in November).
 *   Escalations: e1 by N1 11-04 answered in time, e2 by N1 11-09 answered late.
 * 内分泌科 (ENDO): P7 t10 due 11-06 done by N1 11-06 (call reached 200 s), t12 due 11-20 done by N1 today;
 *   P8 t11 due 11-20 pending, claimed by N1; P8 enrolled today. e3 by N1 11-06 not answered.
 */
describe('manager reports', () => {
  let t: TestApp;
  const tok: Record<string, string> = {};
  const id: Record<string, string> = {};
  const auth = (who: string, dept?: string) => ({
    Authorization: `Bearer ${tok[who]}`,
    ...(dept ? { 'X-Department-Id': dept } : {}),
  });
  const get = (who: string, path: string, query: Record<string, unknown> = {}, dept?: string) =>
    t.http().get(`/api${path}`).query(query).set(auth(who, dept));
  const NOV = { from: '2026-11-01', to: '2026-11-30' };

  async function one(sql: string, params: unknown[]): Promise<string> {
    return (await t.sql<{ id: string }>(`${sql} RETURNING id`, params))[0].id;
  }

  beforeAll(async () => {
    t = await startTestApp({ REPORT_MIN_RESPONSES: '3' }, undefined, undefined, { clock: new FixedClock() });
    for (const u of ['nurse', 'doctor', 'manager']) tok[u] = await t.login(u);
    const q = async (sql: string) => (await t.sql<{ id: string }>(sql))[0].id;
    id.card = await q(`SELECT id FROM department WHERE code = 'CARD'`);
    id.endo = await q(`SELECT id FROM department WHERE code = 'ENDO'`);
    id.card1 = await q(`SELECT id FROM ward WHERE code = 'CARD-1'`);
    id.card2 = await q(`SELECT id FROM ward WHERE code = 'CARD-2'`);
    id.n1 = await q(`SELECT id FROM app_user WHERE username = 'nurse'`);
    id.n2 = await one(
      `INSERT INTO app_user (username, display_name, password_hash, roles) VALUES ('nurse2', '王护士', 'x', '{nurse}')`,
      [],
    );
    id.inpatient = await q(`SELECT id FROM questionnaire WHERE code = 'lib_inpatient_satisfaction'`);
    id.outpatient = await q(`SELECT id FROM questionnaire WHERE code = 'lib_outpatient_satisfaction'`);
    id.tpl = await one(
      `INSERT INTO followup_template (name_zh, name_en, purpose, mode, rules, steps, active) VALUES ('报表测试', 'Report test', 'satisfaction', 'centre', '{}', '[]', false)`,
      [],
    );
    const patient = async (name: string, dept: string, ward: string, doctor: string, discharged: string, enrolled: string) => {
      const p = await one(`INSERT INTO patient (name, sex_code, department_ids) VALUES ($1, '1', $2)`, [name, [dept]]);
      const e = await one(
        `INSERT INTO encounter (patient_id, type, department_id, ward_id, attending_doctor, admitted_at, discharged_at) VALUES ($1, 'inpatient', $2, $3, $4, $5::timestamptz - interval '5 days', $5)`,
        [p, dept, ward, doctor, cst(discharged)],
      );
      const plan = await one(
        `INSERT INTO followup_plan (patient_id, template_id, encounter_id, anchor_key, discharged_at, enrolled_at, enrolled_by) VALUES ($1, $2, $3, $6, $4, $5, 'rule')`,
        [p, id.tpl, e, cst(discharged), cst(enrolled), e],
      );
      return { p, plan };
    };
    const endoWard = await q(`SELECT w.id FROM ward w JOIN department d ON d.id = w.department_id WHERE d.code = 'ENDO' LIMIT 1`);
    const P1 = await patient('报表一', id.card, id.card1, '刘医生', '2026-10-28 10:00', '2026-10-28 12:00');
    const P2 = await patient('报表二', id.card, id.card1, '刘医生', '2026-10-28 10:00', '2026-10-28 12:00');
    const P3 = await patient('报表三', id.card, id.card1, '刘医生', '2026-10-28 10:00', '2026-10-28 12:00');
    const P4 = await patient('报表四', id.card, id.card1, '王医生', '2026-10-28 10:00', '2026-10-28 12:00');
    const P5 = await patient('报表五', id.card, id.card2, '王医生', '2026-11-04 10:00', '2026-11-05 09:00');
    const P6 = await patient('报表六', id.card, id.card2, '王医生', '2026-11-04 10:00', '2026-11-05 09:00');
    const P7 = await patient('报表七', id.endo, endoWard, '赵医生', '2026-10-28 10:00', '2026-10-28 12:00');
    const P8 = await patient('报表八', id.endo, endoWard, '赵医生', '2026-11-19 10:00', '2026-11-20 08:00');
    id.p1 = P1.p;
    await t.sql(
      `INSERT INTO encounter (patient_id, type, department_id, admitted_at, discharged_at) VALUES ($1, 'inpatient', $2, $3, $4)`,
      [P1.p, id.card, cst('2026-11-15 09:00'), cst('2026-11-18 09:00')],
    );
    const task = (
      key: string,
      pl: { p: string; plan: string },
      due: string,
      win: [string, string],
      extra: Record<string, unknown> = {},
      questionnaire = id.inpatient,
    ) => {
      const cols = ['plan_id', 'patient_id', 'step_key', 'sequence', 'due_date', 'window_start', 'window_end', 'questionnaire_id'];
      const vals: unknown[] = [pl.plan, pl.p, key, 1, due, win[0], win[1], questionnaire];
      for (const [k, v] of Object.entries(extra)) {
        cols.push(k);
        vals.push(v);
      }
      return one(
        `INSERT INTO followup_task (${cols.join(', ')}, channel, team, template_version) VALUES (${vals.map((_, i) => `$${i + 1}`).join(', ')}, 'phone', 'centre', 1)`,
        vals,
      ).then((x) => (id[key] = x));
    };
    const done = (at: string, by: string | null) => ({ status: 'done', completed_at: cst(at), completed_by: by });
    await task('t1', P1, '2026-11-03', ['2026-11-02', '2026-11-05'], { ...done('2026-11-04 10:00', id.n1), attempts: 2 });
    await task('t2', P2, '2026-11-05', ['2026-11-04', '2026-11-07'], { ...done('2026-11-09 09:00', id.n1), attempts: 1 });
    await task('t3', P3, '2026-11-10', ['2026-11-09', '2026-11-12'], { status: 'lost', attempts: 6, last_outcome: 'no_answer' });
    await task('t4', P4, '2026-11-15', ['2026-11-14', '2026-11-17']);
    await task('t5', P5, '2026-11-18', ['2026-11-17', '2026-11-20'], { attempts: 1, last_outcome: 'busy' });
    await task('t6', P6, '2026-11-25', ['2026-11-24', '2026-11-27'], { assigned_to: id.n2 });
    await task('t7', P1, '2026-12-10', ['2026-12-09', '2026-12-12']);
    await task('t8', P2, '2026-11-12', ['2026-11-11', '2026-11-14'], { status: 'cancelled' });
    await task('t9', P5, '2026-11-19', ['2026-11-18', '2026-11-21'], done('2026-11-19 20:00', null));
    const oct: [string, string] = ['2026-10-19', '2026-10-23'];
    await task('o1', P3, '2026-10-20', oct, { ...done('2026-11-02 10:00', id.n2), attempts: 1 }, id.outpatient);
    await task('o2', P4, '2026-10-21', oct, { ...done('2026-11-03 10:00', id.n2), attempts: 1 }, id.outpatient);
    await task('o3', P1, '2026-10-22', oct, { ...done('2026-11-03 11:00', id.n2), attempts: 1 }, id.outpatient);
    await task('t10', P7, '2026-11-06', ['2026-11-05', '2026-11-08'], { ...done('2026-11-06 15:00', id.n1), attempts: 1 });
    await task('t12', P7, '2026-11-20', ['2026-11-19', '2026-11-22'], done('2026-11-20 09:30', id.n1));
    await t.sql(`UPDATE followup_task SET step_key = 't12b' WHERE id = $1`, [id.t12]);
    await task('t11', P8, '2026-11-20', ['2026-11-19', '2026-11-22'], {});
    await t.sql(
      `UPDATE followup_task SET claimed_by = $2, claim_expires_at = now() + interval '1 hour', status = 'in_progress' WHERE id = $1`,
      [id.t11, id.n1],
    );

    const call = (taskKey: string, pid: string, staff: string, outcome: string, at: string, secs: number | null) =>
      t.sql(
        `INSERT INTO contact_attempt (task_id, patient_id, staff_id, outcome, started_at, duration_seconds) VALUES ($1, $2, $3, $4, $5, $6)`,
        [id[taskKey], pid, staff, outcome, cst(at), secs],
      );
    await call('t1', P1.p, id.n1, 'no_answer', '2026-11-03 09:00', null);
    await call('t1', P1.p, id.n1, 'reached', '2026-11-04 09:50', 300);
    await call('t2', P2.p, id.n1, 'reached', '2026-11-09 08:50', 120);
    for (const at of ['11-10 09:00', '11-10 14:00', '11-11 09:00', '11-11 14:00', '11-12 09:00', '11-12 14:00'])
      await call('t3', P3.p, id.n2, 'no_answer', `2026-${at}`, null);
    await call('t5', P5.p, id.n2, 'busy', '2026-11-18 09:00', null);
    await call('o1', P3.p, id.n2, 'reached', '2026-11-02 09:55', 60);
    await call('o2', P4.p, id.n2, 'reached', '2026-11-03 09:55', 90);
    await call('o3', P1.p, id.n2, 'reached', '2026-11-03 10:55', 30);
    await call('t10', P7.p, id.n1, 'reached', '2026-11-06 14:50', 200);

    const response = (taskKey: string, pid: string, q: string, answers: object, at: string, by: string | null, mode = 'phone') =>
      t.sql(
        `INSERT INTO questionnaire_response (task_id, patient_id, questionnaire_id, answers, scores, submitted_by, mode, submitted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [id[taskKey], pid, q, JSON.stringify(answers), JSON.stringify({ total: 70, dimensions: {} }), by, mode, cst(at)],
      );
    await response(
      't1',
      P1.p,
      id.inpatient,
      { fft: 'very_good', doctor: '5', nurse: '4', environment: '3', food: '2', discharge: '5', suggestion: '病房有点吵' },
      '2026-11-04 10:00',
      id.n1,
    );
    await response(
      't2',
      P2.p,
      id.inpatient,
      { fft: 'dont_know', doctor: '4', nurse: '5', environment: '4', discharge: '1', praise: '感谢王护士' },
      '2026-11-09 09:00',
      id.n1,
    );
    await response('t9', P5.p, id.inpatient, { fft: 'good', doctor: '3', nurse: '5' }, '2026-11-19 20:00', null, 'self');
    await response('o1', P3.p, id.outpatient, { nps: 10, doctor: '5' }, '2026-11-02 10:00', id.n2);
    await response('o2', P4.p, id.outpatient, { nps: 6, doctor: '4' }, '2026-11-03 10:00', id.n2);
    await response('o3', P1.p, id.outpatient, { nps: 8, doctor: '3' }, '2026-11-03 11:00', id.n2);
    await response('t10', P7.p, id.inpatient, { fft: 'poor', doctor: '2', nurse: '2' }, '2026-11-06 15:00', id.n1);

    const esc = (taskKey: string, pid: string, dept: string, created: string, due: string, replied: string | null) =>
      t.sql(
        `INSERT INTO escalation (patient_id, task_id, department_id, severity, reason, due_at, raised_by, replied_at, status, created_at)
         VALUES ($1, $2, $3, 'normal', 'test', $4, $5, $6, $7, $8)`,
        [pid, id[taskKey], dept, cst(due), id.n1, replied ? cst(replied) : null, replied ? 'answered' : 'open', cst(created)],
      );
    await esc('t1', P1.p, id.card, '2026-11-04 10:00', '2026-11-05 10:00', '2026-11-04 12:00');
    await esc('t2', P2.p, id.card, '2026-11-09 09:00', '2026-11-10 09:00', '2026-11-11 09:00');
    await esc('t10', P7.p, id.endo, '2026-11-06 15:00', '2026-11-07 15:00', null);
  });
  afterAll(() => t?.close());

  /** The drill-down of a number: `total` rows and `patients` distinct patients. */
  async function drill(who: string, query: Record<string, unknown>, dept?: string) {
    const res = await get(who, '/reports/drill', { ...NOV, pageSize: 200, ...query }, dept);
    expect(res.status).toBe(200);
    return res.body as { total: number; patients: number; items: Array<Record<string, unknown>> };
  }

  const SUPERVISOR_METRICS = [
    'assignedPatients',
    'newPatients',
    'due',
    'done',
    'doneOnTime',
    'overdue',
    'dueNextWeek',
    'followedUp',
    'returned',
    'calls',
    'reachedCalls',
    'escalationsRaised',
    'escalationsAnsweredInTime',
  ];
  const PATIENT_METRICS = ['assignedPatients', 'newPatients', 'followedUp', 'returned'];
  type SupervisorRow = Record<string, number | string | boolean> & { key: string; total: boolean };

  /** Every number of every row of a supervisor table that differs from its drill-down (which reads the tasks and calls). */
  async function drillMismatches(
    body: { rows: SupervisorRow[]; total: SupervisorRow },
    departmentId: string,
    narrow: Record<string, string> = {},
  ): Promise<string[]> {
    const mismatches: string[] = [];
    for (const r of [...body.rows, body.total]) {
      for (const m of SUPERVISOR_METRICS) {
        const d = await drill('manager', { metric: m, departmentId, ...narrow, ...(r.total ? {} : { groupBy: 'staff', key: r.key }) });
        const n = PATIENT_METRICS.includes(m) ? d.patients : d.total;
        if (n !== r[m]) mismatches.push(`${r.key} ${m}: report ${r[m]}, drill-down ${n}`);
      }
    }
    return mismatches;
  }

  const OPEN = `('pending', 'due', 'overdue', 'in_progress')`;
  // The daily totals and the columns kept on the tasks, against a recount from the base rows by the definitions.
  /** Rows where the rollups or the task columns differ from a recount by the definitions (none expected). */
  const outOfStep = () =>
    t.sql(`
      WITH fresh_tasks AS (
        SELECT k.report_department_id AS department_id, k.due_date,
               COALESCE(k.completed_by, k.assigned_to, k.claimed_by,
                        (SELECT a.staff_id FROM contact_attempt a WHERE a.task_id = k.id ORDER BY a.started_at DESC LIMIT 1)) AS staff_id,
               count(*) FILTER (WHERE k.status <> 'cancelled')::int AS due, count(*) FILTER (WHERE k.status = 'done')::int AS done,
               count(*) FILTER (WHERE k.status = 'done'
                                  AND (k.completed_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN k.window_start AND k.window_end)::int AS on_time,
               count(*) FILTER (WHERE k.status IN ${OPEN})::int AS open
          FROM followup_task k GROUP BY 1, 2, 3),
      tasks AS (SELECT * FROM fresh_tasks WHERE (due, done, on_time, open) <> (0, 0, 0, 0)),
      task_rollup AS (SELECT department_id, due_date, staff_id, due, done, done_on_time, open FROM report_task_daily
                       WHERE (due, done, done_on_time, open) <> (0, 0, 0, 0)),
      calls AS (SELECT department_id, (started_at AT TIME ZONE 'Asia/Shanghai')::date AS day, staff_id, count(*)::int AS calls,
                       count(*) FILTER (WHERE outcome IN ('reached', 'reached_family'))::int AS reached,
                       COALESCE(sum(duration_seconds), 0)::bigint AS seconds, count(duration_seconds)::int AS timed
                  FROM contact_attempt GROUP BY 1, 2, 3),
      call_rollup AS (SELECT department_id, day, staff_id, calls, reached, seconds, timed FROM report_call_daily WHERE calls <> 0)
      SELECT 'task totals missing' AS what, to_jsonb(x) AS row FROM (SELECT * FROM tasks EXCEPT SELECT * FROM task_rollup) x
      UNION ALL SELECT 'task totals extra', to_jsonb(x) FROM (SELECT * FROM task_rollup EXCEPT SELECT * FROM tasks) x
      UNION ALL SELECT 'call totals missing', to_jsonb(x) FROM (SELECT * FROM calls EXCEPT SELECT * FROM call_rollup) x
      UNION ALL SELECT 'call totals extra', to_jsonb(x) FROM (SELECT * FROM call_rollup EXCEPT SELECT * FROM calls) x
      UNION ALL SELECT 'task columns', jsonb_build_object('task', k.id, 'returned', k.returned)
        FROM followup_task k
       WHERE k.returned IS DISTINCT FROM (k.status = 'done' AND EXISTS (
               SELECT 1 FROM encounter r WHERE r.patient_id = k.patient_id AND r.cancelled_at IS NULL
                  AND COALESCE(r.admitted_at, r.discharged_at) > k.completed_at))
          OR k.report_staff_id IS DISTINCT FROM COALESCE(k.completed_by, k.assigned_to, k.claimed_by,
               (SELECT a.staff_id FROM contact_attempt a WHERE a.task_id = k.id ORDER BY a.started_at DESC LIMIT 1))
          OR k.plan_enrolled_at IS DISTINCT FROM (SELECT CASE WHEN fp.status <> 'cancelled' THEN fp.enrolled_at END FROM followup_plan fp WHERE fp.id = k.plan_id)`);

  it('workbench counts for the nurse (心内科 + 内分泌科, today 11-20), each equal to its drill-down', async () => {
    const res = await get('nurse', '/reports/workbench');
    expect(res.status).toBe(200);
    expect(res.body.today).toBe('2026-11-20');
    const expected = {
      myPatients: 1, // P8: t11 claimed by the nurse
      newToday: 1, // P8's plan enrolled 11-20
      dueToday: 1, // t11 (t12 is done)
      dueThisWeek: 1, // 11-20…11-22: t11
      dueThisMonth: 2, // 11-20…11-30: t11, t6
      overdue: 2, // t4 (11-15), t5 (11-18)
      doneToday: 1, // t12
      arrived: 1, // P1: done 11-04 / 11-03, back 11-15
    };
    expect(res.body.counts).toEqual(expected);
    for (const [metric, n] of Object.entries(expected)) {
      const d = await get('nurse', '/reports/workbench/drill', { metric, pageSize: 200 });
      expect(d.status).toBe(200);
      const unit = ['myPatients', 'newToday', 'arrived'].includes(metric) ? d.body.patients : d.body.total;
      expect([metric, unit]).toEqual([metric, n]);
    }
    const mine = await get('nurse', '/reports/workbench/drill', { metric: 'myPatients' });
    expect(mine.body.items).toEqual([expect.objectContaining({ patientName: '报表八', taskId: id.t11, departmentName: '内分泌科' })]);
  });

  it('the doctor sees only 心内科 on his workbench', async () => {
    const res = await get('doctor', '/reports/workbench');
    // overdue t4, t5; due this month t6 only (t11 is 内分泌科); nothing done today or new today in 心内科.
    expect(res.body.counts).toMatchObject({
      myPatients: 0,
      newToday: 0,
      dueToday: 0,
      dueThisMonth: 1,
      overdue: 2,
      doneToday: 0,
      arrived: 1,
    });
  });

  it('supervisor table for 心内科 in November: every column by hand, the total row, and drill-downs', async () => {
    const res = await get('manager', '/reports/supervisor', { ...NOV, departmentId: id.card });
    expect(res.status).toBe(200);
    const row = (key: string) => res.body.rows.find((r: { key: string }) => r.key === key);
    expect(res.body.rows.map((r: { key: string }) => r.key).sort()).toEqual([id.n1, id.n2, 'none'].sort());
    expect(row(id.n1)).toMatchObject({
      name: '陈护士',
      assignedPatients: 2, // P1, P2
      newPatients: 0,
      due: 2, // t1, t2
      done: 2,
      doneOnTime: 1, // t1 (t2 done 11-09 after its window ended 11-07)
      overdue: 0,
      dueNextWeek: 0,
      calls: 3, // t1 ×2, t2 (the 内分泌科 call is not counted)
      reachedCalls: 2,
      callSeconds: 420, // 300 + 120
      timedCalls: 2,
      averageCallSeconds: 210,
      followedUp: 2, // P1, P2
      returned: 1, // P1
      arrivalConversion: 0.5,
      escalationsRaised: 2, // e1, e2
      escalationsAnsweredInTime: 1, // e1
      completionRate: 1,
      timeliness: 0.5,
    });
    expect(row(id.n2)).toMatchObject({
      name: '王护士',
      assignedPatients: 3, // t3 P3 (last caller), t5 P5 (last caller), t6 P6 (assigned)
      newPatients: 2, // P5, P6 enrolled 11-05
      due: 3,
      done: 0,
      overdue: 1, // t5 (t3 is lost, t6 due 11-25)
      dueNextWeek: 1, // t6, 11-21…11-27
      calls: 10, // 6 on t3, 1 on t5, 3 on October tasks
      reachedCalls: 3,
      callSeconds: 180, // 60 + 90 + 30
      averageCallSeconds: 60,
      escalationsRaised: 0,
      completionRate: 0,
      timeliness: null,
    });
    expect(row('none')).toMatchObject({ name: null, assignedPatients: 2, newPatients: 1, due: 2, done: 1, doneOnTime: 1, overdue: 1 }); // t4, t9
    expect(res.body.total).toMatchObject({
      assignedPatients: 6, // P1…P6 (P5 is in two rows, counted once)
      newPatients: 2,
      due: 7, // t1 t2 t3 t4 t5 t6 t9 (t7 December, t8 cancelled)
      done: 3, // t1 t2 t9
      doneOnTime: 2, // t1 t9
      overdue: 2, // t4 t5
      dueNextWeek: 1,
      calls: 13,
      reachedCalls: 5,
      callSeconds: 600,
      followedUp: 3,
      returned: 1,
      escalationsRaised: 2,
      escalationsAnsweredInTime: 1,
    });
    expect(res.body.total.completionRate).toBeCloseTo(3 / 7, 10);
    expect(res.body.total.timeliness).toBeCloseTo(2 / 3, 10);
    expect(res.body.total.arrivalConversion).toBeCloseTo(1 / 3, 10);

    // Every number of every row equals its drill-down (tasks / calls / escalations, or distinct patients).
    expect(await drillMismatches(res.body, id.card)).toEqual([]);
    const due = await drill('manager', { metric: 'overdue', departmentId: id.card });
    expect(due.items.map((i) => i['taskId']).sort()).toEqual([id.t4, id.t5].sort());
    expect(due.items[0]).toMatchObject({ dueDate: '2026-11-15', status: 'pending', departmentName: '心内科', templateName: '报表测试' });
  });

  it('supervisor table for one ward (心内科 CARD-2, read from the tasks, not the rollups): by hand and equal to the drill-downs', async () => {
    const res = await get('manager', '/reports/supervisor', { ...NOV, departmentId: id.card, wardId: id.card2 });
    expect(res.status).toBe(200);
    const row = (key: string) => res.body.rows.find((r: { key: string }) => r.key === key);
    // CARD-2 holds P5 and P6 only: t5 (P5, overdue, last caller 王护士), t6 (P6, assigned to 王护士), t9 (P5, done unassigned).
    expect(res.body.rows.map((r: { key: string }) => r.key).sort()).toEqual([id.n2, 'none'].sort());
    expect(row(id.n2)).toMatchObject({
      assignedPatients: 2,
      newPatients: 2,
      due: 2,
      done: 0,
      overdue: 1,
      dueNextWeek: 1,
      calls: 1,
      reachedCalls: 0,
    });
    expect(row('none')).toMatchObject({ assignedPatients: 1, newPatients: 1, due: 1, done: 1, doneOnTime: 1, followedUp: 1, calls: 0 });
    expect(res.body.total).toMatchObject({
      assignedPatients: 2,
      newPatients: 2,
      due: 3,
      done: 1,
      doneOnTime: 1,
      overdue: 1,
      dueNextWeek: 1,
      calls: 1,
      reachedCalls: 0,
      followedUp: 1,
      returned: 0,
      escalationsRaised: 0,
    });
    expect(await drillMismatches(res.body, id.card, { wardId: id.card2 })).toEqual([]);
    // The same ward without naming its department gives the same table.
    const alone = await get('manager', '/reports/supervisor', { ...NOV, wardId: id.card2 });
    expect(alone.body.total).toEqual(res.body.total);
  });

  it("ward filter: an unknown ward or one outside the chosen department is refused with the field; another department's ward is forbidden", async () => {
    const endoWard = (
      await t.sql<{ id: string }>(`SELECT w.id FROM ward w JOIN department d ON d.id = w.department_id WHERE d.code = 'ENDO' LIMIT 1`)
    )[0].id;
    for (const path of ['/reports/supervisor', '/reports/rates', '/reports/satisfaction', '/reports/comments', '/reports/analyses']) {
      const unknown = await get('manager', path, { ...NOV, wardId: '00000000-0000-4000-8000-000000000000' });
      expect([path, unknown.status, unknown.body.fields?.wardId]).toEqual([path, 400, ['unknown ward']]);
      const elsewhere = await get('manager', path, { ...NOV, departmentId: id.card, wardId: endoWard });
      expect([path, elsewhere.status, elsewhere.body.fields?.wardId]).toEqual([path, 400, ['this ward is not in the chosen department']]);
      const forbidden = await get('doctor', path, { ...NOV, wardId: endoWard });
      expect([path, forbidden.status, forbidden.body.code]).toEqual([path, 403, 'DEPARTMENT_NOT_ALLOWED']);
    }
  });

  it('department scoping: the 心内科 doctor sees 心内科 only; other departments are refused; the manager sees all', async () => {
    const mine = await get('doctor', '/reports/supervisor', NOV);
    expect(mine.status).toBe(200);
    expect(mine.body.total).toMatchObject({ due: 7, calls: 13, escalationsRaised: 2 });
    const other = await get('doctor', '/reports/supervisor', { ...NOV, departmentId: id.endo });
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('DEPARTMENT_NOT_ALLOWED');
    expect((await get('doctor', '/reports/drill', { ...NOV, metric: 'due', departmentId: id.endo })).status).toBe(403);
    const all = await get('manager', '/reports/supervisor', NOV);
    // + 内分泌科: t10, t12 due (11-06, 11-20), t11 due 11-20; calls + t10; escalations + e3
    expect(all.body.total).toMatchObject({ due: 10, done: 5, calls: 14, escalationsRaised: 3, escalationsAnsweredInTime: 1 });
    const picked = await get('manager', '/reports/supervisor', NOV, id.endo);
    expect(picked.body.total).toMatchObject({ due: 3, done: 2, calls: 1, escalationsRaised: 1 });
    const drillAll = await drill('doctor', { metric: 'due' });
    expect(drillAll.total).toBe(7);
    expect((await get('nurse', '/reports/supervisor', NOV)).status).toBe(403);
  });

  it('follow-up rates by template and by month (completion, timeliness, reach, attempts per completed task, loss to follow-up)', async () => {
    const byTemplate = await get('doctor', '/reports/rates', { ...NOV, groupBy: 'template' });
    expect(byTemplate.status).toBe(200);
    expect(byTemplate.body.rows).toHaveLength(1);
    expect(byTemplate.body.rows[0]).toMatchObject({
      key: id.tpl,
      name: '报表测试',
      due: 7,
      done: 3,
      doneOnTime: 2,
      attempted: 4, // t1 t2 t3 t5
      reached: 2, // t1 t2
      reachRate: 0.5,
      doneAttempts: 3, // t1 2, t2 1, t9 0
      attemptsPerCompleted: 1,
      plansEnded: 0, // November plans (P5, P6) still have open tasks
      lossRate: null,
    });
    const byMonth = await get('doctor', '/reports/rates', { from: '2026-10-01', to: '2026-11-30', groupBy: 'month' });
    const oct = byMonth.body.rows.find((r: { key: string }) => r.key === '2026-10');
    expect(oct).toMatchObject({
      due: 3, // o1 o2 o3
      done: 3,
      doneOnTime: 0, // all done in November, after their October window
      timeliness: 0,
      attempted: 3,
      reached: 3,
      plansEnded: 2, // P2 (t2 done, t8 cancelled), P3 (t3 lost, o1 done); P1, P4 still open
      plansLost: 1, // P3
      lossRate: 0.5,
    });
    expect(byMonth.body.total).toMatchObject({ due: 10, done: 6, plansEnded: 2, plansLost: 1 });
    const d = await drill('doctor', { from: '2026-10-01', to: '2026-11-30', metric: 'plansLost', groupBy: 'month', key: '2026-10' });
    expect(d).toMatchObject({ total: 1, patients: 1 });
    const ended = await drill('doctor', { from: '2026-10-01', to: '2026-11-30', metric: 'plansEnded', groupBy: 'month', key: '2026-10' });
    expect(ended.total).toBe(2);
    const reached = await drill('doctor', { metric: 'reached', groupBy: 'template', key: id.tpl });
    expect(reached.items.map((i) => i['taskId']).sort()).toEqual([id.t1, id.t2].sort());
    const byStaff = await get('doctor', '/reports/rates', { ...NOV, groupBy: 'staff' });
    expect(byStaff.body.rows.find((r: { key: string }) => r.key === id.n1)).toMatchObject({ due: 2, done: 2, lossRate: null });
  });

  it('satisfaction per dimension for 心内科: mean, top-box, % positive, NPS; phone and self separate; small groups suppressed', async () => {
    const res = await get('doctor', '/reports/satisfaction', NOV);
    expect(res.status).toBe(200);
    expect(res.body.minResponses).toBe(3);
    const row = (mode: string, dimension: string, scaleMax: number) =>
      res.body.rows.find(
        (r: { mode: string; dimension: string; scaleMax: number }) =>
          r.mode === mode && r.dimension === dimension && r.scaleMax === scaleMax,
      );
    // Doctor question, phone: t1 5, t2 4, o1 5, o2 4, o3 3.
    expect(row('phone', 'doctor', 5)).toMatchObject({
      responses: 5,
      valid: 5,
      dontKnow: 0,
      mean: 4.2, // 21 / 5
      top: 2,
      topBox: 0.4,
      positive: 4, // 5, 4, 5, 4
      positiveRate: 0.8,
      nps: null,
      suppressed: false,
    });
    // NPS question, phone: o1 10 (promoter), o2 6 (detractor), o3 8 (passive).
    expect(row('phone', 'overall', 10)).toMatchObject({ valid: 3, mean: 8, promoters: 1, detractors: 1, nps: 0, suppressed: false });
    expect(row('phone', 'overall', 10).topBox).toBeCloseTo(1 / 3, 10);
    // Friends-and-Family question, phone: t1 very good, t2 don't know → 1 valid answer: too few.
    expect(row('phone', 'overall', 5)).toMatchObject({
      responses: 2,
      valid: 1,
      dontKnow: 1,
      suppressed: true,
      mean: null,
      topBox: null,
      positiveRate: null,
    });
    // The self-survey (t9) is its own row, never mixed into the phone figures.
    expect(row('self', 'doctor', 5)).toMatchObject({ valid: 1, suppressed: true, mean: null });
    expect(row('phone', 'nurse', 5)).toMatchObject({ valid: 2, suppressed: true }); // t1 4, t2 5

    const drills: Array<[string, Record<string, unknown>, number]> = [
      ['satValid', { mode: 'phone', dimension: 'doctor', scaleMax: 5 }, 5],
      ['satTop', { mode: 'phone', dimension: 'doctor', scaleMax: 5 }, 2],
      ['satPositive', { mode: 'phone', dimension: 'doctor', scaleMax: 5 }, 4],
      ['satPromoters', { mode: 'phone', dimension: 'overall', scaleMax: 10 }, 1],
      ['satDetractors', { mode: 'phone', dimension: 'overall', scaleMax: 10 }, 1],
      ['satDontKnow', { mode: 'phone', dimension: 'overall', scaleMax: 5 }, 1],
    ];
    for (const [metric, f, n] of drills) expect([metric, (await drill('doctor', { metric, ...f })).total]).toEqual([metric, n]);

    // By doctor (attending of the anchor encounter): 刘医生 P1 P2 P3 → t1 5, t2 4, o1 5, o3 3; 王医生 P4 → o2 4 (too few).
    const byDoctor = await get('doctor', '/reports/satisfaction', { ...NOV, groupBy: 'doctor', mode: 'phone', dimension: 'doctor' });
    const liu = byDoctor.body.rows.find((r: { key: string }) => r.key === '刘医生');
    expect(liu).toMatchObject({ valid: 4, mean: 4.25, topBox: 0.5, positiveRate: 0.75 });
    expect(byDoctor.body.rows.find((r: { key: string }) => r.key === '王医生')).toMatchObject({ valid: 1, suppressed: true });
    expect(
      (await drill('doctor', { metric: 'satValid', mode: 'phone', dimension: 'doctor', groupBy: 'doctor', key: '刘医生' })).total,
    ).toBe(4);

    // Hospital-wide (manager): + 内分泌科 t10 doctor 2 → 6 answers.
    const all = await get('manager', '/reports/satisfaction', { ...NOV, mode: 'phone', dimension: 'doctor' });
    expect(all.body.rows).toEqual([expect.objectContaining({ valid: 6, top: 2, positive: 4, mean: 3.83 })]); // 23 / 6
  });

  it('satisfaction trend by month with month-over-month and year-over-year changes', async () => {
    const res = await get('doctor', '/reports/satisfaction/trend', {
      from: '2026-10-01',
      to: '2026-11-30',
      mode: 'phone',
      dimension: 'doctor',
    });
    expect(res.status).toBe(200);
    // Only November has answers; October and November 2025 have none, so no change can be given.
    expect(res.body.series).toEqual([
      expect.objectContaining({
        month: '2026-11',
        mean: 4.2,
        topBox: 0.4,
        mom: { mean: null, topBox: null, positiveRate: null, nps: null },
      }),
    ]);
  });

  it('comments with their scores and escalations, scoped', async () => {
    const res = await get('doctor', '/reports/comments', NOV);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(2); // t1 suggestion, t2 praise
    const t1 = res.body.items.find((c: { taskId: string }) => c.taskId === id.t1);
    expect(t1.texts).toEqual([expect.objectContaining({ questionId: 'suggestion', text: '病房有点吵' })]);
    expect(t1.escalations).toHaveLength(1);
    expect(t1.totalScore).toBe(70);
    expect((await get('doctor', '/reports/comments', { ...NOV, mode: 'self' })).body.total).toBe(0);
  });

  it('bad input: reversed range, impossible date, too long for the grouping, unknown department → 400 with the field', async () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['/reports/supervisor', { from: '2026-11-30', to: '2026-11-01' }, 'to'],
      ['/reports/rates', { from: '2026-02-30', to: '2026-03-01' }, 'from'],
      ['/reports/rates', { from: '2020-01-01', to: '2026-11-30', groupBy: 'month' }, 'groupBy'],
      ['/reports/supervisor', { from: '2025-01-01', to: '2026-11-30' }, 'to'],
      ['/reports/satisfaction', { ...NOV, departmentId: '00000000-0000-4000-8000-000000000000' }, 'departmentId'],
      ['/reports/satisfaction', { ...NOV, groupBy: 'galaxy' }, 'groupBy'],
      ['/reports/drill', { ...NOV, metric: 'nothing' }, 'metric'],
      ['/reports/drill', { ...NOV, metric: 'plansEnded', groupBy: 'staff' }, 'groupBy'],
      ['/reports/supervisor', { from: 'last month', to: '2026-11-30' }, 'from'],
    ];
    for (const [path, query, field] of cases) {
      const res = await get('manager', path, query);
      expect([path, res.status, res.body.code]).toEqual([path, 400, 'VALIDATION_FAILED']);
      expect(Object.keys(res.body.fields)).toContain(field);
    }
    const reversed = await get('manager', '/reports/supervisor', { from: '2026-11-30', to: '2026-11-01' });
    expect(reversed.body.fields.to[0]).toContain('before it starts');
  });

  it('Excel export of the supervisor table: headers, numbers, percentages with a % format; audited', async () => {
    const res = await get('doctor', '/reports/export', { report: 'supervisor', ...NOV, lang: 'en' })
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0];
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(['Staff member', 'Tasks due', 'Completion rate', 'Arrival conversion']));
    const col = (name: string) => header.indexOf(name) + 1;
    const rows = Array.from({ length: ws.rowCount - 1 }, (_, i) => ws.getRow(i + 2));
    const total = rows.find((r) => r.getCell(1).value === 'Department total') as ExcelJS.Row;
    expect(total.getCell(col('Tasks due')).value).toBe(7);
    expect(total.getCell(col('Completion rate')).value).toBeCloseTo(3 / 7, 10);
    expect(total.getCell(col('Completion rate')).numFmt).toBe('0.0%');
    expect((rows.find((r) => r.getCell(1).value === '陈护士') as ExcelJS.Row).getCell(col('Calls')).value).toBe(3);
    const [audit] = await t.sql<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_event WHERE action = 'report.export' ORDER BY occurred_at DESC LIMIT 1`,
    );
    expect(audit.details).toMatchObject({ report: 'supervisor', from: '2026-11-01', rows: 4 });
  });

  it('Excel export of the tasks behind a number (streamed through a cursor), masked and scoped', async () => {
    const res = await get('doctor', '/reports/export', { report: 'drill', metric: 'due', ...NOV })
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(1).value).toBe('患者');
    expect(ws.rowCount - 1).toBe(7);
    const names = Array.from({ length: 7 }, (_, i) => ws.getRow(i + 2).getCell(1).value);
    expect(names).not.toContain('报表七'); // 内分泌科
    const bad = await get('doctor', '/reports/export', { report: 'drill', ...NOV });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.metric).toBeDefined();
  });

  it('the supervisor rollups stay in step with the tasks, calls and encounters through changes (drill-downs and a full recount)', async () => {
    const table = async () => {
      const res = await get('manager', '/reports/supervisor', { ...NOV, departmentId: id.card });
      expect(res.status).toBe(200);
      return res.body as { rows: SupervisorRow[]; total: SupervisorRow };
    };
    /** After a change: the table agrees with its drill-downs and the rollups with a recount. */
    const inStep = async (change: string) => {
      const body = await table();
      expect([change, await drillMismatches(body, id.card), await outOfStep()]).toEqual([change, [], []]);
      return { row: (key: string) => body.rows.find((r) => r.key === key), total: body.total };
    };
    expect(await outOfStep()).toEqual([]);

    // Task completed: t4 (unassigned, overdue) done late by N2 today.
    await t.sql(`UPDATE followup_task SET status = 'done', completed_at = $2, completed_by = $3 WHERE id = $1`, [
      id.t4,
      cst('2026-11-20 09:00'),
      id.n2,
    ]);
    let s = await inStep('t4 completed');
    expect(s.row(id.n2)).toMatchObject({ due: 4, done: 1, doneOnTime: 0, overdue: 1 }); // t3 t4 t5 t6; t5 overdue
    expect(s.row('none')).toMatchObject({ due: 1, done: 1, overdue: 0 }); // t9

    // Reassigned: t6 from N2 to N1.
    await t.sql(`UPDATE followup_task SET assigned_to = $2 WHERE id = $1`, [id.t6, id.n1]);
    s = await inStep('t6 reassigned');
    expect(s.row(id.n1)).toMatchObject({ due: 3, dueNextWeek: 1, newPatients: 1 }); // t1 t2 t6; P6 enrolled 11-05
    expect(s.row(id.n2)).toMatchObject({ due: 3, dueNextWeek: 0 });

    // A call by N1 on t5 (last caller N2 before): t5 moves to N1.
    await t.sql(
      `INSERT INTO contact_attempt (task_id, patient_id, staff_id, outcome, started_at, duration_seconds) VALUES ($1, $2, $3, 'reached', $4, 45)`,
      [
        id.t5,
        (await t.sql<{ p: string }>(`SELECT patient_id AS p FROM followup_task WHERE id = $1`, [id.t5]))[0].p,
        id.n1,
        cst('2026-11-20 10:00'),
      ],
    );
    s = await inStep('call on t5');
    expect(s.row(id.n1)).toMatchObject({ due: 4, overdue: 1, calls: 4, reachedCalls: 3, callSeconds: 465 });
    expect(s.row(id.n2)).toMatchObject({ due: 2, overdue: 0, calls: 10 });

    // Encounters arrive: P4 through COPY (the import path), P2 through a plain INSERT (HL7).
    const [p4, p2] = await Promise.all(
      [id.t4, id.t2].map(async (k) => (await t.sql<{ p: string }>(`SELECT patient_id AS p FROM followup_task WHERE id = $1`, [k]))[0].p),
    );
    const client = new Client({ connectionString: t.dbUrl });
    await client.connect();
    try {
      await copyRows(
        client,
        'encounter',
        ['patient_id', 'type', 'department_id', 'admitted_at'],
        [[p4, 'inpatient', id.card, new Date(cst('2026-11-20 12:00'))]],
      );
    } finally {
      await client.end();
    }
    await t.sql(`INSERT INTO encounter (patient_id, type, department_id, admitted_at) VALUES ($1, 'outpatient', $2, $3)`, [
      p2,
      id.card,
      cst('2026-11-19 08:00'),
    ]);
    s = await inStep('encounters arrive');
    expect(s.total).toMatchObject({ followedUp: 4, returned: 3 }); // P1 P2 P4 P5 done; P1 (11-15), P2, P4 came back

    // Task cancelled: t5 is no longer owed.
    await t.sql(`UPDATE followup_task SET status = 'cancelled', cancel_reason = 'test' WHERE id = $1`, [id.t5]);
    s = await inStep('t5 cancelled');
    expect(s.row(id.n1)).toMatchObject({ due: 3, overdue: 0 });

    // P1's return visit is cancelled: P1 no longer came back.
    await t.sql(`UPDATE encounter SET cancelled_at = now() WHERE patient_id = $1 AND admitted_at = $2`, [id.p1, cst('2026-11-15 09:00')]);
    s = await inStep('return visit cancelled');

    // P6's plan is cancelled: P6 is no longer a new patient.
    await t.sql(`UPDATE followup_plan SET status = 'cancelled' WHERE id = (SELECT plan_id FROM followup_task WHERE id = $1)`, [id.t6]);
    s = await inStep('plan cancelled');

    // The end state, by hand: N1 t1 t2 t6, N2 t3 t4, unassigned t9.
    expect(s.row(id.n1)).toMatchObject({
      due: 3,
      done: 2,
      doneOnTime: 1,
      overdue: 0,
      dueNextWeek: 1,
      assignedPatients: 3,
      newPatients: 0,
      followedUp: 2,
      returned: 1, // P2
      calls: 4,
      callSeconds: 465,
    });
    expect(s.row(id.n2)).toMatchObject({ due: 2, done: 1, doneOnTime: 0, assignedPatients: 2, followedUp: 1, returned: 1, calls: 10 });
    expect(s.row('none')).toMatchObject({ due: 1, done: 1, doneOnTime: 1, newPatients: 1 }); // t9, P5 enrolled 11-05
    expect(s.total).toMatchObject({
      due: 6,
      done: 4,
      doneOnTime: 2,
      overdue: 0,
      dueNextWeek: 1,
      assignedPatients: 6,
      newPatients: 1,
      followedUp: 4,
      returned: 2,
      calls: 14,
      reachedCalls: 6,
      callSeconds: 645,
    });
  }, 180_000); // seven tables with every number drilled down (~50 requests each); slow on a loaded machine

  it('the migration back-fills the same rollups and task columns as the triggers keep', async () => {
    const before = (await get('manager', '/reports/supervisor', { ...NOV, departmentId: id.card })).body;
    const ds = createDataSource(t.dbUrl);
    await ds.initialize();
    try {
      // Revert the migrations down to and including ReportRollup (later ones first), then run them all again.
      const last = async () => (await ds.query(`SELECT name FROM schema_migration ORDER BY id DESC LIMIT 1`))[0].name as string;
      const reverted: string[] = [];
      while (!reverted.includes('ReportRollup1764620000000')) {
        reverted.push(await last());
        expect(reverted.length).toBeLessThan(5);
        await ds.undoLastMigration({ transaction: 'each' });
      }
      await ds.runMigrations({ transaction: 'each' });
      expect(await last()).toBe(reverted[0]);
    } finally {
      await ds.destroy();
    }
    expect(await outOfStep()).toEqual([]);
    expect((await get('manager', '/reports/supervisor', { ...NOV, departmentId: id.card })).body).toEqual(before);
  });
});
