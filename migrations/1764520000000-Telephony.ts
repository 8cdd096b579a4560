import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Telephony (issue #6): each staff member's phone extension, the calls placed or received through
 * the telephony adapter (`call_session`), and the contact attempts recorded for a call.
 */
export class Telephony1764520000000 implements MigrationInterface {
  name = 'Telephony1764520000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "app_user" ADD "phone_extension" character varying(32)`);
    // One extension rings one person: incoming calls are routed to the user by extension.
    await q.query(`CREATE UNIQUE INDEX "uq_app_user_phone_extension" ON "app_user" ("phone_extension") WHERE "phone_extension" IS NOT NULL`);
    await q.query(
      `CREATE TABLE "call_session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider" character varying(16) NOT NULL, "direction" character varying(8) NOT NULL, "external_id" character varying(128), "staff_id" uuid NOT NULL, "extension" character varying(32), "patient_id" uuid, "task_id" uuid, "number" character varying(32) NOT NULL, "state" character varying(12) NOT NULL, "end_reason" character varying(32), "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "answered_at" TIMESTAMP WITH TIME ZONE, "ended_at" TIMESTAMP WITH TIME ZONE, "duration_seconds" integer, "recording_url" text, "recording_content_type" character varying(100), "recording_duration_seconds" integer, "recording_id" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_call_session_direction" CHECK ("direction" IN ('outbound', 'inbound')), CONSTRAINT "ck_call_session_state" CHECK ("state" IN ('dialing', 'ringing', 'answered', 'ended', 'failed')), CONSTRAINT "PK_call_session" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_call_session_external" ON "call_session" ("provider", "external_id") `);
    await q.query(`CREATE INDEX "ix_call_session_staff" ON "call_session" ("staff_id", "started_at") `);
    await q.query(`CREATE INDEX "ix_call_session_patient" ON "call_session" ("patient_id") `);
    await q.query(
      `ALTER TABLE "call_session" ADD CONSTRAINT "fk_call_session_staff" FOREIGN KEY ("staff_id") REFERENCES "app_user"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "call_session" ADD CONSTRAINT "fk_call_session_patient" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "call_session" ADD CONSTRAINT "fk_call_session_task" FOREIGN KEY ("task_id") REFERENCES "followup_task"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(`ALTER TABLE "contact_attempt" ADD "call_session_id" uuid`);
    await q.query(`CREATE INDEX "ix_contact_attempt_call_session" ON "contact_attempt" ("call_session_id") `);
    await q.query(
      `ALTER TABLE "contact_attempt" ADD CONSTRAINT "fk_contact_attempt_call_session" FOREIGN KEY ("call_session_id") REFERENCES "call_session"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "contact_attempt" DROP CONSTRAINT "fk_contact_attempt_call_session"`);
    await q.query(`DROP INDEX "ix_contact_attempt_call_session"`);
    await q.query(`ALTER TABLE "contact_attempt" DROP COLUMN "call_session_id"`);
    await q.query(`DROP TABLE "call_session"`);
    await q.query(`DROP INDEX "uq_app_user_phone_extension"`);
    await q.query(`ALTER TABLE "app_user" DROP COLUMN "phone_extension"`);
  }
}
