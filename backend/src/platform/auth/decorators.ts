import { SetMetadata } from '@nestjs/common';
import type { Permission } from './permissions';

export const ACCESS_KEY = 'hcrm:access';

export type AccessRule = { kind: 'public' } | { kind: 'authenticated' } | { kind: 'permission'; permissions: Permission[] };

/** No sign-in needed (login, health). */
export const Public = () => SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies AccessRule);

/** Any signed-in user (own profile, sign-out, own password). */
export const Authenticated = () => SetMetadata(ACCESS_KEY, { kind: 'authenticated' } satisfies AccessRule);

/** Signed-in users whose roles grant ALL the given permissions. */
export const RequirePermission = (...permissions: Permission[]) =>
  SetMetadata(ACCESS_KEY, { kind: 'permission', permissions } satisfies AccessRule);
