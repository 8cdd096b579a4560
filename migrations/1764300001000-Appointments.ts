import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * HL7 mapping (issue #4): appointments from SIU S12–S15/S26, kept per sending system by placer and
 * filler appointment id; encounters cancelled by A11 are marked, never deleted.
 */
export class Appointments1764300001000 implements MigrationInterface {
  name = 'Appointments1764300001000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "encounter" ADD "cancelled_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(
      `CREATE TABLE "appointment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patient_id" uuid NOT NULL, "source_system" character varying(64) NOT NULL, "placer_appointment_id" character varying(64), "filler_appointment_id" character varying(64), "start_at" TIMESTAMP WITH TIME ZONE, "end_at" TIMESTAMP WITH TIME ZONE, "duration_minutes" integer, "department_id" uuid, "location" character varying(200), "doctor" character varying(100), "reason" character varying(200), "status" character varying(16) NOT NULL, "last_event" character varying(8) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_appointment_status" CHECK ("status" IN ('booked', 'rescheduled', 'modified', 'cancelled', 'no_show')), CONSTRAINT "PK_appointment" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_appointment_patient" ON "appointment" ("patient_id") `);
    await q.query(`CREATE INDEX "ix_appointment_department_start" ON "appointment" ("department_id", "start_at") `);
    await q.query(
      `CREATE UNIQUE INDEX "uq_appointment_source_filler" ON "appointment" ("source_system", "filler_appointment_id") WHERE "filler_appointment_id" IS NOT NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "uq_appointment_source_placer" ON "appointment" ("source_system", "placer_appointment_id") WHERE "placer_appointment_id" IS NOT NULL`,
    );
    await q.query(
      `ALTER TABLE "appointment" ADD CONSTRAINT "fk_appointment_patient" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "appointment" ADD CONSTRAINT "fk_appointment_department" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "appointment"`);
    await q.query(`ALTER TABLE "encounter" DROP COLUMN "cancelled_at"`);
  }
}
