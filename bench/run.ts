/**
 * Benchmarks, run with `npm run bench -- NAME` (builds first). Each prints one JSON object with its
 * input size, the machine and the figures. Results are recorded in docs/performance.md.
 *
 *   startup   first start (initdb + migrate + demo seed) and warm start of the built server,
 *             measured from process spawn to the first 200 from GET /api/health.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

const MAIN = join(__dirname, '../backend/src/main.js');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Spawns the server, returns ms until /api/health answers 200, then stops it (SIGTERM) and waits. */
async function timedStart(env: Record<string, string>): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [MAIN], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d));
  child.stderr.on('data', (d: Buffer) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', r));
  let done = false;
  void exited.then(() => (done = true));
  let ms = -1;
  while (!done && performance.now() - t0 < 120_000) {
    try {
      const res = await fetch(`http://127.0.0.1:${env['PORT']}/api/health`);
      if (res.status === 200) {
        ms = performance.now() - t0;
        break;
      }
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  child.kill('SIGTERM');
  await exited;
  if (ms < 0) throw new Error(`server did not become healthy:\n${out}`);
  return Math.round(ms);
}

async function startup(): Promise<object> {
  const root = mkdtempSync(join(tmpdir(), 'hcrm-bench-'));
  chmodSync(root, 0o755);
  try {
    const env = { EMBEDDED_PG_DIR: join(root, 'pg'), EMBEDDED_PG_PORT: String(await freePort()), PORT: String(await freePort()) };
    const firstStartMs = await timedStart(env);
    const warm: number[] = [];
    for (let i = 0; i < 3; i++) warm.push(await timedStart(env));
    const sorted = [...warm].sort((a, b) => a - b);
    return {
      benchmark: 'startup',
      input: { demoPatients: 300, demoUsers: 5, migrations: 'all', database: 'embedded PostgreSQL (fresh data dir)' },
      firstStartMs,
      warmStartMs: warm,
      warmStartMedianMs: sorted[1],
      targets: { firstStartMs: 40_000, warmStartMs: 8_000 },
      pass: firstStartMs <= 40_000 && sorted[1] <= 8_000,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const BENCHES: Record<string, () => Promise<object>> = { startup };

async function main(): Promise<void> {
  const name = process.argv[2];
  const bench = name ? BENCHES[name] : undefined;
  if (!bench) {
    console.error(`Usage: npm run bench -- <${Object.keys(BENCHES).join('|')}>`);
    process.exit(2);
  }
  const result = await bench();
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform };
  console.log(JSON.stringify({ ...result, machine, date: new Date().toISOString() }, null, 2));
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
