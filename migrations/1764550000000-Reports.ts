import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The satisfaction answers of every response in reportable form (issue #7, docs/reports.md): one row per
 * answered question that has a dimension and a score. Frozen with this migration: the trigger turns
 * each new response into rows, so the satisfaction report aggregates narrow rows instead of expanding
 * questionnaire JSON for every response at query time. Existing responses are back-filled.
 */
const ROWS = (where: string) => `
  INSERT INTO satisfaction_answer (response_id, question_id, task_id, patient_id, questionnaire_id, dimension, kind, scale_max, score, positive,
                                   day, mode, department_id, ward_id, doctor, nurse_id)
  SELECT r.id, qq->>'id', r.task_id, r.patient_id, r.questionnaire_id, qq->>'dimension', qq->>'type', s.scale_max, s.score,
         CASE WHEN s.score IS NULL THEN NULL ELSE s.score >= COALESCE(s.positive_from, s.scale_max) END,
         (r.submitted_at AT TIME ZONE 'Asia/Shanghai')::date, r.mode, COALESCE(k.department_id, e.department_id), e.ward_id,
         e.attending_doctor, r.submitted_by
    FROM questionnaire_response r
    JOIN questionnaire q ON q.id = r.questionnaire_id
    JOIN followup_task k ON k.id = r.task_id
    JOIN followup_plan p ON p.id = k.plan_id
    LEFT JOIN encounter e ON e.id = p.encounter_id
   CROSS JOIN LATERAL jsonb_array_elements(q.definition->'sections') sec
   CROSS JOIN LATERAL jsonb_array_elements(sec->'questions') qq
   CROSS JOIN LATERAL (
     SELECT CASE qq->>'type' WHEN 'rating' THEN 5 WHEN 'nps' THEN 10
                 ELSE (SELECT max((o->>'score')::numeric) FROM jsonb_array_elements(qq->'options') o) END AS scale_max,
            CASE qq->>'type' WHEN 'rating' THEN 4 WHEN 'nps' THEN 9
                 ELSE (SELECT DISTINCT (o->>'score')::numeric FROM jsonb_array_elements(qq->'options') o
                        WHERE o ? 'score' ORDER BY 1 DESC OFFSET 1 LIMIT 1) END AS positive_from,
            CASE WHEN qq->>'type' IN ('rating', 'nps') THEN (r.answers->>(qq->>'id'))::numeric
                 ELSE (SELECT (o->>'score')::numeric FROM jsonb_array_elements(qq->'options') o WHERE o->>'code' = r.answers->>(qq->>'id')) END AS score
   ) s
   WHERE ${where}
     AND qq ? 'dimension' AND qq->>'type' IN ('rating', 'nps', 'single', 'dropdown')
     AND jsonb_typeof(r.answers->(qq->>'id')) IN ('string', 'number') AND s.scale_max IS NOT NULL`;

export class Reports1764550000000 implements MigrationInterface {
  name = 'Reports1764550000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "satisfaction_answer" ("response_id" uuid NOT NULL, "question_id" character varying(64) NOT NULL, "task_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "questionnaire_id" uuid NOT NULL, "dimension" character varying(16) NOT NULL, "kind" character varying(16) NOT NULL, "scale_max" numeric NOT NULL, "score" numeric, "positive" boolean, "day" date NOT NULL, "mode" character varying(8) NOT NULL, "department_id" uuid, "ward_id" uuid, "doctor" character varying(100), "nurse_id" uuid, CONSTRAINT "pk_satisfaction_answer" PRIMARY KEY ("response_id", "question_id"))`,
    );
    await q.query(`CREATE INDEX "ix_satisfaction_answer_day" ON "satisfaction_answer" ("day") `);
    await q.query(`CREATE INDEX "ix_satisfaction_answer_department_day" ON "satisfaction_answer" ("department_id", "day") `);
    await q.query(
      `ALTER TABLE "satisfaction_answer" ADD CONSTRAINT "fk_satisfaction_answer_response" FOREIGN KEY ("response_id") REFERENCES "questionnaire_response"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(`CREATE FUNCTION report_satisfaction_answers() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        ${ROWS('r.id IN (SELECT id FROM new_rows)')};
        RETURN NULL;
      END $fn$`);
    await q.query(
      `CREATE TRIGGER tr_questionnaire_response_satisfaction AFTER INSERT ON questionnaire_response
         REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_satisfaction_answers()`,
    );
    await q.query(ROWS('true'));
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER tr_questionnaire_response_satisfaction ON questionnaire_response`);
    await q.query(`DROP FUNCTION report_satisfaction_answers()`);
    await q.query(`DROP TABLE "satisfaction_answer"`);
  }
}
