import { MigrationInterface, QueryRunner } from 'typeorm';

const OPEN = `('pending', 'due', 'overdue', 'in_progress')`;
const TZ = `'Asia/Shanghai'`;
const ZERO = `'00000000-0000-0000-0000-000000000000'::uuid`;

/** A plan `fp`'s enrolment time, or NULL once it is cancelled (new patients count plans not cancelled). */
const ACTIVE_ENROLMENT = `CASE WHEN fp.status <> 'cancelled' THEN fp.enrolled_at END`;
/** The staff member of the task's latest contact attempt (docs/reports.md, "task staff"). */
const LAST_CALLER = (task: string) =>
  `(SELECT a.staff_id FROM contact_attempt a WHERE a.task_id = ${task} ORDER BY a.started_at DESC LIMIT 1)`;
/** The patient had an encounter (not cancelled) starting after the task's completion. */
const CAME_BACK = (patient: string, completed: string) =>
  `EXISTS (SELECT 1 FROM encounter r WHERE r.patient_id = ${patient} AND r.cancelled_at IS NULL
                  AND COALESCE(r.admitted_at, r.discharged_at) > ${completed})`;

/**
 * Adds the signed rows of `source` (columns: sign, report_department_id, report_staff_id, due_date,
 * status, completed_at, window_start, window_end) to the daily task totals. Keys are taken in order,
 * so two transactions touching the same days lock their rows in the same order.
 */
const TASK_DELTA = (source: string) => `
  INSERT INTO report_task_daily AS d (department_key, due_date, staff_key, department_id, staff_id, due, done, done_on_time, open)
  SELECT COALESCE(c.report_department_id, ${ZERO}), c.due_date, COALESCE(c.report_staff_id, ${ZERO}), c.report_department_id, c.report_staff_id,
         sum(CASE WHEN c.status <> 'cancelled' THEN c.sign ELSE 0 END),
         sum(CASE WHEN c.status = 'done' THEN c.sign ELSE 0 END),
         sum(CASE WHEN c.status = 'done' AND (c.completed_at AT TIME ZONE ${TZ})::date BETWEEN c.window_start AND c.window_end
                  THEN c.sign ELSE 0 END),
         sum(CASE WHEN c.status IN ${OPEN} THEN c.sign ELSE 0 END)
    FROM (${source}) c
   GROUP BY c.report_department_id, c.due_date, c.report_staff_id
  HAVING sum(CASE WHEN c.status <> 'cancelled' THEN c.sign ELSE 0 END) <> 0
      OR sum(CASE WHEN c.status = 'done' THEN c.sign ELSE 0 END) <> 0
      OR sum(CASE WHEN c.status = 'done' AND (c.completed_at AT TIME ZONE ${TZ})::date BETWEEN c.window_start AND c.window_end
                  THEN c.sign ELSE 0 END) <> 0
      OR sum(CASE WHEN c.status IN ${OPEN} THEN c.sign ELSE 0 END) <> 0
   ORDER BY 1, 2, 3
  ON CONFLICT (department_key, due_date, staff_key) DO UPDATE SET
    due = d.due + EXCLUDED.due, done = d.done + EXCLUDED.done, done_on_time = d.done_on_time + EXCLUDED.done_on_time,
    open = d.open + EXCLUDED.open`;
const TASK_COLS = (sign: number, t: string) =>
  `SELECT ${sign} AS sign, report_department_id, report_staff_id, due_date, status, completed_at, window_start, window_end FROM ${t}`;

/**
 * Adds the tasks of `source` (a table or an aliased subquery of followup_task rows) to the daily task
 * totals: for rows written with triggers off (the benchmark's generated year of tasks).
 */
export const addToTaskTotals = (source: string): string => TASK_DELTA(TASK_COLS(1, source));

