import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { AppRuntime } from '../../src/app.module';
import { createApp } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/app-config';
import { DEMO_PASSWORD } from '../../src/database/demo-seed';
import { dbUrl, TEMPLATE_DB, TEST_PG_STATE_ENV, TestPgState } from './pg-env';

function pgState(): TestPgState {
  const file = process.env[TEST_PG_STATE_ENV];
  if (!file) throw new Error('HCRM_TEST_PG_STATE is not set: run API tests through backend/test/jest.config.cts');
  return JSON.parse(readFileSync(file, 'utf8')) as TestPgState;
}

/** A fresh database copied from the migrated, demo-seeded template (`empty`: a new empty database instead). */
export async function createTestDatabase(opts: { empty?: boolean } = {}): Promise<{ url: string; drop: () => Promise<void> }> {
  const { adminUrl } = pgState();
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(opts.empty ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  await admin.end();
  return {
    url: dbUrl(adminUrl, name),
    drop: async () => {
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestApp {
  app: INestApplication;
  http: () => TestAgent;
  dbUrl: string;
  /** Signs in and returns the bearer token. */
  login: (username: string, password?: string) => Promise<string>;
  /** A direct connection to the test database for assertions. */
  sql: <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;
  close: () => Promise<void>;
}

/** Starts the real application on its own fresh database. Extra env overrides configuration. */
export async function startTestApp(
  env: Record<string, string> = {},
  appDbUrl?: string,
  existingDb?: { url: string; drop: () => Promise<void> },
  runtime: Pick<AppRuntime, 'hl7Applier' | 'clock'> = {},
): Promise<TestApp> {
  const db = existingDb ?? (await createTestDatabase());
  const url = appDbUrl ?? db.url;
  const config = loadConfig(
    {
      LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
      LOGIN_RATE_LIMIT: '1000',
      CONSOLE_DIR: '/nonexistent',
      QUIET_HOURS: 'off',
      // No MLLP listener on the shared default port unless a test asks for one (HL7_MLLP_ENABLED + HL7_MLLP_PORT).
      HL7_MLLP_ENABLED: 'false',
      DATABASE_URL: url,
      ...env,
    },
    [],
  );
  const app = await createApp({ ...runtime, config, databaseUrl: url, jwtSecret: randomBytes(32).toString('hex') });
  await app.init();
  const client = new Client({ connectionString: db.url });
  await client.connect();
  const http = () => request(app.getHttpServer());
  return {
    app,
    http,
    dbUrl: url,
    login: async (username, password = DEMO_PASSWORD) => {
      const res = await http().post('/api/auth/login').send({ username, password });
      if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.accessToken as string;
    },
    sql: async (text, params) => (await client.query(text, params)).rows,
    close: async () => {
      await client.end();
      await app.close();
      await db.drop();
    },
  };
}
