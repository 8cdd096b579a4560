import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * HL7 inbox (issue #4): the configured sending systems and every message received, stored before it is
 * acknowledged. Rows are never deleted. A fresh install has one source, HIS, for the MLLP listener.
 */
export class Hl7Inbox1764300000000 implements MigrationInterface {
  name = 'Hl7Inbox1764300000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "hl7_source" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(32) NOT NULL, "name" character varying(128) NOT NULL, "transport" character varying(8) NOT NULL, "default_charset" character varying(32) NOT NULL DEFAULT 'UTF-8', "inbound_dir" text, "mapping" jsonb NOT NULL DEFAULT '{}', "enabled" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_hl7_source" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "ux_hl7_source_code" ON "hl7_source" ("code")`);
    await q.query(
      `CREATE TABLE "hl7_message" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "source_id" uuid NOT NULL, "transport" character varying(8) NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "raw" bytea NOT NULL, "charset" character varying(32), "control_id" character varying(199) NOT NULL DEFAULT '', "sending_application" character varying(227) NOT NULL DEFAULT '', "sending_facility" character varying(227) NOT NULL DEFAULT '', "message_type" character varying(32), "version" character varying(16), "status" character varying(12) NOT NULL, "error_code" integer, "error_reason" text, "error_location" text, "ack_code" character varying(2), "ack" bytea, "patient_key" text, "patient_id" uuid, "summary" text, "attempts" integer NOT NULL DEFAULT '1', "last_seen_at" TIMESTAMP WITH TIME ZONE, "processed_at" TIMESTAMP WITH TIME ZONE, "replay_of" uuid, "resolved_by" uuid, "file_name" text, "remote_address" character varying(64), CONSTRAINT "PK_hl7_message" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_hl7_message_received" ON "hl7_message" ("received_at") `);
    await q.query(`CREATE INDEX "ix_hl7_message_status" ON "hl7_message" ("status", "received_at") `);
    await q.query(`CREATE INDEX "ix_hl7_message_patient" ON "hl7_message" ("patient_id") `);
    await q.query(`CREATE INDEX "ix_hl7_message_control_id" ON "hl7_message" ("control_id") `);
    // A repeated control id from the same sender is recognised (and acknowledged again, not applied twice).
    // Rejected messages, other messages reusing a control id ('duplicate') and replays are outside the key.
    await q.query(
      `CREATE UNIQUE INDEX "ux_hl7_message_control" ON "hl7_message" ("source_id", "sending_application", "sending_facility", "control_id") WHERE control_id <> '' AND status NOT IN ('rejected', 'duplicate') AND replay_of IS NULL`,
    );
    await q.query(
      `ALTER TABLE "hl7_message" ADD CONSTRAINT "fk_hl7_message_source" FOREIGN KEY ("source_id") REFERENCES "hl7_source"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "hl7_message" ADD CONSTRAINT "fk_hl7_message_replay_of" FOREIGN KEY ("replay_of") REFERENCES "hl7_message"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `INSERT INTO "hl7_source" ("code", "name", "transport", "default_charset") VALUES ('HIS', 'HIS (MLLP)', 'mllp', 'GB18030')`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "hl7_message"`);
    await q.query(`DROP TABLE "hl7_source"`);
  }
}
