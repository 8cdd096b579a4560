import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { AuditService } from '../platform/audit/audit.service';
import { departmentFilter } from '../platform/context/access-scope';
import { requestContext } from '../platform/context/request-context';
import { AppError, FieldErrors } from '../platform/errors/app-error';
import { Page } from '../platform/http/paging';
import { ContactPerson, Patient, PatientContactRestriction, PatientIdentifier, PatientPhone } from './entities/patient.entity';
import { maskIdNumber, maskPhone, parseIdNumber } from './identity';
import { PatientQuery } from './patient-search';
import { ContactRestrictionDto, CreatePatientDto, ListPatientsQuery, PatientFilter, UpdatePatientDto } from './patients.dto';
import { PatientError } from './patients.errors';
import { namePinyin } from './pinyin';

export interface PatientListItem {
  id: string;
  name: string;
  sexCode: string;
  birthDate: string | null;
  age: number | null;
  idNumber: string | null;
  phone: string | null;
  status: string;
  tags: string[];
  lastVisit: {
    type: string;
    departmentId: string | null;
    departmentName: string | null;
    admittedAt: string | null;
    dischargedAt: string | null;
  } | null;
}

/** Above this many matches a search reports `totalCapped: true` instead of an exact total. */
export const COUNT_CAP = 1000;

const SORT_SQL = {
  name: 'p.name',
  birthDate: 'p.birth_date',
  createdAt: 'p.created_at',
  lastVisit: 'p.last_visit_at',
} as const;

export function ageOn(birthDate: string | null, today = new Date()): number | null {
  if (!birthDate) return null;
  const [y, m, d] = birthDate.split('-').map(Number);
  let age = today.getUTCFullYear() - y;
  if (today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d)) age--;
  return age;
}

/** Dictionary lists whose codes patient fields must use. */
const CODED_FIELDS: Array<[field: keyof CreatePatientDto, dictType: string]> = [
  ['ethnicityCode', 'ethnicity'],
  ['insuranceTypeCode', 'insurance_type'],
  ['preferredChannel', 'followup_channel'],
];