/** Adds the signed rows of `source` (sign, department_id, staff_id, started_at, outcome, duration_seconds) to the daily call totals. */
const CALL_DELTA = (source: string) => `
  INSERT INTO report_call_daily AS d (department_key, day, staff_key, department_id, staff_id, calls, reached, seconds, timed)
  SELECT COALESCE(c.department_id, ${ZERO}), (c.started_at AT TIME ZONE ${TZ})::date, COALESCE(c.staff_id, ${ZERO}), c.department_id, c.staff_id,
         sum(c.sign), sum(CASE WHEN c.outcome IN ('reached', 'reached_family') THEN c.sign ELSE 0 END),
         sum(COALESCE(c.duration_seconds, 0) * c.sign), sum(CASE WHEN c.duration_seconds IS NOT NULL THEN c.sign ELSE 0 END)
    FROM (${source}) c
   GROUP BY c.department_id, (c.started_at AT TIME ZONE ${TZ})::date, c.staff_id
  HAVING sum(c.sign) <> 0 OR sum(COALESCE(c.duration_seconds, 0) * c.sign) <> 0
      OR sum(CASE WHEN c.outcome IN ('reached', 'reached_family') THEN c.sign ELSE 0 END) <> 0
      OR sum(CASE WHEN c.duration_seconds IS NOT NULL THEN c.sign ELSE 0 END) <> 0
   ORDER BY 1, 2, 3
  ON CONFLICT (department_key, day, staff_key) DO UPDATE SET
    calls = d.calls + EXCLUDED.calls, reached = d.reached + EXCLUDED.reached, seconds = d.seconds + EXCLUDED.seconds,
    timed = d.timed + EXCLUDED.timed`;
const CALL_COLS = (sign: number, t: string) =>
  `SELECT ${sign} AS sign, department_id, staff_id, started_at, outcome, duration_seconds FROM ${t}`;

