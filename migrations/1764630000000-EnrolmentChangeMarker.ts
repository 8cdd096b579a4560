import { MigrationInterface, QueryRunner } from 'typeorm';

/** The writing transaction's id as a bigint (64-bit, epoch included, so it never wraps); a function so the column default has no casts. */
const CURRENT_XID = `current_xid()`;

/**
 * The enrolment scan finds encounters by when they changed instead of re-reading every discharge of
 * the last 7 days for every template (issue #5: 3–10 s per minute with nothing new on 1M patients).
 *
 * `encounter.change_xid` is the id of the last transaction that wrote something enrolment rules look
 * at: the encounter's patient, type, department, ward, admission, discharge, disposition or
 * cancellation, or its diagnoses or procedures. The scan keeps as watermark the oldest transaction
 * still running when it started (`pg_snapshot_xmin`), and next time reads `change_xid >= watermark`
 * through the index: a transaction that commits after a scan started is never skipped, whatever the
 * order in which transactions commit (a timestamp or sequence watermark would skip those).
 * How the marker is kept, on every write path (TypeORM, HL7 raw SQL, import COPY):
 * - insert (including COPY): the column default, no trigger and no second row version;
 * - update of one of those columns: a BEFORE UPDATE row trigger with a WHEN clause, so other updates
 *   do not even call it, and the marker is set in the row being written (no second row version);
 * - diagnoses and procedures: statement-level AFTER triggers (transition tables) touch the
 *   encounters once per statement, skipping those already marked by the same transaction (an import
 *   or an HL7 message writes the encounter and its diagnoses together, so nothing more is written).
 * Rows written before this migration keep NULL (not in the index); the first scan after the upgrade
 * still reads discharges of the last 7 days by discharge time (EnrolmentJob).
 */
export class EnrolmentChangeMarker1764630000000 implements MigrationInterface {
  name = 'EnrolmentChangeMarker1764630000000';

  public async up(q: QueryRunner): Promise<void> {
    // Nullable and the default set afterwards: no rewrite of the existing rows (2.5 million on the benchmark).
    await q.query(`CREATE FUNCTION current_xid() RETURNS bigint LANGUAGE sql VOLATILE AS 'SELECT pg_current_xact_id()::text::bigint'`);
    await q.query(`ALTER TABLE "encounter" ADD "change_xid" bigint`);
    await q.query(`ALTER TABLE "encounter" ALTER COLUMN "change_xid" SET DEFAULT ${CURRENT_XID}`);
    await q.query(`CREATE INDEX "ix_encounter_change_xid" ON "encounter" ("change_xid") WHERE "change_xid" IS NOT NULL`);
    await q.query(`CREATE FUNCTION encounter_mark_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.change_xid := ${CURRENT_XID};
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER trg_encounter_mark_change BEFORE UPDATE ON "encounter" FOR EACH ROW
      WHEN (OLD.patient_id IS DISTINCT FROM NEW.patient_id OR OLD.type IS DISTINCT FROM NEW.type
            OR OLD.department_id IS DISTINCT FROM NEW.department_id OR OLD.ward_id IS DISTINCT FROM NEW.ward_id
            OR OLD.admitted_at IS DISTINCT FROM NEW.admitted_at OR OLD.discharged_at IS DISTINCT FROM NEW.discharged_at
            OR OLD.discharge_disposition IS DISTINCT FROM NEW.discharge_disposition OR OLD.cancelled_at IS DISTINCT FROM NEW.cancelled_at)
      EXECUTE FUNCTION encounter_mark_change()`);
    await q.query(`CREATE FUNCTION encounter_detail_mark_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          UPDATE encounter e SET change_xid = ${CURRENT_XID}
           WHERE e.id IN (SELECT encounter_id FROM old_rows) AND e.change_xid IS DISTINCT FROM ${CURRENT_XID};
        ELSE
          UPDATE encounter e SET change_xid = ${CURRENT_XID}
           WHERE e.id IN (SELECT encounter_id FROM new_rows) AND e.change_xid IS DISTINCT FROM ${CURRENT_XID};
        END IF;
        RETURN NULL;
      END $$`);
    for (const table of ['encounter_diagnosis', 'encounter_procedure']) {
      await q.query(
        `CREATE TRIGGER trg_${table}_mark_insert AFTER INSERT ON "${table}" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION encounter_detail_mark_change()`,
      );
      await q.query(
        `CREATE TRIGGER trg_${table}_mark_update AFTER UPDATE ON "${table}" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION encounter_detail_mark_change()`,
      );
      await q.query(
        `CREATE TRIGGER trg_${table}_mark_delete AFTER DELETE ON "${table}" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION encounter_detail_mark_change()`,
      );
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of ['encounter_procedure', 'encounter_diagnosis']) {
      for (const op of ['delete', 'update', 'insert']) await q.query(`DROP TRIGGER trg_${table}_mark_${op} ON "${table}"`);
    }
    await q.query(`DROP FUNCTION encounter_detail_mark_change()`);
    await q.query(`DROP TRIGGER trg_encounter_mark_change ON "encounter"`);
    await q.query(`DROP FUNCTION encounter_mark_change()`);
    await q.query(`DROP INDEX "ix_encounter_change_xid"`);
    await q.query(`ALTER TABLE "encounter" DROP COLUMN "change_xid"`);
    await q.query(`DROP FUNCTION current_xid()`);
    // The earlier scan reads a time: from now, it looks back its 7 days again.
    await q.query(
      `UPDATE app_setting SET value = to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') WHERE key = 'followup.enrolment_scan' AND value LIKE 'xid:%'`,
    );
  }
}
