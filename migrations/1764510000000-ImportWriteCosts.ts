import { MigrationInterface, QueryRunner } from 'typeorm';

/** The search-scope trigger function on encounter, with the given statement for inserts. */
function refreshFunction(onInsert: string): string {
  return `CREATE OR REPLACE FUNCTION encounter_refresh_patients() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          ${onInsert}
        ELSIF TG_OP = 'UPDATE' THEN
          PERFORM patient_refresh_visits(ARRAY(SELECT patient_id FROM new_rows UNION SELECT patient_id FROM old_rows));
        ELSE
          PERFORM patient_refresh_visits(ARRAY(SELECT DISTINCT patient_id FROM old_rows));
        END IF;
        RETURN NULL;
      END $$`;
}

const ADD_NEW_ENCOUNTERS = `UPDATE patient p SET department_ids = ARRAY(SELECT DISTINCT d FROM unnest(p.department_ids || n.department_ids) d ORDER BY 1),
                               last_visit_at = GREATEST(p.last_visit_at, n.last_visit_at)
            FROM (SELECT patient_id,
                         COALESCE(array_agg(DISTINCT department_id) FILTER (WHERE department_id IS NOT NULL), '{}') AS department_ids,
                         max(COALESCE(discharged_at, admitted_at)) AS last_visit_at
                    FROM new_rows GROUP BY patient_id) n
           WHERE p.id = n.patient_id
             AND (NOT p.department_ids @> n.department_ids OR n.last_visit_at > p.last_visit_at
                  OR (p.last_visit_at IS NULL AND n.last_visit_at IS NOT NULL));`;

/**
 * Cheaper writes of new patients and encounters (bulk import, HL7), measured on the import
 * benchmark: per 5,000 rows the encounter insert took ~190 ms of PostgreSQL CPU, of which the
 * search-scope trigger ~70 ms, and the patient insert ~210 ms.
 * - The encounter INSERT trigger adds the new encounters' departments and latest visit to their
 *   patients (union and maximum) instead of recomputing both from all of each patient's
 *   encounters; the result is the same, as inserting encounters can only add departments and later
 *   visits. UPDATE and DELETE still recompute (they can remove).
 * - The patient row trigger that adds the registering department to the scope only runs when there
 *   is one (imports and HL7 never set it).
 * - The registered-department and organisation indexes leave out the (usual) NULLs, which cost an
 *   index entry per new patient and serve no query (`= value` implies NOT NULL).
 */
export class ImportWriteCosts1764510000000 implements MigrationInterface {
  name = 'ImportWriteCosts1764510000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(refreshFunction(ADD_NEW_ENCOUNTERS));
    await q.query(`DROP TRIGGER trg_patient_registered_department ON "patient"`);
    await q.query(
      `CREATE TRIGGER trg_patient_registered_department BEFORE INSERT OR UPDATE OF registered_department_id ON "patient" FOR EACH ROW WHEN (NEW.registered_department_id IS NOT NULL) EXECUTE FUNCTION patient_registered_department()`,
    );
    await q.query(`DROP INDEX "ix_patient_registered_department"`);
    await q.query(
      `CREATE INDEX "ix_patient_registered_department" ON "patient" ("registered_department_id") WHERE "registered_department_id" IS NOT NULL`,
    );
    await q.query(`DROP INDEX "ix_patient_organisation"`);
    await q.query(`CREATE INDEX "ix_patient_organisation" ON "patient" ("organisation_id") WHERE "organisation_id" IS NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_patient_organisation"`);
    await q.query(`CREATE INDEX "ix_patient_organisation" ON "patient" ("organisation_id")`);
    await q.query(`DROP INDEX "ix_patient_registered_department"`);
    await q.query(`CREATE INDEX "ix_patient_registered_department" ON "patient" ("registered_department_id")`);
    await q.query(`DROP TRIGGER trg_patient_registered_department ON "patient"`);
    await q.query(
      `CREATE TRIGGER trg_patient_registered_department BEFORE INSERT OR UPDATE OF registered_department_id ON "patient" FOR EACH ROW EXECUTE FUNCTION patient_registered_department()`,
    );
    await q.query(refreshFunction(`PERFORM patient_refresh_visits(ARRAY(SELECT DISTINCT patient_id FROM new_rows));`));
  }
}
