import type { INestApplication } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Client } from 'pg';
import { createApp } from '../backend/src/bootstrap';
import { addToTaskTotals } from '../migrations/1764620000000-ReportRollup';
import { loadConfig } from '../backend/src/config/app-config';
import { DEMO_PASSWORD } from '../backend/src/database/demo-seed';
import { prepareDatabase } from '../backend/src/database/prepare';
import { EnrolmentJob } from '../backend/src/followup/plans/enrolment.job';
import { TaskHorizon } from '../backend/src/followup/plans/task-horizon';
import { AuthService } from '../backend/src/platform/auth/auth.service';
import { api, freePort, login } from './support';

/**
 * Follow-up data shared by `bench -- plans` and `bench -- worklist` on the large benchmark database:
 * four realistic templates (created over HTTP by the demo doctor), 200 follow-up nurses, and a
 * year of plans with their tasks (~3,000,000) generated set-based in SQL.
 */

/** Marks the benchmark's templates (nameEn prefix) and its synthetic year of plans (anchor_key prefix). */
export const TEMPLATE_TAG = 'Bench: ';
const YEAR_ANCHOR = 'bench-year:';
export const STAFF = 200;
export const nurseName = (i: number) => `bench_nurse_${String(i).padStart(3, '0')}`;

export interface BenchTemplates {
  cardiology: string;
  diabetes: string;
  surgery: string;
  general: string;
}

/** The app in this process (real module, real HTTP), with its timers removed so only the benchmark triggers scans. */
export async function startInProcessApp(url: string): Promise<{ app: INestApplication; base: string }> {
  const { jwtSecret } = await prepareDatabase(url, { migrate: true, seedDemo: false, log: (m) => console.error(`[bench] ${m}`) });
  const port = await freePort();
  const config = loadConfig(
    {
      LOG_LEVEL: 'warn',
      LOGIN_RATE_LIMIT: '100000',
      CONSOLE_DIR: '/nonexistent',
      QUIET_HOURS: 'off',
      DATABASE_URL: url,
      PORT: String(port),
    },
    [],
  );
  const app = await createApp({ config, databaseUrl: url, jwtSecret });
  await app.listen(port, '127.0.0.1');
  // Registered on bootstrap (by listen); the enrolment scan's first tick is a minute away. The import
  // worker's one-second poll goes too, so the statement counts of plans.ts are the measured work only.
  for (const name of ['followup-enrolment', 'followup-horizon', 'imports']) app.get(SchedulerRegistry).deleteInterval(name);
  return { app, base: `http://127.0.0.1:${port}` };
}

async function deptIds(client: Client): Promise<Record<string, string>> {
  const rows = (await client.query(`SELECT code, id FROM department`)).rows as Array<{ code: string; id: string }>;
  return Object.fromEntries(rows.map((r) => [r.code, r.id]));
}

