import { baseUrl, DEMO_PASSWORD } from './env';

/** Calls the API directly, to prepare data the browser tests then look at. */
export async function apiCall<T>(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${baseUrl()}/api${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export async function apiLogin(username: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await apiCall<{ accessToken?: string }>('POST', '/auth/login', undefined, { username, password });
  if (res.status !== 200 || !res.body.accessToken) {
    throw new Error(`[e2e] API sign-in as ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body.accessToken;
}

export interface CreatedUser {
  id: string;
  username: string;
  displayName: string;
  password: string;
}

let counter = 0;
/** A unique username for this run, e.g. `e2e-lock-lz3k9a1`, so reruns against one database never collide. */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `e2e-${prefix}-${Date.now().toString(36)}${counter}`;
}

/** Creates a throwaway account as admin (never lock or change the shared demo accounts). */
export async function createThrowawayUser(prefix: string, roles: string[] = ['doctor']): Promise<CreatedUser> {
  const token = await apiLogin('admin');
  const username = uniqueName(prefix);
  const displayName = `测试${prefix}${counter}`;
  const password = 'Throwaway2024';
  const res = await apiCall<{ id?: string }>('POST', '/users', token, { username, displayName, password, roles, departmentIds: [] });
  if (res.status !== 201 || !res.body.id) {
    throw new Error(`[e2e] POST /api/users failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return { id: res.body.id, username, displayName, password };
}
