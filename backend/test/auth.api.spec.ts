import { startTestApp, TestApp } from './support/test-app';

describe('sign-in, sessions and lockout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it.each(['admin', 'manager', 'doctor', 'nurse', 'auditor'])(
    '%s signs in with the demo password and /auth/me returns the user',
    async (username) => {
      const login = await t.http().post('/api/auth/login').send({ username, password: 'demo1234' });
      expect(login.status).toBe(200);
      expect(login.body.accessToken).toEqual(expect.any(String));
      expect(login.body.user).toMatchObject({ username, roles: [username] });
      const me = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${login.body.accessToken}`);
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ username, roles: [username] });
      expect(Array.isArray(me.body.departments)).toBe(true);
    },
  );

  it('a nurse sees her departments and only her permissions', async () => {
    const token = await t.login('nurse');
    const me = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`);
    expect(me.body.departments.map((d: { code: string }) => d.code)).toEqual(['CARD', 'ENDO']);
    expect(me.body.permissions).toEqual([
      'dictionary.read',
      'patient.read',
      'patient.write',
      'patient.reveal',
      'questionnaire.read',
      'template.read',
      'worklist.work',
      'escalation.read',
      'recording.play',
      'assignment.read',
    ]);
    expect(me.body.allDepartments).toBe(false);
  });

  it('wrong password answers 401 AUTH_INVALID_CREDENTIALS and is audited with the attempted username', async () => {
    const res = await t.http().post('/api/auth/login').send({ username: 'doctor', password: 'wrong-password1' });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('AUTH_INVALID_CREDENTIALS');
    const rows = await t.sql<{ outcome: string; actor_username: string }>(
      `SELECT outcome, actor_username FROM audit_event WHERE action = 'auth.login' AND outcome = 'failure' ORDER BY id DESC LIMIT 1`,
    );
    expect(rows[0]).toEqual({ outcome: 'failure', actor_username: 'doctor' });
  });

  it('an unknown user gets the same answer as a wrong password', async () => {
    const res = await t.http().post('/api/auth/login').send({ username: 'nobody', password: 'whatever1' });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('AUTH_INVALID_CREDENTIALS');
  });

  it('locks the account for 15 minutes after 5 failures, even for the right password', async () => {
    const token = await t.login('admin');
    await t
      .http()
      .post('/api/users')
      .set('Authorization', `Bearer ${token}`)
      .send({ username: 'locktest', displayName: '锁定测试', password: 'Goodpass123', roles: ['nurse'], departmentIds: [] })
      .expect(201);
    for (let i = 1; i <= 4; i++) {
      const r = await t
        .http()
        .post('/api/auth/login')
        .send({ username: 'locktest', password: `bad-${i}x` });
      expect(r.body.code).toBe('AUTH_INVALID_CREDENTIALS');
    }
    const fifth = await t.http().post('/api/auth/login').send({ username: 'locktest', password: 'bad-5x' });
    expect(fifth.status).toBe(401);
    expect(fifth.body.code).toBe('AUTH_ACCOUNT_LOCKED');
    const lockedUntil = new Date(fifth.body.details.lockedUntil).getTime();
    expect(lockedUntil - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(lockedUntil - Date.now()).toBeLessThanOrEqual(15 * 60_000);

    const right = await t.http().post('/api/auth/login').send({ username: 'locktest', password: 'Goodpass123' });
    expect(right.body.code).toBe('AUTH_ACCOUNT_LOCKED');
    const lockout = await t.sql(`SELECT 1 FROM audit_event WHERE action = 'auth.lockout'`);
    expect(lockout).toHaveLength(1);

    // An administrator can unlock; then the right password works again.
    const id = (await t.sql<{ id: string }>(`SELECT id FROM app_user WHERE username = 'locktest'`))[0].id;
    await t.http().post(`/api/users/${id}/unlock`).set('Authorization', `Bearer ${token}`).expect(204);
    await t.http().post('/api/auth/login').send({ username: 'locktest', password: 'Goodpass123' }).expect(200);
  });

  it('sign-out revokes the token at once', async () => {
    const token = await t.login('manager');
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    await t.http().post('/api/auth/logout').set('Authorization', `Bearer ${token}`).expect(204);
    const after = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`);
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('AUTH_REQUIRED');
  });

  it('rejects tampered and expired tokens', async () => {
    const token = await t.login('manager');
    const tampered = token.slice(0, -3) + (token.endsWith('aaa') ? 'bbb' : 'aaa');
    expect((await t.http().get('/api/auth/me').set('Authorization', `Bearer ${tampered}`)).status).toBe(401);
    await t.sql(
      `UPDATE auth_session SET expires_at = now() - interval '1 minute' WHERE user_id = (SELECT id FROM app_user WHERE username = 'manager')`,
    );
    expect((await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`)).status).toBe(401);
  });

  it('a disabled user cannot sign in and loses open sessions', async () => {
    const admin = await t.login('admin');
    const doctorToken = await t.login('doctor');
    const id = (await t.sql<{ id: string }>(`SELECT id FROM app_user WHERE username = 'doctor'`))[0].id;
    await t.http().patch(`/api/users/${id}`).set('Authorization', `Bearer ${admin}`).send({ active: false }).expect(200);
    expect((await t.http().get('/api/auth/me').set('Authorization', `Bearer ${doctorToken}`)).status).toBe(401);
    const res = await t.http().post('/api/auth/login').send({ username: 'doctor', password: 'demo1234' });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('AUTH_ACCOUNT_DISABLED');
    await t.http().patch(`/api/users/${id}`).set('Authorization', `Bearer ${admin}`).send({ active: true }).expect(200);
  });

  it('changes the own password with strength rules and field errors', async () => {
    const token = await t.login('auditor');
    const weak = await t
      .http()
      .post('/api/auth/password')
      .set('Authorization', `Bearer ${token}`)
      .send({ currentPassword: 'demo1234', newPassword: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.code).toBe('PASSWORD_TOO_WEAK');
    expect(weak.body.fields.newPassword).toEqual(
      expect.arrayContaining(['password must be at least 8 characters long', 'password must contain a digit']),
    );
    const wrong = await t
      .http()
      .post('/api/auth/password')
      .set('Authorization', `Bearer ${token}`)
      .send({ currentPassword: 'nope', newPassword: 'Better-pass-42' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.fields.currentPassword).toBeDefined();
    await t
      .http()
      .post('/api/auth/password')
      .set('Authorization', `Bearer ${token}`)
      .send({ currentPassword: 'demo1234', newPassword: 'Better-pass-42' })
      .expect(204);
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect((await t.http().post('/api/auth/login').send({ username: 'auditor', password: 'demo1234' })).status).toBe(401);
    await t.http().post('/api/auth/login').send({ username: 'auditor', password: 'Better-pass-42' }).expect(200);
  });

  it('login body errors are field errors', async () => {
    const res = await t.http().post('/api/auth/login').send({ username: 'admin', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.body.fields).sort()).toEqual(['extra', 'password']);
  });
});

describe('login rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT: '3' });
  });
  afterAll(() => t.close());

  it('answers 429 RATE_LIMITED after the configured number of attempts per minute', async () => {
    for (let i = 0; i < 3; i++) await t.http().post('/api/auth/login').send({ username: 'x', password: 'y' }).expect(401);
    const res = await t.http().post('/api/auth/login').send({ username: 'x', password: 'y' });
    expect(res.status).toBe(429);
    expect(res.body.code).toBe('RATE_LIMITED');
  });
});