/** The four benchmark templates, created over HTTP (POST /api/followup-templates) when missing. */
export async function ensureTemplates(base: string, client: Client): Promise<BenchTemplates> {
  const have = (await client.query(`SELECT id, name_en FROM followup_template WHERE name_en LIKE $1 AND active`, [`${TEMPLATE_TAG}%`]))
    .rows as Array<{ id: string; name_en: string }>;
  const find = (key: string) => have.find((t) => t.name_en === `${TEMPLATE_TAG}${key}`)?.id;
  const d = await deptIds(client);
  const q = Object.fromEntries(
    (await client.query(`SELECT code, id FROM questionnaire WHERE status = 'published' AND code LIKE 'lib_%'`)).rows.map((r) => [
      r.code,
      r.id,
    ]),
  ) as Record<string, string>;
  const step = (key: string, offsetDays: number, questionnaireId: string, extra: object = {}) => ({
    key,
    anchor: 'discharge',
    offsetDays,
    questionnaireId,
    channel: 'phone',
    team: 'centre',
    windowBeforeDays: 1,
    windowAfterDays: 3,
    ...extra,
  });
  const defs: Record<keyof BenchTemplates, { key: string; body: object }> = {
    cardiology: {
      key: 'cardiology discharge +1/+7/+30',
      body: {
        nameZh: '心内科出院随访 +1/+7/+30',
        purpose: 'clinical',
        mode: 'centre',
        rules: { departmentIds: [d['CARD']] },
        steps: [step('d1', 1, q['lib_hypertension']), step('d7', 7, q['lib_hypertension']), step('d30', 30, q['lib_hypertension'])],
      },
    },
    diabetes: {
      key: 'diabetes every 90 days x4',
      body: {
        nameZh: '内分泌科糖尿病随访 每90天×4',
        purpose: 'chronic',
        mode: 'department',
        rules: { departmentIds: [d['ENDO']], icdPrefixes: ['E11'] },
        steps: [
          step('q90', 90, q['lib_diabetes'], {
            repeat: { everyDays: 90, times: 4 },
            team: 'department',
            windowBeforeDays: 7,
            windowAfterDays: 14,
          }),
        ],
      },
    },
    surgery: {
      key: 'post-surgery +1/+3/+7',
      body: {
        nameZh: '日间手术术后随访 +1/+3/+7',
        purpose: 'clinical',
        mode: 'centre',
        rules: { departmentIds: [d['GSURG'], d['ORTH']], patientClasses: ['day_surgery'] },
        steps: [step('d1', 1, q['lib_post_surgery']), step('d3', 3, q['lib_post_surgery']), step('d7', 7, q['lib_post_surgery'])],
      },
    },
    general: {
      key: 'inpatient discharge +7/+30/+90/+180/+365',
      body: {
        nameZh: '出院随访 +7/+30/+90/+180/+365',
        purpose: 'clinical',
        mode: 'centre',
        rules: { departmentIds: [d['GSURG'], d['ORTH'], d['OBGYN'], d['ONC']], patientClasses: ['inpatient'] },
        steps: [7, 30, 90, 180, 365].map((n) => step(`d${n}`, n, q['lib_post_discharge_general'])),
      },
    },
  };
  const out: Partial<BenchTemplates> = {};
  let token: string | undefined;
  for (const [name, def] of Object.entries(defs) as Array<[keyof BenchTemplates, (typeof defs)[keyof BenchTemplates]]>) {
    out[name] = find(def.key);
    if (!out[name]) {
      token ??= await login(base, 'doctor');
      out[name] = (
        await api<{ id: string }>(base, token, 'POST', '/followup-templates', { ...def.body, nameEn: `${TEMPLATE_TAG}${def.key}` })
      ).id;
    }
  }
  return out as BenchTemplates;
}

/** 200 follow-up nurses (bench_nurse_001…200, demo password), each in one department, every fourth in two. */
export async function ensureStaff(client: Client): Promise<number> {
  const [{ n }] = (await client.query(`SELECT count(*)::int AS n FROM app_user WHERE username LIKE 'bench_nurse_%'`)).rows;
  if (n < STAFF) {
    const hash = await AuthService.hashPassword(DEMO_PASSWORD);
    await client.query(
      `INSERT INTO app_user (username, display_name, password_hash, roles, password_changed_at)
       SELECT 'bench_nurse_' || lpad(i::text, 3, '0'), '随访护士' || i, $1, '{nurse}', now() FROM generate_series(1, $2::int) i
       ON CONFLICT (username) DO NOTHING`,
      [hash, STAFF],
    );
    await client.query(
      `INSERT INTO user_department (user_id, department_id)
       SELECT u.id, d.id FROM app_user u CROSS JOIN LATERAL (SELECT substr(u.username, 13)::int AS i) x
         JOIN (SELECT id, (row_number() OVER (ORDER BY code) - 1)::int AS k, count(*) OVER ()::int AS c FROM department) d
           ON d.k = x.i % d.c OR (x.i % 4 = 0 AND d.k = (x.i + 1) % d.c)
        WHERE u.username LIKE 'bench_nurse_%'
       ON CONFLICT DO NOTHING`,
    );
  }
  return STAFF;
}

