import { instantRange, Params, scopeSql } from './report-sql';

/**
 * The supervisor table's SQL over the rollups (migration 1764620000000, docs/reports.md). Each query
 * returns one row per staff member (`key`, NULL = unassigned) and the department total row
 * (`total = true`). Rollups are filtered by `department_key` (their primary key's lead; equal to the
 * department for every department in a scope). The drill-downs keep reading the tasks and calls with the predicates of
 * report-sql.ts; the API tests check both give the same numbers.
 */
export interface SupervisorPeriod {
  from: string;
  to: string;
  today: string;
}

/**
 * Task counts from the daily totals by due day: due, done and done on time of the period; overdue =
 * open tasks due in the period before today; due next week = open tasks due today+1…today+7.
 */
export function supervisorTaskCounts(b: Params, p: SupervisorPeriod, depts: string[] | null): string {
  const from = b.p(p.from);
  const to = b.p(p.to);
  const today = b.p(p.today);
  const inP = `d.due_date BETWEEN ${from}::date AND ${to}::date`;
  const sum = (col: string, where: string) => `COALESCE(sum(d.${col}) FILTER (WHERE ${where}), 0)::int`;
  const cols = {
    due: sum('due', inP),
    done: sum('done', inP),
    doneOnTime: sum('done_on_time', inP),
    overdue: sum('open', `${inP} AND d.due_date < ${today}::date`),
    dueNextWeek: sum('open', `d.due_date BETWEEN ${today}::date + 1 AND ${today}::date + 7`),
  };
  return `SELECT d.staff_id::text AS key, grouping(d.staff_id) = 1 AS total,
                 ${Object.entries(cols)
                   .map(([k, v]) => `${v} AS "${k}"`)
                   .join(', ')}
            FROM report_task_daily d
           WHERE d.due_date BETWEEN LEAST(${from}::date, ${today}::date + 1) AND GREATEST(${to}::date, ${today}::date + 7)
             AND ${scopeSql(b, 'd.department_key', depts)}
           GROUP BY GROUPING SETS ((d.staff_id), ())
          HAVING ${Object.values(cols)
            .map((v) => `${v} <> 0`)
            .join(' OR ')}`;
}

/**
 * Distinct patients of the period's due tasks per owner and over the department (not additive, so
 * read from the tasks through the department index, which covers every column read: an index-only
 * scan). `plan_enrolled_at` is NULL while the plan is cancelled.
 */
export function supervisorPatientCounts(b: Params, p: Omit<SupervisorPeriod, 'today'>, depts: string[] | null): string {
  const from = b.p(p.from);
  const to = b.p(p.to);
  const enrolledInP = instantRange('k.plan_enrolled_at', from, to);
  return `SELECT x.staff::text AS key, x.total, count(*)::int AS "assignedPatients", count(*) FILTER (WHERE x.new)::int AS "newPatients",
                 count(*) FILTER (WHERE x.done)::int AS "followedUp", count(*) FILTER (WHERE x.returned)::int AS returned
            FROM (SELECT k.report_staff_id AS staff, grouping(k.report_staff_id) = 1 AS total, bool_or(k.status = 'done') AS done,
                         bool_or(k.status = 'done' AND k.returned) AS returned,
                         bool_or(${enrolledInP}) AS new
                    FROM followup_task k
                   WHERE k.due_date BETWEEN ${from}::date AND ${to}::date AND k.status <> 'cancelled'
                     AND ${scopeSql(b, 'k.report_department_id', depts)}
                   GROUP BY GROUPING SETS ((k.report_staff_id, k.patient_id), (k.patient_id))) x
           GROUP BY x.total, x.staff`;
}

/** Calls, reached calls, call time and calls with a duration, from the daily call totals by start day. */
export function supervisorCallCounts(b: Params, p: Omit<SupervisorPeriod, 'today'>, depts: string[] | null): string {
  return `SELECT c.staff_id::text AS key, grouping(c.staff_id) = 1 AS total, COALESCE(sum(c.calls), 0)::int AS calls,
                 COALESCE(sum(c.reached), 0)::int AS "reachedCalls", COALESCE(sum(c.seconds), 0)::int AS "callSeconds",
                 COALESCE(sum(c.timed), 0)::int AS "timedCalls"
            FROM report_call_daily c
           WHERE c.day BETWEEN ${b.p(p.from)}::date AND ${b.p(p.to)}::date AND ${scopeSql(b, 'c.department_key', depts)}
           GROUP BY GROUPING SETS ((c.staff_id), ())
          HAVING sum(c.calls) <> 0 OR sum(c.seconds) <> 0`;
}
