import { request } from 'node:http';
import { Client } from 'pg';
import { EnrolmentJob } from '../backend/src/followup/plans/enrolment.job';
import { addDays } from '../backend/src/followup/plans/schedule';
import { TaskHorizon } from '../backend/src/followup/plans/task-horizon';
import { prepareFollowup, trimToHorizon } from './followup-data';
import { api, benchDatabase, login } from './support';

/**
 * Counts the SQL statements the process sends (every pg client, including the app's pool), to show
 * that enrolment and regeneration are set-based: the count must not grow with the number of tasks.
 * Also keeps the slowest statements since the last reset (wall time from send to answer, first 100
 * characters of the SQL), as a profile of where a measured step spends its time.
 */
function statementCounter(): { reset: () => void; count: () => number; slowest: (n: number) => Array<{ ms: number; sql: string }> } {
  const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  let n = 0;
  let timings: Array<{ ms: number; sql: string }> = [];
  proto.query = function (this: unknown, ...args: unknown[]) {
    n++;
    const started = performance.now();
    const first = args[0] as string | { text?: string } | undefined;
    const sql = (typeof first === 'string' ? first : (first?.text ?? '')).replace(/\s+/g, ' ').trim().slice(0, 100);
    const result = original.apply(this, args);
    if (result instanceof Promise)
      void result.then(
        () => timings.push({ ms: Math.round(performance.now() - started), sql }),
        () => undefined,
      );
    return result;
  };
  return {
    reset: () => {
      n = 0;
      timings = [];
    },
    count: () => n,
    slowest: (k: number) => [...timings].sort((a, b) => b.ms - a.ms).slice(0, k),
  };
}

