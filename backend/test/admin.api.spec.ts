import { startTestApp, TestApp } from './support/test-app';

describe('administration: users, departments, dictionary, audit', () => {
  let t: TestApp;
  let admin: string;
  let auditor: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login('admin');
    auditor = await t.login('auditor');
  });
  afterAll(() => t.close());

  describe('users', () => {
    it('lists with paging, search, role filter and sort', async () => {
      const page = await t.http().get('/api/users?pageSize=2&page=2&sort=username').set(auth(admin)).expect(200);
      expect(page.body).toMatchObject({ total: 5, page: 2, pageSize: 2 });
      expect(page.body.items.map((u: { username: string }) => u.username)).toEqual(['doctor', 'manager']);
      const search = await t.http().get('/api/users?q=护士').set(auth(admin)).expect(200);
      expect(search.body.items.map((u: { username: string }) => u.username)).toEqual(['nurse']);
      const byRole = await t.http().get('/api/users?role=auditor').set(auth(admin)).expect(200);
      expect(byRole.body.total).toBe(1);
      const bad = await t.http().get('/api/users?pageSize=1000&sort=password').set(auth(admin));
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body.fields).sort()).toEqual(['pageSize', 'sort']);
    });

    it('creates, edits, resets the password of a user — and audits each change without the password', async () => {
      const depts = await t.http().get('/api/departments').set(auth(admin)).expect(200);
      const card = depts.body.find((d: { code: string }) => d.code === 'CARD');
      const created = await t
        .http()
        .post('/api/users')
        .set(auth(admin))
        .send({ username: 'Wang.Fang', displayName: '王芳', password: 'Initial-pass-1', roles: ['nurse'], departmentIds: [card.id] });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        username: 'wang.fang',
        displayName: '王芳',
        roles: ['nurse'],
        active: true,
        departments: [{ code: 'CARD' }],
      });

      const dup = await t
        .http()
        .post('/api/users')
        .set(auth(admin))
        .send({ username: 'wang.fang', displayName: 'x', password: 'Initial-pass-1', roles: ['nurse'], departmentIds: [] });
      expect(dup.status).toBe(409);
      expect(dup.body.fields.username).toBeDefined();

      const weak = await t
        .http()
        .post('/api/users')
        .set(auth(admin))
        .send({ username: 'weakling', displayName: 'x', password: 'weakling1', roles: ['nurse'], departmentIds: [] });
      expect(weak.status).toBe(400);
      expect(weak.body.code).toBe('PASSWORD_TOO_WEAK');

      const edited = await t
        .http()
        .patch(`/api/users/${created.body.id}`)
        .set(auth(admin))
        .send({ roles: ['nurse', 'doctor'], displayName: '王芳（护士长）' })
        .expect(200);
      expect(edited.body.roles).toEqual(['nurse', 'doctor']);

      await t
        .http()
        .post(`/api/users/${created.body.id}/reset-password`)
        .set(auth(admin))
        .send({ newPassword: 'Reset-pass-22' })
        .expect(204);
      const login = await t.http().post('/api/auth/login').send({ username: 'wang.fang', password: 'Reset-pass-22' }).expect(200);
      expect(login.body.user.mustChangePassword).toBe(true);

      const events = await t.sql<{ action: string; details: Record<string, unknown> }>(
        `SELECT action, details FROM audit_event WHERE entity_id = $1 AND action LIKE 'user.%' ORDER BY id`,
        [created.body.id],
      );
      expect(events.map((e) => e.action)).toEqual(['user.create', 'user.update', 'user.reset_password']);
      expect(JSON.stringify(events)).not.toMatch(/pass-/);
      expect(events[1].details).toMatchObject({ changed: { roles: { from: ['nurse'], to: ['nurse', 'doctor'] } } });
    });

    it('an admin cannot disable their own account; unknown users are 404; bad ids are 400', async () => {
      const me = await t.http().get('/api/auth/me').set(auth(admin));
      const self = await t.http().patch(`/api/users/${me.body.id}`).set(auth(admin)).send({ active: false });
      expect(self.status).toBe(400);
      expect(self.body.fields.active).toBeDefined();
      const missing = await t.http().get('/api/users/00000000-0000-4000-8000-000000000000').set(auth(admin));
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('NOT_FOUND');
      expect((await t.http().get('/api/users/not-a-uuid').set(auth(admin))).status).toBe(400);
    });
  });

  describe('departments and wards', () => {
    it('lists the demo departments with their wards', async () => {
      const res = await t.http().get('/api/departments').set(auth(admin)).expect(200);
      expect(res.body.map((d: { name: string }) => d.name).sort()).toEqual(
        ['内分泌科', '妇产科', '心内科', '普外科', '肿瘤科', '骨科'].sort(),
      );
      expect(res.body.find((d: { code: string }) => d.code === 'CARD').wards.map((w: { code: string }) => w.code)).toEqual([
        'CARD-1',
        'CARD-2',
      ]);
    });

    it('creates, renames and deactivates a department and a ward', async () => {
      const d = await t
        .http()
        .post('/api/departments')
        .set(auth(admin))
        .send({ code: 'neuro', name: '神经内科', nameEn: 'Neurology' })
        .expect(201);
      expect(d.body.code).toBe('NEURO');
      expect((await t.http().post('/api/departments').set(auth(admin)).send({ code: 'NEURO', name: '重复' })).status).toBe(409);
      const w = await t
        .http()
        .post(`/api/departments/${d.body.id}/wards`)
        .set(auth(admin))
        .send({ code: 'NEURO-1', name: '神经内科病区' })
        .expect(201);
      await t.http().patch(`/api/wards/${w.body.id}`).set(auth(admin)).send({ active: false }).expect(200);
      await t.http().patch(`/api/departments/${d.body.id}`).set(auth(admin)).send({ name: '神经内科（新）', active: false }).expect(200);
      const active = await t.http().get('/api/departments').set(auth(admin));
      expect(active.body.some((x: { code: string }) => x.code === 'NEURO')).toBe(false);
      const all = await t.http().get('/api/departments?includeInactive=true').set(auth(admin));
      const neuro = all.body.find((x: { code: string }) => x.code === 'NEURO');
      expect(neuro).toMatchObject({ name: '神经内科（新）', active: false, wards: [{ code: 'NEURO-1', active: false }] });
    });
  });

  describe('data dictionary', () => {
    it('ships the national code lists', async () => {
      const types = await t.http().get('/api/dictionary/types').set(auth(auditor)).expect(200);
      const codes = types.body.map((x: { code: string }) => x.code);
      expect(codes).toEqual(expect.arrayContaining(['sex', 'ethnicity', 'insurance_type', 'contact_outcome', 'feedback_category']));
      const sex = await t.http().get('/api/dictionary/types/sex/items').set(auth(auditor)).expect(200);
      expect(sex.body.map((i: { code: string; label: string }) => `${i.code}:${i.label}`)).toEqual([
        '0:未知的性别',
        '1:男',
        '2:女',
        '9:未说明的性别',
      ]);
      const eth = await t.http().get('/api/dictionary/types/ethnicity/items').set(auth(auditor)).expect(200);
      expect(eth.body).toHaveLength(58);
    });

    it('adds a list and items, edits and deactivates an item without code changes', async () => {
      await t
        .http()
        .post('/api/dictionary/types')
        .set(auth(admin))
        .send({ code: 'visit_reason', name: '回访原因', nameEn: 'Visit reason' })
        .expect(201);
      const item = await t
        .http()
        .post('/api/dictionary/types/visit_reason/items')
        .set(auth(admin))
        .send({ code: 'post_op', label: '术后随访', labelEn: 'Post-operative', sortOrder: 10 })
        .expect(201);
      expect(
        (await t.http().post('/api/dictionary/types/visit_reason/items').set(auth(admin)).send({ code: 'post_op', label: 'dup' })).status,
      ).toBe(409);
      await t.http().patch(`/api/dictionary/items/${item.body.id}`).set(auth(admin)).send({ label: '术后回访', active: false }).expect(200);
      const visible = await t.http().get('/api/dictionary/types/visit_reason/items').set(auth(admin)).expect(200);
      expect(visible.body).toEqual([]);
      const all = await t.http().get('/api/dictionary/types/visit_reason/items?includeInactive=true').set(auth(admin)).expect(200);
      expect(all.body[0]).toMatchObject({ code: 'post_op', label: '术后回访', active: false });
      expect((await t.http().get('/api/dictionary/types/nope/items').set(auth(admin))).status).toBe(404);
    });
  });

  describe('audit trail', () => {
    it('lists and filters events for the auditor', async () => {
      await t.http().post('/api/auth/login').send({ username: 'manager', password: 'wrong-pass-1' });
      const failures = await t.http().get('/api/audit-events?action=auth.login&outcome=failure').set(auth(auditor)).expect(200);
      expect(failures.body.total).toBeGreaterThanOrEqual(1);
      expect(failures.body.items[0]).toMatchObject({
        action: 'auth.login',
        outcome: 'failure',
        actorUsername: 'manager',
        clientIp: expect.any(String),
        correlationId: expect.any(String),
      });
      const byActor = await t.http().get('/api/audit-events?actor=ADMIN&pageSize=200').set(auth(auditor)).expect(200);
      expect(byActor.body.items.every((e: { actorUsername: string }) => e.actorUsername === 'admin')).toBe(true);
      const future = await t
        .http()
        .get(`/api/audit-events?from=${encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString())}`)
        .set(auth(auditor))
        .expect(200);
      expect(future.body.total).toBe(0);
      const newest = await t.http().get('/api/audit-events?pageSize=200').set(auth(auditor)).expect(200);
      const times = newest.body.items.map((e: { occurredAt: string }) => new Date(e.occurredAt).getTime());
      expect(times).toEqual([...times].sort((a, b) => b - a));
      const actions = await t.http().get('/api/audit-events/actions').set(auth(auditor)).expect(200);
      expect(actions.body).toEqual(expect.arrayContaining(['auth.login']));
      expect((await t.http().get('/api/audit-events?from=yesterday').set(auth(auditor))).status).toBe(400);
    });

    it('is append-only in the database itself', async () => {
      await expect(t.sql(`UPDATE audit_event SET outcome = 'success'`)).rejects.toThrow(/append-only/);
      await expect(t.sql(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
      await expect(t.sql(`TRUNCATE audit_event`)).rejects.toThrow(/append-only/);
    });
  });
});
