import { rmSync } from 'node:fs';
import { stopServer } from './server';
import { getState } from './state';

export default async function globalTeardown(): Promise<void> {
  const state = getState();
  if (!state) return;
  await stopServer(state.server);
  rmSync(state.root, { recursive: true, force: true });
}
