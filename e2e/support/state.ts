import type { ServerProcess } from './server';

/** What globalSetup hands to globalTeardown (both run in Jest's main process). */
export interface E2eState {
  /** Temp dir holding the embedded PostgreSQL data. */
  root: string;
  server: ServerProcess;
}

const KEY = '__HCRM_E2E__';

export function setState(state: E2eState): void {
  (globalThis as Record<string, unknown>)[KEY] = state;
}

export function getState(): E2eState | undefined {
  return (globalThis as Record<string, unknown>)[KEY] as E2eState | undefined;
}
