import type { ClientBase } from 'pg';
import { copyRows, uuidv7 } from '../../database/copy';
import { namePinyin } from '../pinyin';
import type { ImportRecord } from './import-mapping';

export interface BatchResult {
  createdPatients: number;
  /** Rows matched to a patient that existed before the batch. */
  matchedPatients: number;
  createdEncounters: number;
  /** Each patient the batch created → index (in the batch) of its first row. */
  newPatients: Map<string, number>;
}

type IdentifierType = 'his_id' | 'inpatient_no' | 'outpatient_no';

function identifiersOf(r: ImportRecord): Array<[type: IdentifierType, value: string]> {
  const out: Array<[IdentifierType, string]> = [];
  if (r.hisId) out.push(['his_id', r.hisId]);
  if (r.inpatientNo) out.push(['inpatient_no', r.inpatientNo]);
  if (r.outpatientNo) out.push(['outpatient_no', r.outpatientNo]);
  return out;
}

/** Keys a row can be matched on: its identifiers (per source) and its ID number. */
function keysOf(r: ImportRecord): string[] {
  const ks = identifiersOf(r).map(([t, v]) => `${t}:${v}`);
  if (r.idNumber) ks.push(`id:${r.idNumber}`);
  return ks;
}

/**
 * Writes one batch of valid import rows inside the caller's transaction on `client`.
 *
 * One statement looks up what already exists (identifiers of this source, ID numbers, visit
 * numbers); the rows are resolved to patients here; then everything new is written with `COPY`
 * straight into the tables — patients, identifiers, phones, contacts, encounters, diagnoses —
 * with ids made here (time-ordered, so the indexes on them grow at one end). Rows of patients
 * or encounters that existed before the batch go through set-based `INSERT … WHERE NOT EXISTS`,
 * as a re-import adds nothing there. New rows carry no `ON CONFLICT`: should another transaction
 * add the same identifier or visit between the lookup and the write, the unique index raises
 * 23505 and the caller runs the batch again (its lookup then sees the other transaction's rows).
 */
