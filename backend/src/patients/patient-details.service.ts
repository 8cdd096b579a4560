import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../platform/audit/audit.service';
import { currentUser } from '../platform/context/request-context';
import { AppError, FieldErrors } from '../platform/errors/app-error';
import { DetailKind, PatientDetailChange } from './entities/detail-change.entity';
import { ContactPerson, PatientIdentifier, PatientPhone } from './entities/patient.entity';
import { maskPhone } from './identity';
import { ContactPersonDto, IdentifierDto, PhoneDto } from './patients.dto';
import { PatientsService } from './patients.service';

type DetailEntity = typeof PatientPhone | typeof ContactPerson | typeof PatientIdentifier;
const ENTITY: Record<DetailKind, DetailEntity> = { phone: PatientPhone, contact: ContactPerson, identifier: PatientIdentifier };
const NAME: Record<DetailKind, string> = { phone: 'Phone', contact: 'Contact person', identifier: 'Identifier' };

/**
 * Phones, contact persons and identifiers of an existing record: add, change, remove. A change or a
 * removal first copies the row as it was into `patient_detail_change` (nothing is lost; the record
 * shows the history), in the same transaction. One phone stays primary whenever there is one.
 */
@Injectable()
export class PatientDetailsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly patients: PatientsService,
    private readonly audit: AuditService,
  ) {}

  async addPhone(patientId: string, dto: PhoneDto) {
    return this.write(patientId, 'phone', 'add', async (m) => {
      const count = await m.countBy(PatientPhone, { patientId });
      const isPrimary = dto.isPrimary ?? count === 0;
      if (isPrimary) await m.update(PatientPhone, { patientId }, { isPrimary: false });
      const row = await m.save(m.create(PatientPhone, { patientId, number: dto.number, owner: dto.owner ?? 'self', isPrimary }));
      return row.id;
    });
  }

  async updatePhone(patientId: string, phoneId: string, dto: Partial<PhoneDto>) {
    return this.write(patientId, 'phone', 'change', async (m) => {
      const row = await this.snapshot(m, 'phone', patientId, phoneId, 'changed');
      if (dto.isPrimary === false && row['isPrimary']) throw AppError.validation({ isPrimary: ['make another phone primary instead'] });
      if (dto.isPrimary) await m.update(PatientPhone, { patientId }, { isPrimary: false });
      await m.update(PatientPhone, { id: phoneId }, strip({ number: dto.number, owner: dto.owner, isPrimary: dto.isPrimary }));
      return phoneId;
    });
  }

  async addContact(patientId: string, dto: ContactPersonDto) {
    await this.checkRelation(dto.relation);
    return this.write(patientId, 'contact', 'add', async (m) => {
      const row = await m.save(
        m.create(ContactPerson, { patientId, relation: dto.relation, name: dto.name.trim(), phone: dto.phone ?? null }),
      );
      return row.id;
    });
  }

  async updateContact(patientId: string, contactId: string, dto: Partial<ContactPersonDto>) {
    if (dto.relation !== undefined) await this.checkRelation(dto.relation);
    return this.write(patientId, 'contact', 'change', async (m) => {
      await this.snapshot(m, 'contact', patientId, contactId, 'changed');
      await m.update(ContactPerson, { id: contactId }, strip({ relation: dto.relation, name: dto.name?.trim(), phone: dto.phone }));
      return contactId;
    });
  }

  async addIdentifier(patientId: string, dto: IdentifierDto) {
    const fields: FieldErrors = {};
    await this.patients.checkCodes({ identifiers: [dto] }, fields);
    if (fields['identifiers.0.type']) throw AppError.validation({ type: fields['identifiers.0.type'] });
    return this.write(patientId, 'identifier', 'add', async (m) => {
      const authority = dto.authority ?? '';
      const clash = await m.findOneBy(PatientIdentifier, { type: dto.type, authority, value: dto.value });
      if (clash)
        throw AppError.conflict(
          clash.patientId === patientId ? 'the record already has this identifier' : 'identifier already belongs to another patient',
          'value',
        );
      const row = await m.save(m.create(PatientIdentifier, { patientId, type: dto.type, authority, value: dto.value }));
      return row.id;
    });
  }

  /** Removes a phone, contact person or identifier (kept in the change history). The last identifier stays: a record must remain findable. */
  async remove(patientId: string, kind: DetailKind, detailId: string, reason?: string) {
    return this.write(patientId, kind, 'remove', async (m) => {
      const row = await this.snapshot(m, kind, patientId, detailId, 'removed', reason);
      if (kind === 'identifier' && (await m.countBy(PatientIdentifier, { patientId })) === 1)
        throw new AppError(
          HttpStatus.CONFLICT,
          'LAST_IDENTIFIER',
          'The last identifier of a record cannot be removed; add the correct one first',
        );
      await m.delete(ENTITY[kind], { id: detailId });
      if (kind === 'phone' && row['isPrimary']) {
        // The oldest remaining phone becomes primary.
        await m.query(
          `UPDATE patient_phone SET is_primary = true WHERE id = (SELECT id FROM patient_phone WHERE patient_id = $1 ORDER BY id LIMIT 1)`,
          [patientId],
        );
      }
      return detailId;
    });
  }

  /** What the record's phones, contacts and identifiers were, newest first (phone numbers masked). */
  async history(patientId: string) {
    await this.patients.assertVisible([patientId]);
    const rows: Array<PatientDetailChange & { changed_by_name: string | null }> = await this.db.query(
      `SELECT c.id, c.kind, c.detail_id AS "detailId", c.action, c.before, c.reason, c.changed_at AS "changedAt", u.display_name AS changed_by_name
         FROM patient_detail_change c LEFT JOIN app_user u ON u.id = c.changed_by
        WHERE c.patient_id = $1 ORDER BY c.changed_at DESC, c.id DESC`,
      [patientId],
    );
    return rows.map(({ changed_by_name, ...r }) => ({ ...r, before: masked(r.kind, r.before), changedBy: changed_by_name }));
  }

  // ---- helpers --------------------------------------------------------------------------------------

  private async write(
    patientId: string,
    kind: DetailKind,
    action: 'add' | 'change' | 'remove',
    work: (m: EntityManager) => Promise<string>,
  ) {
    const detailId = await this.db.transaction(async (m) => {
      await this.patients.editablePatient(patientId, m);
      // One writer per record at a time, so "one primary phone" and "last identifier" hold under concurrent edits.
      await m.query(`SELECT 1 FROM patient WHERE id = $1 FOR UPDATE`, [patientId]);
      return work(m);
    });
    // Kinds and ids only: the values are personal data and stay out of the audit trail.
    await this.audit.record({ action: `patient.${kind}_${action}`, entityType: 'patient', entityId: patientId, details: { detailId } });
    return this.patients.detail(patientId);
  }

  /** Copies the row into the change history before it is changed or removed; 404 when it is not this patient's. */
  private async snapshot(
    m: EntityManager,
    kind: DetailKind,
    patientId: string,
    detailId: string,
    action: 'changed' | 'removed',
    reason?: string,
  ) {
    const row = (await m.findOneBy(ENTITY[kind], { id: detailId, patientId })) as unknown as Record<string, unknown> | null;
    if (!row) throw AppError.notFound(NAME[kind]);
    const { patientId: _p, patient: _q, ...before } = row;
    await m.insert(PatientDetailChange, {
      patientId,
      kind,
      detailId,
      action,
      before: before as never,
      reason: reason ?? null,
      changedBy: currentUser()?.id ?? null,
    });
    return row;
  }

  private async checkRelation(relation: string) {
    const fields: FieldErrors = {};
    await this.patients.checkCodes({ contacts: [{ relation, name: 'x' }] }, fields);
    if (fields['contacts.0.relation']) throw AppError.validation({ relation: fields['contacts.0.relation'] });
  }
}

/** Leaves out the properties that were not sent (undefined), so PATCH changes only what it names. */
function strip<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function masked(kind: string, before: Record<string, unknown>): Record<string, unknown> {
  if (kind === 'phone') return { ...before, number: maskPhone(before['number'] as string) };
  if (kind === 'contact') return { ...before, phone: maskPhone((before['phone'] as string | null) ?? null) };
  return before;
}
