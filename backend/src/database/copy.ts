import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type CopyRow = Record<string, unknown>;

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** PostgreSQL COPY text format for one value (arrays as array literals). */
export function copyValue(v: unknown): string {
  if (typeof v === 'string') return /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : v;
  if (v === null || v === undefined) return '\\N';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (Array.isArray(v)) return copyValue(`{${v.map((x) => `"${String(x).replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
  return copyValue(String(v));
}

/**
 * Writes rows with `COPY table (columns) FROM STDIN` on the given client (inside the caller's
 * transaction, if any); each row holds the values in the order of `columns`.
 */
export async function copyRows(client: ClientBase, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  if (!rows.length) return;
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  const chunks = function* () {
    let chunk = '';
    for (const r of rows) {
      for (let i = 0; i < r.length; i++) chunk += (i ? '\t' : '') + copyValue(r[i]);
      chunk += '\n';
      if (chunk.length > 65_536) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  };
  await pipeline(Readable.from(chunks()), stream);
}

/** copyRows for rows held as records: `columns` pairs each table column with the field it comes from. */
export function copyRecords(
  client: ClientBase,
  table: string,
  columns: Array<[column: string, field: string]>,
  rows: CopyRow[],
): Promise<void> {
  return copyRows(
    client,
    table,
    columns.map((c) => c[0]),
    rows.map((r) => columns.map(([, f]) => r[f])),
  );
}

let stampAt = -1;
let stamp = '';

/**
 * A time-ordered UUID (RFC 9562 version 7: 48-bit Unix milliseconds, then random bits). Rows
 * inserted together get neighbouring keys, so a bulk insert appends to the right edge of the
 * primary-key index (and of indexes on columns holding these ids) instead of touching a random
 * page per row as version-4 ids do. The random part is that of crypto.randomUUID() (which draws
 * from a cached pool), its version digit turned into 7.
 */
export function uuidv7(now = Date.now()): string {
  if (now !== stampAt) {
    const t = now.toString(16).padStart(12, '0');
    stamp = `${t.slice(0, 8)}-${t.slice(8)}-7`;
    stampAt = now;
  }
  // xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx: keep "xxx-yxxx-xxxxxxxxxxxx".
  return stamp + randomUUID().slice(15);
}
