import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ROLE_PERMISSIONS, ROLES } from '../src/platform/auth/permissions';
import { concretePath, listRoutes, RouteInfo } from './support/routes';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Deny by default, checked on the real route table: every route declares an access rule; every
 * non-public route answers 401 without a token; every role lacking the route's permission gets 403.
 */
describe('every route is protected', () => {
  let t: TestApp;
  let routes: RouteInfo[];
  let base: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    routes = listRoutes(t.app);
    for (const role of ROLES) tokens[role] = await t.login(role);
    const server = t.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => t.close());

  /** An event stream stays open once allowed: read the status and the body of a refusal, then let go. */
  const stream = async (r: RouteInfo, token?: string) => {
    const abort = new AbortController();
    const res = await fetch(`${base}${concretePath(r.path)}`, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      signal: abort.signal,
    });
    const body = res.headers.get('content-type')?.startsWith('application/json') ? await res.json() : {};
    abort.abort();
    return { status: res.status, body };
  };

  const send = (r: RouteInfo, token?: string) => {
    if (r.sse) return stream(r, token);
    const agent = t.http();
    const m = r.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete';
    const req = agent[m](concretePath(r.path));
    if (token) req.set('Authorization', `Bearer ${token}`);
    return m === 'get' || m === 'delete' ? req : req.send({});
  };

  it('finds the application routes', () => {
    expect(routes.length).toBeGreaterThanOrEqual(20);
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['GET /api/users', 'POST /api/auth/login', 'GET /api/audit-events']),
    );
  });

  it('the event streams are among them (checked like every route, the stream read only up to its status)', () => {
    expect(routes.filter((r) => r.sse).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/calls/events']);
  });

  it('every route declares an access rule', () => {
    expect(routes.filter((r) => !r.rule).map((r) => r.handler)).toEqual([]);
  });

  it('only sign-in, health and the patient self-survey (token in the path) are public', () => {
    expect(
      routes
        .filter((r) => r.rule?.kind === 'public')
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    ).toEqual([
      'GET /api/health',
      'GET /api/public/surveys/:token',
      'POST /api/auth/login',
      'POST /api/public/surveys/:token',
      'POST /api/public/surveys/:token/preview',
    ]);
  });

  it('every non-public route answers 401 without a token and with a garbage token', async () => {
    const failures: string[] = [];
    for (const r of routes.filter((x) => x.rule?.kind !== 'public')) {
      for (const token of [undefined, 'not-a-jwt']) {
        const res = await send(r, token);
        if (res.status !== 401 || res.body.code !== 'AUTH_REQUIRED')
          failures.push(`${r.method} ${r.path} (${token ?? 'no token'}) → ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('every role lacking a route permission gets 403, every role holding it gets past the guard', async () => {
    const failures: string[] = [];
    let checked403 = 0;
    for (const r of routes) {
      if (r.rule?.kind !== 'permission') continue;
      const required = r.rule.permissions;
      for (const role of ROLES) {
        const allowed = required.every((p) => ROLE_PERMISSIONS[role].includes(p));
        const res = await send(r, tokens[role]);
        if (!allowed) {
          checked403++;
          if (res.status !== 403 || res.body.code !== 'FORBIDDEN')
            failures.push(`${role} ${r.method} ${r.path} → ${res.status} (want 403)`);
        } else if (res.status === 401 || res.status === 403) {
          failures.push(`${role} ${r.method} ${r.path} → ${res.status} (should pass the guard)`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked403).toBeGreaterThan(20);
  });

  it('task assignment: managers and admins manage rules and reassign; clinical staff read a task’s history', () => {
    const rule = (method: string, path: string) => routes.find((r) => r.method === method && r.path === path)?.rule;
    for (const [method, path] of [
      ['GET', '/api/assignment/staff'],
      ['GET', '/api/assignment/rules'],
      ['POST', '/api/assignment/rules'],
      ['PATCH', '/api/assignment/rules/:id'],
      ['POST', '/api/assignment/rules/apply'],
      ['POST', '/api/assignment/reassign/preview'],
      ['POST', '/api/assignment/reassign'],
      ['POST', '/api/tasks/:id/assignee'],
    ])
      expect(rule(method, path)).toEqual({ kind: 'permission', permissions: ['assignment.manage'] });
    expect(rule('GET', '/api/tasks/:id/assignment-history')).toEqual({ kind: 'permission', permissions: ['assignment.read'] });
    expect(ROLES.filter((r) => ROLE_PERMISSIONS[r].includes('assignment.manage'))).toEqual(['admin', 'manager']);
    expect(ROLES.filter((r) => ROLE_PERMISSIONS[r].includes('assignment.read'))).toEqual(['admin', 'manager', 'doctor', 'nurse']);
  });

  it('reports: report.read (manager, admin, doctor) for the reports, patient.read for the workbench', async () => {
    expect(
      routes
        .filter((r) => r.path.startsWith('/api/reports'))
        .map((r) => `${r.method} ${r.path} ${r.rule?.kind === 'permission' ? r.rule.permissions.join(',') : r.rule?.kind}`)
        .sort(),
    ).toEqual([
      'GET /api/reports/analyses report.read',
      'GET /api/reports/comments report.read',
      'GET /api/reports/drill report.read',
      'GET /api/reports/export report.read',
      'GET /api/reports/heatmap report.read',
      'GET /api/reports/outcomes report.read',
      'GET /api/reports/print report.read',
      'GET /api/reports/rates report.read',
      'GET /api/reports/satisfaction report.read',
      'GET /api/reports/satisfaction/trend report.read',
      'GET /api/reports/supervisor report.read',
      'GET /api/reports/workbench patient.read',
      'GET /api/reports/workbench/drill patient.read',
    ]);
    const q = '?from=2026-11-01&to=2026-11-30';
    const status = async (role: string, path: string) =>
      (await t.http().get(`/api/reports/${path}`).set('Authorization', `Bearer ${tokens[role]}`)).status;
    expect(await status('nurse', `supervisor${q}`)).toBe(403);
    expect(await status('auditor', `supervisor${q}`)).toBe(403);
    expect(await status('auditor', 'workbench')).toBe(403);
    for (const path of ['analyses', 'heatmap', 'outcomes', 'print'])
      expect([path, await status('nurse', `${path}${q}`)]).toEqual([path, 403]);
    expect(await status('nurse', 'workbench')).toBe(200);
    for (const role of ['manager', 'admin', 'doctor']) expect([role, await status(role, `supervisor${q}`)]).toEqual([role, 200]);
  });

  it('the users list: 401 without a token, 403 as nurse, 200 as admin', async () => {
    expect((await t.http().get('/api/users')).status).toBe(401);
    expect((await t.http().get('/api/users').set('Authorization', `Bearer ${tokens['nurse']}`)).status).toBe(403);
    const ok = await t.http().get('/api/users').set('Authorization', `Bearer ${tokens['admin']}`);
    expect(ok.status).toBe(200);
    expect(ok.body.total).toBe(5);
  });
});
