import { MigrationInterface, QueryRunner } from 'typeorm';

/** Versioned questionnaires (issue #5). A published version's content cannot change, enforced here. */
export class Questionnaires1764000000000 implements MigrationInterface {
  name = 'Questionnaires1764000000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "questionnaire" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(64) NOT NULL, "version" integer NOT NULL, "title_zh" character varying(200) NOT NULL, "title_en" character varying(200) NOT NULL, "description" text, "status" character varying(16) NOT NULL DEFAULT 'draft', "definition" jsonb NOT NULL, "library" boolean NOT NULL DEFAULT false, "owner_department_id" uuid, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, "retired_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_questionnaire_status" CHECK ("status" IN ('draft', 'published', 'retired')), CONSTRAINT "PK_e8232a11eaabac903636eb7e71e" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_questionnaire_code_version" ON "questionnaire" ("code", "version")`);
    // Published content is frozen: answers point at this exact version. Only status changes (retire).
    await q.query(`CREATE FUNCTION questionnaire_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status <> 'draft' AND (NEW.definition IS DISTINCT FROM OLD.definition OR NEW.code <> OLD.code OR NEW.version <> OLD.version
            OR NEW.title_zh <> OLD.title_zh OR NEW.title_en <> OLD.title_en) THEN
          RAISE EXCEPTION 'questionnaire % v% is % and cannot be changed', OLD.code, OLD.version, OLD.status USING ERRCODE = 'check_violation';
        END IF;
        IF OLD.status = 'retired' AND NEW.status <> 'retired' THEN
          RAISE EXCEPTION 'a retired questionnaire cannot be reactivated' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER trg_questionnaire_frozen BEFORE UPDATE ON "questionnaire" FOR EACH ROW EXECUTE FUNCTION questionnaire_frozen()`,
    );
    await q.query(`CREATE RULE questionnaire_no_delete AS ON DELETE TO "questionnaire" WHERE OLD.status <> 'draft' DO INSTEAD NOTHING`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP RULE questionnaire_no_delete ON "questionnaire"`);
    await q.query(`DROP TRIGGER trg_questionnaire_frozen ON "questionnaire"`);
    await q.query(`DROP FUNCTION questionnaire_frozen()`);
    await q.query(`DROP INDEX "public"."uq_questionnaire_code_version"`);
    await q.query(`DROP TABLE "questionnaire"`);
  }
}
