import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * A read through a named prepared statement on the application's connection pool: each connection
 * parses and plans the statement once and PostgreSQL may then keep a generic plan, so a hot query
 * (the call list, its counts) stops paying its planning time (tens of milliseconds for the
 * worklist's joins over a table with many indexes) on every request. The name is a hash of the SQL,
 * so each distinct text is its own statement. Only for statements whose text is built from fixed
 * pieces: the values always go in `values`.
 */
export async function preparedQuery<T>(db: DataSource, text: string, values: unknown[]): Promise<T[]> {
  const pool = (db.driver as PostgresDriver).master as Pool;
  const name = `p_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
  return (await pool.query({ name, text, values })).rows as T[];
}