export async function writeImportBatch(client: ClientBase, records: ImportRecord[], source: string): Promise<BatchResult> {
  const result: BatchResult = { createdPatients: 0, matchedPatients: 0, createdEncounters: 0, newPatients: new Map() };
  if (!records.length) return result;

  // 1. What exists already, in one round trip.
  const identTypes: string[] = [];
  const identValues: string[] = [];
  for (const r of records)
    for (const [t, v] of identifiersOf(r)) {
      identTypes.push(t);
      identValues.push(v);
    }
  const idNumbers = records.map((r) => r.idNumber).filter((x): x is string => !!x);
  const visits = records.map((r) => r.encounter?.visitNumber).filter((x): x is string => !!x);
  const existing = (
    await client.query<{ k: 'i' | 'n' | 'e'; key: string; id: string }>(
      `SELECT 'i' AS k, type || ':' || value AS key, patient_id AS id FROM patient_identifier
        WHERE authority = $1 AND (type, value) IN (SELECT * FROM unnest($2::text[], $3::text[]))
       UNION ALL
       SELECT 'n', 'id:' || id_number, id FROM patient WHERE id_number = ANY($4::text[]) AND merged_into_id IS NULL
       UNION ALL
       SELECT 'e', visit_number, id FROM encounter WHERE source_system = $1 AND visit_number = ANY($5::text[])`,
      [source, identTypes, identValues, idNumbers, visits],
    )
  ).rows;
  const byKey = new Map<string, string>();
  const knownIdentifiers = new Set<string>();
  const encounterOf = new Map<string, string>();
  for (const e of existing) {
    if (e.k === 'e') encounterOf.set(e.key, e.id);
    else byKey.set(e.key, e.id);
    if (e.k === 'i') knownIdentifiers.add(e.key);
  }

  // 2. Each row → its patient; rows of one new person (sharing any key) share the new id.
  const created = new Map<string, ImportRecord>();
  const patientOf = records.map((r, i) => {
    const ks = keysOf(r);
    let id = ks.map((k) => byKey.get(k)).find((x) => x);
    if (id && !created.has(id)) result.matchedPatients++;
    if (!id) {
      id = uuidv7();
      created.set(id, r);
      result.newPatients.set(id, i);
    }
    for (const k of ks) byKey.set(k, id);
    return id;
  });
  result.createdPatients = created.size;

  // 3. The rows to write (values in column order): new ones for COPY, additions to existing records apart.
  const identifiers: unknown[][] = [];
  const newPhones: unknown[][] = [];
  const oldPhones: unknown[][] = [];
  const newContacts: unknown[][] = [];
  const oldContacts: unknown[][] = [];
  const encounters: unknown[][] = [];
  const newDiagnoses: unknown[][] = [];
  const oldDiagnoses: unknown[][] = [];
  const seen = new Set<string>();
  const once = (key: string) => !seen.has(key) && !!seen.add(key);
  const withPhone = new Set<string>();
  const createdEncounters = new Set<string>();
  // Department scope and last visit of each new patient, as the encounter trigger would compute them
  // from the encounters inserted here, so the trigger finds nothing to rewrite.
  const scope = new Map<string, { departments: Set<string>; lastVisit: number | null }>();
  records.forEach((r, i) => {
    const pid = patientOf[i];
    const isNew = created.has(pid);
    for (const [type, value] of identifiersOf(r)) {
      const key = `${type}:${value}`;
      if (!knownIdentifiers.has(key) && once(`i|${key}`)) identifiers.push([uuidv7(), pid, type, source, value]);
    }
    if (r.phone && once(`p|${pid}|${r.phone}`)) {
      // The first number of a patient who has none becomes the primary one.
      const first = !withPhone.has(pid) && !!withPhone.add(pid);
      (isNew ? newPhones : oldPhones).push([uuidv7(), pid, r.phone, 'self', first]);
    }
    if (r.contact && once(`c|${pid}|${r.contact.name}`)) {
      (isNew ? newContacts : oldContacts).push([uuidv7(), pid, r.contact.relation, r.contact.name, r.contact.phone]);
    }
    const e = r.encounter;
    if (!e?.visitNumber) return;
    let eid = encounterOf.get(e.visitNumber);
    if (!eid) {
      eid = uuidv7();
      encounterOf.set(e.visitNumber, eid);
      createdEncounters.add(eid);
      encounters.push([eid, pid, e.type, e.departmentId, e.wardId, e.attendingDoctor, e.admittedAt, e.dischargedAt, e.visitNumber, source]);
      if (isNew) {
        let s = scope.get(pid);
        if (!s) scope.set(pid, (s = { departments: new Set(), lastVisit: null }));
        if (e.departmentId) s.departments.add(e.departmentId);
        const t = (e.dischargedAt ?? e.admittedAt)?.getTime();
        if (t !== undefined) s.lastVisit = Math.max(t, s.lastVisit ?? t);
      }
    }
    if (e.diagnosis && once(`d|${eid}|${e.diagnosis.code}`)) {
      // An encounter created in this batch has only the diagnoses added here.
      (createdEncounters.has(eid) ? newDiagnoses : oldDiagnoses).push([uuidv7(), eid, e.diagnosis.code, e.diagnosis.name, 'discharge']);
    }
  });

  // 4. Writes, parents first.
  const patients: unknown[][] = [];
  for (const [id, r] of created) {
    const py = namePinyin(r.name);
    const s = scope.get(id);
    patients.push([
      id,
      r.name,
      py.full,
      py.initials,
      r.sexCode,
      r.birthDate,
      r.idNumber,
      r.address,
      r.idNumber?.slice(0, 6) ?? null,
      s ? [...s.departments].sort() : [],
      s?.lastVisit != null ? new Date(s.lastVisit) : null,
      'active',
    ]);
  }
  const columns = {
    patient: [
      'id',
      'name',
      'name_pinyin',
      'pinyin_initials',
      'sex_code',
      'birth_date',
      'id_number',
      'address',
      'region_code',
      'department_ids',
      'last_visit_at',
      'status',
    ],
    patient_identifier: ['id', 'patient_id', 'type', 'authority', 'value'],
    patient_phone: ['id', 'patient_id', 'number', 'owner', 'is_primary'],
    contact_person: ['id', 'patient_id', 'relation', 'name', 'phone'],
    encounter: [
      'id',
      'patient_id',
      'type',
      'department_id',
      'ward_id',
      'attending_doctor',
      'admitted_at',
      'discharged_at',
      'visit_number',
      'source_system',
    ],
    encounter_diagnosis: ['id', 'encounter_id', 'icd10_code', 'text', 'type'],
  };
  /** Column `i` of each row, for the unnest() parameters of the statements below. */
  const col = (rows: unknown[][], i: number) => rows.map((r) => r[i] ?? null);
  await copyRows(client, 'patient', columns.patient, patients);
  await copyRows(client, 'patient_identifier', columns.patient_identifier, identifiers);
  await copyRows(client, 'patient_phone', columns.patient_phone, newPhones);
  if (oldPhones.length) {
    await client.query(
      `INSERT INTO patient_phone (id, patient_id, number, owner, is_primary)
       SELECT x.id, x.p, x.n, 'self', x.first AND NOT EXISTS (SELECT 1 FROM patient_phone q WHERE q.patient_id = x.p)
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::bool[]) AS x(id, p, n, first)
        WHERE NOT EXISTS (SELECT 1 FROM patient_phone q WHERE q.patient_id = x.p AND q.number = x.n)`,
      [col(oldPhones, 0), col(oldPhones, 1), col(oldPhones, 2), col(oldPhones, 4)],
    );
  }
  await copyRows(client, 'contact_person', columns.contact_person, newContacts);
  if (oldContacts.length) {
    await client.query(
      `INSERT INTO contact_person (id, patient_id, relation, name, phone)
       SELECT x.id, x.p, x.r, x.n, x.ph FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[]) AS x(id, p, r, n, ph)
        WHERE NOT EXISTS (SELECT 1 FROM contact_person c WHERE c.patient_id = x.p AND c.name = x.n)`,
      [0, 1, 2, 3, 4].map((i) => col(oldContacts, i)),
    );
  }
  await copyRows(client, 'encounter', columns.encounter, encounters);
  result.createdEncounters = encounters.length;
  await copyRows(client, 'encounter_diagnosis', columns.encounter_diagnosis, newDiagnoses);
  if (oldDiagnoses.length) {
    await client.query(
      `INSERT INTO encounter_diagnosis (id, encounter_id, icd10_code, text, type)
       SELECT x.id, x.e, x.c, x.n, 'discharge' FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[]) AS x(id, e, c, n)
        WHERE NOT EXISTS (SELECT 1 FROM encounter_diagnosis d WHERE d.encounter_id = x.e AND d.icd10_code = x.c)`,
      [0, 1, 2, 3].map((i) => col(oldDiagnoses, i)),
    );
  }
  return result;
}

