import { MigrationInterface, QueryRunner } from 'typeorm';

const OPEN = `('pending', 'due', 'overdue', 'in_progress')`;

/**
 * The call list's department scope kept on the task (issue #6 benchmark): a task belongs to the
 * department responsible for it (its own `department_id` for department-team steps), else the
 * department of its plan's anchor encounter, else the patient's first department. Filled by a
 * trigger on insert and when the task's department or plan changes, and moved along when an
 * encounter changes department (a transfer). Partial covering indexes on open tasks led by the scope
 * serve the today / overdue / pool views with index-only range scans, instead of probing the patient
 * of every matching task of the hospital.
 */
export class WorklistTaskScope1764500000000 implements MigrationInterface {
  name = 'WorklistTaskScope1764500000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "followup_task" ADD "scope_department_id" uuid`);
    await q.query(`
      CREATE FUNCTION followup_task_scope(p_department uuid, p_plan uuid, p_patient uuid) RETURNS uuid
      LANGUAGE sql STABLE AS $$
        SELECT COALESCE(p_department,
                        (SELECT e.department_id FROM followup_plan fp JOIN encounter e ON e.id = fp.encounter_id WHERE fp.id = p_plan),
                        (SELECT pt.department_ids[1] FROM patient pt WHERE pt.id = p_patient))
      $$`);
    await q.query(`
      CREATE FUNCTION followup_task_set_scope() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.scope_department_id := followup_task_scope(NEW.department_id, NEW.plan_id, NEW.patient_id);
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER trg_followup_task_scope_insert BEFORE INSERT ON followup_task
        FOR EACH ROW WHEN (NEW.scope_department_id IS NULL) EXECUTE FUNCTION followup_task_set_scope()`);
    await q.query(`
      CREATE TRIGGER trg_followup_task_scope_update BEFORE UPDATE OF department_id, plan_id, patient_id ON followup_task
        FOR EACH ROW WHEN (OLD.department_id IS DISTINCT FROM NEW.department_id OR OLD.plan_id IS DISTINCT FROM NEW.plan_id
                           OR OLD.patient_id IS DISTINCT FROM NEW.patient_id)
        EXECUTE FUNCTION followup_task_set_scope()`);
    await q.query(`
      CREATE FUNCTION encounter_move_task_scope() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE followup_task k SET scope_department_id = followup_task_scope(k.department_id, k.plan_id, k.patient_id)
          FROM followup_plan fp
         WHERE fp.encounter_id = NEW.id AND k.plan_id = fp.id AND k.department_id IS NULL AND k.status IN ${OPEN};
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER trg_encounter_task_scope AFTER UPDATE OF department_id ON encounter
        FOR EACH ROW WHEN (OLD.department_id IS DISTINCT FROM NEW.department_id) EXECUTE FUNCTION encounter_move_task_scope()`);
    await q.query(`
      UPDATE followup_task k SET scope_department_id = COALESCE(k.department_id, e.department_id, pt.department_ids[1])
        FROM followup_plan fp LEFT JOIN encounter e ON e.id = fp.encounter_id, patient pt
       WHERE fp.id = k.plan_id AND pt.id = k.patient_id`);
    // Two covering indexes on open tasks, both led by the scope: by due day (today, overdue) and by
    // window start (the pool, and the one-pass counts). They replace the hospital-wide due-day and
    // window-start indexes, which the planner preferred on misleading estimates (most past tasks are
    // closed); hospital-wide users use ix_followup_task_due (status, due_date).
    const include = `INCLUDE ("id", "patient_id", "next_attempt_at", "claimed_by", "claim_expires_at", "assigned_to", "channel", "plan_id", "attempts")`;
    await q.query(
      `CREATE INDEX "ix_followup_task_scope_due" ON "followup_task" ("scope_department_id", "due_date", "window_start") ${include} WHERE "status" IN ${OPEN}`,
    );
    await q.query(
      `CREATE INDEX "ix_followup_task_scope_window" ON "followup_task" ("scope_department_id", "window_start", "due_date") ${include} WHERE "status" IN ${OPEN}`,
    );
    await q.query(`DROP INDEX "ix_followup_task_worklist"`);
    await q.query(`DROP INDEX "ix_followup_task_open_window"`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "ix_followup_task_open_window" ON "followup_task" ("window_start") WHERE "status" IN ${OPEN}`);
    await q.query(
      `CREATE INDEX "ix_followup_task_worklist" ON "followup_task" ("due_date", "next_attempt_at") WHERE "status" IN ${OPEN}`,
    );
    await q.query(`DROP INDEX "ix_followup_task_scope_window"`);
    await q.query(`DROP INDEX "ix_followup_task_scope_due"`);
    await q.query(`DROP TRIGGER trg_encounter_task_scope ON encounter`);
    await q.query(`DROP FUNCTION encounter_move_task_scope()`);
    await q.query(`DROP TRIGGER trg_followup_task_scope_update ON followup_task`);
    await q.query(`DROP TRIGGER trg_followup_task_scope_insert ON followup_task`);
    await q.query(`DROP FUNCTION followup_task_set_scope()`);
    await q.query(`DROP FUNCTION followup_task_scope(uuid, uuid, uuid)`);
    await q.query(`ALTER TABLE "followup_task" DROP COLUMN "scope_department_id"`);
  }
}
