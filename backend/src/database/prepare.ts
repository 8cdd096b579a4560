import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource } from './data-source';
import { seedDemoData, SeedSummary } from './demo-seed';

export interface PrepareOptions {
  migrate: boolean;
  seedDemo: boolean;
  /** The demo hospital gets the follow-up nurses of the demo follow-up history (made later, in the app). */
  demoFollowup?: boolean;
  jwtSecret?: string;
  log: (msg: string) => void;
}

export interface PrepareResult {
  jwtSecret: string;
  migrationsRun: string[];
  seeded?: SeedSummary;
}

/** Fails with a clear message when the schema is behind the code and we were not asked to migrate. */
async function assertMigrated(ds: DataSource): Promise<void> {
  if (await ds.showMigrations()) {
    throw new Error('The database schema is not up to date. Run `npm run db:migrate` (or start with DB_MIGRATE_ON_START=true).');
  }
}

/**
 * Makes the database ready for the app: migrations, the shared JWT secret, demo data.
 * Runs before the HTTP server starts; every step is safe to run on every start.
 */
export async function prepareDatabase(url: string, opts: PrepareOptions): Promise<PrepareResult> {
  const ds = createDataSource(url);
  await ds.initialize();
  try {
    let migrationsRun: string[] = [];
    if (opts.migrate) {
      const done = await ds.runMigrations({ transaction: 'each' });
      migrationsRun = done.map((m) => m.name);
      if (migrationsRun.length) opts.log(`Applied ${migrationsRun.length} migration(s): ${migrationsRun.join(', ')}`);
    } else {
      await assertMigrated(ds);
    }

    // One signing secret for every instance: from JWT_SECRET, else generated once and kept in the database.
    let jwtSecret = opts.jwtSecret;
    if (!jwtSecret) {
      await ds.query(`INSERT INTO app_setting (key, value) VALUES ('jwt_secret', $1) ON CONFLICT (key) DO NOTHING`, [
        randomBytes(48).toString('base64url'),
      ]);
      const rows: Array<{ value: string }> = await ds.query(`SELECT value FROM app_setting WHERE key = 'jwt_secret'`);
      jwtSecret = rows[0].value;
    }

    let seeded: SeedSummary | undefined;
    if (opts.seedDemo) seeded = await seedDemoData(ds, opts.log, { followupStaff: opts.demoFollowup });
    return { jwtSecret, migrationsRun, seeded };
  } finally {
    await ds.destroy();
  }
}