/**
 * Lists the batch's new patients that look like another record: same name and birth date, or same
 * name and a shared phone number (same ID number or identifier was already matched, not created).
 * Runs after the batch's phones are written, so two rows of one file are compared too; each pair is
 * kept once per import, at most five candidates per patient. The candidates are found from the new
 * patient's name + birth date and from its phone numbers (both indexed), not by reading every
 * patient of the same name. `newPatients` maps each new patient id to its row number.
 */
export async function recordImportDuplicates(client: ClientBase, jobId: string, newPatients: Map<string, number>): Promise<number> {
  if (!newPatients.size) return 0;
  const found = await client.query<{ patient_id: string }>(
    `WITH x AS (SELECT * FROM unnest($2::uuid[], $3::int[]) AS x(id, row_number)),
          n AS (SELECT x.id, x.row_number, p.name, p.birth_date FROM x JOIN patient p ON p.id = x.id),
          hit AS (
            SELECT n.id, n.row_number, p.id AS candidate, 'same_name_birth_date' AS reason
              FROM n JOIN patient p ON p.name = n.name AND p.birth_date = n.birth_date
            UNION
            SELECT n.id, n.row_number, b.patient_id, 'same_name_phone'
              FROM n JOIN patient_phone a ON a.patient_id = n.id JOIN patient_phone b ON b.number = a.number
              JOIN patient p ON p.id = b.patient_id AND p.name = n.name),
          pair AS (
            SELECT h.id, h.row_number, h.candidate,
                   array_remove(ARRAY[max(h.reason) FILTER (WHERE h.reason = 'same_name_birth_date'),
                                      max(h.reason) FILTER (WHERE h.reason = 'same_name_phone')], NULL) AS reasons,
                   row_number() OVER (PARTITION BY h.id ORDER BY h.candidate) AS nth
              FROM hit h JOIN patient p ON p.id = h.candidate
             WHERE h.candidate <> h.id AND p.merged_into_id IS NULL
               -- two new rows of one person: listed once, at the later row
               AND NOT EXISTS (SELECT 1 FROM x y WHERE y.id = h.candidate AND y.row_number > h.row_number)
             GROUP BY h.id, h.row_number, h.candidate)
     INSERT INTO import_duplicate (job_id, row_number, patient_id, candidate_id, reasons)
     SELECT $1, row_number, id, candidate, reasons FROM pair WHERE nth <= 5
     ON CONFLICT DO NOTHING
     RETURNING patient_id`,
    [jobId, [...newPatients.keys()], [...newPatients.values()]],
  );
  return new Set(found.rows.map((r) => r.patient_id)).size;
}
