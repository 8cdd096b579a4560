import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, resolveChromium } from './browser';
import { BASE_URL_ENV, CHROMIUM_ENV, CONSOLE_DIR, MAIN_JS, PG_URL_ENV } from './env';
import { freePort, startServer, stopServer, waitHealthy } from './server';
import { E2eState, setState } from './state';

const HEALTH_TIMEOUT_MS = 90_000;

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const missing = [MAIN_JS, join(CONSOLE_DIR, 'index.html')].filter((f) => !existsSync(f));
  if (missing.length > 0) {
    throw new Error(`[e2e] ${missing.join(' and ')} missing: run npm run build first`);
  }

  // Resolve (and, for @sparticuz/chromium, unpack) the browser once, and prove it starts, before the server.
  const launch = await resolveChromium();
  process.env[CHROMIUM_ENV] = JSON.stringify(launch);
  const probe = await launchBrowser();
  const version = probe.version();
  await probe.close();

  const root = mkdtempSync(join(tmpdir(), 'hcrm-e2e-'));
  // As root, the embedded PostgreSQL runs as the "postgres" user and must traverse this folder.
  chmodSync(root, 0o755);
  const port = await freePort();
  const pgPort = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = startServer({
    PORT: String(port),
    EMBEDDED_PG_DIR: join(root, 'pg'),
    EMBEDDED_PG_PORT: String(pgPort),
    // The call-list tests must not depend on the hour CI runs at (quiet hours 22:00–07:00 hide phone
    // tasks); backend/test/worklist.api.spec.ts covers quiet hours.
    QUIET_HOURS: 'off',
    // The browser tests build their own follow-up data on the demo hospital; no demo follow-up history.
    DEMO_FOLLOWUP: 'false',
  });
  const state: E2eState = { root, server };
  setState(state);
  try {
    await waitHealthy(server, base, HEALTH_TIMEOUT_MS);
  } catch (error) {
    // Jest skips globalTeardown when globalSetup fails: clean up here.
    await stopServer(server);
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  process.env[BASE_URL_ENV] = base;
  // The embedded server's fixed local credentials (backend/src/database/embedded-postgres.ts); 127.0.0.1 only.
  process.env[PG_URL_ENV] = `postgres://postgres:hcrm-embedded@127.0.0.1:${pgPort}/hcrm`;
  console.log(`\n[e2e] server ${base} ready in ${((Date.now() - started) / 1000).toFixed(1)} s; Chromium ${version} from ${launch.source}`);
}
