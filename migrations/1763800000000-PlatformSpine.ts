import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Platform spine schema: organisation (departments, wards), accounts and sessions, data dictionary,
 * append-only audit trail, server settings, and the core patient/encounter tables used by demo data.
 * Generated from the entities, then reviewed; the audit trigger and CHECK constraints are hand-written.
 */
export class PlatformSpine1763800000000 implements MigrationInterface {
  name = 'PlatformSpine1763800000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "department" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(32) NOT NULL, "name" character varying(100) NOT NULL, "name_en" character varying(100), "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9a2213262c1593bffb581e382f5" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_department_code" ON "department" ("code") `);
    await q.query(
      `CREATE TABLE "ward" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "department_id" uuid NOT NULL, "code" character varying(32) NOT NULL, "name" character varying(100) NOT NULL, "name_en" character varying(100), "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e6725fa4a50e449c4352d2230e1" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_ward_department" ON "ward" ("department_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_ward_code" ON "ward" ("code") `);
    await q.query(
      `CREATE TABLE "dict_type" ("code" character varying(64) NOT NULL, "name" character varying(100) NOT NULL, "name_en" character varying(100), "description" text, "system" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f6be8ac6002aa6726440ace44ce" PRIMARY KEY ("code"))`,
    );
    await q.query(
      `CREATE TABLE "dict_item" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "type_code" character varying(64) NOT NULL, "code" character varying(64) NOT NULL, "label" character varying(200) NOT NULL, "label_en" character varying(200), "sort_order" integer NOT NULL DEFAULT '0', "active" boolean NOT NULL DEFAULT true, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0f38b8a416308948197c70108ec" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_dict_item_type_code" ON "dict_item" ("type_code", "code") `);
    await q.query(
      `CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "username" character varying(64) NOT NULL, "display_name" character varying(100) NOT NULL, "password_hash" text NOT NULL, "roles" text array NOT NULL DEFAULT '{}', "active" boolean NOT NULL DEFAULT true, "failed_attempts" integer NOT NULL DEFAULT '0', "locked_until" TIMESTAMP WITH TIME ZONE, "last_login_at" TIMESTAMP WITH TIME ZONE, "password_changed_at" TIMESTAMP WITH TIME ZONE, "must_change_password" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_app_user_username" ON "app_user" ("username") `);
    await q.query(
      `CREATE TABLE "audit_event" ("id" BIGSERIAL NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid, "actor_username" character varying(64), "action" character varying(64) NOT NULL, "entity_type" character varying(64), "entity_id" character varying(100), "outcome" character varying(16) NOT NULL, "client_ip" character varying(64), "correlation_id" character varying(64), "details" jsonb, CONSTRAINT "PK_481efbe8b0a403efe3f47a6528f" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_audit_event_occurred_at" ON "audit_event" ("occurred_at") `);
    await q.query(`CREATE INDEX "ix_audit_event_actor" ON "audit_event" ("actor_username") `);
    await q.query(`CREATE INDEX "ix_audit_event_action" ON "audit_event" ("action") `);
    await q.query(`CREATE INDEX "ix_audit_event_entity" ON "audit_event" ("entity_type", "entity_id") `);
    await q.query(
      `CREATE TABLE "auth_session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "client_ip" character varying(64), "user_agent" character varying(300), CONSTRAINT "PK_19354ed146424a728c1112a8cbf" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_auth_session_user" ON "auth_session" ("user_id") `);
    await q.query(
      `CREATE TABLE "patient" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "sex_code" character varying(1) NOT NULL, "birth_date" date, "id_number" character varying(18), "ethnicity_code" character varying(8), "insurance_type_code" character varying(16), "address" character varying(300), "region_code" character varying(6), "status" character varying(24) NOT NULL DEFAULT 'active', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8dfa510bb29ad31ab2139fbfb99" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_patient_name" ON "patient" ("name") `);
    await q.query(`CREATE INDEX "ix_patient_id_number" ON "patient" ("id_number") `);
    await q.query(
      `CREATE TABLE "patient_identifier" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patient_id" uuid NOT NULL, "type" character varying(32) NOT NULL, "authority" character varying(64) NOT NULL DEFAULT '', "value" character varying(64) NOT NULL, CONSTRAINT "PK_a9745dc9a1df60ebe02518d2e8c" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_patient_identifier_patient" ON "patient_identifier" ("patient_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_patient_identifier" ON "patient_identifier" ("type", "authority", "value") `);
    await q.query(
      `CREATE TABLE "patient_phone" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patient_id" uuid NOT NULL, "number" character varying(32) NOT NULL, "owner" character varying(32) NOT NULL DEFAULT 'self', "is_primary" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_0828d9763362fe8eb888867aef2" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_patient_phone_patient" ON "patient_phone" ("patient_id") `);
    await q.query(`CREATE INDEX "ix_patient_phone_number" ON "patient_phone" ("number") `);
    await q.query(
      `CREATE TABLE "encounter" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patient_id" uuid NOT NULL, "type" character varying(16) NOT NULL, "department_id" uuid, "ward_id" uuid, "attending_doctor" character varying(100), "admitted_at" TIMESTAMP WITH TIME ZONE, "discharged_at" TIMESTAMP WITH TIME ZONE, "discharge_disposition" character varying(32), "visit_number" character varying(64), "source_system" character varying(64), CONSTRAINT "PK_1cf9e15e693ff9f0ef9b9061372" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_encounter_patient" ON "encounter" ("patient_id") `);
    await q.query(`CREATE INDEX "ix_encounter_department_discharged" ON "encounter" ("department_id", "discharged_at") `);
    await q.query(
      `CREATE TABLE "encounter_diagnosis" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "encounter_id" uuid NOT NULL, "icd10_code" character varying(16) NOT NULL, "text" character varying(200) NOT NULL, "type" character varying(16) NOT NULL, CONSTRAINT "PK_764d8758705e968ce2e8662923f" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_encounter_diagnosis_encounter" ON "encounter_diagnosis" ("encounter_id") `);
    await q.query(`CREATE INDEX "ix_encounter_diagnosis_code" ON "encounter_diagnosis" ("icd10_code") `);
    await q.query(
      `CREATE TABLE "app_setting" ("key" character varying(64) NOT NULL, "value" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0d66bfb0d9f93124a4549d21af0" PRIMARY KEY ("key"))`,
    );
    await q.query(
      `CREATE TABLE "user_department" ("user_id" uuid NOT NULL, "department_id" uuid NOT NULL, CONSTRAINT "PK_5189e9bb78e6e12c3776bb60bdb" PRIMARY KEY ("user_id", "department_id"))`,
    );
    await q.query(`CREATE INDEX "IDX_92bb51ffd463f2dfba95539e10" ON "user_department" ("user_id") `);
    await q.query(`CREATE INDEX "IDX_7044b4fcd0d40c6f11ed27a0b7" ON "user_department" ("department_id") `);
    await q.query(
      `ALTER TABLE "ward" ADD CONSTRAINT "fk_ward_department" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "dict_item" ADD CONSTRAINT "fk_dict_item_type" FOREIGN KEY ("type_code") REFERENCES "dict_type"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "patient_identifier" ADD CONSTRAINT "fk_patient_identifier_patient" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "patient_phone" ADD CONSTRAINT "fk_patient_phone_patient" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "encounter" ADD CONSTRAINT "fk_encounter_patient" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "encounter_diagnosis" ADD CONSTRAINT "fk_encounter_diagnosis_encounter" FOREIGN KEY ("encounter_id") REFERENCES "encounter"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "user_department" ADD CONSTRAINT "fk_user_department_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await q.query(
      `ALTER TABLE "user_department" ADD CONSTRAINT "fk_user_department_department" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );

