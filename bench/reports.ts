import { readFileSync } from 'node:fs';
import type { Client } from 'pg';
import { prepareFollowup } from './followup-data';
import { api, benchDatabase, login, startServer, timings } from './support';

const ANSWERS = Number(process.env['BENCH_ANSWERS'] ?? 2_000_000);
const BATCH = 250_000;

/** The server's resident memory now (kB), from /proc. */
function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

/**
 * The calls and questionnaire answers the reports read, made once in SQL on the shared database
 * (followup-data.ts makes tasks, not calls or answers):
 *  - one contact attempt per recorded attempt of a task (the last one "reached" on a done task, the
 *    others "no answer"), by one of the 200 bench nurses (by patient), on the due day, 1–10 minutes;
 *  - BENCH_ANSWERS questionnaire responses on done tasks, in batches (the satisfaction trigger fills
 *    satisfaction_answer as they go): 3 in 4 the inpatient satisfaction survey (FFT + five 1–5 areas),
 *    1 in 4 the outpatient one (0–10 NPS + two areas), 1 in 10 answered by self-survey; answers spread
 *    deterministically by task id. The questionnaire is the survey, not the task's own (volume, not realism).
 */
async function ensureCallsAndAnswers(
  client: Client,
  log: (m: string) => void,
): Promise<{ calls: number; answers: number; satisfactionRows: number }> {
  const count = async (sql: string) => Number((await client.query(sql)).rows[0].n);
  if ((await count(`SELECT count(*) AS n FROM contact_attempt`)) < 100_000) {
    const t0 = Date.now();
    const r = await client.query(
      `WITH nurses AS (SELECT array_agg(id ORDER BY username) AS ids FROM app_user WHERE username LIKE 'bench_nurse_%')
       INSERT INTO contact_attempt (task_id, patient_id, staff_id, channel, outcome, started_at, duration_seconds)
       SELECT k.id, k.patient_id, n.ids[1 + abs(hashtext(k.patient_id::text)) % array_length(n.ids, 1)], 'phone',
              CASE WHEN k.status = 'done' AND g.i = GREATEST(k.attempts, 1) THEN 'reached' ELSE 'no_answer' END,
              (k.due_date + time '09:00' + g.i * interval '1 hour') AT TIME ZONE 'Asia/Shanghai',
              CASE WHEN k.status = 'done' AND g.i = GREATEST(k.attempts, 1) THEN 60 + abs(hashtext(k.id::text)) % 540 END
         FROM followup_task k CROSS JOIN nurses n
        CROSS JOIN LATERAL generate_series(1, GREATEST(k.attempts, CASE WHEN k.status = 'done' THEN 1 ELSE 0 END)) g(i)
        WHERE k.status IN ('done', 'lost', 'pending', 'failed')`,
    );
    log(`calls: ${r.rowCount} contact attempts (${Math.round((Date.now() - t0) / 1000)} s)`);
    await client.query('VACUUM ANALYZE contact_attempt');
  }
  let have = await count(`SELECT count(*) AS n FROM questionnaire_response`);
  const ids = (
    await client.query(
      `SELECT (SELECT id FROM questionnaire WHERE code = 'lib_inpatient_satisfaction') AS inpatient,
              (SELECT id FROM questionnaire WHERE code = 'lib_outpatient_satisfaction') AS outpatient`,
    )
  ).rows[0] as { inpatient: string; outpatient: string };
  while (have < ANSWERS) {
    const t0 = Date.now();
    const r = await client.query(
      `INSERT INTO questionnaire_response (task_id, patient_id, questionnaire_id, answers, scores, submitted_by, mode, submitted_at)
       SELECT k.id, k.patient_id, CASE WHEN x.h % 4 = 0 THEN $2::uuid ELSE $1::uuid END,
              CASE WHEN x.h % 4 = 0
                   THEN jsonb_build_object('nps', (x.h / 4) % 11, 'doctor', (5 - (x.h / 7) % 5)::text, 'environment', (5 - (x.h / 11) % 4)::text)
                   ELSE jsonb_build_object('fft', (ARRAY['very_good', 'good', 'very_good', 'neither', 'poor', 'dont_know'])[1 + (x.h / 3) % 6],
                                           'doctor', (5 - (x.h / 7) % 5)::text, 'nurse', (5 - (x.h / 13) % 4)::text,
                                           'environment', (5 - (x.h / 17) % 5)::text, 'food', (5 - (x.h / 19) % 5)::text,
                                           'discharge', (5 - (x.h / 23) % 3)::text) END,
              '{"total": 80, "dimensions": {}}', CASE WHEN x.h % 10 = 0 THEN NULL ELSE k.completed_by END,
              CASE WHEN x.h % 10 = 0 THEN 'self' ELSE 'phone' END, k.completed_at
         FROM followup_task k CROSS JOIN LATERAL (SELECT abs(hashtext(k.id::text)) AS h) x
        WHERE k.status = 'done' AND NOT EXISTS (SELECT 1 FROM questionnaire_response r WHERE r.task_id = k.id)
        LIMIT $3`,
      [ids.inpatient, ids.outpatient, Math.min(BATCH, ANSWERS - have)],
    );
    if (!r.rowCount) break;
    have += r.rowCount;
    log(`answers: ${have} responses (+${r.rowCount} in ${Math.round((Date.now() - t0) / 1000)} s)`);
  }
  // Statistics of the report columns back-filled by the migrations (the planner's row estimates), and
  // the visibility map the supervisor's index-only scans need after the back-fill and the call triggers
  // rewrote the tasks (autovacuum would get there in time; a quick no-op once done).
  await client.query('VACUUM ANALYZE followup_task');
  await client.query('VACUUM ANALYZE contact_attempt');
  await client.query('VACUUM ANALYZE report_task_daily');
  await client.query('VACUUM ANALYZE report_call_daily');
  await client.query('VACUUM ANALYZE questionnaire_response');
  await client.query('VACUUM ANALYZE satisfaction_answer');
  return {
    calls: await count(`SELECT count(*) AS n FROM contact_attempt`),
    answers: have,
    satisfactionRows: await count(`SELECT count(*) AS n FROM satisfaction_answer`),
  };
}