/**
 * A year of follow-up: for 5 in 8 patients (deterministic by id) one plan on the template that covers
 * the department of their latest discharge, anchored on a discharge day spread evenly over the last
 * 365 days (the seeded stays cover only ~200 days, so the plan's anchor date is synthetic; the plan
 * points at the patient's real latest encounter). Tasks follow the template steps exactly as
 * scheduleTasks computes them (CST discharge date + offset, repeats, windows), up to the task horizon
 * (today + `horizonDays`: later ones are created by the daily generation, TaskHorizon). Past tasks are
 * mostly done (85 % done, 10 % lost, 5 % cancelled more than two weeks back; 60 % done within the
 * last two weeks, the rest still open after 0–3 unanswered calls); today's and future tasks pending.
 * Inserted set-based with triggers off (session_replication_role = replica), which is safe here
 * because every reference is taken from existing rows and the insert writes what the row triggers
 * would (call-list scope, report department, owner, enrolment, return visit); the daily totals the
 * statement triggers keep are added after the insert.
 */
export async function ensureYearOfTasks(client: Client, t: BenchTemplates, horizonDays: number, log: (m: string) => void): Promise<void> {
  const [{ n }] = (await client.query(`SELECT count(*)::int AS n FROM followup_plan WHERE anchor_key LIKE $1`, [`${YEAR_ANCHOR}%`])).rows;
  if (n > 0) return;
  const t0 = Date.now();
  await client.query('BEGIN');
  await client.query(`SET LOCAL session_replication_role = replica`);
  await client.query(`SET LOCAL work_mem = '256MB'`);
  const plans = await client.query(
    `INSERT INTO followup_plan (patient_id, template_id, encounter_id, anchor_key, discharged_at, admitted_at, enrolled_at, status, enrolled_by)
     SELECT x.patient_id, x.template_id, x.id, $5::text || x.id::text, x.anchor, x.anchor - interval '6 days', x.anchor + interval '2 hours', 'active', 'rule'
       FROM (SELECT DISTINCT ON (e.patient_id) e.patient_id, e.id,
                    now() - make_interval(days => abs(hashtext(e.patient_id::text)) % 365, hours => abs(hashtext(e.id::text)) % 12) AS anchor,
                    CASE d.code WHEN 'CARD' THEN $1::uuid WHEN 'ENDO' THEN $2::uuid
                                ELSE CASE WHEN e.type = 'day_surgery' AND d.code IN ('GSURG', 'ORTH') THEN $3::uuid ELSE $4::uuid END END AS template_id
               FROM encounter e JOIN department d ON d.id = e.department_id
              WHERE e.discharged_at IS NOT NULL AND abs(hashtext(e.patient_id::text || 'plan')) % 8 < 5
              ORDER BY e.patient_id, e.discharged_at DESC) x`,
    [t.cardiology, t.diabetes, t.surgery, t.general, YEAR_ANCHOR],
  );
  log(`year of plans: ${plans.rowCount} plans (${Math.round((Date.now() - t0) / 1000)} s)`);
  const tasks = await client.query(
    `WITH nurse AS (SELECT id FROM app_user WHERE username = 'nurse')
     INSERT INTO followup_task (plan_id, patient_id, step_key, sequence, due_date, window_start, window_end, questionnaire_id, channel, team,
                                department_id, scope_department_id, template_version, status, attempts, last_outcome, completed_at, completed_by, cancel_reason, created_at,
                                report_department_id, report_staff_id, plan_enrolled_at, returned)
     SELECT fp.id, fp.patient_id, s.key, g.seq, dd.due, dd.due - s."windowBeforeDays", dd.due + s."windowAfterDays", s."questionnaireId", s.channel, s.team,
            CASE WHEN s.team = 'department' THEN e.department_id END,
            -- Triggers are off (replica role): the call-list scope the insert trigger would set.
            COALESCE(e.department_id, (SELECT pt.department_ids[1] FROM patient pt WHERE pt.id = fp.patient_id)), t.version,
            CASE WHEN dd.due < today.d - 14 THEN CASE WHEN rr.r < 0.85 THEN 'done' WHEN rr.r < 0.95 THEN 'lost' ELSE 'cancelled' END
                 WHEN dd.due < today.d THEN CASE WHEN rr.r < 0.6 THEN 'done' ELSE 'pending' END
                 ELSE 'pending' END,
            CASE WHEN dd.due < today.d - 14 AND rr.r >= 0.85 AND rr.r < 0.95 THEN 6 WHEN dd.due < today.d AND rr.r >= 0.6 THEN floor(rr.r * 10)::int % 4
                 WHEN dd.due < today.d THEN 1 ELSE 0 END,
            CASE WHEN dd.due < today.d AND (rr.r < 0.6 OR (dd.due < today.d - 14 AND rr.r < 0.85)) THEN 'reached'
                 WHEN dd.due < today.d AND floor(rr.r * 10)::int % 4 > 0 THEN 'no_answer' END,
            CASE WHEN (dd.due < today.d - 14 AND rr.r < 0.85) OR (dd.due < today.d AND rr.r < 0.6) THEN dd.due + time '10:30' END,
            CASE WHEN (dd.due < today.d - 14 AND rr.r < 0.85) OR (dd.due < today.d AND rr.r < 0.6) THEN (SELECT id FROM nurse) END,
            CASE WHEN dd.due < today.d - 14 AND rr.r >= 0.95 THEN '方案调整' WHEN dd.due < today.d - 14 AND rr.r >= 0.85 THEN 'not reached after 6 attempts' END,
            fp.enrolled_at,
            -- What the report triggers would set (migrations ReportDepartments, ReportRollup): the report
            -- department (the team's, else the anchor encounter's), the owner (the completing nurse; calls come
            -- later, with triggers on), the plan's enrolment, and whether the patient came back after completion.
            COALESCE(CASE WHEN s.team = 'department' THEN e.department_id END, e.department_id),
            CASE WHEN (dd.due < today.d - 14 AND rr.r < 0.85) OR (dd.due < today.d AND rr.r < 0.6) THEN (SELECT id FROM nurse) END,
            fp.enrolled_at,
            ((dd.due < today.d - 14 AND rr.r < 0.85) OR (dd.due < today.d AND rr.r < 0.6))
              AND COALESCE(back.at > dd.due + time '10:30', false)
       FROM followup_plan fp
       JOIN followup_template t ON t.id = fp.template_id
       LEFT JOIN encounter e ON e.id = fp.encounter_id
       CROSS JOIN (SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date AS d) today
       LEFT JOIN LATERAL (SELECT max(COALESCE(r.admitted_at, r.discharged_at)) AS at FROM encounter r
                           WHERE r.patient_id = fp.patient_id AND r.cancelled_at IS NULL) back ON true
       CROSS JOIN LATERAL jsonb_to_recordset(t.steps) AS s(key text, "offsetDays" int, repeat jsonb, "questionnaireId" uuid, channel text, team text,
                                                      "windowBeforeDays" int, "windowAfterDays" int)
       CROSS JOIN LATERAL generate_series(1, COALESCE((s.repeat ->> 'times')::int, 1)) AS g(seq)
       CROSS JOIN LATERAL (SELECT (fp.discharged_at AT TIME ZONE 'Asia/Shanghai')::date + s."offsetDays" + (g.seq - 1) * COALESCE((s.repeat ->> 'everyDays')::int, 0) AS due) dd
       CROSS JOIN LATERAL (SELECT random() + 0 * g.seq AS r) rr
      WHERE fp.anchor_key LIKE $1 AND dd.due <= today.d + $2::int`,
    [`${YEAR_ANCHOR}%`, horizonDays],
  );
  // The statement triggers that keep the supervisor's daily totals were off too: add the year's tasks.
  await client.query(
    addToTaskTotals(
      `(SELECT k.* FROM followup_task k JOIN followup_plan fp ON fp.id = k.plan_id WHERE fp.anchor_key LIKE '${YEAR_ANCHOR}%') y`,
    ),
  );
  await client.query('COMMIT');
  log(`year of tasks: ${tasks.rowCount} tasks (${Math.round((Date.now() - t0) / 1000)} s)`);
  // Index-only scans need the visibility map of a freshly loaded table.
  await client.query('VACUUM ANALYZE followup_plan');
  await client.query('VACUUM ANALYZE followup_task');
}

