import { Client } from 'pg';
import { frame } from '../src/hl7/parser';
import { freePort } from './support/global-setup';
import { adt, MllpClient, msa } from './support/hl7-client';
import { startServer, waitReady, type ServerProcess } from './support/server-process';
import { createTestDatabase } from './support/test-app';

/**
 * Issue #4's durability test: the BUILT server (`npm run build` first) as a real process receives 10,000 ADT
 * messages over 4 MLLP connections and is killed with SIGKILL after ~3,000 ACKs; it is started again on the same
 * database, the sender resends every message it did not get an AA for, and the database must show every message
 * stored once and settled once: exactly one row per control id, processed/ignored, none left 'received'.
 * The child process applies them with the real domain mapping: one patient per PID-3 in the end.
 */
jest.setTimeout(120_000);

const TOTAL = 10_000;
const PATIENTS = 200;
const CONNECTIONS = 4;
const KILL_AFTER = 3_000;

const controlId = (i: number) => `K${String(i).padStart(5, '0')}`;
const message = (i: number) => Buffer.from(adt(controlId(i), `SK${i % PATIENTS}`, i % 2 ? 'A08' : 'A01'));

async function startHl7Server(env: Record<string, string>): Promise<ServerProcess> {
  const p = startServer(env);
  await waitReady(p, 60_000);
  return p;
}

describe('SIGKILL while a sender streams 10,000 messages', () => {
  it('after restart and resend, every message is stored exactly once and settled exactly once', async () => {
    const db = await createTestDatabase();
    const mllpPort = await freePort();
    const env = {
      DATABASE_URL: db.url,
      PORT: String(await freePort()),
      HL7_MLLP_ENABLED: 'true',
      HL7_MLLP_PORT: String(mllpPort),
      HL7_MLLP_HOST: '127.0.0.1',
      SEED_DEMO: 'false',
      CONSOLE_DIR: '/nonexistent',
    };
    const acked = new Set<number>();
    let server = await startHl7Server(env);
    try {
      // Phase 1: stream until ~3,000 AAs, then SIGKILL the server mid-stream.
      let next = 0;
      let killed = false;
      const clients = await Promise.all(Array.from({ length: CONNECTIONS }, () => MllpClient.open(mllpPort)));
      await Promise.all(
        clients.map(async (c) => {
          while (next < TOTAL && !killed) {
            const i = next++;
            c.write(frame(message(i)));
            let ack: string;
            try {
              ack = (await c.next()).toString();
            } catch {
              return; // the server died: this message got no ACK
            }
            const { code, controlId: id } = msa(ack);
            expect(id).toBe(controlId(i));
            if (code === 'AA') acked.add(i);
            if (acked.size >= KILL_AFTER && !killed) {
              killed = true;
              server.child.kill('SIGKILL');
            }
          }
        }),
      );
      expect(killed).toBe(true);
      expect(await server.exited).toBeNull(); // killed by a signal, not an exit
      const ackedBeforeKill = new Set(acked);
      expect(ackedBeforeKill.size).toBeGreaterThanOrEqual(KILL_AFTER);

      // Phase 2: restart on the same database; resend everything without an AA until it gets one.
      server = await startHl7Server(env);
      const queue = Array.from({ length: TOTAL }, (_, i) => i).filter((i) => !acked.has(i));
      const resent = queue.length;
      const clients2 = await Promise.all(Array.from({ length: CONNECTIONS }, () => MllpClient.open(mllpPort)));
      await Promise.all(
        clients2.map(async (c) => {
          for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
            const { code, controlId: id } = msa(await c.send(message(i)));
            expect(id).toBe(controlId(i));
            if (code === 'AA') acked.add(i);
            else {
              queue.push(i); // AR: the sender retries
              await new Promise((r) => setTimeout(r, 20));
            }
          }
        }),
      );
      await Promise.all(clients2.map((c) => c.close()));
      expect(acked.size).toBe(TOTAL);

      // The ledger, from the database.
      const pg = new Client({ connectionString: db.url });
      await pg.connect();
      try {
        const perId = await pg.query<{ control_id: string; n: number; settled: number; attempts: number }>(
          `SELECT control_id, count(*)::int AS n, count(*) FILTER (WHERE status IN ('processed', 'ignored'))::int AS settled, max(attempts)::int AS attempts
           FROM hl7_message WHERE control_id LIKE 'K%' GROUP BY control_id`,
        );
        expect(perId.rows).toHaveLength(TOTAL);
        expect(perId.rows.filter((r) => r.n !== 1 || r.settled !== 1)).toEqual([]);
        // messages acknowledged before the kill were stored durably and not sent again
        const first = perId.rows.filter((r) => ackedBeforeKill.has(Number(r.control_id.slice(1))));
        expect(first.every((r) => r.attempts === 1)).toBe(true);
        const left = await pg.query(`SELECT count(*)::int AS n FROM hl7_message WHERE status NOT IN ('processed', 'ignored')`);
        expect(left.rows[0].n).toBe(0);
        // Applied to the domain once: one patient per PID-3, one identifier each, no duplicates from resends.
        const patients = await pg.query<{ identifiers: number; patients: number }>(
          `SELECT count(*)::int AS identifiers, count(DISTINCT patient_id)::int AS patients FROM patient_identifier
            WHERE authority = 'HOSP01' AND value LIKE 'SK%'`,
        );
        expect(patients.rows[0]).toEqual({ identifiers: PATIENTS, patients: PATIENTS });
        console.log(
          `[sigkill] ${ackedBeforeKill.size} AAs before SIGKILL, ${resent} messages resent after restart, ${TOTAL} stored and settled once`,
        );
      } finally {
        await pg.end();
      }
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      await db.drop();
    }
  });
});
