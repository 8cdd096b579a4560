import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPgHandle, startEmbeddedPostgres } from '../backend/src/database/embedded-postgres';
import { seedScale } from '../backend/src/database/scale-seed';

/** The built server (dist/backend/backend/src/main.js, next to dist/backend/bench). */
export const MAIN = join(__dirname, '../backend/src/main.js');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** p50/p95/p99/max in ms (one decimal) of a list of timings. */
export function timings(times: number[]): { n: number; p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number } {
  const s = [...times].sort((a, b) => a - b);
  const r = (v: number) => Math.round(v * 10) / 10;
  return { n: s.length, p50Ms: r(percentile(s, 50)), p95Ms: r(percentile(s, 95)), p99Ms: r(percentile(s, 99)), maxMs: r(s[s.length - 1]) };
}

/**
 * The shared large benchmark database: embedded PostgreSQL in BENCH_PG_DIR holding BENCH_PATIENTS
 * (default 1,000,000) patients, generated once by seed:scale and reused by every large benchmark.
 */
export async function benchDatabase(): Promise<{ pg: EmbeddedPgHandle; url: string; client: Client; dataDir: string }> {
  const target = Number(process.env['BENCH_PATIENTS'] ?? 1_000_000);
  const dataDir = process.env['BENCH_PG_DIR'] ?? join(process.cwd(), '.data/bench-postgres');
  const pg = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  const url = pg.url();
  const client = new Client({ connectionString: url });
  await client.connect().catch(() => undefined);
  const have = await client
    .query('SELECT count(*)::int AS n FROM patient')
    .then((r) => r.rows[0].n as number)
    .catch(() => 0);
  if (have < target) {
    console.error(`[bench] generating ${target - have} patients with seed:scale (one-off; kept in ${dataDir})…`);
    await seedScale(url, target - have, (m) => console.error(`[bench] ${m}`));
  }
  return { pg, url, client, dataDir };
}

/** Polls GET /api/health every 100 ms until it answers 200 (or the server exits, or `seconds` pass). */
export async function waitHealthy(base: string, child: ChildProcess, seconds: number): Promise<void> {
  for (let i = 0; i < seconds * 10; i++) {
    const status = await fetch(`${base}/api/health`)
      .then((r) => r.status)
      .catch(() => 0);
    if (status === 200) return;
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts the built server on a database (migrating it, no demo seed) and waits for /api/health. */
export async function startServer(
  url: string,
  env: Record<string, string> = {},
): Promise<{ base: string; child: ChildProcess; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      DB_MIGRATE_ON_START: 'true',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      LOGIN_RATE_LIMIT: '100000',
      SEED_DEMO: 'false',
      CONSOLE_DIR: '/nonexistent',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((r) => child.on('exit', r));
  const base = `http://127.0.0.1:${port}`;
  await waitHealthy(base, child, 120);
  return {
    base,
    child,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** Signs in over HTTP and answers the bearer token. */
export async function login(base: string, username: string, password = 'demo1234'): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** A JSON request over HTTP with a bearer token; throws on an unexpected status. */
export async function api<T = unknown>(
  base: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  expect = [200, 201, 204],
): Promise<T> {
  const res = await fetch(`${base}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!expect.includes(res.status)) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
