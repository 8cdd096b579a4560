import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../platform/audit/audit.service';
import { departmentFilter } from '../../platform/context/access-scope';
import { currentUser, requestContext } from '../../platform/context/request-context';
import { AppError } from '../../platform/errors/app-error';
import { Page } from '../../platform/http/paging';
import { namePinyin } from '../pinyin';
import { ImportFile, ImportJob, ImportMapping, ImportRowError } from './import.entities';
import {
  ColumnMapping,
  DepartmentRef,
  IMPORT_FIELD_NAMES,
  ImportRecord,
  mappingProblems,
  normaliseRow,
  problemsText,
  type RowProblem,
  suggestMapping,
} from './import-mapping';
import { detectEncoding, detectFormat, Encoding, ENCODINGS, FileRow, ImportFileError, readRows } from './import-reader';

const BATCH = 1000;
const MAX_FILE_BYTES = 200 * 1024 * 1024;

export function importError(message: string): AppError {
  return new AppError(HttpStatus.BAD_REQUEST, 'IMPORT_FILE_INVALID', message);
}

/**
 * Bulk import of patients with encounters and diagnoses from HIS exports (CSV in UTF-8 or
 * GB18030/GBK, or .xlsx). Upload stores the file and reads only its header; a dry run validates
 * every row without writing; the import runs in the background (ImportRunner) in batches, each
 * committed together with the job's progress, so a restart resumes where it stopped. Patients are
 * matched on their identifiers (per source) and ID number, encounters on (source, visit number):
 * importing the same file again adds nothing.
 */
