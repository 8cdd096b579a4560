import { createServer, Server, Socket } from 'node:net';
import { connect } from 'node:net';
import { createDataSource } from '../src/database/data-source';
import { createTestDatabase, startTestApp, TestApp } from './support/test-app';

describe('bad input and errors', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login('admin');
  });
  afterAll(() => t.close());

  it('malformed JSON → 400 VALIDATION_FAILED with a correlation id', async () => {
    const res = await t
      .http()
      .post('/api/departments')
      .set('Authorization', `Bearer ${admin}`)
      .set('Content-Type', 'application/json')
      .send('{"code": "X",');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.correlationId).toEqual(res.headers['x-correlation-id']);
  });

  it('unknown fields and wrong types → 400 with one message list per field', async () => {
    const res = await t
      .http()
      .post('/api/departments')
      .set('Authorization', `Bearer ${admin}`)
      .send({ code: 7, name: ['x'], colour: 'red' });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.fields).sort()).toEqual(['code', 'colour', 'name']);
    expect(res.body.fields.colour).toEqual(['property colour should not exist']);
  });

  it('unknown API route → 404 JSON', async () => {
    const res = await t.http().get('/api/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND', correlationId: expect.any(String) });
  });

  it('keeps a sane incoming correlation id and replaces an unsafe one', async () => {
    const kept = await t.http().get('/api/health').set('X-Correlation-Id', 'lb-1234567890');
    expect(kept.headers['x-correlation-id']).toBe('lb-1234567890');
    const replaced = await t.http().get('/api/health').set('X-Correlation-Id', 'bad id <script>');
    expect(replaced.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sets security headers (helmet) and serves OpenAPI', async () => {
    const res = await t.http().get('/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    const doc = await t.http().get('/api/docs-json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/users', '/api/audit-events']));
  });

  it('X-Department-Id outside the user scope → 403 DEPARTMENT_NOT_ALLOWED; inside → allowed', async () => {
    const nurse = await t.login('nurse');
    const me = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${nurse}`);
    const own = me.body.departments[0].id;
    const depts = await t.http().get('/api/departments').set('Authorization', `Bearer ${admin}`);
    const other = depts.body.find((d: { code: string }) => d.code === 'ORTH').id;
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${nurse}`).set('X-Department-Id', own).expect(200);
    const denied = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${nurse}`).set('X-Department-Id', other);
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('DEPARTMENT_NOT_ALLOWED');
    // Roles with all-department access may pick any department.
    const manager = await t.login('manager');
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${manager}`).set('X-Department-Id', other).expect(200);
  });
});

describe('schema', () => {
  it('the entities match the migrations exactly (no drift)', async () => {
    const db = await createTestDatabase();
    const ds = createDataSource(db.url);
    await ds.initialize();
    const pending = await ds.driver.createSchemaBuilder().log();
    await ds.destroy();
    await db.drop();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('upgrading a database that already holds patients fills in their pinyin', async () => {
    const db = await createTestDatabase();
    const ds = createDataSource(db.url);
    await ds.initialize();
    // Back to the platform spine (before patient records), with a patient stored as it had them.
    while (
      (await ds.query(`SELECT name FROM schema_migration ORDER BY id DESC LIMIT 1`))[0].name !== 'ReferenceDictionaries1763800000001'
    ) {
      await ds.undoLastMigration({ transaction: 'each' });
    }
    await ds.query(`INSERT INTO patient (name, sex_code) VALUES ('曾小贤', '1')`);
    await ds.runMigrations({ transaction: 'each' });
    const rows: Array<{ name_pinyin: string; pinyin_initials: string }> = await ds.query(
      `SELECT name_pinyin, pinyin_initials FROM patient WHERE name = '曾小贤'`,
    );
    expect(rows).toEqual([{ name_pinyin: 'zengxiaoxian', pinyin_initials: 'ZXX' }]);
    await ds.destroy();
    await db.drop();
  });

  it('every migration reverts and re-applies cleanly', async () => {
    const db = await createTestDatabase();
    const ds = createDataSource(db.url);
    await ds.initialize();
    await ds.query('ALTER TABLE audit_event DISABLE TRIGGER trg_audit_event_no_truncate');
    for (let i = 0; i < ds.migrations.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    const left: Array<{ n: string }> = await ds.query(
      `SELECT count(*)::text AS n FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migration'`,
    );
    expect(left[0].n).toBe('0');
    const applied = await ds.runMigrations({ transaction: 'each' });
    expect(applied).toHaveLength(ds.migrations.length);
    await ds.destroy();
    await db.drop();
  });
});

/** A TCP relay in front of PostgreSQL that the test can cut and restore, to lose the database for real. */
class CuttableRelay {
  private server?: Server;
  private sockets = new Set<Socket>();
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {}

  async open(port = 0): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => this.server!.listen(port, '127.0.0.1', r));
    this.port = (this.server.address() as { port: number }).port;
  }

  async cut(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server!.close(() => r()));
  }
}

describe('database lost while running', () => {
  it('health says so, requests fail with 503, and the app recovers when the database returns', async () => {
    const db = await createTestDatabase();
    const real = new URL(db.url);
    const relay = new CuttableRelay({ host: real.hostname, port: Number(real.port) });
    await relay.open();
    const viaRelay = new URL(db.url);
    viaRelay.port = String(relay.port);
    const t = await startTestApp({}, viaRelay.toString(), db);
    try {
      const token = await t.login('admin');
      await t.http().get('/api/health').expect(200);

      await relay.cut();
      const health = await t.http().get('/api/health');
      expect(health.status).toBe(503);
      expect(health.body.details.details.database.status).toBe('down');
      const req = await t.http().get('/api/departments').set('Authorization', `Bearer ${token}`);
      expect(req.status).toBe(503);
      expect(req.body.code).toBe('DATABASE_UNAVAILABLE');

      await relay.open(relay.port);
      let recovered = 0;
      for (let i = 0; i < 20 && recovered !== 200; i++) {
        recovered = (await t.http().get('/api/health')).status;
        if (recovered !== 200) await new Promise((r) => setTimeout(r, 250));
      }
      expect(recovered).toBe(200);
      await t.http().get('/api/departments').set('Authorization', `Bearer ${token}`).expect(200);
    } finally {
      await t.close();
      await relay.cut().catch(() => undefined);
    }
  });
});
