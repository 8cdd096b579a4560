import 'reflect-metadata';
import { Client } from 'pg';
import { loadConfig } from '../config/app-config';
import { copyRecords, CopyRow } from './copy';
import { createDataSource } from './data-source';
import { describeDatabaseError } from './db-errors';
import { DEPARTMENTS, patientRows, SeedDepartment, seedDemoData } from './demo-seed';
import { createRng } from './demo/synthetic';
import { EmbeddedPgHandle, startEmbeddedPostgres } from './embedded-postgres';

/**
 * `npm run seed:scale -- --patients N`: adds N synthetic patients (with phones, identifiers,
 * encounters and diagnoses) to the database using PostgreSQL COPY, in chunks, for benchmarks.
 * Needs the demo departments (seeds the demo hospital first if the database is empty).
 */

type Row = CopyRow;

export async function seedScale(url: string, total: number, log: (m: string) => void): Promise<{ patients: number; seconds: number }> {
  const ds = createDataSource(url);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await seedDemoData(ds, log);
  const depts: SeedDepartment[] = [];
  for (const d of DEPARTMENTS) {
    const rows: Array<{ id: string; ward_ids: string[] }> = await ds.query(
      `SELECT d.id, array_agg(w.id) AS ward_ids FROM department d JOIN ward w ON w.department_id = d.id WHERE d.code = $1 GROUP BY d.id`,
      [d.code],
    );
    if (!rows.length) throw new Error(`department ${d.code} is missing; seed:scale needs the demo departments`);
    depts.push({ ...d, id: rows[0].id, wardIds: rows[0].ward_ids });
  }
  const [{ n }]: Array<{ n: string }> = await ds.query(`SELECT count(*) AS n FROM patient`);
  await ds.destroy();

  const client = new Client({ connectionString: url });
  await client.connect();
  const started = Date.now();
  const chunk = 20_000;
  let start = Number(n);
  try {
    for (let done = 0; done < total; done += chunk) {
      const size = Math.min(chunk, total - done);
      const rng = createRng(1_000_003 + start);
      const r = patientRows(rng, new Date(), depts, size, start);
      await client.query('BEGIN');
      await copyRecords(
        client,
        'patient',
        [
          ['id', 'id'],
          ['name', 'name'],
          ['name_pinyin', 'namePinyin'],
          ['pinyin_initials', 'pinyinInitials'],
          ['sex_code', 'sexCode'],
          ['birth_date', 'birthDate'],
          ['id_number', 'idNumber'],
          ['ethnicity_code', 'ethnicityCode'],
          ['insurance_type_code', 'insuranceTypeCode'],
          ['address', 'address'],
          ['region_code', 'regionCode'],
          ['status', 'status'],
        ],
        r.patients as Row[],
      );
      await copyRecords(
        client,
        'patient_identifier',
        [
          ['patient_id', 'patientId'],
          ['type', 'type'],
          ['authority', 'authority'],
          ['value', 'value'],
        ],
        r.identifiers as Row[],
      );
      await copyRecords(
        client,
        'patient_phone',
        [
          ['patient_id', 'patientId'],
          ['number', 'number'],
          ['owner', 'owner'],
          ['is_primary', 'isPrimary'],
        ],
        r.phones as Row[],
      );
      await copyRecords(
        client,
        'encounter',
        [
          ['id', 'id'],
          ['patient_id', 'patientId'],
          ['type', 'type'],
          ['department_id', 'departmentId'],
          ['ward_id', 'wardId'],
          ['attending_doctor', 'attendingDoctor'],
          ['admitted_at', 'admittedAt'],
          ['discharged_at', 'dischargedAt'],
          ['discharge_disposition', 'dischargeDisposition'],
          ['visit_number', 'visitNumber'],
          ['source_system', 'sourceSystem'],
        ],
        r.encounters as Row[],
      );
      await copyRecords(
        client,
        'encounter_diagnosis',
        [
          ['encounter_id', 'encounterId'],
          ['icd10_code', 'icd10Code'],
          ['text', 'text'],
          ['type', 'type'],
        ],
        r.diagnoses as Row[],
      );
      await client.query('COMMIT');
      start += size;
      log(`${done + size} / ${total} patients (${Math.round((done + size) / ((Date.now() - started) / 1000))} patients/s)`);
    }
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
  return { patients: total, seconds: (Date.now() - started) / 1000 };
}

async function main(): Promise<number> {
  const i = process.argv.indexOf('--patients');
  const total = i > 0 ? Number(process.argv[i + 1]) : NaN;
  if (!Number.isInteger(total) || total < 1 || total > 20_000_000) {
    console.error('Usage: npm run seed:scale -- --patients N   (1 … 20,000,000)');
    return 2;
  }
  const config = loadConfig();
  let embedded: EmbeddedPgHandle | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: config.embeddedPg.dataDir, port: config.embeddedPg.port });
    url = embedded.url();
  }
  try {
    const r = await seedScale(url, total, (m) => console.log(m));
    console.log(`Added ${r.patients} patients in ${r.seconds.toFixed(1)} s.`);
    return 0;
  } catch (e) {
    console.error(`ERROR: ${describeDatabaseError(e, url)}`);
    return 1;
  } finally {
    await embedded?.stop();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e: Error) => {
      console.error(e.message);
      process.exit(1);
    },
  );
}
