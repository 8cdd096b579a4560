import 'reflect-metadata';
import { ConfigError, loadConfig } from '../config/app-config';
import { createDataSource } from './data-source';
import { describeDatabaseError } from './db-errors';
import { seedDemoData } from './demo-seed';
import { EmbeddedPgHandle, startEmbeddedPostgres } from './embedded-postgres';

const USAGE = `Usage: npm run db:migrate | npm run db:revert | npm run db:status | npm run db:seed-demo
  Uses DATABASE_URL when set, otherwise the embedded PostgreSQL in EMBEDDED_PG_DIR (.data/postgres).`;

/** Database maintenance commands: migrate, revert the last migration, show status, seed demo data. */
async function run(command: string | undefined): Promise<number> {
  if (!command || !['migrate', 'revert', 'status', 'seed-demo'].includes(command)) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  let embedded: EmbeddedPgHandle | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: config.embeddedPg.dataDir, port: config.embeddedPg.port });
    url = embedded.url();
  }
  const ds = createDataSource(url);
  try {
    await ds.initialize();
    switch (command) {
      case 'migrate': {
        const done = await ds.runMigrations({ transaction: 'each' });
        console.log(done.length ? `Applied: ${done.map((m) => m.name).join(', ')}` : 'The schema is up to date; nothing to apply.');
        break;
      }
      case 'revert': {
        const before: Array<{ name: string }> = await ds
          .query('SELECT name FROM schema_migration ORDER BY id DESC LIMIT 1')
          .catch(() => []);
        if (!before.length) {
          console.log('No migration has been applied; nothing to revert.');
          break;
        }
        await ds.undoLastMigration({ transaction: 'each' });
        console.log(`Reverted: ${before[0].name}`);
        break;
      }
      case 'status': {
        const applied: Array<{ name: string }> = await ds.query('SELECT name FROM schema_migration ORDER BY id').catch(() => []);
        const pending = ds.migrations.map((m) => m.name ?? m.constructor.name).filter((n) => !applied.some((a) => a.name === n));
        console.log(JSON.stringify({ applied: applied.map((a) => a.name), pending }, null, 2));
        break;
      }
      case 'seed-demo': {
        const s = await seedDemoData(ds, console.log);
        if (!s) console.log('The database already has user accounts; demo data is only seeded into an empty database.');
        break;
      }
    }
    return 0;
  } catch (e) {
    console.error(`ERROR: ${describeDatabaseError(e, url)}`);
    return 1;
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await embedded?.stop();
  }
}

run(process.argv[2]).then(
  (code) => process.exit(code),
  (e: Error) => {
    console.error(e instanceof ConfigError ? e.message : `ERROR: ${e.message}`);
    process.exit(1);
  },
);
