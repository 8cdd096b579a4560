import { prepareDatabase } from '../src/database/prepare';
import { DemoFollowupService } from '../src/database/demo/demo-followup';
import { EnrolmentJob } from '../src/followup/plans/enrolment.job';
import { hospitalDay } from '../src/platform/clock';
import { createTestDatabase, startTestApp, TestApp } from './support/test-app';

// A fresh database is migrated and seeded as a first start does (about 20–40 s on 2 busy cores).
jest.setTimeout(240_000);

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * The demo follow-up history on a fresh database, as `npm start` makes it on the start that seeds
 * the demo hospital: the demo nurse's call list and the manager's reports have content, the history
 * lies in the past with the times the reports count by, and it is made once only.
 */
describe('demo follow-up history', () => {
  let t: TestApp;
  const today = hospitalDay(new Date()).date;
  const auth = (tok: string) => ({ Authorization: `Bearer ${tok}` });
  const TABLES = ['followup_template', 'followup_plan', 'followup_task', 'contact_attempt', 'questionnaire_response', 'escalation'];
  const counts = async () =>
    (
      await t.sql<Record<string, number>>(
        `SELECT ${TABLES.map((x) => `(SELECT count(*)::int FROM ${x}) AS ${x}`).join(', ')}, (SELECT count(*)::int FROM app_setting WHERE key = 'demo.followup') AS marker`,
      )
    )[0];

  beforeAll(async () => {
    const db = await createTestDatabase({ empty: true });
    // The first start's database preparation: migrations, then the demo hospital with its follow-up nurses.
    const prepared = await prepareDatabase(db.url, { migrate: true, seedDemo: true, demoFollowup: true, log: () => undefined });
    expect(prepared.seeded?.users.map((u) => u.username)).toEqual(expect.arrayContaining(['nurse', 'nurse.card', 'nurse.surgery']));
    t = await startTestApp({}, undefined, db);
  });
  afterAll(() => t?.close());

  it('is made once, even when two seeders race (advisory lock + marker)', async () => {
    const demo = t.app.get(DemoFollowupService);
    const results = await Promise.all([demo.seed(), demo.seed()]);
    const made = results.filter((r) => r !== undefined);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ templates: 4 });
    expect(made[0]?.done).toBeGreaterThan(100);
    const before = await counts();
    expect(before).toMatchObject({ followup_template: 4, marker: 1 });
    expect(await demo.seed()).toBeUndefined();
    // The minute enrolment scan does not add the discharges before the 45 days of history either.
    expect(await t.app.get(EnrolmentJob).runOnce()).toEqual({ templates: 4, plans: 0 });
    expect(await counts()).toEqual(before);
  });

  it('gives the demo nurse tasks due today and overdue', async () => {
    const nurse = await t.login('nurse');
    const res = await t.http().get('/api/worklist/counts').set(auth(nurse)).expect(200);
    expect(res.body.counts.today).toBeGreaterThan(0);
    expect(res.body.counts.overdue).toBeGreaterThan(0);
    // The list behind the overdue count opens, with overdue days.
    const list = await t.http().get('/api/worklist?view=overdue').set(auth(nurse)).expect(200);
    expect(list.body.items[0].overdueDays).toBeGreaterThan(0);
  });

  it('gives the manager a supervisor table with several nurses, calls and completed tasks this month', async () => {
    const manager = await t.login('manager');
    // This month; in its first two days the previous month is included so that there is a past to count.
    const from = `${addDays(today, -2).slice(0, 7)}-01`;
    const res = await t.http().get('/api/reports/supervisor').query({ from, to: today }).set(auth(manager)).expect(200);
    const staff = (res.body.rows as Array<{ name: string; done: number; calls: number; total: boolean }>).filter(
      (r) => !r.total && r.done > 0 && r.calls > 0,
    );
    expect(staff.map((r) => r.name)).toEqual(expect.arrayContaining(['陈护士', '王护士（心内科）', '刘护士（外科片区）']));
  });

  it('gives the satisfaction report answers, mostly positive, with comments', async () => {
    const manager = await t.login('manager');
    const period = { from: addDays(today, -60), to: today };
    const res = await t.http().get('/api/reports/satisfaction').query(period).set(auth(manager)).expect(200);
    const overall = (res.body.rows as Array<{ dimension: string; valid: number; positiveRate: number | null }>).find(
      (r) => r.dimension === 'overall',
    );
    expect(overall?.valid).toBeGreaterThan(20);
    expect(overall?.positiveRate).toBeGreaterThan(0.6);
    expect(overall?.positiveRate).toBeLessThan(1);
    const comments = await t.http().get('/api/reports/comments').query(period).set(auth(manager)).expect(200);
    expect(comments.body.total).toBeGreaterThan(0);
  });

  it('lies in the past, on the days the work was done (times from the application clock, not the database)', async () => {
    const [span] = await t.sql<{ days: number; latest_ok: boolean; before_today: number }>(
      `SELECT count(DISTINCT (started_at AT TIME ZONE 'Asia/Shanghai')::date)::int AS days, max(started_at) <= now() AS latest_ok,
              count(*) FILTER (WHERE (started_at AT TIME ZONE 'Asia/Shanghai')::date < $1::date)::int AS before_today
         FROM contact_attempt`,
      [today],
    );
    expect(span.days).toBeGreaterThan(30);
    expect(span.latest_ok).toBe(true);
    expect(span.before_today).toBeGreaterThan(100);
    // A completed task: its response was submitted when it was completed, minutes after the call that reached the patient.
    const mismatched = await t.sql(
      `SELECT k.id FROM followup_task k JOIN questionnaire_response r ON r.task_id = k.id
        WHERE k.status = 'done' AND (r.submitted_at <> k.completed_at
          OR NOT EXISTS (SELECT 1 FROM contact_attempt a WHERE a.task_id = k.id AND a.outcome IN ('reached', 'reached_family')
                           AND a.started_at BETWEEN k.completed_at - interval '15 minutes' AND k.completed_at))`,
    );
    expect(mismatched).toEqual([]);
    // Plans were enrolled on the evening of their discharge day, not all at start-up.
    const [plans] = await t.sql<{ same_day: number; all: number }>(
      `SELECT count(*) FILTER (WHERE (enrolled_at AT TIME ZONE 'Asia/Shanghai')::date = (discharged_at AT TIME ZONE 'Asia/Shanghai')::date)::int AS same_day,
              count(*)::int AS all FROM followup_plan`,
    );
    expect(plans.same_day).toBe(plans.all);
  });

  it('has escalations raised from answers, answered by the doctor or manager and closed by the nurse, and some still open', async () => {
    const rows = await t.sql<{ status: string; n: number; raised_at_completion: boolean }>(
      `SELECT e.status, count(*)::int AS n, bool_and(e.created_at = k.completed_at AND e.due_at > e.created_at) AS raised_at_completion
         FROM escalation e JOIN followup_task k ON k.id = e.task_id GROUP BY e.status`,
    );
    const by = Object.fromEntries(rows.map((r) => [r.status, r]));
    expect(by['closed']?.n).toBeGreaterThan(0);
    expect(by['open']?.n).toBeGreaterThan(0);
    expect(rows.every((r) => r.raised_at_completion)).toBe(true);
    const doctor = await t.login('doctor');
    const answered = await t.http().get('/api/escalations?status=closed').set(auth(doctor)).expect(200);
    expect(answered.body.every((e: { replied_by_name: string | null }) => !!e.replied_by_name)).toBe(true);
  });
});
