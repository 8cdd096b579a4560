import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Editing a template's steps regenerates the pending tasks of its active plans in batches of plans,
 * each batch its own transaction (issue #5 benchmark: one transaction over 470,000 plans took 346 s).
 * The template row records what is left: the keys of the steps whose pending tasks still follow an
 * older version, the last plan id done in each slice of plan ids (keyset cursors; slices are worked
 * side by side), and which process is doing it until when (a lease, so a crashed edit is finished by
 * the minute job and two processes never work it at once).
 * The partial index serves the batches: active plans of one template in id order, with the columns a
 * batch reads (index-only scan; a batch otherwise reads one random heap page per plan).
 */
export class TemplateRegeneration1764540000000 implements MigrationInterface {
  name = 'TemplateRegeneration1764540000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "followup_template" ADD "regen_steps" text array`);
    await q.query(`ALTER TABLE "followup_template" ADD "regen_after" uuid array`);
    await q.query(`ALTER TABLE "followup_template" ADD "regen_lease" uuid`);
    await q.query(`ALTER TABLE "followup_template" ADD "regen_lease_until" TIMESTAMP WITH TIME ZONE`);
    await q.query(
      `CREATE INDEX "ix_followup_plan_template_active" ON "followup_plan" ("template_id", "id")
        INCLUDE ("patient_id", "encounter_id", "discharged_at", "admitted_at", "enrolled_at") WHERE "status" = 'active'`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_followup_plan_template_active"`);
    await q.query(`ALTER TABLE "followup_template" DROP COLUMN "regen_lease_until"`);
    await q.query(`ALTER TABLE "followup_template" DROP COLUMN "regen_lease"`);
    await q.query(`ALTER TABLE "followup_template" DROP COLUMN "regen_after"`);
    await q.query(`ALTER TABLE "followup_template" DROP COLUMN "regen_steps"`);
  }
}