/** PATCH with a JSON body and no client-side timeout; answers the status. */
function patchWithoutTimeout(url: string, token: string, body: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/**
 * `npm run bench -- plans`: the enrolment engine on the large database.
 *  (a) a day of discharges: BENCH_DISCHARGES (5,000) discharged encounters are inserted for existing
 *      patients (all six departments; ICD codes that match the rules and codes that do not), then one
 *      scan runs through the real scheduled-job path (EnrolmentJob.runOnce → PlansService.enrolDischarges,
 *      the encounters changed since the previous scan, four active templates) in the app built from
 *      AppModule, in this process.
 *  (b) the nightly generation (TaskHorizon.generate, the real job): tasks exist up to the horizon
 *      (today + 62 days); one night's run creates, for all active plans, the tasks of the due day that
 *      comes into range. The database is first brought to the state the horizon gives it (it was
 *      generated with every task of the year: trimToHorizon), with the watermark one day back.
 *  (c) editing the steps of the largest template over HTTP (PATCH /api/followup-templates/:id), which
 *      re-dates the existing pending tasks of the changed step in every active plan (batches of plans,
 *      one transaction each), then checks that every one of them follows the new offset.
 */
export async function plansBench(): Promise<object> {
  const discharges = Number(process.env['BENCH_DISCHARGES'] ?? 5000);
  const counter = statementCounter();
  const { pg, url, client } = await benchDatabase();
  const log = (m: string) => console.error(`[bench] ${m}`);
  const prep = await prepareFollowup(url, client, log);
  const { app, base, templates } = prep;
  try {
    const job = app.get(EnrolmentJob);
    const horizon = app.get(TaskHorizon);
    // The tasks as the horizon design has them, and the night before this one generated.
    const trimmed = await trimToHorizon(client, addDays(horizon.end(), -1), log);
    // The scan's steady cost with nothing new (it runs every minute; it reads the encounters changed since the last scan).
    counter.reset();
    let t0 = performance.now();
    const idle = await job.runOnce();
    const idleScanSeconds = Math.round((performance.now() - t0) / 100) / 10;
    const idleStatements = counter.count();

    // Assignment rules (issue #6): every ward to the first bench nurse of its department, and the
    // 内分泌科 diabetes stays (E11) before them to another, so the day's tasks are assigned by rule in the
    // statement after their insert. Kept across runs (the database is reused).
    await client.query(
      `INSERT INTO assignment_rule (name, priority, department_id, ward_id, icd_prefixes, assignee_id)
       SELECT 'bench: ' || w.code || COALESCE(' ' || x.icd, ''), CASE WHEN x.icd IS NULL THEN 100 ELSE 50 END, w.department_id, w.id,
              CASE WHEN x.icd IS NULL THEN '{}' ELSE ARRAY[x.icd] END, n.id
         FROM ward w JOIN department d ON d.id = w.department_id
         CROSS JOIN LATERAL (SELECT NULL::text AS icd UNION ALL SELECT 'E11' WHERE d.code = 'ENDO') x
         CROSS JOIN LATERAL (SELECT u.id FROM app_user u JOIN user_department ud ON ud.user_id = u.id
                              WHERE u.username LIKE 'bench_nurse_%' AND ud.department_id = w.department_id
                              ORDER BY u.username OFFSET CASE WHEN x.icd IS NULL THEN 0 ELSE 1 END LIMIT 1) n
        WHERE NOT EXISTS (SELECT 1 FROM assignment_rule r WHERE r.name = 'bench: ' || w.code || COALESCE(' ' || x.icd, ''))`,
    );
    const rules = (await client.query(`SELECT count(*)::int AS n FROM assignment_rule WHERE active`)).rows[0].n as number;

    // (a) a day of discharges.
    const run = Date.now().toString(36);
    const inserted = await client.query(
      `WITH pick AS (SELECT id, row_number() OVER () AS i FROM (SELECT id FROM patient WHERE status = 'active' ORDER BY random() LIMIT $1) s),
            dept AS (SELECT d.id, d.code, (row_number() OVER (ORDER BY d.code) - 1)::int AS k, count(*) OVER ()::int AS c,
                            (SELECT w.id FROM ward w WHERE w.department_id = d.id ORDER BY w.code LIMIT 1) AS ward_id FROM department d)
       INSERT INTO encounter (patient_id, type, department_id, ward_id, attending_doctor, admitted_at, discharged_at, discharge_disposition, visit_number, source_system)
       SELECT p.id, CASE WHEN p.i % 5 = 0 THEN 'day_surgery' ELSE 'inpatient' END, d.id, d.ward_id, '王建国',
              now() - make_interval(days => 3 + (p.i % 9)::int, mins => (p.i % 1440)::int), now() - make_interval(mins => (p.i % 1440)::int),
              CASE WHEN p.i % 50 = 0 THEN '5' ELSE '1' END, 'BENCH-' || $2 || '-' || p.i, 'BENCH-DAY'
         FROM pick p JOIN dept d ON d.k = p.i % d.c
       RETURNING id, department_id`,
      [discharges, run],
    );
    const ids = inserted.rows.map((r) => r.id as string);
    // Diagnoses: half of the 内分泌科 stays are type 2 diabetes (E11.9, matches the diabetes rule), half thyroid (E05.9, does not).
    await client.query(
      `INSERT INTO encounter_diagnosis (encounter_id, icd10_code, text, type)
       SELECT e.id, CASE d.code WHEN 'CARD' THEN 'I25.1' WHEN 'ENDO' THEN CASE WHEN x.n % 2 = 0 THEN 'E11.9' ELSE 'E05.9' END
                                WHEN 'GSURG' THEN 'K80.2' WHEN 'ORTH' THEN 'M17.9' WHEN 'OBGYN' THEN 'D25.9' ELSE 'C34.9' END, '出院诊断', 'primary'
         FROM unnest($1::uuid[]) WITH ORDINALITY AS x(id, n) JOIN encounter e ON e.id = x.id JOIN department d ON d.id = e.department_id`,
      [ids],
    );
    await client.query('ANALYZE encounter');
    counter.reset();
    t0 = performance.now();
    const scan = await job.runOnce();
    const dayScanSeconds = (performance.now() - t0) / 1000;
    const dayStatements = counter.count();
    const daySlowest = counter.slowest(6);
    const made = (
      await client.query(
        `SELECT count(DISTINCT p.id)::int AS plans, count(k.id)::int AS tasks, count(k.assigned_to)::int AS "assignedByRule"
           FROM followup_plan p LEFT JOIN followup_task k ON k.plan_id = p.id WHERE p.encounter_id = ANY($1::uuid[])`,
        [ids],
      )
    ).rows[0] as { plans: number; tasks: number; assignedByRule: number };

    // (b) one night of the daily generation over all active plans.
    const nightInput = (
      await client.query(
        `SELECT (SELECT count(*) FROM followup_plan WHERE status = 'active')::int AS "activePlans",
                (SELECT count(*) FROM followup_task WHERE status = 'pending')::int AS "pendingTasks"`,
      )
    ).rows[0] as { activePlans: number; pendingTasks: number };
    counter.reset();
    t0 = performance.now();
    const night = await horizon.generate();
    const nightSeconds = (performance.now() - t0) / 1000;
    const nightStatements = counter.count();
    const nightSlowest = counter.slowest(3);

    // (c) template edit over HTTP: the general template's last step moves by a day (alternately 365/364 across runs).
    const doctor = await login(base, 'doctor');
    const tpl = await api<{ steps: Array<{ key: string; offsetDays: number }> }>(
      base,
      doctor,
      'GET',
      `/followup-templates/${templates.general}`,
    );
    const before = (
      await client.query(
        `SELECT count(*) FILTER (WHERE k.status = 'pending')::int AS pending, count(DISTINCT p.id)::int AS plans, count(*)::int AS tasks
           FROM followup_plan p JOIN followup_task k ON k.plan_id = p.id WHERE p.template_id = $1 AND p.status = 'active'`,
        [templates.general],
      )
    ).rows[0] as { pending: number; plans: number; tasks: number };
    const steps = tpl.steps.map((s, i) => (i === tpl.steps.length - 1 ? { ...s, offsetDays: s.offsetDays === 365 ? 364 : 365 } : s));
    counter.reset();
    t0 = performance.now();
    let regenError: string | undefined;
    // node:http, not fetch: fetch gives up when no response headers came within 300 s.
    const status = await patchWithoutTimeout(`${base}/api/followup-templates/${templates.general}`, doctor, { steps }).catch(
      (e: Error) => (regenError = e.message),
    );
    if (status !== 200 && !regenError) regenError = `HTTP ${status}`;
    const regenSeconds = (performance.now() - t0) / 1000;
    const regenStatements = counter.count();
    // Every pending task of the moved step follows the new offset (Beijing discharge day + offset), and nothing is left to do.
    const last = steps[steps.length - 1];
    const check = (
      await client.query(
        `SELECT count(*)::int AS pending,
                count(*) FILTER (WHERE k.due_date = (p.discharged_at AT TIME ZONE 'Asia/Shanghai')::date + $3::int)::int AS "followNewOffset",
                (SELECT regen_steps FROM followup_template WHERE id = $1) AS "leftToDo"
           FROM followup_plan p JOIN followup_task k ON k.plan_id = p.id
          WHERE p.template_id = $1 AND p.status = 'active' AND k.step_key = $2 AND k.status = 'pending'`,
        [templates.general, last.key, last.offsetDays],
      )
    ).rows[0] as { pending: number; followNewOffset: number; leftToDo: string[] | null };
    if (!regenError && (check.pending !== check.followNewOffset || check.leftToDo))
      regenError = `pending tasks not following the edit: ${JSON.stringify(check)}`;
    const counts = (
      await client.query(
        `SELECT (SELECT count(*) FROM patient)::int AS patients, (SELECT count(*) FROM encounter)::int AS encounters,
                (SELECT count(*) FROM followup_plan)::int AS plans, (SELECT count(*) FROM followup_task)::int AS tasks,
                (SELECT count(*) FROM followup_task WHERE status = 'pending')::int AS "pendingTasks",
                (SELECT count(*) FROM followup_template WHERE active)::int AS "activeTemplates"`,
      )
    ).rows[0];
    return {
      benchmark: 'plans',
      input: { ...counts, discharges: ids.length, templates: Object.keys(templates).length, warmupScan: prep.warmupScan },
      dayOfDischarges: {
        via: 'EnrolmentJob.runOnce() in the app built from AppModule (in-process), encounters changed since the last scan, all active templates',
        discharges: ids.length,
        newPlans: made.plans,
        newTasks: made.tasks,
        assignmentRules: rules,
        newTasksAssignedByRule: made.assignedByRule,
        scanResult: scan,
        seconds: Math.round(dayScanSeconds * 100) / 100,
        sqlStatements: dayStatements,
        slowestStatements: daySlowest,
      },
      idleScan: { seconds: idleScanSeconds, sqlStatements: idleStatements, result: idle },
      nightly: {
        via: 'TaskHorizon.generate() (the daily generation) in the app built from AppModule, one due day coming into range, all active plans',
        horizonDays: horizon.days,
        trimmedBeforehand: trimmed,
        ...nightInput,
        run: night,
        seconds: Math.round(nightSeconds * 100) / 100,
        sqlStatements: nightStatements,
        slowestStatements: nightSlowest,
      },
      templateEdit: {
        via: 'PATCH /api/followup-templates/:id over HTTP (one step changed → its pending tasks in all active plans follow, in batches)',
        activePlans: before.plans,
        tasks: before.tasks,
        pendingTasks: before.pending,
        seconds: Math.round(regenSeconds * 100) / 100,
        sqlStatements: regenStatements,
        changedStepPendingTasks: check.pending,
        followingNewOffset: check.followNewOffset,
        error: regenError,
      },
      targets: { dayOfDischargesSeconds: 10, nightlySeconds: 60 },
      pass: dayScanSeconds <= 10 && nightSeconds <= 60 && !!night && !regenError,
    };
  } finally {
    await app.close();
    await client.end().catch(() => undefined);
    await pg.stop();
  }
}
