import { join } from 'node:path';

/** Repository root (this file is e2e/support/env.ts). */
export const REPO_ROOT = join(__dirname, '..', '..');
export const MAIN_JS = join(REPO_ROOT, 'dist', 'backend', 'backend', 'src', 'main.js');
export const CONSOLE_DIR = join(REPO_ROOT, 'dist', 'frontend', 'browser');
/** Failure screenshots (git-ignored). */
export const ARTIFACTS_DIR = join(REPO_ROOT, 'e2e', 'artifacts');

/** Set by globalSetup for the test files: where the server under test listens, e.g. http://127.0.0.1:41234. */
export const BASE_URL_ENV = 'HCRM_E2E_BASE_URL';
/** Set by globalSetup: connection URL of the server's embedded PostgreSQL (for tests that must move time, e.g. a retry delay). */
export const PG_URL_ENV = 'HCRM_E2E_PG_URL';
/** Set by globalSetup: JSON of the resolved Chromium launch ({@link ChromiumLaunch}), so it is resolved once. */
export const CHROMIUM_ENV = 'HCRM_E2E_CHROMIUM';

export function baseUrl(): string {
  const url = process.env[BASE_URL_ENV];
  if (!url) throw new Error(`${BASE_URL_ENV} is not set: run the e2e tests with \`npx jest -c e2e/jest.config.cjs\``);
  return url;
}

export const DEMO_PASSWORD = 'demo1234';
