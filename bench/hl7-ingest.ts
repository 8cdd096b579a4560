/**
 * End-to-end HL7 ingest (issue #4, part 2): the built server with a fresh embedded PostgreSQL receives
 * BENCH_HL7_MESSAGES (default 20,000) small ADT A01/A08 messages (unique control ids, 500 patients) over
 * BENCH_HL7_CONNECTIONS (default 4) MLLP connections, each sender waiting for the ACK of one message before the
 * next (as HIS interface engines do). Reports messages/s and the ACK latency (frame written → ACK read) p50/p99.
 * Every message is stored, committed, applied and answered (the applier bound to HL7_APPLIER in the build).
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, percentile } from './util';
import { Client } from 'pg';
import { frame } from '../backend/src/hl7/parser';
import { MllpClient } from '../backend/test/support/hl7-client';

const MAIN = join(__dirname, '../backend/src/main.js');

function adtMessage(i: number): Buffer {
  const event = i % 3 === 0 ? 'A01' : 'A08';
  const cid = `B${String(i).padStart(8, '0')}`;
  return Buffer.from(
    [
      `MSH|^~\\&|HIS|HOSP01|HCRM|FOLLOWUP|20260404201500+0800||ADT^${event}^ADT_A01|${cid}|P|2.5|||AL|NE|CHN|UNICODE UTF-8`,
      `EVN|${event}|20260404201500`,
      `PID|1||ZY${String(i % 500).padStart(6, '0')}^^^HOSP01^MR||张^三||19700321|M|||上海市浦东新区^^上海^^200120^CHN^H||13601761234^PRN^CP`,
      `PV1|1|I|CARD-1^0101^01^HOSP01||||D6104^Liu^Yang|||CARD||||1|||D6104^Liu^Yang|IP|V${i % 500}^^^HOSP01^VN|||||||||||||||||||||||||20260404201500`,
      `DG1|1||I21.0^急性前壁心肌梗死^ICD10|||A`,
    ].join('\r') + '\r',
  );
}

/**
 * What PostgreSQL alone allows on this machine right now: the inbox's statements issued by bare `pg` clients (no
 * Nest, TypeORM, MLLP or parsing), one message per transaction, `connections` clients, 4,000 messages each way.
 */