/** Statement triggers (insert, update, delete) with transition tables running `fn` on `table`. */
async function statementTriggers(q: QueryRunner, table: string, name: string, fn: string): Promise<void> {
  await q.query(
    `CREATE TRIGGER ${name}_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
  );
  await q.query(
    `CREATE TRIGGER ${name}_update AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
  );
  await q.query(
    `CREATE TRIGGER ${name}_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
  );
}

/**
 * Supervisor table rollups (issue #7 benchmark: 1.5 s for a department's month, EXPLAIN in
 * docs/performance.md). What the table used to look up per task is kept on the task:
 *  - `last_caller_id`: the staff member of its latest contact attempt (statement triggers on contact_attempt);
 *  - `report_staff_id`: its owner, COALESCE(completed_by, assigned_to, claimed_by, last_caller_id) (row trigger);
 *  - `returned`: done, and the patient had an encounter (not cancelled) starting after the completion
 *    (row trigger when the task changes, statement triggers on encounter for inserts — HL7, COPY
 *    imports — updates and deletes);
 *  - `plan_enrolled_at`: its plan's enrolment time while the plan is not cancelled (new patients;
 *    a statement trigger on followup_plan keeps it when a plan is cancelled or restored).
 * Daily totals per department, staff member and day are kept by statement triggers: tasks by due day
 * (`report_task_daily`: due, done, done on time, open) and calls by start day (`report_call_daily`).
 * Overdue and due next week depend on today, so the report sums the open tasks of the right days.
 * The department index on tasks covers the columns the patient counts need (index-only scans).
 */
export class ReportRollup1764620000000 implements MigrationInterface {
  name = 'ReportRollup1764620000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "followup_task" ADD "last_caller_id" uuid, ADD "report_staff_id" uuid, ADD "returned" boolean NOT NULL DEFAULT false,
         ADD "plan_enrolled_at" timestamptz`,
    );
    // Back-fill: the latest caller per task and each patient's latest encounter start in one pass each.
    await q.query(`
      WITH lc AS (SELECT DISTINCT ON (task_id) task_id, staff_id FROM contact_attempt WHERE task_id IS NOT NULL ORDER BY task_id, started_at DESC),
           back AS (SELECT patient_id, max(COALESCE(admitted_at, discharged_at)) AS at FROM encounter WHERE cancelled_at IS NULL GROUP BY patient_id),
           x AS (SELECT k.id, lc.staff_id, ${ACTIVE_ENROLMENT} AS enrolled_at, (k.status = 'done' AND k.completed_at IS NOT NULL AND COALESCE(b.at > k.completed_at, false)) AS returned
                   FROM followup_task k JOIN followup_plan fp ON fp.id = k.plan_id
                   LEFT JOIN lc ON lc.task_id = k.id LEFT JOIN back b ON b.patient_id = k.patient_id)
      UPDATE followup_task k SET last_caller_id = x.staff_id, report_staff_id = COALESCE(k.completed_by, k.assigned_to, k.claimed_by, x.staff_id),
             plan_enrolled_at = x.enrolled_at, returned = x.returned
        FROM x WHERE x.id = k.id`);

    await q.query(`CREATE FUNCTION report_task_owner() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP = 'INSERT' OR NEW.plan_id IS DISTINCT FROM OLD.plan_id THEN
          NEW.plan_enrolled_at := (SELECT ${ACTIVE_ENROLMENT} FROM followup_plan fp WHERE fp.id = NEW.plan_id);
        END IF;
        NEW.report_staff_id := COALESCE(NEW.completed_by, NEW.assigned_to, NEW.claimed_by, NEW.last_caller_id);
        IF TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status OR NEW.completed_at IS DISTINCT FROM OLD.completed_at
           OR NEW.patient_id IS DISTINCT FROM OLD.patient_id THEN
          NEW.returned := NEW.status = 'done' AND NEW.completed_at IS NOT NULL AND ${CAME_BACK('NEW.patient_id', 'NEW.completed_at')};
        END IF;
        RETURN NEW;
      END $fn$`);
    await q.query(
      `CREATE TRIGGER tr_followup_task_report_owner BEFORE INSERT OR UPDATE OF plan_id, patient_id, status, completed_at, completed_by,
         assigned_to, claimed_by, last_caller_id ON followup_task FOR EACH ROW EXECUTE FUNCTION report_task_owner()`,
    );

    const lastCaller = (tasks: string) => `UPDATE followup_task k SET last_caller_id = ${LAST_CALLER('k.id')}
           WHERE k.id IN (${tasks}) AND k.last_caller_id IS DISTINCT FROM ${LAST_CALLER('k.id')}`;
    await q.query(`CREATE FUNCTION report_task_last_caller() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          ${lastCaller('SELECT task_id FROM new_rows')};
          ${CALL_DELTA(CALL_COLS(1, 'new_rows'))};
        ELSIF TG_OP = 'UPDATE' THEN
          ${lastCaller('SELECT task_id FROM new_rows UNION SELECT task_id FROM old_rows')};
          ${CALL_DELTA(`${CALL_COLS(-1, 'old_rows')} UNION ALL ${CALL_COLS(1, 'new_rows')}`)};
        ELSE
          ${lastCaller('SELECT task_id FROM old_rows')};
          ${CALL_DELTA(CALL_COLS(-1, 'old_rows'))};
        END IF;
        RETURN NULL;
      END $fn$`);
    await statementTriggers(q, 'contact_attempt', 'tr_contact_attempt_report', 'report_task_last_caller');

    const recompute = (patients: string) => `UPDATE followup_task k SET returned = NOT k.returned
           WHERE k.patient_id IN (${patients}) AND k.status = 'done'
             AND k.returned <> (k.completed_at IS NOT NULL AND ${CAME_BACK('k.patient_id', 'k.completed_at')})`;
    await q.query(`CREATE FUNCTION report_task_returned() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          -- A new encounter can only add return visits: flag the done tasks completed before it started.
          UPDATE followup_task k SET returned = true
            FROM (SELECT patient_id, max(COALESCE(admitted_at, discharged_at)) AS at FROM new_rows
                   WHERE cancelled_at IS NULL GROUP BY patient_id) n
           WHERE k.patient_id = n.patient_id AND k.status = 'done' AND NOT k.returned AND k.completed_at < n.at;
        ELSIF TG_OP = 'UPDATE' THEN
          -- A changed, cancelled or moved encounter: recompute for its patients (old and new).
          ${recompute(`SELECT p FROM new_rows n JOIN old_rows o ON o.id = n.id, LATERAL (VALUES (o.patient_id), (n.patient_id)) v(p)
                        WHERE (o.patient_id, o.admitted_at, o.discharged_at, o.cancelled_at)
                              IS DISTINCT FROM (n.patient_id, n.admitted_at, n.discharged_at, n.cancelled_at)`)};
        ELSE
          ${recompute('SELECT patient_id FROM old_rows')};
        END IF;
        RETURN NULL;
      END $fn$`);
    await statementTriggers(q, 'encounter', 'tr_encounter_report_returned', 'report_task_returned');

    await q.query(`CREATE FUNCTION report_task_plan_enrolment() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        UPDATE followup_task k SET plan_enrolled_at = ${ACTIVE_ENROLMENT}
          FROM new_rows fp JOIN old_rows o ON o.id = fp.id
         WHERE k.plan_id = fp.id AND (o.status = 'cancelled', o.enrolled_at) IS DISTINCT FROM (fp.status = 'cancelled', fp.enrolled_at);
        RETURN NULL;
      END $fn$`);
    await q.query(
      `CREATE TRIGGER tr_followup_plan_report_enrolment AFTER UPDATE ON followup_plan REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
         FOR EACH STATEMENT EXECUTE FUNCTION report_task_plan_enrolment()`,
    );

    await q.query(
      `CREATE TABLE "report_task_daily" ("department_key" uuid NOT NULL, "due_date" date NOT NULL, "staff_key" uuid NOT NULL, "department_id" uuid, "staff_id" uuid, "due" integer NOT NULL, "done" integer NOT NULL, "done_on_time" integer NOT NULL, "open" integer NOT NULL, CONSTRAINT "pk_report_task_daily" PRIMARY KEY ("department_key", "due_date", "staff_key"))`,
    );
    await q.query(
      `CREATE TABLE "report_call_daily" ("department_key" uuid NOT NULL, "day" date NOT NULL, "staff_key" uuid NOT NULL, "department_id" uuid, "staff_id" uuid, "calls" integer NOT NULL, "reached" integer NOT NULL, "seconds" bigint NOT NULL, "timed" integer NOT NULL, CONSTRAINT "pk_report_call_daily" PRIMARY KEY ("department_key", "day", "staff_key"))`,
    );
    await q.query(TASK_DELTA(TASK_COLS(1, 'followup_task')));
    await q.query(CALL_DELTA(CALL_COLS(1, 'contact_attempt')));
    await q.query(`CREATE FUNCTION report_task_daily() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          ${TASK_DELTA(TASK_COLS(1, 'new_rows'))};
        ELSIF TG_OP = 'UPDATE' THEN
          ${TASK_DELTA(`${TASK_COLS(-1, 'old_rows')} UNION ALL ${TASK_COLS(1, 'new_rows')}`)};
        ELSE
          ${TASK_DELTA(TASK_COLS(-1, 'old_rows'))};
        END IF;
        RETURN NULL;
      END $fn$`);
    await statementTriggers(q, 'followup_task', 'tr_followup_task_report_daily', 'report_task_daily');

    // The department index also carries what the patient counts read, for index-only scans.
    await q.query(`DROP INDEX "ix_followup_task_report_department_due"`);
    await q.query(
      `CREATE INDEX "ix_followup_task_report_department_due" ON "followup_task" ("report_department_id", "due_date")
         INCLUDE ("status", "patient_id", "report_staff_id", "returned", "plan_enrolled_at")`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_followup_task_report_department_due"`);
    await q.query(`CREATE INDEX "ix_followup_task_report_department_due" ON "followup_task" ("report_department_id", "due_date")`);
    for (const op of ['insert', 'update', 'delete']) {
      await q.query(`DROP TRIGGER tr_followup_task_report_daily_${op} ON followup_task`);
      await q.query(`DROP TRIGGER tr_encounter_report_returned_${op} ON encounter`);
      await q.query(`DROP TRIGGER tr_contact_attempt_report_${op} ON contact_attempt`);
    }
    await q.query(`DROP FUNCTION report_task_daily()`);
    await q.query(`DROP TRIGGER tr_followup_plan_report_enrolment ON followup_plan`);
    await q.query(`DROP FUNCTION report_task_plan_enrolment()`);
    await q.query(`DROP FUNCTION report_task_returned()`);
    await q.query(`DROP FUNCTION report_task_last_caller()`);
    await q.query(`DROP TRIGGER tr_followup_task_report_owner ON followup_task`);
    await q.query(`DROP FUNCTION report_task_owner()`);
    await q.query(`DROP TABLE "report_call_daily"`);
    await q.query(`DROP TABLE "report_task_daily"`);
    await q.query(
      `ALTER TABLE "followup_task" DROP COLUMN "plan_enrolled_at", DROP COLUMN "returned", DROP COLUMN "report_staff_id", DROP COLUMN "last_caller_id"`,
    );
  }
}
