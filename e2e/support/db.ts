import { Client } from 'pg';
import { PG_URL_ENV } from './env';

/**
 * Runs SQL on the e2e server's embedded PostgreSQL, for what the API cannot do on purpose (e.g. let a
 * retry delay pass). Use sparingly: the browser tests otherwise go through the API like a user.
 */
export async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const url = process.env[PG_URL_ENV];
  if (!url) throw new Error(`${PG_URL_ENV} is not set: run the e2e tests with \`npx jest -c e2e/jest.config.cjs\``);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}
