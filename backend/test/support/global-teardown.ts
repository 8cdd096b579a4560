import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EmbeddedPgHandle } from '../../src/database/embedded-postgres';
import { TEST_PG_STATE_ENV } from './pg-env';

export default async function globalTeardown(): Promise<void> {
  const pg = (globalThis as { __HCRM_PG__?: EmbeddedPgHandle }).__HCRM_PG__;
  await pg?.stop();
  const stateFile = process.env[TEST_PG_STATE_ENV];
  if (stateFile) rmSync(dirname(stateFile), { recursive: true, force: true });
}