    // audit_event is append-only: the database itself refuses to change or remove history.
    await q.query(`CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(
      `CREATE TRIGGER trg_audit_event_no_update_delete BEFORE UPDATE OR DELETE ON "audit_event" FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()`,
    );
    await q.query(
      `CREATE TRIGGER trg_audit_event_no_truncate BEFORE TRUNCATE ON "audit_event" FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()`,
    );
    await q.query(`ALTER TABLE "audit_event" ADD CONSTRAINT "ck_audit_event_outcome" CHECK ("outcome" IN ('success', 'failure'))`);
    await q.query(
      `ALTER TABLE "patient" ADD CONSTRAINT "ck_patient_status" CHECK ("status" IN ('active', 'do_not_contact', 'lost_to_follow_up', 'deceased'))`,
    );
    await q.query(
      `ALTER TABLE "encounter" ADD CONSTRAINT "ck_encounter_type" CHECK ("type" IN ('outpatient', 'emergency', 'inpatient', 'day_surgery'))`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER trg_audit_event_no_truncate ON "audit_event"`);
    await q.query(`DROP TRIGGER trg_audit_event_no_update_delete ON "audit_event"`);
    await q.query(`DROP FUNCTION audit_event_append_only()`);
    await q.query(`ALTER TABLE "user_department" DROP CONSTRAINT "fk_user_department_department"`);
    await q.query(`ALTER TABLE "user_department" DROP CONSTRAINT "fk_user_department_user"`);
    await q.query(`ALTER TABLE "encounter_diagnosis" DROP CONSTRAINT "fk_encounter_diagnosis_encounter"`);
    await q.query(`ALTER TABLE "encounter" DROP CONSTRAINT "fk_encounter_patient"`);
    await q.query(`ALTER TABLE "patient_phone" DROP CONSTRAINT "fk_patient_phone_patient"`);
    await q.query(`ALTER TABLE "patient_identifier" DROP CONSTRAINT "fk_patient_identifier_patient"`);
    await q.query(`ALTER TABLE "dict_item" DROP CONSTRAINT "fk_dict_item_type"`);
    await q.query(`ALTER TABLE "ward" DROP CONSTRAINT "fk_ward_department"`);
    await q.query(`DROP INDEX "public"."IDX_7044b4fcd0d40c6f11ed27a0b7"`);
    await q.query(`DROP INDEX "public"."IDX_92bb51ffd463f2dfba95539e10"`);
    await q.query(`DROP TABLE "user_department"`);
    await q.query(`DROP TABLE "app_setting"`);
    await q.query(`DROP INDEX "public"."ix_encounter_diagnosis_code"`);
    await q.query(`DROP INDEX "public"."ix_encounter_diagnosis_encounter"`);
    await q.query(`DROP TABLE "encounter_diagnosis"`);
    await q.query(`DROP INDEX "public"."ix_encounter_department_discharged"`);
    await q.query(`DROP INDEX "public"."ix_encounter_patient"`);
    await q.query(`DROP TABLE "encounter"`);
    await q.query(`DROP INDEX "public"."ix_patient_phone_number"`);
    await q.query(`DROP INDEX "public"."ix_patient_phone_patient"`);
    await q.query(`DROP TABLE "patient_phone"`);
    await q.query(`DROP INDEX "public"."uq_patient_identifier"`);
    await q.query(`DROP INDEX "public"."ix_patient_identifier_patient"`);
    await q.query(`DROP TABLE "patient_identifier"`);
    await q.query(`DROP INDEX "public"."ix_patient_id_number"`);
    await q.query(`DROP INDEX "public"."ix_patient_name"`);
    await q.query(`DROP TABLE "patient"`);
    await q.query(`DROP INDEX "public"."ix_auth_session_user"`);
    await q.query(`DROP TABLE "auth_session"`);
    await q.query(`DROP INDEX "public"."ix_audit_event_entity"`);
    await q.query(`DROP INDEX "public"."ix_audit_event_action"`);
    await q.query(`DROP INDEX "public"."ix_audit_event_actor"`);
    await q.query(`DROP INDEX "public"."ix_audit_event_occurred_at"`);
    await q.query(`DROP TABLE "audit_event"`);
    await q.query(`DROP INDEX "public"."uq_app_user_username"`);
    await q.query(`DROP TABLE "app_user"`);
    await q.query(`DROP INDEX "public"."uq_dict_item_type_code"`);
    await q.query(`DROP TABLE "dict_item"`);
    await q.query(`DROP TABLE "dict_type"`);
    await q.query(`DROP INDEX "public"."uq_ward_code"`);
    await q.query(`DROP INDEX "public"."ix_ward_department"`);
    await q.query(`DROP TABLE "ward"`);
    await q.query(`DROP INDEX "public"."uq_department_code"`);
    await q.query(`DROP TABLE "department"`);
  }
}
