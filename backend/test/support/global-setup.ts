import 'reflect-metadata';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createDataSource } from '../../src/database/data-source';
import { seedDemoData } from '../../src/database/demo-seed';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { dbUrl, TEMPLATE_DB, TEST_PG_STATE_ENV, TestPgState } from './pg-env';

/** A free TCP port on 127.0.0.1, chosen by the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const root = mkdtempSync(join(tmpdir(), 'hcrm-test-'));
  chmodSync(root, 0o755); // as root, the server runs as the "postgres" user and must reach its data folder
  const dataDir = join(root, 'pg');
  const pg = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  (globalThis as { __HCRM_PG__?: unknown }).__HCRM_PG__ = pg;

  const adminUrl = pg.url('postgres');
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();

  const ds = createDataSource(dbUrl(adminUrl, TEMPLATE_DB));
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await seedDemoData(ds, () => undefined, { patients: 60 });
  await ds.destroy();

  const state: TestPgState = { adminUrl, dataDir };
  const stateFile = join(root, 'state.json');
  writeFileSync(stateFile, JSON.stringify(state));
  process.env[TEST_PG_STATE_ENV] = stateFile;
  console.log(`\n[api tests] PostgreSQL ready with a migrated, seeded template in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
