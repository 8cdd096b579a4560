import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './support/global-setup';
import { startServer, waitReady } from './support/server-process';
import { createTestDatabase } from './support/test-app';

/** The server as a process: start-up failures, restart with data kept, clean stop with PostgreSQL. */
describe('server process', () => {
  jest.setTimeout(180_000);

  it('bad configuration → clear message naming the variable, exit code 2', async () => {
    const p = startServer({ PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    expect(await p.exited).toBe(2);
    expect(p.output()).toContain('PORT="eighty" must be an integer');
    expect(p.output()).toContain('DATABASE_URL must start with postgres://');
  });

  it('external database down at start → clear message, exit code 1', async () => {
    const closed = await freePort();
    const p = startServer({ DATABASE_URL: `postgres://hcrm:secret@127.0.0.1:${closed}/hcrm`, PORT: String(await freePort()) });
    expect(await p.exited).toBe(1);
    expect(p.output()).toContain(`Cannot connect to PostgreSQL at 127.0.0.1:${closed}/hcrm: connection refused`);
    expect(p.output()).not.toContain('secret');
  });

  it('external database that is not migrated → tells the operator to run db:migrate', async () => {
    const db = await createTestDatabase();
    const { Client } = await import('pg');
    const c = new Client({ connectionString: db.url });
    await c.connect();
    await c.query(`DELETE FROM schema_migration WHERE name LIKE 'Reference%'`);
    await c.end();
    const p = startServer({ DATABASE_URL: db.url, PORT: String(await freePort()) });
    expect(await p.exited).toBe(1);
    expect(p.output()).toContain('npm run db:migrate');
    await db.drop();
  });

  it('port in use → clear message, exit code 1', async () => {
    const db = await createTestDatabase();
    const blocker = createServer();
    const port = await freePort();
    await new Promise<void>((r) => blocker.listen(port, '0.0.0.0', r));
    try {
      const p = startServer({ DATABASE_URL: db.url, PORT: String(port) });
      expect(await p.exited).toBe(1);
      expect(p.output()).toContain(`Port ${port} is already in use`);
    } finally {
      blocker.close();
      await db.drop();
    }
  });

  it('embedded PostgreSQL: first start seeds, restart keeps data, SIGINT/SIGTERM stop PostgreSQL too', async () => {
    const root = mkdtempSync(join(tmpdir(), 'hcrm-proc-'));
    chmodSync(root, 0o755);
    const env = { EMBEDDED_PG_DIR: join(root, 'pg'), EMBEDDED_PG_PORT: String(await freePort()), PORT: String(await freePort()) };
    const base = `http://127.0.0.1:${env.PORT}`;
    try {
      const first = startServer(env);
      await waitReady(first, 120_000); // the first start also makes the demo follow-up history
      expect(first.output()).toContain('Seeded demo hospital');
      expect(first.output()).toContain('Demo follow-up history: 4 templates');
      expect(first.output()).toContain('Demo accounts (password "demo1234")');
      expect((await fetch(`${base}/api/health`)).status).toBe(200);
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'demo1234' }),
      });
      const { accessToken } = (await login.json()) as { accessToken: string };
      const created = await fetch(`${base}/api/departments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
        body: JSON.stringify({ code: 'KEEP', name: '重启保留科室' }),
      });
      expect(created.status).toBe(201);
      const pgPid = Number(readFileSync(join(env.EMBEDDED_PG_DIR, 'postmaster.pid'), 'utf8').split('\n')[0]);

      first.child.kill('SIGINT');
      expect({ code: await first.exited, output: first.output().slice(-3000) }).toMatchObject({ code: 0 });
      expect(first.output()).toContain('Embedded PostgreSQL stopped');
      expect(existsSync(join(env.EMBEDDED_PG_DIR, 'postmaster.pid'))).toBe(false);
      expect(() => process.kill(pgPid, 0)).toThrow();

      const second = startServer(env);
      await waitReady(second);
      expect(second.output()).not.toContain('Seeded demo hospital');
      const again = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'demo1234' }),
      });
      const token2 = ((await again.json()) as { accessToken: string }).accessToken;
      const list = (await (await fetch(`${base}/api/departments`, { headers: { authorization: `Bearer ${token2}` } })).json()) as Array<{
        code: string;
      }>;
      expect(list.map((d) => d.code)).toContain('KEEP');
      second.child.kill('SIGTERM');
      // The server's last output in the failure message, if it does not stop cleanly.
      expect({ code: await second.exited, output: second.output().slice(-3000) }).toMatchObject({ code: 0 });
      expect(existsSync(join(env.EMBEDDED_PG_DIR, 'postmaster.pid'))).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