/**
 * Everything both follow-up benchmarks need, prepared with the app running in this process: the
 * templates over HTTP, the staff and the year of tasks in SQL, then one enrolment scan through the
 * real job (EnrolmentJob.runOnce; from a time, so it reads the discharges of the last 7 days), so they are
 * enrolled before anything is measured. Answers the running app (the caller closes it).
 */
export async function prepareFollowup(
  url: string,
  client: Client,
  log: (m: string) => void,
): Promise<{
  app: INestApplication;
  base: string;
  templates: BenchTemplates;
  warmupScan: { templates: number; plans: number; seconds: number };
}> {
  // The scan looks back 7 days from its watermark: start it now, not in 1970 (which would enrol every stay ever seeded).
  await client.query(
    `INSERT INTO app_setting (key, value) VALUES ('followup.enrolment_scan', now()::text) ON CONFLICT (key) DO UPDATE SET value = now()::text, updated_at = now()`,
  );
  const { app, base } = await startInProcessApp(url);
  const templates = await ensureTemplates(base, client);
  await ensureStaff(client);
  await ensureYearOfTasks(client, templates, app.get(TaskHorizon).days, log);
  const t0 = performance.now();
  const r = await app.get(EnrolmentJob).runOnce();
  const warmupScan = { templates: r?.templates ?? 0, plans: r?.plans ?? 0, seconds: Math.round((performance.now() - t0) / 100) / 10 };
  log(`warm-up enrolment scan: ${JSON.stringify(warmupScan)}`);
  return { app, base, templates, warmupScan };
}

