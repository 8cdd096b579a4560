/**
 * Benchmarks, run with `npm run bench -- NAME` (builds first). Each prints one JSON object with its
 * input size, the machine and the figures. Results are recorded in docs/performance.md.
 *
 *   startup   first start (initdb + migrate + demo seed + demo follow-up history) and warm start of the built server,
 *             measured from process spawn to the first 200 from GET /api/health.
 *   import    rows/s and peak server memory importing a 100,000-row GB18030 CSV (BENCH_IMPORT_ROWS), and
 *             the CPU seconds the server and its PostgreSQL used; into a fresh database, or into an
 *             existing one with BENCH_IMPORT_PG_DIR (e.g. a copy of the 1M-patient database).
 *   hl7       HL7 v2 parse throughput, ours against npm HL7 libraries (see bench/hl7.ts).
 *   hl7-ingest end-to-end MLLP ingest: 4 connections, 20,000 messages (BENCH_HL7_MESSAGES), msg/s and ACK
 *             latency p50/p99 (see bench/hl7-ingest.ts).
 *   patients  patient search p50/p95 by name, pinyin initials, phone tail and 住院号 over HTTP,
 *             on 1,000,000 patients (BENCH_PATIENTS) generated once into BENCH_PG_DIR.
 *   plans     follow-up enrolment on that database: a day of 5,000 discharges (BENCH_DISCHARGES)
 *             through the scheduled scan with four templates, and a template edit re-dating
 *             ≥ 500,000 pending tasks over HTTP (there is no nightly job; see bench/plans.ts).
 *   worklist  the nurse worklist over HTTP on that database with a year of plans (~3,000,000 tasks,
 *             generated once in SQL) and 200 nurses: first page p50/p95, call screen p95,
 *             claim/attempt/complete round trips, and 50 concurrent nurses (requests/s, p99, errors).
 *   reports   manager reports on that database plus calls and 2,000,000 questionnaire answers (made once in
 *             SQL): supervisor table p95, hospital-wide satisfaction for a year p95, a ≥ 100,000-row
 *             Excel export's time and server RSS (see bench/reports.ts).
 *
 * The large benchmarks share one database: BENCH_PG_DIR (default .data/bench-postgres).
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import iconv from 'iconv-lite';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { hl7Parse } from './hl7';
import { hl7Ingest } from './hl7-ingest';
import { plansBench } from './plans';
import { reportsBench } from './reports';
import { benchDatabase, freePort, login, MAIN, percentile, startServer, waitHealthy } from './support';
import { worklistBench } from './worklist';
import { birthDate, chineseName, createRng, mobileNumber, REGIONS, residentIdNumber } from '../backend/src/database/demo/synthetic';

/** Spawns the server, returns ms until /api/health answers 200 (and its output), then stops it (SIGTERM) and waits. */
async function timedStart(env: Record<string, string>): Promise<{ ms: number; out: string }> {
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
  return { ms: Math.round(ms), out };
}