/**
 * `npm run bench -- reports`: the manager reports over HTTP on the large database (1,000,000
 * patients, ~3,000,000 tasks, 2,000,000 questionnaire answers):
 *  - the supervisor table for 心内科 and last month (target p95 ≤ 200 ms);
 *  - hospital-wide satisfaction for the last 12 months by department (target p95 ≤ 500 ms);
 *  - the Excel export of the tasks behind a number, ≥ 100,000 rows (target ≤ 20 s, server RSS ≤ 500 MB).
 */
export async function reportsBench(): Promise<object> {
  const runs = Number(process.env['BENCH_QUERIES'] ?? 30);
  const { pg, url, client } = await benchDatabase();
  const log = (m: string) => console.error(`[bench] ${m}`);
  const prep = await prepareFollowup(url, client, log);
  await prep.app.close();
  const data = await ensureCallsAndAnswers(client, log);
  const server = await startServer(url);
  const { base } = server;
  try {
    const manager = await login(base, 'manager');
    const card = (await client.query(`SELECT id FROM department WHERE code = 'CARD'`)).rows[0].id as string;
    const today = new Date(Date.now() + 8 * 3600_000);
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    const monthFrom = iso(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1)));
    const monthTo = iso(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 0)));
    const yearFrom = iso(new Date(Date.UTC(today.getUTCFullYear() - 1, today.getUTCMonth(), today.getUTCDate() + 1)));
    const yearTo = iso(today);

    const measure = async (path: string) => {
      await api(base, manager, 'GET', path); // warm-up
      const times: number[] = [];
      let body: unknown;
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        body = await api(base, manager, 'GET', path);
        times.push(performance.now() - t0);
      }
      return { ...timings(times), body };
    };
    const sup = await measure(`/reports/supervisor?from=${monthFrom}&to=${monthTo}&departmentId=${card}`);
    const supTotal = (sup.body as { total: Record<string, number>; rows: unknown[] }).total;
    const sat = await measure(`/reports/satisfaction?from=${yearFrom}&to=${yearTo}&groupBy=department`);
    const satAll = await measure(`/reports/satisfaction?from=${yearFrom}&to=${yearTo}&groupBy=none`);
    const satRows = (sat.body as { rows: Array<{ valid: number }> }).rows;

    // Export: the hospital's tasks due in a window holding at least 100,000 of them.
    const { rows: win } = await client.query(
      `SELECT d::date AS to, sum(n) OVER (ORDER BY d DESC) AS cum FROM (SELECT due_date AS d, count(*) AS n FROM followup_task
        WHERE status <> 'cancelled' AND due_date <= $1::date GROUP BY due_date) x ORDER BY d DESC`,
      [monthTo],
    );
    const start = win.find((w) => Number(w.cum) >= 100_000) ?? win[win.length - 1];
    const exportFrom = iso(new Date(start.to));
    const pid = server.child.pid ?? 0;
    let peakKb = rssKb(pid);
    const sampler = setInterval(() => (peakKb = Math.max(peakKb, rssKb(pid))), 50);
    const t0 = performance.now();
    const res = await fetch(`${base}/api/reports/export?report=drill&metric=due&from=${exportFrom}&to=${monthTo}`, {
      headers: { authorization: `Bearer ${manager}` },
    });
    const bytes = (await res.arrayBuffer()).byteLength;
    const exportMs = performance.now() - t0;
    clearInterval(sampler);
    const [{ rows: exportRows }] = [
      await client.query(
        `SELECT details->>'rows' AS rows FROM audit_event WHERE action = 'report.export' ORDER BY occurred_at DESC LIMIT 1`,
      ),
    ];

    const { p95Ms: supP95 } = sup;
    return {
      benchmark: 'reports',
      input: {
        patients: Number((await client.query(`SELECT count(*) AS n FROM patient`)).rows[0].n),
        tasks: Number((await client.query(`SELECT count(*) AS n FROM followup_task`)).rows[0].n),
        ...data,
      },
      supervisor: {
        department: 'CARD',
        from: monthFrom,
        to: monthTo,
        ...sup,
        body: undefined,
        staffRows: (sup.body as { rows: unknown[] }).rows.length,
        total: supTotal,
      },
      satisfactionByDepartment: {
        from: yearFrom,
        to: yearTo,
        ...sat,
        body: undefined,
        rows: satRows.length,
        answers: satRows.reduce((s, r) => s + r.valid, 0),
      },
      satisfactionHospital: { ...satAll, body: undefined },
      export: {
        from: exportFrom,
        to: monthTo,
        status: res.status,
        rows: Number(exportRows[0]?.rows),
        bytes,
        ms: Math.round(exportMs),
        peakRssMb: Math.round(peakKb / 1024),
      },
      targets: { supervisorP95Ms: 200, satisfactionP95Ms: 500, exportMs: 20_000, exportRssMb: 500 },
      pass: supP95 <= 200 && sat.p95Ms <= 500 && exportMs <= 20_000 && peakKb / 1024 <= 500,
    };
  } finally {
    await server.stop();
    await client.end();
    await pg.stop();
  }
}
