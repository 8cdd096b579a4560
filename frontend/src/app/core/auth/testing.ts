import { CurrentUser, LoginResponse } from './auth.models';

/** Test factory: a signed-in user; override what the test is about. */
export function aUser(overrides: Partial<CurrentUser> = {}): CurrentUser {
  return {
    id: 'u-1',
    username: 'doctor',
    displayName: '王医生',
    roles: ['doctor'],
    permissions: ['dictionary.read'],
    departments: [
      { id: 'd-1', code: 'CARD', name: '心内科', nameEn: 'Cardiology' },
      { id: 'd-2', code: 'NEUR', name: '神经内科', nameEn: 'Neurology' },
    ],
    allDepartments: false,
    mustChangePassword: false,
    phoneExtension: null,
    ...overrides,
  };
}

export function aLogin(overrides: Partial<CurrentUser> = {}, expiresInMs = 3_600_000): LoginResponse {
  return {
    accessToken: 'token-123',
    expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
    user: aUser(overrides),
  };
}