@Injectable()
export class ImportService {
  private readonly logger = new Logger(ImportService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async upload(
    file: { originalname: string; buffer: Buffer; size: number } | undefined,
    sourceName: string,
    encodingChoice: string | undefined,
  ) {
    if (!file || !file.size) throw importError('Choose a CSV or .xlsx file to upload');
    if (file.size > MAX_FILE_BYTES) throw importError('The file is larger than 200 MB; split it');
    if (encodingChoice && encodingChoice !== 'auto' && !(ENCODINGS as readonly string[]).includes(encodingChoice)) {
      throw AppError.validation({ encoding: [`encoding must be auto, ${ENCODINGS.join(' or ')}`] });
    }
    let format;
    try {
      format = detectFormat(file.buffer, file.originalname);
    } catch (e) {
      throw importError((e as Error).message);
    }
    const encoding: Encoding | null =
      format === 'csv' ? (encodingChoice && encodingChoice !== 'auto' ? (encodingChoice as Encoding) : detectEncoding(file.buffer)) : null;
    // Read the header and a few rows now, so a wrong file is refused before anything is stored.
    const preview: FileRow[] = [];
    let columns: string[] = [];
    try {
      for await (const item of readRows(file.buffer, format, encoding ?? 'utf-8')) {
        if ('header' in item) columns = item.header;
        else preview.push(item);
        if (preview.length >= 5) break;
      }
    } catch (e) {
      throw importError(e instanceof ImportFileError ? e.message : `The file cannot be read: ${(e as Error).message}`);
    }
    if (!columns.length || columns.every((c) => !c)) throw importError('The first row must hold the column names');
    if (new Set(columns).size !== columns.length) throw importError('Two columns have the same name; rename one');
    if (encoding === 'utf-8' && columns.some((c) => c.includes('\uFFFD')))
      throw importError('The column names are garbled: choose the GB18030 encoding');

    const saved = await this.db.getRepository(ImportMapping).findOneBy({ sourceName });
    const suggested = saved ? (saved.mapping as ColumnMapping) : suggestMapping(columns);
    const job = await this.db.transaction(async (m) => {
      const j = await m.save(
        m.create(ImportJob, {
          fileName: file.originalname.slice(0, 255),
          fileSha256: createHash('sha256').update(file.buffer).digest('hex'),
          format,
          encoding,
          sourceName,
          columns,
          mapping: suggested as Record<string, string>,
          status: 'uploaded',
          createdBy: currentUser().id,
        }),
      );
      await m.insert(ImportFile, { jobId: j.id, content: file.buffer });
      return j;
    });
    const previous = await this.db.query(
      `SELECT id, created_at AS "createdAt" FROM import_job WHERE file_sha256 = $1 AND id <> $2 AND status = 'done' ORDER BY created_at DESC LIMIT 1`,
      [job.fileSha256, job.id],
    );
    await this.audit.record({
      action: 'import.upload',
      entityType: 'import_job',
      entityId: job.id,
      details: { fileName: job.fileName, bytes: file.size, format, encoding },
    });
    return {
      ...this.view(job),
      preview: preview.map((p) => p.values),
      fields: IMPORT_FIELD_NAMES,
      savedMapping: !!saved,
      sameFileImportedBefore: previous[0] ?? null,
    };
  }

  view(j: ImportJob) {
    return {
      id: j.id,
      fileName: j.fileName,
      format: j.format,
      encoding: j.encoding,
      sourceName: j.sourceName,
      columns: j.columns,
      mapping: j.mapping,
      status: j.status,
      totalRows: j.totalRows,
      processedRows: j.processedRows,
      createdPatients: j.createdPatients,
      matchedPatients: j.matchedPatients,
      createdEncounters: j.createdEncounters,
      errorRows: j.errorRows,
      duplicateRows: j.duplicateRows,
      message: j.message,
      createdAt: j.createdAt,
      startedAt: j.startedAt,
      finishedAt: j.finishedAt,
    };
  }

  async get(id: string) {
    const j = await this.db.getRepository(ImportJob).findOneBy({ id });
    if (!j) throw AppError.notFound('Import');
    const errors = await this.db.getRepository(ImportRowError).find({
      where: { jobId: id, phase: j.status === 'validated' || j.status === 'validating' ? 'dry_run' : 'import' },
      order: { rowNumber: 'ASC' },
      take: 20,
    });
    return { ...this.view(j), firstErrors: errors.map((e) => ({ rowNumber: e.rowNumber, reason: e.reason, problems: e.problems })) };
  }

  list() {
    return this.db
      .getRepository(ImportJob)
      .find({ order: { createdAt: 'DESC' }, take: 50 })
      .then((rows) => rows.map((j) => this.view(j)));
  }

  private async setMapping(id: string, mapping: ColumnMapping, allowed: string[]) {
    const j = await this.db.getRepository(ImportJob).findOneBy({ id });
    if (!j) throw AppError.notFound('Import');
    if (!allowed.includes(j.status)) throw new AppError(HttpStatus.CONFLICT, 'IMPORT_STATE', `The import is ${j.status}`);
    const problems = mappingProblems(mapping, j.columns);
    if (Object.keys(problems).length)
      throw AppError.validation(Object.fromEntries(Object.entries(problems).map(([k, v]) => [`mapping.${k}`, v])));
    return j;
  }

  /** Queues validation of every row (no patient data is written); errors are kept per row. */
  async dryRun(id: string, mapping: ColumnMapping) {
    const j = await this.setMapping(id, mapping, ['uploaded', 'validated', 'failed']);
    await this.db.getRepository(ImportJob).update(
      { id },
      {
        mapping: mapping as Record<string, string>,
        status: 'validating',
        heartbeatAt: null,
        processedRows: 0,
        errorRows: 0,
        message: null,
        startedAt: null,
        finishedAt: null,
      },
    );
    await this.db
      .getRepository(ImportMapping)
      .upsert({ sourceName: j.sourceName, mapping: mapping as Record<string, string> }, ['sourceName']);
    return this.get(id);
  }

  /** Queues the import itself. */
  async start(id: string, mapping?: ColumnMapping) {
    const j = await this.setMapping(
      id,
      mapping ?? ((await this.db.getRepository(ImportJob).findOneByOrFail({ id })).mapping as ColumnMapping),
      ['uploaded', 'validated', 'failed', 'done'],
    );
    await this.db.getRepository(ImportJob).update(
      { id },
      {
        mapping: (mapping ?? j.mapping) as Record<string, string>,
        status: 'queued',
        heartbeatAt: null,
        processedRows: 0,
        errorRows: 0,
        createdPatients: 0,
        matchedPatients: 0,
        createdEncounters: 0,
        // duplicateRows is kept: the pairs a previous run found stay listed for review.
        message: null,
        startedAt: null,
        finishedAt: null,
      },
    );
    await this.db.query(`DELETE FROM import_row_error WHERE job_id = $1 AND phase = 'import'`, [id]);
    await this.audit.record({ action: 'import.start', entityType: 'import_job', entityId: id, details: { fileName: j.fileName } });
    return this.get(id);
  }

  /**
   * The import's probable duplicates, by row: the record created and the record it resembles, with
   * merge state. Pairs with a patient outside the caller's departments are left out.
   */
  async duplicates(id: string, page: number, pageSize: number): Promise<Page<unknown>> {
    const j = await this.db.getRepository(ImportJob).findOneBy({ id });
    if (!j) throw AppError.notFound('Import');
    const scope = departmentFilter(requestContext.get()?.scope);
    const rows: Array<Record<string, unknown> & { total: string }> = await this.db.query(
      `SELECT d.row_number AS "rowNumber", d.reasons,
              json_build_object('id', n.id, 'name', n.name, 'sexCode', n.sex_code, 'birthDate', to_char(n.birth_date, 'YYYY-MM-DD'), 'mergedIntoId', n.merged_into_id) AS patient,
              json_build_object('id', c.id, 'name', c.name, 'sexCode', c.sex_code, 'birthDate', to_char(c.birth_date, 'YYYY-MM-DD'), 'mergedIntoId', c.merged_into_id) AS candidate,
              count(*) OVER () AS total
         FROM import_duplicate d JOIN patient n ON n.id = d.patient_id JOIN patient c ON c.id = d.candidate_id
        WHERE d.job_id = $1 AND ($2::uuid[] IS NULL OR (n.department_ids && $2::uuid[] AND c.department_ids && $2::uuid[]))
        ORDER BY d.row_number, d.id LIMIT $3 OFFSET $4`,
      [id, scope, pageSize, (page - 1) * pageSize],
    );
    await this.audit.record({ action: 'import.duplicates_read', entityType: 'import_job', entityId: id, details: { rows: rows.length } });
    return {
      items: rows.map(({ total: _total, ...r }) => ({
        ...r,
        merged: !!(
          (r['patient'] as { mergedIntoId: string | null }).mergedIntoId || (r['candidate'] as { mergedIntoId: string | null }).mergedIntoId
        ),
      })),
      total: rows.length ? Number(rows[0].total) : 0,
      page,
      pageSize,
    };
  }

  /** The rejected rows as CSV (UTF-8 with BOM so Excel opens it): original columns + row number + reason. */
  async errorsCsv(id: string): Promise<{ fileName: string; content: string }> {
    const j = await this.db.getRepository(ImportJob).findOneBy({ id });
    if (!j) throw AppError.notFound('Import');
    const phase = j.status === 'validated' || j.status === 'validating' ? 'dry_run' : 'import';
    const rows = await this.db.getRepository(ImportRowError).find({ where: { jobId: id, phase }, order: { rowNumber: 'ASC' } });
    const esc = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    const header = ['行号 row', '原因 reason', ...j.columns];
    const lines = [header, ...rows.map((r) => [String(r.rowNumber), r.reason, ...j.columns.map((c) => r.raw[c] ?? '')])].map((l) =>
      l.map(esc).join(','),
    );
    await this.audit.record({ action: 'import.errors_download', entityType: 'import_job', entityId: id, details: { rows: rows.length } });
    return { fileName: `${j.fileName.replace(/\.[^.]+$/, '')}-errors.csv`, content: '\uFEFF' + lines.join('\r\n') + '\r\n' };
  }

  // ---- processing (called by ImportRunner) -------------------------------------------------------

  private async departments(): Promise<DepartmentRef[]> {
    return this.db.query(
      `SELECT d.id, d.code, d.name, COALESCE(json_agg(json_build_object('id', w.id, 'code', w.code, 'name', w.name)) FILTER (WHERE w.id IS NOT NULL), '[]') AS wards
         FROM department d LEFT JOIN ward w ON w.department_id = d.id GROUP BY d.id`,
    );
  }

  /** Processes a claimed job from `processedRows` on. `heartbeat` keeps the claim alive. */
  async process(jobId: string, heartbeat: () => Promise<void>): Promise<void> {
    const job = await this.db.getRepository(ImportJob).findOneByOrFail({ id: jobId });
    const file = await this.db.getRepository(ImportFile).findOneByOrFail({ jobId });
    const dryRun = job.status === 'validating';
    const mapping = (job.mapping ?? {}) as ColumnMapping;
    const departments = await this.departments();
    if (dryRun) await this.db.query(`DELETE FROM import_row_error WHERE job_id = $1 AND phase = 'dry_run'`, [jobId]);
    const skip = dryRun ? 0 : job.processedRows;
    let seen = 0;
    let batch: Array<{ row: FileRow; record: ImportRecord | { errors: RowProblem[] } }> = [];
    const counters = {
      processed: skip,
      errors: dryRun ? 0 : job.errorRows,
      createdPatients: job.createdPatients,
      matchedPatients: job.matchedPatients,
      createdEncounters: job.createdEncounters,
      duplicates: dryRun ? 0 : job.duplicateRows,
    };
    const flush = async (final: boolean) => {
      await this.db.transaction(async (m) => {
        const errors = batch.filter((b) => 'errors' in b.record);
        if (errors.length) {
          await m.insert(
            ImportRowError,
            errors.map((b) => ({
              jobId,
              rowNumber: b.row.rowNumber,
              reason: problemsText((b.record as { errors: RowProblem[] }).errors),
              problems: (b.record as { errors: RowProblem[] }).errors,
              raw: b.row.values,
              phase: dryRun ? ('dry_run' as const) : ('import' as const),
            })),
          );
        }
        if (!dryRun) {
          const good = batch.filter((b) => !('errors' in b.record));
          const r = await this.writeBatch(
            m,
            good.map((b) => b.record as ImportRecord),
            job.sourceName,
          );
          counters.duplicates += await this.recordDuplicates(
            m,
            jobId,
            r.newPatients,
            good.map((b) => b.row.rowNumber),
          );
          counters.createdPatients += r.createdPatients;
          counters.matchedPatients += r.matchedPatients;
          counters.createdEncounters += r.createdEncounters;
        }
        counters.processed += batch.length;
        counters.errors += errors.length;
        await m.update(
          ImportJob,
          { id: jobId },
          {
            processedRows: counters.processed,
            errorRows: counters.errors,
            createdPatients: counters.createdPatients,
            matchedPatients: counters.matchedPatients,
            createdEncounters: counters.createdEncounters,
            duplicateRows: counters.duplicates,
            ...(final ? { totalRows: counters.processed, status: dryRun ? 'validated' : 'done', finishedAt: new Date() } : {}),
            heartbeatAt: new Date(),
          },
        );
      });
      batch = [];
      if (!final) await heartbeat();
    };
    try {
      for await (const item of readRows(file.content, job.format, (job.encoding ?? 'utf-8') as Encoding)) {
        if ('header' in item) continue;
        if (seen++ < skip) continue;
        batch.push({ row: item, record: normaliseRow(item.values, mapping, departments) });
        if (batch.length >= BATCH) await flush(false);
      }
      await flush(true);
    } catch (e) {
      const message = e instanceof ImportFileError ? e.message : 'The import stopped because of an internal error; it can be started again';
      this.logger.error({ jobId, err: (e as Error).message }, 'import failed');
      await this.db.getRepository(ImportJob).update({ id: jobId }, { status: 'failed', message, finishedAt: new Date() });
      return;
    }
    await this.audit.record({
      action: dryRun ? 'import.validated' : 'import.done',
      entityType: 'import_job',
      entityId: jobId,
      actorId: job.createdBy,
      actorUsername: null,
      details: {
        rows: counters.processed,
        errors: counters.errors,
        createdPatients: counters.createdPatients,
        createdEncounters: counters.createdEncounters,
        duplicates: counters.duplicates,
      },
    });
  }

  /**
   * Lists the batch's new patients that look like another record: same name and birth date, or same
   * name and a shared phone number (same ID number or identifier was already matched, not created).
   * Runs after the batch's phones are written, so two rows of one file are compared too; each pair is
   * kept once per import. `newPatients` maps each new patient id to the index of its first row.
   */
  private async recordDuplicates(m: EntityManager, jobId: string, newPatients: Map<string, number>, rowNumbers: number[]): Promise<number> {
    if (!newPatients.size) return 0;
    const ids = [...newPatients.keys()];
    const found: unknown[] = await m.query(
      `INSERT INTO import_duplicate (job_id, row_number, patient_id, candidate_id, reasons)
       SELECT $1, x.row_number, n.id, c.id, c.reasons
         FROM unnest($2::uuid[], $3::int[]) AS x(id, row_number)
         JOIN patient n ON n.id = x.id
         CROSS JOIN LATERAL (
           SELECT p.id, array_remove(ARRAY[
                    CASE WHEN n.birth_date IS NOT NULL AND p.birth_date = n.birth_date THEN 'same_name_birth_date' END,
                    CASE WHEN EXISTS (SELECT 1 FROM patient_phone a JOIN patient_phone b ON b.number = a.number
                                       WHERE a.patient_id = n.id AND b.patient_id = p.id) THEN 'same_name_phone' END], NULL) AS reasons
             FROM patient p
            WHERE p.name = n.name AND p.id <> n.id AND p.merged_into_id IS NULL
              -- two new rows of one person: listed once, at the later row
              AND NOT EXISTS (SELECT 1 FROM unnest($2::uuid[], $3::int[]) AS y(id, row_number) WHERE y.id = p.id AND y.row_number > x.row_number)
              AND ((n.birth_date IS NOT NULL AND p.birth_date = n.birth_date)
                   OR EXISTS (SELECT 1 FROM patient_phone a JOIN patient_phone b ON b.number = a.number WHERE a.patient_id = n.id AND b.patient_id = p.id))
            LIMIT 5) c
       ON CONFLICT DO NOTHING
       RETURNING patient_id`,
      [jobId, ids, ids.map((id) => rowNumbers[newPatients.get(id)!])],
    );
    return new Set((found as Array<{ patient_id: string }>).map((r) => r.patient_id)).size;
  }

  /** Writes one batch with a handful of set-based statements (no query per row). */
  private async writeBatch(m: EntityManager, records: ImportRecord[], source: string) {
    if (!records.length) return { createdPatients: 0, matchedPatients: 0, createdEncounters: 0, newPatients: new Map<string, number>() };
    // 1. Match existing patients by identifier (per source) or ID number.
    const keys: Array<[type: string, value: string]> = [];
    for (const r of records) {
      if (r.hisId) keys.push(['his_id', r.hisId]);
      if (r.inpatientNo) keys.push(['inpatient_no', r.inpatientNo]);
      if (r.outpatientNo) keys.push(['outpatient_no', r.outpatientNo]);
    }
    const found: Array<{ patient_id: string; type: string; value: string }> = keys.length
      ? await m.query(
          `SELECT patient_id, type, value FROM patient_identifier WHERE authority = $1 AND (type, value) IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
          [source, keys.map((k) => k[0]), keys.map((k) => k[1])],
        )
      : [];
    const byKey = new Map(found.map((f) => [`${f.type}:${f.value}`, f.patient_id]));
    const idNumbers = records.map((r) => r.idNumber).filter((x): x is string => !!x);
    const byId: Array<{ id: string; id_number: string }> = idNumbers.length
      ? await m.query(`SELECT id, id_number FROM patient WHERE id_number = ANY($1) AND merged_into_id IS NULL`, [idNumbers])
      : [];
    for (const p of byId) byKey.set(`id:${p.id_number}`, p.id);

    // 2. Resolve each record to a patient id; new patients get an id here (rows of one person share it).
    const keysOf = (r: ImportRecord) =>
      [
        r.hisId && `his_id:${r.hisId}`,
        r.inpatientNo && `inpatient_no:${r.inpatientNo}`,
        r.outpatientNo && `outpatient_no:${r.outpatientNo}`,
        r.idNumber && `id:${r.idNumber}`,
      ].filter((k): k is string => !!k);
    const newPatients = new Map<string, ImportRecord>();
    const firstRow = new Map<string, number>();
    let matched = 0;
    const patientOf = records.map((r, i) => {
      const ks = keysOf(r);
      let id = ks.map((k) => byKey.get(k)).find((x) => x);
      if (id && !newPatients.has(id)) matched++;
      if (!id) {
        id = randomUUID();
        newPatients.set(id, r);
        firstRow.set(id, i);
      }
      for (const k of ks) byKey.set(k, id);
      return id;
    });
    if (newPatients.size) {
      const rows = [...newPatients.entries()];
      const py = rows.map(([, r]) => namePinyin(r.name));
      // Department scope and last visit as the encounter triggers would compute them, so the
      // triggers find nothing to rewrite (one write per new patient instead of two).
      const depts = new Map<string, Set<string>>();
      const lastVisit = new Map<string, number>();
      records.forEach((r, i) => {
        const e = r.encounter;
        if (!e?.visitNumber || !newPatients.has(patientOf[i])) return;
        if (e.departmentId) (depts.get(patientOf[i]) ?? depts.set(patientOf[i], new Set()).get(patientOf[i])!).add(e.departmentId);
        const t = (e.dischargedAt ?? e.admittedAt)?.getTime();
        if (t !== undefined) lastVisit.set(patientOf[i], Math.max(t, lastVisit.get(patientOf[i]) ?? t));
      });
      await m.query(
        `INSERT INTO patient (id, name, name_pinyin, pinyin_initials, sex_code, birth_date, id_number, address, region_code, department_ids, last_visit_at, status)
         SELECT x.id, x.name, x.py, x.ini, x.sex, x.birth, x.idn, x.addr, x.region, COALESCE(string_to_array(x.depts, ',')::uuid[], '{}'), x.lv, 'active'
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::text[], $8::text[], $9::text[], $10::text[], $11::timestamptz[])
             AS x(id, name, py, ini, sex, birth, idn, addr, region, depts, lv)`,
        [
          rows.map((r) => r[0]),
          rows.map((r) => r[1].name),
          py.map((p) => p.full),
          py.map((p) => p.initials),
          rows.map((r) => r[1].sexCode),
          rows.map((r) => r[1].birthDate),
          rows.map((r) => r[1].idNumber),
          rows.map((r) => r[1].address),
          rows.map((r) => r[1].idNumber?.slice(0, 6) ?? null),
          rows.map((r) => (depts.has(r[0]) ? [...depts.get(r[0])!].sort().join(',') : null)),
          rows.map((r) => (lastVisit.has(r[0]) ? new Date(lastVisit.get(r[0])!) : null)),
        ],
      );
    }
    // 3. Identifiers, phones, contacts: added when missing.
    const idents: Array<[string, string, string]> = [];
    const phones: Array<[string, string]> = [];
    const contacts: Array<[string, string, string, string | null]> = [];
    records.forEach((r, i) => {
      const pid = patientOf[i];
      if (r.hisId) idents.push([pid, 'his_id', r.hisId]);
      if (r.inpatientNo) idents.push([pid, 'inpatient_no', r.inpatientNo]);
      if (r.outpatientNo) idents.push([pid, 'outpatient_no', r.outpatientNo]);
      if (r.phone) phones.push([pid, r.phone]);
      if (r.contact) contacts.push([pid, r.contact.relation, r.contact.name, r.contact.phone]);
    });
    if (idents.length) {
      await m.query(
        `INSERT INTO patient_identifier (patient_id, type, authority, value) SELECT p, t, $4, v FROM unnest($1::uuid[], $2::text[], $3::text[]) AS x(p, t, v) ON CONFLICT (type, authority, value) DO NOTHING`,
        [idents.map((x) => x[0]), idents.map((x) => x[1]), idents.map((x) => x[2]), source],
      );
    }
    if (phones.length) {
      await m.query(
        `INSERT INTO patient_phone (patient_id, number, owner, is_primary)
         SELECT DISTINCT ON (x.p, x.n) x.p, x.n, 'self', NOT EXISTS (SELECT 1 FROM patient_phone q WHERE q.patient_id = x.p)
           FROM unnest($1::uuid[], $2::text[]) AS x(p, n)
          WHERE NOT EXISTS (SELECT 1 FROM patient_phone q WHERE q.patient_id = x.p AND q.number = x.n)`,
        [phones.map((x) => x[0]), phones.map((x) => x[1])],
      );
    }
    if (contacts.length) {
      await m.query(
        `INSERT INTO contact_person (patient_id, relation, name, phone)
         SELECT DISTINCT ON (x.p, x.n) x.p, x.r, x.n, x.ph FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS x(p, r, n, ph)
          WHERE NOT EXISTS (SELECT 1 FROM contact_person c WHERE c.patient_id = x.p AND c.name = x.n)`,
        [contacts.map((x) => x[0]), contacts.map((x) => x[1]), contacts.map((x) => x[2]), contacts.map((x) => x[3])],
      );
    }
    // 4. Encounters keyed by (source, visit number); then their diagnoses when missing.
    const encs = records.map((r, i) => ({ r, pid: patientOf[i] })).filter((x) => x.r.encounter?.visitNumber);
    let createdEncounters = 0;
    if (encs.length) {
      const e = encs.map((x) => x.r.encounter!);
      const inserted: Array<{ id: string }> = await m.query(
        `INSERT INTO encounter (patient_id, type, department_id, ward_id, attending_doctor, admitted_at, discharged_at, visit_number, source_system)
         SELECT DISTINCT ON (v) p, t, d, w, doc, a, dis, v, $9 FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::timestamptz[], $7::timestamptz[], $8::text[]) AS x(p, t, d, w, doc, a, dis, v)
         ON CONFLICT (source_system, visit_number) WHERE visit_number IS NOT NULL AND source_system IS NOT NULL DO NOTHING RETURNING id`,
        [
          encs.map((x) => x.pid),
          e.map((x) => x.type),
          e.map((x) => x.departmentId),
          e.map((x) => x.wardId),
          e.map((x) => x.attendingDoctor),
          e.map((x) => x.admittedAt),
          e.map((x) => x.dischargedAt),
          e.map((x) => x.visitNumber),
          source,
        ],
      );
      createdEncounters = inserted.length;
      const dx = encs.filter((x) => x.r.encounter!.diagnosis);
      if (dx.length) {
        // Look the encounters up by key with = ANY (index scan), then add missing diagnoses by id.
        const ids: Array<{ id: string; visit_number: string }> = await m.query(
          `SELECT id, visit_number FROM encounter WHERE source_system = $1 AND visit_number = ANY($2::text[])`,
          [source, dx.map((x) => x.r.encounter!.visitNumber)],
        );
        const idOf = new Map(ids.map((r) => [r.visit_number, r.id]));
        const withIds = dx
          .map((x) => ({ e: idOf.get(x.r.encounter!.visitNumber!), d: x.r.encounter!.diagnosis! }))
          .filter((x): x is { e: string; d: { code: string; name: string } } => !!x.e);
        await m.query(
          `INSERT INTO encounter_diagnosis (encounter_id, icd10_code, text, type)
           SELECT DISTINCT x.e, x.c, x.n, 'discharge' FROM unnest($1::uuid[], $2::text[], $3::text[]) AS x(e, c, n)
            WHERE NOT EXISTS (SELECT 1 FROM encounter_diagnosis d WHERE d.encounter_id = x.e AND d.icd10_code = x.c)`,
          [withIds.map((x) => x.e), withIds.map((x) => x.d.code), withIds.map((x) => x.d.name)],
        );
      }
    }
    return { createdPatients: newPatients.size, matchedPatients: matched, createdEncounters, newPatients: firstRow };
  }
}
