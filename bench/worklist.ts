import { prepareFollowup, nurseName, STAFF } from './followup-data';
import { api, benchDatabase, login, startServer, timings } from './support';

interface ListBody {
  total: number;
  items: Array<{ patientId: string; tasks: Array<{ id: string; questionnaireId: string; status: string }> }>;
}

/**
 * `npm run bench -- worklist`: the nurse worklist over HTTP against the built server, on the large
 * database (1,000,000 patients, a year of plans ≈ 3,000,000 tasks, 200 nurses; see followup-data.ts).
 *  - first page of today's list (GET /api/worklist?view=today) as different nurses, sequentially;
 *  - the tabs' counts (GET /api/worklist/counts), and page + counts in parallel as the console opens the list;
 *  - the call screen read (GET /api/tasks/:id/context) for tasks on those lists;
 *  - claim → attempt round trips: claim + "no answer" (the common case), and claim + "reached" +
 *    complete with the questionnaire answers (the task is done);
 *  - 50 nurses at once, each looping on its first page with keep-alive connections, for BENCH_LOAD_SECONDS.
 */
export async function worklistBench(): Promise<object> {
  const perKind = Number(process.env['BENCH_QUERIES'] ?? 200);
  const loadSeconds = Number(process.env['BENCH_LOAD_SECONDS'] ?? 30);
  const concurrency = Number(process.env['BENCH_CONCURRENCY'] ?? 50);
  const { pg, url, client } = await benchDatabase();
  const log = (m: string) => console.error(`[bench] ${m}`);
  const prep = await prepareFollowup(url, client, log);
  await prep.app.close();
  const server = await startServer(url, { QUIET_HOURS: 'off' });
  const { base } = server;
  try {
    const nurses: string[] = [];
    for (let i = 1; i <= Math.min(STAFF, concurrency); i++) nurses.push(await login(base, nurseName(i)));
    const list = (token: string, view = 'today') => api<ListBody>(base, token, 'GET', `/worklist?view=${view}`);

    // Warm-up (plans, caches), then today's first page as rotating nurses.
    for (let i = 0; i < 3; i++) await list(nurses[i % nurses.length]);
    const listTimes: number[] = [];
    let itemsSeen = 0;
    const tasksByNurse = new Map<number, string[]>();
    for (let i = 0; i < perKind; i++) {
      const n = i % nurses.length;
      const t0 = performance.now();
      const body = await list(nurses[n]);
      listTimes.push(performance.now() - t0);
      itemsSeen += body.items.length;
      if (!tasksByNurse.has(n))
        tasksByNurse.set(
          n,
          body.items.flatMap((it) => it.tasks.map((k) => k.id)),
        );
    }
    const countsOf = (token: string) => api<{ counts: Record<string, number> }>(base, token, 'GET', '/worklist/counts');
    const sample = (await countsOf(nurses[0])).counts;
    // The tabs' counts (a separate read the console makes alongside the page), and both at once as
    // the console opens the list.
    const countTimes: number[] = [];
    const openTimes: number[] = [];
    for (let i = 0; i < perKind; i++) {
      const token = nurses[i % nurses.length];
      let t0 = performance.now();
      await countsOf(token);
      countTimes.push(performance.now() - t0);
      t0 = performance.now();
      await Promise.all([list(token), countsOf(token)]);
      openTimes.push(performance.now() - t0);
    }

    // The call screen for tasks on those lists.
    const contextTimes: number[] = [];
    const pairs = [...tasksByNurse.entries()].flatMap(([n, ids]) => ids.slice(0, 10).map((id) => ({ n, id })));
    for (let i = 0; i < perKind && pairs.length; i++) {
      const { n, id } = pairs[i % pairs.length];
      const t0 = performance.now();
      await api(base, nurses[n], 'GET', `/tasks/${id}/context`);
      contextTimes.push(performance.now() - t0);
    }

    // Round trips on distinct tasks: half "no answer", half completed with the general questionnaire.
    const general = (await client.query(`SELECT id FROM questionnaire WHERE code = 'lib_post_discharge_general' AND status = 'published'`))
      .rows[0].id as string;
    const claimTimes: number[] = [];
    const noAnswerTrips: number[] = [];
    const completeTrips: number[] = [];
    const rounds = Math.min(100, Math.floor(perKind / 2));
    for (let n = 0; n < nurses.length && (noAnswerTrips.length < rounds || completeTrips.length < rounds); n++) {
      const body = await api<ListBody>(base, nurses[n], 'GET', `/worklist?view=today&pageSize=100`);
      for (const item of body.items) {
        const task = item.tasks[0];
        const completing = task.questionnaireId === general && completeTrips.length < rounds;
        if (!completing && noAnswerTrips.length >= rounds) continue;
        const t0 = performance.now();
        await api(base, nurses[n], 'POST', `/tasks/${task.id}/claim`);
        claimTimes.push(performance.now() - t0);
        if (completing) {
          await api(base, nurses[n], 'POST', `/tasks/${task.id}/attempts`, { outcome: 'reached', durationSeconds: 120 });
          await api(base, nurses[n], 'POST', `/tasks/${task.id}/complete`, {
            answers: { generalState: 'good', newSymptoms: 'no', medication: 'regular' },
          });
          completeTrips.push(performance.now() - t0);
        } else {
          await api(base, nurses[n], 'POST', `/tasks/${task.id}/attempts`, { outcome: 'no_answer', durationSeconds: 30 });
          noAnswerTrips.push(performance.now() - t0);
        }
        // The patient's other tasks claimed with this one go back to the pool.
        for (const other of item.tasks.slice(1)) await api(base, nurses[n], 'POST', `/tasks/${other.id}/release`);
        if (noAnswerTrips.length >= rounds && completeTrips.length >= rounds) break;
      }
    }

    // Load: `concurrency` nurses at once on their first page, keep-alive, bounded in time.
    const loadTimes: number[] = [];
    let errors = 0;
    const errorsBy: Record<string, number> = {};
    const fail = (kind: string) => {
      errors++;
      errorsBy[kind] = (errorsBy[kind] ?? 0) + 1;
    };
    const deadline = performance.now() + loadSeconds * 1000;
    const started = performance.now();
    await Promise.all(
      nurses.slice(0, concurrency).map(async (token) => {
        while (performance.now() < deadline) {
          const t0 = performance.now();
          try {
            const res = await fetch(`${base}/api/worklist?view=today`, { headers: { authorization: `Bearer ${token}` } });
            await res.arrayBuffer();
            if (res.status !== 200) fail(`HTTP ${res.status}`);
          } catch (e) {
            fail((e as Error).message);
          }
          loadTimes.push(performance.now() - t0);
        }
      }),
    );
    const loadElapsed = (performance.now() - started) / 1000;

    const counts = (
      await client.query(
        `SELECT (SELECT count(*) FROM patient)::int AS patients, (SELECT count(*) FROM followup_plan)::int AS plans,
                (SELECT count(*) FROM followup_task)::int AS tasks,
                (SELECT count(*) FROM followup_task WHERE status IN ('pending', 'due', 'overdue', 'in_progress'))::int AS "openTasks",
                (SELECT count(*) FROM app_user WHERE 'nurse' = ANY(roles))::int AS nurses`,
      )
    ).rows[0];
    const list50 = timings(listTimes);
    const ctx = timings(contextTimes);
    const trip = timings(noAnswerTrips);
    const done = timings(completeTrips);
    const load = timings(loadTimes);
    return {
      benchmark: 'worklist',
      input: {
        ...counts,
        staff: STAFF,
        via: 'HTTP against the built server (auth, scope, JSON)',
        todayCountsForNurse1: sample,
        meanItemsOnFirstPage: Math.round(itemsSeen / Math.max(1, listTimes.length)),
      },
      worklistToday: list50,
      worklistCounts: timings(countTimes),
      worklistOpen: timings(openTimes),
      taskContext: ctx,
      claim: timings(claimTimes),
      claimNoAnswerRoundTrip: trip,
      claimReachedCompleteRoundTrip: done,
      load: {
        concurrentNurses: concurrency,
        seconds: Math.round(loadElapsed),
        requests: loadTimes.length,
        requestsPerSecond: Math.round(loadTimes.length / loadElapsed),
        p50Ms: load.p50Ms,
        p99Ms: load.p99Ms,
        maxMs: load.maxMs,
        errors,
        errorsBy,
      },
      targets: { worklistP95Ms: 30, contextP95Ms: 100, roundTripP95Ms: 50, loadErrors: 0 },
      pass: list50.p95Ms <= 30 && ctx.p95Ms <= 100 && trip.p95Ms <= 50 && done.p95Ms <= 50 && errors === 0,
    };
  } finally {
    await server.stop();
    await client.end().catch(() => undefined);
    await pg.stop();
  }
}