async function startup(): Promise<object> {
  const root = mkdtempSync(join(tmpdir(), 'hcrm-bench-'));
  chmodSync(root, 0o755);
  try {
    const env = { EMBEDDED_PG_DIR: join(root, 'pg'), EMBEDDED_PG_PORT: String(await freePort()), PORT: String(await freePort()) };
    const first = await timedStart(env);
    const firstStartMs = first.ms;
    // The part of the first start spent on the demo follow-up history, as the server reports it.
    const demoFollowupSeconds = Number(/Demo follow-up history: .* in ([\d.]+) s/.exec(first.out)?.[1] ?? NaN);
    const warm: number[] = [];
    for (let i = 0; i < 3; i++) warm.push((await timedStart(env)).ms);
    const sorted = [...warm].sort((a, b) => a - b);
    return {
      benchmark: 'startup',
      input: {
        demoPatients: 300,
        demoUsers: 7,
        demoFollowup: 'templates, enrolment and 45 days of nurses’ work (DEMO_FOLLOWUP default)',
        migrations: 'all',
        database: 'embedded PostgreSQL (fresh data dir)',
      },
      firstStartMs,
      demoFollowupSeconds,
      warmStartMs: warm,
      warmStartMedianMs: sorted[1],
      targets: { firstStartMs: 40_000, warmStartMs: 8_000 },
      pass: firstStartMs <= 40_000 && sorted[1] <= 8_000,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * Patient search through the real HTTP API on a large database (default 1,000,000 patients,
 * generated once by seed:scale into BENCH_PG_DIR and reused), as a scoped nurse and as a manager.
 */
async function patients(): Promise<object> {
  const perKind = Number(process.env['BENCH_QUERIES'] ?? 200);
  const { pg, url, client } = await benchDatabase();
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    server = await startServer(url);
    const base = server.base;
    const token = (username: string) => login(base, username);

    const sample = async (sql: string) => (await client.query(sql, [perKind])).rows.map((r) => String(r.v));
    const inputs: Record<string, string[]> = {
      name: await sample(`SELECT name AS v FROM patient TABLESAMPLE SYSTEM (1) LIMIT $1`),
      pinyinInitials: await sample(`SELECT pinyin_initials AS v FROM patient TABLESAMPLE SYSTEM (1) LIMIT $1`),
      phoneTail: await sample(`SELECT right(number, 4) AS v FROM patient_phone TABLESAMPLE SYSTEM (1) LIMIT $1`),
      inpatientNo: await sample(`SELECT value AS v FROM patient_identifier TABLESAMPLE SYSTEM (1) WHERE type = 'inpatient_no' LIMIT $1`),
    };
    const results: Record<string, object> = {};
    for (const role of ['nurse', 'manager']) {
      const auth = { authorization: `Bearer ${await token(role)}` };
      for (const [kind, values] of Object.entries(inputs)) {
        const times: number[] = [];
        let hits = 0;
        for (const v of values) {
          const t0 = performance.now();
          const res = await fetch(`${base}/api/patients?q=${encodeURIComponent(v)}`, { headers: auth });
          const body = (await res.json()) as { total: number };
          times.push(performance.now() - t0);
          if (res.status !== 200) throw new Error(`search ${kind} ${v}: ${res.status}`);
          hits += body.total;
        }
        times.sort((a, b) => a - b);
        results[`${role}.${kind}`] = {
          queries: times.length,
          p50Ms: Math.round(percentile(times, 50) * 10) / 10,
          p95Ms: Math.round(percentile(times, 95) * 10) / 10,
          maxMs: Math.round(times[times.length - 1]),
          meanResults: Math.round(hits / times.length),
        };
      }
    }
    const counts = (
      await client.query(
        `SELECT (SELECT count(*) FROM patient)::int AS patients, (SELECT count(*) FROM encounter)::int AS encounters, (SELECT count(*) FROM patient_phone)::int AS phones, (SELECT count(*) FROM patient_identifier)::int AS identifiers`,
      )
    ).rows[0];
    const p95s = Object.values(results).map((r) => (r as { p95Ms: number }).p95Ms);
    return {
      benchmark: 'patients',
      input: { ...counts, queriesPerKind: perKind, via: 'HTTP GET /api/patients?q=… (auth, scope, JSON)' },
      search: results,
      targets: { searchP95Ms: 50 },
      pass: p95s.every((p) => p <= 50),
    };
  } finally {
    await server?.stop();
    await client.end().catch(() => undefined);
    await pg.stop();
  }
}

/** Peak resident memory of a process, from /proc (Linux). */
/**
 * CPU seconds (user + system) used so far by a process and its descendants, split into the process
 * itself (Node) and its children (the embedded PostgreSQL and its backends), from /proc. On a shared
 * machine the wall-clock rate depends on the other load; CPU seconds per row do not (much).
 */
function treeCpuSeconds(root: number): { node: number; postgres: number } {
  const tick = 100; // USER_HZ on Linux
  const stats = new Map<number, { ppid: number; cpu: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const raw = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
      // After the command: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14)
      stats.set(Number(name), { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / tick });
    } catch {
      /* the process ended meanwhile */
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p = pid; p > 1; p = stats.get(p)?.ppid ?? 0) if (p === root) return true;
    return false;
  };
  let postgres = 0;
  for (const [pid, st] of stats) if (pid !== root && inTree(pid)) postgres += st.cpu;
  return { node: stats.get(root)?.cpu ?? 0, postgres };
}

function rssMiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

/**
 * Import throughput: a GB18030 CSV of BENCH_IMPORT_ROWS (default 100,000) discharge rows — each a
 * patient with phone, 住院号, encounter and diagnosis — uploaded over HTTP and imported by the
 * background worker; reports rows/s and the server's peak RSS while importing.
 */
async function importBench(): Promise<object> {
  const rows = Number(process.env['BENCH_IMPORT_ROWS'] ?? 100_000);
  const root = mkdtempSync(join(tmpdir(), 'hcrm-bench-import-'));
  chmodSync(root, 0o755);
  const port = await freePort();
  // e.g. BENCH_IMPORT_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/importprof" for a profile of the server.
  const nodeArgs = process.env['BENCH_IMPORT_NODE_ARGS']?.split(' ').filter(Boolean) ?? [];
  const server = spawn(process.execPath, [...nodeArgs, MAIN], {
    env: {
      ...process.env,
      // BENCH_IMPORT_PG_DIR: import into an existing database instead (e.g. a copy of the 1M-patient one).
      EMBEDDED_PG_DIR: process.env['BENCH_IMPORT_PG_DIR'] ?? join(root, 'pg'),
      EMBEDDED_PG_PORT: String(await freePort()),
      PORT: String(port),
      LOG_LEVEL: 'warn',
      CONSOLE_DIR: '/nonexistent',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(base, server, 90);
    // On an existing database (BENCH_IMPORT_PG_DIR), identifiers and ID numbers unique to this run, so
    // the run imports new patients instead of matching the previous run's.
    const reuse = Boolean(process.env['BENCH_IMPORT_PG_DIR']);
    const tag = reuse ? Date.now().toString(36).toUpperCase() : '';
    const rng = createRng(reuse ? Date.now() % 1_000_000_007 : 99);
    const depts = ['心内科', '内分泌科', '普外科', '骨科', '肿瘤科'];
    const lines = ['患者ID,住院号,姓名,性别,出生日期,身份证号,联系电话,科室,入院时间,出院时间,出院诊断编码,出院诊断'];
    for (let i = 0; i < rows; i++) {
      const sex = rng() < 0.5 ? '1' : '2';
      const birth = birthDate(rng, new Date(), 20, 90);
      const id = residentIdNumber(rng, REGIONS[i % REGIONS.length][0], birth, sex);
      const day = String(1 + (i % 28)).padStart(2, '0');
      lines.push(
        `B${tag}${i},BZY${tag}${i},${chineseName(rng, sex)},${sex === '1' ? '男' : '女'},${birth},${id},${mobileNumber(rng)},${depts[i % depts.length]},2026-10-${day} 09:00,2026-11-${day} 10:00,I10,原发性高血压`,
      );
    }
    const csv = iconv.encode(lines.join('\r\n') + '\r\n', 'gb18030');
    const { accessToken } = (await (
      await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'demo1234' }),
      })
    ).json()) as { accessToken: string };
    const auth = { authorization: `Bearer ${accessToken}` };
    const form = new FormData();
    form.append('sourceName', 'BENCH');
    form.append('file', new Blob([csv]), 'bench.csv');
    const t0 = performance.now();
    const up = (await (await fetch(`${base}/api/imports`, { method: 'POST', headers: auth, body: form })).json()) as {
      id: string;
      mapping: object;
    };
    const uploadMs = performance.now() - t0;
    const t1 = performance.now();
    const cpu0 = treeCpuSeconds(server.pid ?? 0);
    await fetch(`${base}/api/imports/${up.id}/start`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ mapping: up.mapping }),
    });
    let peak = rssMiB(server.pid!);
    let job: {
      status: string;
      processedRows: number;
      errorRows: number;
      createdPatients: number;
      createdEncounters: number;
      message?: string;
    } = { status: 'queued', processedRows: 0, errorRows: 0, createdPatients: 0, createdEncounters: 0 };
    while (!['done', 'failed'].includes(job.status)) {
      await new Promise((r) => setTimeout(r, 250));
      peak = Math.max(peak, rssMiB(server.pid!));
      job = (await (await fetch(`${base}/api/imports/${up.id}`, { headers: auth })).json()) as typeof job;
    }
    const importMs = performance.now() - t1;
    const cpu1 = treeCpuSeconds(server.pid ?? 0);
    if (job.status !== 'done') throw new Error(`import failed: ${job.message}`);
    const cpuNode = cpu1.node - cpu0.node;
    const cpuPostgres = cpu1.postgres - cpu0.postgres;
    return {
      benchmark: 'import',
      input: {
        rows,
        bytes: csv.length,
        encoding: 'GB18030',
        format: 'csv',
        perRow: 'patient + phone + 2 identifiers + encounter + diagnosis',
      },
      uploadMs: Math.round(uploadMs),
      importMs: Math.round(importMs),
      rowsPerSecond: Math.round(rows / (importMs / 1000)),
      peakServerRssMiB: peak,
      // CPU the import used (server process and its PostgreSQL), and the rate those CPU seconds allow on
      // this machine's cores if nothing else ran: the busier side (Node is one thread) or the total spread
      // over all cores, whichever is longer. A bound for comparison on a shared machine, not a measurement.
      cpuSeconds: { node: Math.round(cpuNode * 10) / 10, postgres: Math.round(cpuPostgres * 10) / 10 },
      cpuBoundRowsPerSecond: Math.round(rows / Math.max(cpuNode, (cpuNode + cpuPostgres) / cpus().length)),
      loadAverage: loadavg().map((l) => Math.round(l * 10) / 10),
      result: {
        processed: job.processedRows,
        errors: job.errorRows,
        createdPatients: job.createdPatients,
        createdEncounters: job.createdEncounters,
      },
      targets: { rowsPerSecond: 5000, peakServerRssMiB: 500 },
      pass: rows / (importMs / 1000) >= 5000 && peak <= 500,
    };
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.on('exit', r));
    rmSync(root, { recursive: true, force: true });
  }
}

const BENCHES: Record<string, () => Promise<object>> = {
  startup,
  patients,
  import: importBench,
  hl7: hl7Parse,
  'hl7-ingest': hl7Ingest,
  plans: plansBench,
  worklist: worklistBench,
  reports: reportsBench,
};

async function main(): Promise<void> {
  const name = process.argv[2];
  const bench = name ? BENCHES[name] : undefined;
  if (!bench) {
    console.error(`Usage: npm run bench -- <${Object.keys(BENCHES).join('|')}>`);
    process.exit(2);
  }
  const result = await bench();
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: process.platform,
  };
  console.log(JSON.stringify({ ...result, machine, date: new Date().toISOString() }, null, 2));
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
