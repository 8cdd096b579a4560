import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../platform/audit/audit.service';
import { currentUser } from '../platform/context/request-context';
import { AppError } from '../platform/errors/app-error';
import { PatientMerge } from './entities/segment.entity';
import { PatientError } from './patients.errors';
import { PatientsService } from './patients.service';

/** Tables whose rows belong to a patient and move to the survivor on merge. */
const CHILD_TABLES = [
  'patient_identifier',
  'patient_phone',
  'patient_email',
  'contact_person',
  'patient_contact_restriction',
  'encounter',
  'lab_result',
  'followup_plan',
  'followup_task',
  'appointment',
] as const;

/**
 * The transactional core of a merge, run in the caller's transaction `m` (the API's own, or the HL7
 * inbox's for an A40): locks both records, moves every child row to the survivor, marks the merged
 * record and records the moved ids for an exact revert. `mergedBy` is null for system merges (HL7).
 */
export async function mergePatientRecords(
  m: EntityManager,
  survivorId: string,
  mergedId: string,
  mergedBy: string | null,
): Promise<{ mergeId: string; moved: Record<string, string[]> }> {
  // Lock both rows in a fixed order so two concurrent merges cannot interleave.
  const rows: Array<{ id: string; merged_into_id: string | null }> = await m.query(
    `SELECT id, merged_into_id FROM patient WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
    [[survivorId, mergedId]],
  );
  const survivor = rows.find((r) => r.id === survivorId);
  const merged = rows.find((r) => r.id === mergedId);
  if (!survivor || !merged) throw PatientError.missing();
  if (survivor.merged_into_id) throw PatientError.mergeInvalid('the surviving record was itself merged into another record');
  if (merged.merged_into_id) throw PatientError.mergeInvalid('this record was already merged');
  const moved: Record<string, string[]> = {};
  for (const table of CHILD_TABLES) {
    const res: [Array<{ id: string }>, number] = await m.query(`UPDATE ${table} SET patient_id = $1 WHERE patient_id = $2 RETURNING id`, [
      survivorId,
      mergedId,
    ]);
    moved[table] = res[0].map((r) => r.id);
  }
  await m.query(`UPDATE patient SET merged_into_id = $1, updated_at = now() WHERE id = $2`, [survivorId, mergedId]);
  const rec = await m.save(m.create(PatientMerge, { survivorId, mergedId, moved, mergedBy }));
  return { mergeId: rec.id, moved };
}

/**
 * Merging two records of the same person: every child row (identifiers, phones, contacts,
 * encounters with their diagnoses and procedures, labs, restrictions) moves to the survivor; the
 * merged record stays, pointing to the survivor. The moved ids are recorded so an administrator can
 * revert exactly. Nothing is deleted.
 */
@Injectable()
export class PatientMergeService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly patients: PatientsService,
    private readonly audit: AuditService,
  ) {}

  async merge(survivorId: string, mergedId: string) {
    if (survivorId === mergedId) throw AppError.validation({ mergedId: ['a record cannot be merged into itself'] });
    await this.patients.assertVisible([survivorId, mergedId]);
    const result = await this.db.transaction((m) => mergePatientRecords(m, survivorId, mergedId, currentUser().id));
    const counts = Object.fromEntries(Object.entries(result.moved).map(([t, ids]) => [t, ids.length]));
    await this.audit.record({
      action: 'patient.merge',
      entityType: 'patient',
      entityId: survivorId,
      details: { mergeId: result.mergeId, mergedId, moved: counts },
    });
    return { mergeId: result.mergeId, survivorId, mergedId, moved: counts };
  }

  /** Undoes a merge: moves exactly the recorded rows back and re-activates the merged record. */
  async revert(mergeId: string) {
    const result = await this.db.transaction(async (m) => {
      const rec = await m.getRepository(PatientMerge).findOne({ where: { id: mergeId }, lock: { mode: 'pessimistic_write' } });
      if (!rec) throw AppError.notFound('Merge');
      if (rec.revertedAt) throw PatientError.mergeInvalid('this merge was already reverted');
      for (const table of CHILD_TABLES) {
        const ids = rec.moved[table] ?? [];
        if (ids.length)
          await m.query(`UPDATE ${table} SET patient_id = $1 WHERE id = ANY($2::uuid[]) AND patient_id = $3`, [
            rec.mergedId,
            ids,
            rec.survivorId,
          ]);
      }
      await m.query(`UPDATE patient SET merged_into_id = NULL, updated_at = now() WHERE id = $1`, [rec.mergedId]);
      rec.revertedAt = new Date();
      rec.revertedBy = currentUser().id;
      await m.save(rec);
      return rec;
    });
    await this.audit.record({
      action: 'patient.merge_revert',
      entityType: 'patient',
      entityId: result.survivorId,
      details: { mergeId, mergedId: result.mergedId },
    });
    return { mergeId, survivorId: result.survivorId, mergedId: result.mergedId, revertedAt: result.revertedAt };
  }

  async history(patientId: string) {
    await this.patients.assertVisible([patientId]);
    const rows = await this.db
      .getRepository(PatientMerge)
      .find({ where: [{ survivorId: patientId }, { mergedId: patientId }], order: { mergedAt: 'DESC' } });
    return rows.map((r) => ({
      id: r.id,
      survivorId: r.survivorId,
      mergedId: r.mergedId,
      mergedAt: r.mergedAt,
      mergedBy: r.mergedBy,
      revertedAt: r.revertedAt,
    }));
  }
}