@Injectable()
export class PatientsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  private scopeIds(): string[] | null {
    return departmentFilter(requestContext.get()?.scope);
  }

  async search(q: ListPatientsQuery): Promise<Page<PatientListItem> & { totalCapped: boolean }> {
    const query = PatientQuery.build(q, this.scopeIds());
    const dir = q.order === 'asc' ? 'ASC' : 'DESC';
    // The page is chosen first (from the indexes where possible); the display columns are then
    // joined for those rows only.
    const sort = q.sort ?? (q.q ? 'name' : 'lastVisit');
    const candidates = query.candidates(SORT_SQL[sort]);
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `WITH page AS (
         SELECT id, sort_key FROM (${candidates}) c
          ORDER BY sort_key ${dir} NULLS LAST, id
          LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}
       )
       SELECT p.id, p.name, p.sex_code, to_char(p.birth_date, 'YYYY-MM-DD') AS birth_date, p.id_number, p.status, p.tags,
              lv.type AS lv_type, lv.department_id AS lv_department_id, d.name AS lv_department_name,
              lv.admitted_at AS lv_admitted_at, lv.discharged_at AS lv_discharged_at,
              (SELECT ph.number FROM patient_phone ph WHERE ph.patient_id = p.id ORDER BY ph.is_primary DESC, ph.id LIMIT 1) AS phone
         FROM page JOIN patient p ON p.id = page.id
         LEFT JOIN LATERAL (
           SELECT e.type, e.department_id, e.admitted_at, e.discharged_at FROM encounter e
            WHERE e.patient_id = p.id ORDER BY COALESCE(e.discharged_at, e.admitted_at) DESC NULLS LAST LIMIT 1
         ) lv ON true
         LEFT JOIN department d ON d.id = lv.department_id
        ORDER BY page.sort_key ${dir} NULLS LAST, p.id`,
      query.params,
    );
    // Counting every match of a broad search ("王", "ZS") over a million records costs more than the
    // page itself; above COUNT_CAP the answer says "more than" instead of counting on.
    const [{ total }]: Array<{ total: string }> = await this.db.query(
      `SELECT count(*) AS total FROM (SELECT 1 FROM (${candidates}) c LIMIT ${COUNT_CAP + 1}) t`,
      query.params,
    );
    const capped = Number(total) > COUNT_CAP;
    return {
      items: rows.map((r) => this.listItem(r)),
      total: capped ? COUNT_CAP : Number(total),
      totalCapped: capped,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  private listItem(r: Record<string, unknown>): PatientListItem {
    const birthDate = r['birth_date'] as string | null;
    return {
      id: r['id'] as string,
      name: r['name'] as string,
      sexCode: r['sex_code'] as string,
      birthDate,
      age: ageOn(birthDate),
      idNumber: maskIdNumber(r['id_number'] as string | null),
      phone: maskPhone(r['phone'] as string | null),
      status: r['status'] as string,
      tags: r['tags'] as string[],
      lastVisit: r['lv_type']
        ? {
            type: r['lv_type'] as string,
            departmentId: r['lv_department_id'] as string | null,
            departmentName: r['lv_department_name'] as string | null,
            admittedAt: (r['lv_admitted_at'] as Date | null)?.toISOString() ?? null,
            dischargedAt: (r['lv_discharged_at'] as Date | null)?.toISOString() ?? null,
          }
        : null,
    };
  }

  /** Ids of the patients matching a filter (for segments), limited by the caller's scope. */
  async count(filter: PatientFilter): Promise<number> {
    const query = PatientQuery.build(filter, this.scopeIds());
    const [{ total }]: Array<{ total: string }> = await this.db.query(
      `SELECT count(*) AS total FROM (${query.candidates('NULL')}) c`,
      query.params,
    );
    return Number(total);
  }

  /** Loads a patient the caller may see, or throws 404 (also for patients outside their departments). */
  private async visiblePatient(id: string, m: EntityManager = this.db.manager): Promise<Patient> {
    const query = PatientQuery.build({}, this.scopeIds());
    query.common.shift(); // a merged record can still be opened: it shows where it went
    const rows: Array<{ id: string }> = await m.query(
      `SELECT p.id FROM patient p WHERE p.id = $${query.params.length + 1} AND ${query.sql() || 'true'}`,
      [...query.params, id],
    );
    if (!rows.length) throw PatientError.missing();
    return m.getRepository(Patient).findOneByOrFail({ id });
  }

  async detail(id: string) {
    const p = await this.visiblePatient(id);
    const [phones, identifiers, contacts, restrictions, encounters, organisation] = await Promise.all([
      this.db.getRepository(PatientPhone).find({ where: { patientId: id }, order: { isPrimary: 'DESC', id: 'ASC' } }),
      this.db.getRepository(PatientIdentifier).find({ where: { patientId: id }, order: { type: 'ASC' } }),
      this.db.getRepository(ContactPerson).find({ where: { patientId: id } }),
      this.db.getRepository(PatientContactRestriction).find({ where: { patientId: id }, order: { since: 'DESC' } }),
      this.db.query(
        `SELECT e.id, e.type, e.department_id, d.name AS department_name, d.name_en AS department_name_en, e.ward_id, w.name AS ward_name,
                e.attending_doctor, e.admitted_at, e.discharged_at, e.discharge_disposition, e.visit_number, e.source_system,
                COALESCE(json_agg(json_build_object('code', dg.icd10_code, 'text', dg.text, 'type', dg.type)) FILTER (WHERE dg.id IS NOT NULL), '[]') AS diagnoses
           FROM encounter e
           LEFT JOIN department d ON d.id = e.department_id
           LEFT JOIN ward w ON w.id = e.ward_id
           LEFT JOIN encounter_diagnosis dg ON dg.encounter_id = e.id
          WHERE e.patient_id = $1
          GROUP BY e.id, d.id, w.id
          ORDER BY COALESCE(e.discharged_at, e.admitted_at) DESC NULLS LAST`,
        [id],
      ) as Promise<Array<Record<string, unknown>>>,
      p.organisationId ? this.db.query(`SELECT id, code, name FROM organisation WHERE id = $1`, [p.organisationId]) : Promise.resolve([]),
    ]);
    await this.audit.record({ action: 'patient.read', entityType: 'patient', entityId: id });
    return {
      id: p.id,
      name: p.name,
      namePinyin: p.namePinyin,
      sexCode: p.sexCode,
      birthDate: p.birthDate,
      age: ageOn(p.birthDate),
      idNumber: maskIdNumber(p.idNumber),
      ethnicityCode: p.ethnicityCode,
      insuranceTypeCode: p.insuranceTypeCode,
      address: p.address,
      regionCode: p.regionCode,
      employer: p.employer,
      preferredChannel: p.preferredChannel,
      preferredContactTime: p.preferredContactTime,
      status: p.status,
      deceasedDate: p.deceasedDate,
      tags: p.tags,
      organisation: (organisation as Array<{ id: string; code: string; name: string }>)[0] ?? null,
      registeredDepartmentId: p.registeredDepartmentId,
      mergedIntoId: p.mergedIntoId,
      masked: true,
      phones: phones.map((ph) => ({ id: ph.id, number: maskPhone(ph.number), owner: ph.owner, isPrimary: ph.isPrimary })),
      identifiers: identifiers.map((i) => ({ id: i.id, type: i.type, authority: i.authority, value: i.value })),
      contacts: contacts.map((c) => ({ id: c.id, relation: c.relation, name: c.name, phone: maskPhone(c.phone) })),
      restrictions: restrictions.map((r) => ({ id: r.id, purpose: r.purpose, reason: r.reason, since: r.since, liftedAt: r.liftedAt })),
      encounters: encounters.map((e) => ({
        id: e['id'],
        type: e['type'],
        department: e['department_id'] ? { id: e['department_id'], name: e['department_name'], nameEn: e['department_name_en'] } : null,
        ward: e['ward_id'] ? { id: e['ward_id'], name: e['ward_name'] } : null,
        attendingDoctor: e['attending_doctor'],
        admittedAt: e['admitted_at'],
        dischargedAt: e['discharged_at'],
        dischargeDisposition: e['discharge_disposition'],
        visitNumber: e['visit_number'],
        sourceSystem: e['source_system'],
        diagnoses: e['diagnoses'],
      })),
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
    };
  }

  /** The unmasked phone numbers and ID number, for a role with patient.reveal. Always audited. */
  async reveal(id: string) {
    const p = await this.visiblePatient(id);
    const phones = await this.db.getRepository(PatientPhone).find({ where: { patientId: id }, order: { isPrimary: 'DESC', id: 'ASC' } });
    const contacts = await this.db.getRepository(ContactPerson).find({ where: { patientId: id } });
    await this.audit.record({
      action: 'patient.reveal',
      entityType: 'patient',
      entityId: id,
      details: { fields: ['idNumber', 'phones', 'contacts'] },
    });
    return {
      idNumber: p.idNumber,
      phones: phones.map((ph) => ({ id: ph.id, number: ph.number })),
      contacts: contacts.map((c) => ({ id: c.id, phone: c.phone })),
    };
  }

  async timeline(id: string) {
    await this.visiblePatient(id);
    const rows: Array<{
      at: Date;
      kind: string;
      encounter_id: string | null;
      title: string;
      detail: string | null;
      department_name: string | null;
      flag: string | null;
    }> = await this.db.query(
      `SELECT * FROM (
         SELECT e.admitted_at AS at, CASE WHEN e.type = 'inpatient' OR e.type = 'day_surgery' THEN 'admission' ELSE 'visit' END AS kind, e.id AS encounter_id,
                e.type AS title, e.attending_doctor AS detail, d.name AS department_name, NULL AS flag
           FROM encounter e LEFT JOIN department d ON d.id = e.department_id WHERE e.patient_id = $1 AND e.admitted_at IS NOT NULL
         UNION ALL
         SELECT e.discharged_at, 'discharge', e.id, e.type, e.discharge_disposition, d.name, NULL
           FROM encounter e LEFT JOIN department d ON d.id = e.department_id WHERE e.patient_id = $1 AND e.discharged_at IS NOT NULL
         UNION ALL
         SELECT COALESCE(e.discharged_at, e.admitted_at), 'diagnosis', e.id, dg.icd10_code || ' ' || dg.text, dg.type, d.name, NULL
           FROM encounter_diagnosis dg JOIN encounter e ON e.id = dg.encounter_id LEFT JOIN department d ON d.id = e.department_id WHERE e.patient_id = $1
         UNION ALL
         SELECT COALESCE(pr.performed_at, e.admitted_at), 'procedure', e.id, COALESCE(pr.code || ' ', '') || pr.name, pr.surgeon, d.name, NULL
           FROM encounter_procedure pr JOIN encounter e ON e.id = pr.encounter_id LEFT JOIN department d ON d.id = e.department_id WHERE e.patient_id = $1
         UNION ALL
         SELECT l.observed_at, 'lab', l.encounter_id, l.name, l.value || COALESCE(' ' || l.unit, '') || COALESCE(' (' || l.reference_range || ')', ''), NULL, l.abnormal_flag
           FROM lab_result l WHERE l.patient_id = $1
       ) t WHERE at IS NOT NULL ORDER BY at DESC, kind`,
      [id],
    );
    await this.audit.record({ action: 'patient.read', entityType: 'patient', entityId: id, details: { view: 'timeline' } });
    return rows.map((r) => ({
      at: r.at,
      kind: r.kind,
      encounterId: r.encounter_id,
      title: r.title,
      detail: r.detail,
      departmentName: r.department_name,
      flag: r.flag,
    }));
  }

  // ---- create / update -------------------------------------------------------------------------

  /** Adds a field error for every dictionary code in `dto` (coded fields, identifier types, contact relations) that is unknown or inactive. */
  async checkCodes(dto: Partial<CreatePatientDto>, fields: FieldErrors): Promise<void> {
    const wanted: Array<[string, string, string]> = [];
    for (const [field, type] of CODED_FIELDS) {
      const v = dto[field];
      if (typeof v === 'string' && v) wanted.push([field, type, v]);
    }
    dto.identifiers?.forEach((i, n) => wanted.push([`identifiers.${n}.type`, 'identifier_type', i.type]));
    dto.contacts?.forEach((c, n) => wanted.push([`contacts.${n}.relation`, 'relation', c.relation]));
    if (!wanted.length) return;
    const rows: Array<{ type_code: string; code: string }> = await this.db.query(
      `SELECT type_code, code FROM dict_item WHERE active AND (type_code, code) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [wanted.map((w) => w[1]), wanted.map((w) => w[2])],
    );
    for (const [field, type, code] of wanted) {
      if (!rows.some((r) => r.type_code === type && r.code === code)) (fields[field] ??= []).push(`unknown ${type} code "${code}"`);
    }
  }

  /** Validates identity fields together: ID checksum, birth date and sex consistent with it, no future dates. */
  private checkIdentity(dto: { idNumber?: string; birthDate?: string; sexCode?: string }, fields: FieldErrors): void {
    if (dto.birthDate && dto.birthDate > new Date().toISOString().slice(0, 10))
      (fields['birthDate'] ??= []).push('birthDate cannot be in the future');
    if (!dto.idNumber) return;
    const info = parseIdNumber(dto.idNumber);
    if ('error' in info) {
      (fields['idNumber'] ??= []).push(info.error);
      return;
    }
    dto.idNumber = dto.idNumber.trim().toUpperCase();
    if (dto.birthDate && dto.birthDate !== info.birthDate)
      (fields['birthDate'] ??= []).push(`birthDate does not match the ID number (${info.birthDate})`);
    if (dto.sexCode && ['1', '2'].includes(dto.sexCode) && dto.sexCode !== info.sexCode)
      (fields['sexCode'] ??= []).push('sexCode does not match the ID number');
    dto.birthDate ??= info.birthDate;
  }

  /**
   * Probable duplicates: same ID number; same name + birth date; same name + a phone number.
   * Candidates outside the caller's departments are reported without any identifying detail
   * (`restricted: true` and the reasons only), so a nurse learns that a record may already exist
   * without seeing another department's patient.
   */
  async findDuplicates(c: { name: string; birthDate?: string | null; idNumber?: string | null; phones?: string[] }, excludeId?: string) {
    const rows: Array<{
      id: string;
      name: string;
      birth_date: string | null;
      sex_code: string;
      id_number: string | null;
      reasons: string[];
      visible: boolean;
    }> = await this.db.query(
      `SELECT p.id, p.name, to_char(p.birth_date, 'YYYY-MM-DD') AS birth_date, p.sex_code, p.id_number,
              ($6::uuid[] IS NULL OR p.department_ids && $6::uuid[]) AS visible,
              array_remove(ARRAY[
                CASE WHEN $2::text IS NOT NULL AND p.id_number = $2 THEN 'same_id_number' END,
                CASE WHEN p.name = $1 AND $3::date IS NOT NULL AND p.birth_date = $3::date THEN 'same_name_birth_date' END,
                CASE WHEN p.name = $1 AND EXISTS (SELECT 1 FROM patient_phone ph WHERE ph.patient_id = p.id AND ph.number = ANY($4::text[])) THEN 'same_name_phone' END
              ], NULL) AS reasons
         FROM patient p
        WHERE p.merged_into_id IS NULL AND ($5::uuid IS NULL OR p.id <> $5::uuid)
          AND (($2::text IS NOT NULL AND p.id_number = $2) OR (p.name = $1 AND (($3::date IS NOT NULL AND p.birth_date = $3::date)
               OR EXISTS (SELECT 1 FROM patient_phone ph WHERE ph.patient_id = p.id AND ph.number = ANY($4::text[])))))
        ORDER BY visible DESC, p.created_at DESC
        LIMIT 20`,
      [c.name, c.idNumber ?? null, c.birthDate ?? null, c.phones ?? [], excludeId ?? null, departmentFilter(requestContext.get()?.scope)],
    );
    return rows.map((r) =>
      r.visible
        ? { id: r.id, name: r.name, birthDate: r.birth_date, sexCode: r.sex_code, idNumber: maskIdNumber(r.id_number), reasons: r.reasons }
        : { id: null, restricted: true, reasons: r.reasons },
    );
  }

  private registeringDepartment(requested?: string): string | null {
    const scope = requestContext.get()?.scope;
    if (!scope) return requested ?? null;
    if (requested) {
      if (!scope.allDepartments && !scope.departmentIds.includes(requested))
        throw AppError.validation({ registeredDepartmentId: ['you can only register patients in your own departments'] });
      return requested;
    }
    if (scope.activeDepartmentId) return scope.activeDepartmentId;
    if (!scope.allDepartments && scope.departmentIds.length === 1) return scope.departmentIds[0];
    if (!scope.allDepartments) throw AppError.validation({ registeredDepartmentId: ['choose the department registering this patient'] });
    return null;
  }

  async create(dto: CreatePatientDto): Promise<{ id: string }> {
    const fields: FieldErrors = {};
    this.checkIdentity(dto, fields);
    await this.checkCodes(dto, fields);
    const primaries = (dto.phones ?? []).filter((p) => p.isPrimary).length;
    if (primaries > 1) fields['phones'] = ['only one phone can be primary'];
    if (Object.keys(fields).length) throw AppError.validation(fields);
    const registeredDepartmentId = this.registeringDepartment(dto.registeredDepartmentId);

    if (!dto.confirmNotDuplicate) {
      const dups = await this.findDuplicates({
        name: dto.name.trim(),
        birthDate: dto.birthDate,
        idNumber: dto.idNumber,
        phones: dto.phones?.map((p) => p.number),
      });
      if (dups.length) throw PatientError.duplicates(dups);
    }
    const id = await this.db.transaction(async (m) => {
      const py = namePinyin(dto.name);
      const p = await m.save(
        m.create(Patient, {
          name: dto.name.trim(),
          namePinyin: py.full,
          pinyinInitials: py.initials,
          sexCode: dto.sexCode,
          birthDate: dto.birthDate ?? null,
          idNumber: dto.idNumber ?? null,
          ethnicityCode: dto.ethnicityCode ?? null,
          insuranceTypeCode: dto.insuranceTypeCode ?? null,
          address: dto.address?.trim() || null,
          regionCode: dto.regionCode ?? (dto.idNumber ? dto.idNumber.slice(0, 6) : null),
          employer: dto.employer?.trim() || null,
          preferredChannel: dto.preferredChannel ?? null,
          preferredContactTime: dto.preferredContactTime ?? null,
          tags: dto.tags ?? [],
          organisationId: dto.organisationId ?? null,
          registeredDepartmentId,
          status: 'active',
        }),
      );
      const phones = dto.phones ?? [];
      if (phones.length) {
        await m.insert(
          PatientPhone,
          phones.map((ph, i) => ({
            patientId: p.id,
            number: ph.number,
            owner: ph.owner ?? 'self',
            isPrimary: ph.isPrimary ?? (primaries === 0 && i === 0),
          })),
        );
      }
      if (dto.identifiers?.length) {
        const clash: Array<{ type: string; value: string }> = await m.query(
          `SELECT type, value FROM patient_identifier WHERE (type, authority, value) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]))`,
          [dto.identifiers.map((i) => i.type), dto.identifiers.map((i) => i.authority ?? ''), dto.identifiers.map((i) => i.value)],
        );
        if (clash.length)
          throw AppError.conflict(
            `identifier already belongs to another patient: ${clash.map((c) => `${c.type} ${c.value}`).join(', ')}`,
            'identifiers',
          );
        await m.insert(
          PatientIdentifier,
          dto.identifiers.map((i) => ({ patientId: p.id, type: i.type, authority: i.authority ?? '', value: i.value })),
        );
      }
      if (dto.contacts?.length)
        await m.insert(
          ContactPerson,
          dto.contacts.map((c) => ({ patientId: p.id, relation: c.relation, name: c.name.trim(), phone: c.phone ?? null })),
        );
      return p.id;
    });
    await this.audit.record({
      action: 'patient.create',
      entityType: 'patient',
      entityId: id,
      details: { confirmedNotDuplicate: dto.confirmNotDuplicate ?? false },
    });
    return { id };
  }

  /** A patient the caller may see and edit: not merged away (edits go to the surviving record). */
  async editablePatient(id: string, m: EntityManager = this.db.manager): Promise<Patient> {
    const p = await this.visiblePatient(id, m);
    if (p.mergedIntoId)
      throw new PatientError(HttpStatus.CONFLICT, 'PATIENT_MERGED', 'This record was merged; edit the surviving record', undefined, {
        mergedIntoId: p.mergedIntoId,
      });
    return p;
  }

  async update(id: string, dto: UpdatePatientDto) {
    const p = await this.editablePatient(id);
    const fields: FieldErrors = {};
    const identity = {
      idNumber: dto.idNumber ?? p.idNumber ?? undefined,
      birthDate: dto.birthDate ?? p.birthDate ?? undefined,
      sexCode: dto.sexCode ?? p.sexCode,
    };
    if (dto.idNumber !== undefined || dto.birthDate !== undefined || dto.sexCode !== undefined) this.checkIdentity(identity, fields);
    await this.checkCodes(dto, fields);
    const status = dto.status ?? p.status;
    if (status === 'deceased' && !(dto.deceasedDate ?? p.deceasedDate))
      (fields['deceasedDate'] ??= []).push('deceasedDate is required when the patient is deceased');
    if (Object.keys(fields).length) throw AppError.validation(fields);

    const changed = (Object.keys(dto) as Array<keyof UpdatePatientDto>).filter((k) => dto[k] !== undefined);
    if (dto.name !== undefined) {
      const py = namePinyin(dto.name);
      Object.assign(p, { name: dto.name.trim(), namePinyin: py.full, pinyinInitials: py.initials });
    }
    const simple = [
      'sexCode',
      'ethnicityCode',
      'insuranceTypeCode',
      'address',
      'regionCode',
      'employer',
      'preferredChannel',
      'preferredContactTime',
      'tags',
      'organisationId',
      'status',
      'deceasedDate',
    ] as const;
    for (const k of simple) if (dto[k] !== undefined) (p as unknown as Record<string, unknown>)[k] = dto[k];
    if (dto.idNumber !== undefined) p.idNumber = identity.idNumber ?? null;
    if (dto.birthDate !== undefined || dto.idNumber !== undefined) p.birthDate = identity.birthDate ?? null;
    await this.db.getRepository(Patient).save(p);
    // Field names only: the values are personal data and stay out of the audit trail.
    await this.audit.record({ action: 'patient.update', entityType: 'patient', entityId: id, details: { fields: changed } });
    return this.detail(id);
  }

  async addRestriction(id: string, dto: ContactRestrictionDto) {
    await this.visiblePatient(id);
    const repo = this.db.getRepository(PatientContactRestriction);
    const existing = await repo.findOneBy({ patientId: id, purpose: dto.purpose, liftedAt: IsNull() });
    if (existing) throw AppError.conflict(`already not contacted for ${dto.purpose}`, 'purpose');
    const r = await repo.save(
      repo.create({ patientId: id, purpose: dto.purpose, reason: dto.reason ?? null, since: new Date().toISOString().slice(0, 10) }),
    );
    await this.audit.record({ action: 'patient.do_not_contact', entityType: 'patient', entityId: id, details: { purpose: dto.purpose } });
    return r;
  }

  async liftRestriction(id: string, restrictionId: string) {
    await this.visiblePatient(id);
    const repo = this.db.getRepository(PatientContactRestriction);
    const r = await repo.findOneBy({ id: restrictionId, patientId: id });
    if (!r) throw AppError.notFound('Contact restriction');
    if (!r.liftedAt) {
      r.liftedAt = new Date();
      await repo.save(r);
      await this.audit.record({ action: 'patient.contact_allowed', entityType: 'patient', entityId: id, details: { purpose: r.purpose } });
    }
    return r;
  }

  /** Probable duplicates of an existing record (for the review screen). */
  async duplicatesOf(id: string) {
    const p = await this.visiblePatient(id);
    const phones = await this.db.getRepository(PatientPhone).find({ where: { patientId: id } });
    return this.findDuplicates({ name: p.name, birthDate: p.birthDate, idNumber: p.idNumber, phones: phones.map((x) => x.number) }, id);
  }

  /** Checks the caller may see every id (used by merge). */
  async assertVisible(ids: string[]): Promise<void> {
    for (const id of ids) await this.visiblePatient(id);
  }

  async existing(ids: string[]) {
    return this.db.getRepository(Patient).findBy({ id: In(ids) });
  }
}