/**
 * Brings a database generated before the task horizon existed (every task of a year of plans created
 * at once) to the state the horizon design gives it: pending tasks due after `through` that nobody
 * has touched (no attempt, claim, answer, survey link or call) are removed, with their rule-assignment
 * history, and the generation's watermark is set to `through`. Benchmark data only, on the
 * benchmark's own copy of the database: the application never deletes tasks (an upgraded database
 * keeps its far-future tasks, see docs/api.md).
 */
export async function trimToHorizon(client: Client, through: string, log: (m: string) => void): Promise<number> {
  const t0 = Date.now();
  await client.query('BEGIN');
  await client.query(`SET LOCAL work_mem = '256MB'`);
  await client.query(
    `CREATE TEMP TABLE beyond ON COMMIT DROP AS
     SELECT k.id FROM followup_task k
      WHERE k.status = 'pending' AND k.due_date > $1::date AND k.attempts = 0 AND k.claimed_by IS NULL
        AND NOT EXISTS (SELECT 1 FROM contact_attempt a WHERE a.task_id = k.id)
        AND NOT EXISTS (SELECT 1 FROM questionnaire_response r WHERE r.task_id = k.id)
        AND NOT EXISTS (SELECT 1 FROM survey_link l WHERE l.task_id = k.id)
        AND NOT EXISTS (SELECT 1 FROM call_session c WHERE c.task_id = k.id)`,
    [through],
  );
  await client.query(`DELETE FROM task_assignment_history h USING beyond b WHERE h.task_id = b.id`);
  const gone = await client.query(`DELETE FROM followup_task k USING beyond b WHERE k.id = b.id`);
  await client.query(
    `INSERT INTO app_setting (key, value) VALUES ('followup.tasks_generated_through', $1)
     ON CONFLICT (key) DO UPDATE SET value = $1, updated_at = now()`,
    [through],
  );
  await client.query('COMMIT');
  if (gone.rowCount) await client.query('VACUUM ANALYZE followup_task');
  log(
    `trimmed to the task horizon (${through}): ${gone.rowCount} pending tasks beyond it removed (${Math.round((Date.now() - t0) / 1000)} s)`,
  );
  return gone.rowCount ?? 0;
}
