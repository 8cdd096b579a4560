import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { copyRows } from '../../database/copy';
import { AuditService } from '../../platform/audit/audit.service';
import { departmentFilter } from '../../platform/context/access-scope';
import { currentUser, requestContext } from '../../platform/context/request-context';
import { AppError } from '../../platform/errors/app-error';
import { Page } from '../../platform/http/paging';
import { ImportFile, ImportJob, ImportMapping, ImportRowError } from './import.entities';
import { recordImportDuplicates, writeImportBatch } from './import-writer';
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

/**
 * Rows per transaction. Per-statement costs are negligible from ~1,000 rows on; with 5,000 the rows
 * waiting to be written outlive the young-generation collections, and the server's RSS passed
 * 500 MB in the benchmark (V8 let the heap grow to ~4x the live set before a full collection).
 */
const BATCH = 2000;
const MAX_FILE_BYTES = 200 * 1024 * 1024;

/** A read row waiting for its batch: the record to write, or the problems and the row as read. */
type PendingRow = { rowNumber: number; record: ImportRecord } | { rowNumber: number; errors: RowProblem[]; raw: Record<string, string> };

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

  /**
   * Processes a claimed job from `processedRows` on. `heartbeat` keeps the claim alive.
   *
   * Batches of BATCH rows are written one after another on one connection, each in its own
   * transaction together with the job's progress (so a restart resumes after the last committed
   * batch). Reading and validating the next batch overlaps the writing of the previous one; its
   * lookup starts only after that one committed, so rows of one person in two batches match.
   */
  async process(jobId: string, heartbeat: () => Promise<void>): Promise<void> {
    const job = await this.db.getRepository(ImportJob).findOneByOrFail({ id: jobId });
    const file = await this.db.getRepository(ImportFile).findOneByOrFail({ jobId });
    const dryRun = job.status === 'validating';
    const mapping = (job.mapping ?? {}) as ColumnMapping;
    const departments = await this.departments();
    if (dryRun) await this.db.query(`DELETE FROM import_row_error WHERE job_id = $1 AND phase = 'dry_run'`, [jobId]);
    const skip = dryRun ? 0 : job.processedRows;
    const counters = {
      processed: skip,
      errors: dryRun ? 0 : job.errorRows,
      createdPatients: job.createdPatients,
      matchedPatients: job.matchedPatients,
      createdEncounters: job.createdEncounters,
      duplicates: dryRun ? 0 : job.duplicateRows,
    };
    const runner = this.db.createQueryRunner();
    await runner.connect();
    const client = (runner as unknown as { databaseConnection: PoolClient }).databaseConnection;

    const flush = async (batch: PendingRow[], final: boolean) => {
      const errors = batch.filter((b) => 'errors' in b);
      const good = batch.filter((b) => 'record' in b);
      for (let attempt = 1; ; attempt++) {
        await client.query('BEGIN');
        try {
          const r = dryRun
            ? null
            : await writeImportBatch(
                client,
                good.map((b) => b.record),
                job.sourceName,
              );
          const duplicates = r
            ? await recordImportDuplicates(client, jobId, new Map([...r.newPatients].map(([id, i]) => [id, good[i].rowNumber])))
            : 0;
          await copyRows(
            client,
            'import_row_error',
            ['job_id', 'row_number', 'reason', 'problems', 'raw', 'phase'],
            errors.map((b) => [
              jobId,
              b.rowNumber,
              problemsText(b.errors),
              JSON.stringify(b.errors),
              JSON.stringify(b.raw),
              dryRun ? 'dry_run' : 'import',
            ]),
          );
          const next = {
            processed: counters.processed + batch.length,
            errors: counters.errors + errors.length,
            createdPatients: counters.createdPatients + (r?.createdPatients ?? 0),
            matchedPatients: counters.matchedPatients + (r?.matchedPatients ?? 0),
            createdEncounters: counters.createdEncounters + (r?.createdEncounters ?? 0),
            duplicates: counters.duplicates + duplicates,
          };
          await client.query(
            `UPDATE import_job SET processed_rows = $2, error_rows = $3, created_patients = $4, matched_patients = $5,
                    created_encounters = $6, duplicate_rows = $7, heartbeat_at = now(), updated_at = now(),
                    total_rows = CASE WHEN $8 THEN $2 ELSE total_rows END,
                    status = CASE WHEN $8 THEN $9 ELSE status END,
                    finished_at = CASE WHEN $8 THEN now() ELSE finished_at END
              WHERE id = $1`,
            [
              jobId,
              next.processed,
              next.errors,
              next.createdPatients,
              next.matchedPatients,
              next.createdEncounters,
              next.duplicates,
              final,
              dryRun ? 'validated' : 'done',
            ],
          );
          await client.query('COMMIT');
          Object.assign(counters, next);
          break;
        } catch (e) {
          await client.query('ROLLBACK');
          // Another transaction added one of the batch's identifiers or visits after the lookup:
          // run the batch again, which now finds them.
          if ((e as { code?: string }).code !== '23505' || attempt >= 3) throw e;
          this.logger.warn({ jobId, attempt, err: (e as Error).message }, 'import batch met a concurrent insert; retrying');
        }
      }
      if (!final) await heartbeat();
    };

    let batch: PendingRow[] = [];
    let writing: Promise<void> | null = null;
    try {
      try {
        let seen = 0;
        for await (const item of readRows(file.content, job.format, (job.encoding ?? 'utf-8') as Encoding)) {
          if ('header' in item) continue;
          if (seen++ < skip) continue;
          // Good rows keep only their record, so a batch waiting to be written holds little.
          const record = normaliseRow(item.values, mapping, departments);
          batch.push(
            'errors' in record
              ? { rowNumber: item.rowNumber, errors: record.errors, raw: item.values }
              : { rowNumber: item.rowNumber, record },
          );
          if (batch.length >= BATCH) {
            await writing;
            writing = flush(batch, false);
            // Failures surface at the next await of `writing`; keep Node from reporting them as unhandled meanwhile.
            writing.catch(() => undefined);
            batch = [];
          }
        }
      } finally {
        // Never leave a batch writing on the connection, whatever stopped the reading.
        await writing?.catch(() => undefined);
      }
      await writing;
      await flush(batch, true);
    } catch (e) {
      const message = e instanceof ImportFileError ? e.message : 'The import stopped because of an internal error; it can be started again';
      this.logger.error({ jobId, err: (e as Error).message }, 'import failed');
      await this.db.getRepository(ImportJob).update({ id: jobId }, { status: 'failed', message, finishedAt: new Date() });
      return;
    } finally {
      await runner.release();
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
}
