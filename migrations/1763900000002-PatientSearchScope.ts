import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fast scoped search over millions of patients: each patient row carries the departments that may
 * see it and its latest visit time, maintained by statement-level triggers on encounter and a row
 * trigger on patient. The name/pinyin search indexes cover name and departments, so broad searches
 * ("王", "ZS") are answered from the index without visiting every matching row.
 */
export class PatientSearchScope1763900000002 implements MigrationInterface {
  name = 'PatientSearchScope1763900000002';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "patient" ADD "department_ids" uuid array NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE "patient" ADD "last_visit_at" TIMESTAMP WITH TIME ZONE`);

    // Rewrites only rows whose values change: an importer that already wrote them pays nothing more.
    await q.query(`CREATE FUNCTION patient_refresh_visits(ids uuid[]) RETURNS void LANGUAGE sql AS $$
      UPDATE patient p SET department_ids = s.department_ids, last_visit_at = s.last_visit_at
        FROM (
          SELECT p2.id,
                 ARRAY(SELECT d FROM (
                         SELECT e.department_id AS d FROM encounter e WHERE e.patient_id = p2.id AND e.department_id IS NOT NULL
                         UNION SELECT p2.registered_department_id WHERE p2.registered_department_id IS NOT NULL
                       ) x ORDER BY d) AS department_ids,
                 (SELECT max(COALESCE(e.discharged_at, e.admitted_at)) FROM encounter e WHERE e.patient_id = p2.id) AS last_visit_at
            FROM patient p2 WHERE p2.id = ANY(ids)
        ) s
       WHERE p.id = s.id AND (p.department_ids IS DISTINCT FROM s.department_ids OR p.last_visit_at IS DISTINCT FROM s.last_visit_at)
    $$`);
    await q.query(`CREATE FUNCTION encounter_refresh_patients() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM patient_refresh_visits(ARRAY(SELECT DISTINCT patient_id FROM new_rows));
        ELSIF TG_OP = 'UPDATE' THEN
          PERFORM patient_refresh_visits(ARRAY(SELECT patient_id FROM new_rows UNION SELECT patient_id FROM old_rows));
        ELSE
          PERFORM patient_refresh_visits(ARRAY(SELECT DISTINCT patient_id FROM old_rows));
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER trg_encounter_refresh_insert AFTER INSERT ON "encounter" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION encounter_refresh_patients()`,
    );
    await q.query(
      `CREATE TRIGGER trg_encounter_refresh_update AFTER UPDATE ON "encounter" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION encounter_refresh_patients()`,
    );
    await q.query(
      `CREATE TRIGGER trg_encounter_refresh_delete AFTER DELETE ON "encounter" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION encounter_refresh_patients()`,
    );
    await q.query(`CREATE FUNCTION patient_registered_department() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.registered_department_id IS NOT NULL AND NOT (NEW.department_ids @> ARRAY[NEW.registered_department_id]) THEN
          NEW.department_ids := ARRAY(SELECT DISTINCT unnest(NEW.department_ids || NEW.registered_department_id) ORDER BY 1);
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER trg_patient_registered_department BEFORE INSERT OR UPDATE OF registered_department_id ON "patient" FOR EACH ROW EXECUTE FUNCTION patient_registered_department()`,
    );

    // Existing data, in one pass.
    await q.query(`UPDATE patient p SET department_ids = s.ids, last_visit_at = s.last_visit
      FROM (SELECT p2.id,
                   ARRAY(SELECT d FROM (SELECT e.department_id AS d FROM encounter e WHERE e.patient_id = p2.id AND e.department_id IS NOT NULL
                                        UNION SELECT p2.registered_department_id WHERE p2.registered_department_id IS NOT NULL) x ORDER BY d) AS ids,
                   (SELECT max(COALESCE(e.discharged_at, e.admitted_at)) FROM encounter e WHERE e.patient_id = p2.id) AS last_visit
              FROM patient p2) s
     WHERE p.id = s.id`);

    // Covering search indexes: match, sort key and scope in one index. INCLUDE id, name and
    // department_ids so each search branch is an index-only scan (no heap visit per matching
    // patient, which is what made broad searches slow at a million patients).
    await q.query(`DROP INDEX "ix_patient_name_pattern"`);
    await q.query(`DROP INDEX "ix_patient_pinyin_initials"`);
    await q.query(`DROP INDEX "ix_patient_name_pinyin"`);
    await q.query(
      `CREATE INDEX "ix_patient_name_pattern" ON "patient" ("name" text_pattern_ops) INCLUDE ("id", "department_ids") WHERE "merged_into_id" IS NULL`,
    );
    await q.query(
      `CREATE INDEX "ix_patient_pinyin_initials" ON "patient" ("pinyin_initials" text_pattern_ops) INCLUDE ("id", "name", "department_ids") WHERE "merged_into_id" IS NULL`,
    );
    await q.query(
      `CREATE INDEX "ix_patient_name_pinyin" ON "patient" ("name_pinyin" text_pattern_ops) INCLUDE ("id", "name", "department_ids") WHERE "merged_into_id" IS NULL`,
    );
    await q.query(
      `CREATE INDEX "ix_patient_last_visit" ON "patient" ("last_visit_at" DESC NULLS LAST, "id") INCLUDE ("department_ids") WHERE "merged_into_id" IS NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_patient_last_visit"`);
    await q.query(`DROP INDEX "ix_patient_name_pinyin"`);
    await q.query(`DROP INDEX "ix_patient_pinyin_initials"`);
    await q.query(`DROP INDEX "ix_patient_name_pattern"`);
    await q.query(`CREATE INDEX "ix_patient_name_pattern" ON "patient" ("name" text_pattern_ops) WHERE "merged_into_id" IS NULL`);
    await q.query(
      `CREATE INDEX "ix_patient_pinyin_initials" ON "patient" ("pinyin_initials" text_pattern_ops) WHERE "merged_into_id" IS NULL`,
    );
    await q.query(`CREATE INDEX "ix_patient_name_pinyin" ON "patient" ("name_pinyin" text_pattern_ops) WHERE "merged_into_id" IS NULL`);
    await q.query(`DROP TRIGGER trg_patient_registered_department ON "patient"`);
    await q.query(`DROP FUNCTION patient_registered_department()`);
    await q.query(`DROP TRIGGER trg_encounter_refresh_delete ON "encounter"`);
    await q.query(`DROP TRIGGER trg_encounter_refresh_update ON "encounter"`);
    await q.query(`DROP TRIGGER trg_encounter_refresh_insert ON "encounter"`);
    await q.query(`DROP FUNCTION encounter_refresh_patients()`);
    await q.query(`DROP FUNCTION patient_refresh_visits(uuid[])`);
    await q.query(`ALTER TABLE "patient" DROP COLUMN "last_visit_at"`);
    await q.query(`ALTER TABLE "patient" DROP COLUMN "department_ids"`);
  }
}