async function ceiling(url: string, connections: number, bytes: number): Promise<Record<string, number>> {
  const raw = Buffer.alloc(bytes, 65);
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE TABLE bench_ceiling (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), raw bytea, status text)`);
  const modes: Record<string, (c: Client, n: number) => Promise<void>> = {
    // the store alone (autocommit: one WAL flush)
    storeOnly: async (c) => void (await c.query(`INSERT INTO bench_ceiling (raw, status) VALUES ($1, 'received') RETURNING id`, [raw])),
    // as the inbox does it: store committed, then lock + update in a second, asynchronously committed transaction
    storeThenApply: async (c, n) => {
      const { rows } = await c.query(`INSERT INTO bench_ceiling (raw, status) VALUES ($1, 'received') RETURNING id`, [raw]);
      await c.query('BEGIN');
      await c.query(
        `SELECT set_config('synchronous_commit', 'off', true), pg_advisory_xact_lock(hashtext($2)), status FROM bench_ceiling WHERE id = $1 FOR UPDATE`,
        [rows[0].id, `k${n % 500}`],
      );
      await c.query(`UPDATE bench_ceiling SET status = 'processed' WHERE id = $1`, [rows[0].id]);
      await c.query('COMMIT');
    },
    // store and apply in one transaction (the issue allows it; not what the inbox does)
    oneTransaction: async (c, n) => {
      await c.query('BEGIN');
      const { rows } = await c.query(
        `INSERT INTO bench_ceiling (raw, status) VALUES ($1, 'received') RETURNING id, pg_advisory_xact_lock(hashtext($2))`,
        [raw, `k${n % 500}`],
      );
      await c.query(`UPDATE bench_ceiling SET status = 'processed' WHERE id = $1`, [rows[0].id]);
      await c.query('COMMIT');
    },
  };
  const out: Record<string, number> = {};
  for (const [name, step] of Object.entries(modes)) {
    const clients = await Promise.all(
      Array.from({ length: connections }, async () => {
        const c = new Client({ connectionString: url });
        await c.connect();
        return c;
      }),
    );
    const total = 4000;
    let n = 0;
    const t0 = performance.now();
    await Promise.all(
      clients.map(async (c) => {
        while (n < total) await step(c, n++);
      }),
    );
    out[`${name}PerSecond`] = Math.round(total / ((performance.now() - t0) / 1000));
    await Promise.all(clients.map((c) => c.end()));
  }
  await admin.query('DROP TABLE bench_ceiling');
  await admin.end();
  return out;
}

export async function hl7Ingest(): Promise<object> {
  const total = Number(process.env['BENCH_HL7_MESSAGES'] ?? 20_000);
  const connections = Number(process.env['BENCH_HL7_CONNECTIONS'] ?? 4);
  const root = mkdtempSync(join(tmpdir(), 'hcrm-bench-hl7-'));
  chmodSync(root, 0o755);
  const port = await freePort();
  const mllpPort = await freePort();
  const pgPort = await freePort();
  const extraArgs = process.env['BENCH_HL7_NODE_ARGS'] ? process.env['BENCH_HL7_NODE_ARGS'].split(' ') : [];
  const server = spawn(process.execPath, [...extraArgs, MAIN], {
    env: {
      ...process.env,
      EMBEDDED_PG_DIR: join(root, 'pg'),
      EMBEDDED_PG_PORT: String(pgPort),
      PORT: String(port),
      HL7_MLLP_ENABLED: 'true',
      HL7_MLLP_PORT: String(mllpPort),
      HL7_MLLP_HOST: '127.0.0.1',
      SEED_DEMO: 'true', // the departments and wards the messages name (心内科, CARD-1) come with the demo hospital
      LOG_LEVEL: 'warn',
      CONSOLE_DIR: '/nonexistent',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((r) => server.on('exit', r));
  try {
    for (let i = 0; i < 1200; i++) {
      const ok = await fetch(`http://127.0.0.1:${port}/api/health`)
        .then((r) => r.status === 200)
        .catch(() => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const messages = Array.from({ length: total }, (_, i) => frame(adtMessage(i)));
    const bytes = messages[0].length;
    // warm-up: 500 messages on one connection (JIT, pool, caches), not counted
    const warm = await MllpClient.open(mllpPort);
    for (let i = 0; i < 500; i++) await warm.send(adtMessage(total + i));
    await warm.close();

    const latencies = new Float64Array(total);
    const codes: Record<string, number> = {};
    let next = 0;
    const clients = await Promise.all(Array.from({ length: connections }, () => MllpClient.open(mllpPort)));
    const t0 = performance.now();
    await Promise.all(
      clients.map(async (c) => {
        for (let i = next++; i < total; i = next++) {
          const s = performance.now();
          c.write(messages[i]);
          const ack = (await c.next(30_000)).toString('latin1');
          latencies[i] = performance.now() - s;
          const code = /\rMSA\|(A[AER])\|/.exec(ack)?.[1] ?? '?';
          codes[code] = (codes[code] ?? 0) + 1;
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    await Promise.all(clients.map((c) => c.close()));
    const sorted = Array.from(latencies).sort((a, b) => a - b);
    const pg = new Client({ connectionString: `postgres://postgres:hcrm-embedded@127.0.0.1:${pgPort}/hcrm` });
    await pg.connect().catch(() => undefined);
    const stored = await pg
      .query(`SELECT status, count(*)::int AS n FROM hl7_message GROUP BY status`)
      .then((r) => Object.fromEntries(r.rows.map((x: { status: string; n: number }) => [x.status, x.n])))
      .catch((e: Error) => ({ error: e.message }));
    await pg.end().catch(() => undefined);
    const pgCeiling = await ceiling(`postgres://postgres:hcrm-embedded@127.0.0.1:${pgPort}/hcrm`, connections, messages[0].length);
    const mps = Math.round(total / seconds);
    const p50 = Math.round(percentile(sorted, 50) * 100) / 100;
    const p99 = Math.round(percentile(sorted, 99) * 100) / 100;
    return {
      benchmark: 'hl7-ingest',
      input: {
        messages: total,
        connections,
        bytesPerFrame: bytes,
        patients: 500,
        mode: 'one message in flight per connection (wait for ACK)',
      },
      messages: total,
      connections,
      seconds: Math.round(seconds * 100) / 100,
      messagesPerSecond: mps,
      ackLatencyMs: { p50, p99, max: Math.round(sorted[sorted.length - 1] * 100) / 100 },
      ackCodes: codes,
      storedByStatus: stored,
      pgCeiling,
      targets: { messagesPerSecond: 2000, ackP99Ms: 50 },
      pass: mps >= 2000 && p99 <= 50,
    };
  } finally {
    server.kill('SIGTERM');
    await exited;
    rmSync(root, { recursive: true, force: true });
  }
}
