import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { createApp } from './bootstrap';
import { ConfigError, loadConfig } from './config/app-config';
import { EmbeddedPgError, EmbeddedPgHandle, startEmbeddedPostgres } from './database/embedded-postgres';
import { describeDatabaseError } from './database/db-errors';
import { prepareDatabase } from './database/prepare';
import { DEMO_PASSWORD } from './database/demo-seed';
import { DemoFollowupService } from './database/demo/demo-followup';

/** Plain console lines for the operator during boot (before structured logging is up). */
const say = (msg: string) => console.log(`[hcrm] ${msg}`);
const fail = (msg: string) => console.error(`[hcrm] ERROR: ${msg}`);

async function main(): Promise<number | undefined> {
  const started = Date.now();
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      fail(e.message);
      return 2;
    }
    throw e;
  }

  let embedded: EmbeddedPgHandle | undefined;
  let app: INestApplication | undefined;
  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    say(`${signal} received: stopping…`);
    await app?.close().catch((e: Error) => fail(`while closing the HTTP server: ${e.message}`));
    if (embedded) {
      await embedded.stop().catch((e: Error) => fail(`while stopping PostgreSQL: ${e.message}`));
      say('Embedded PostgreSQL stopped.');
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  let databaseUrl = config.databaseUrl;
  try {
    if (!databaseUrl) {
      say(`No DATABASE_URL: starting embedded PostgreSQL (data in ${config.embeddedPg.dataDir}, port ${config.embeddedPg.port})…`);
      embedded = await startEmbeddedPostgres({ dataDir: config.embeddedPg.dataDir, port: config.embeddedPg.port });
      say(embedded.created ? 'Created a new embedded PostgreSQL cluster.' : 'Embedded PostgreSQL started.');
      databaseUrl = embedded.url();
    }
  } catch (e) {
    fail(e instanceof EmbeddedPgError ? e.message : `embedded PostgreSQL failed: ${(e as Error).message}`);
    return 1;
  }

  let jwtSecret: string;
  let demoFollowup = false;
  try {
    const prepared = await prepareDatabase(databaseUrl, {
      migrate: config.migrateOnStart,
      seedDemo: config.seedDemo,
      demoFollowup: config.demoFollowup,
      jwtSecret: config.jwtSecret,
      log: say,
    });
    jwtSecret = prepared.jwtSecret;
    // The demo follow-up history is made once, on the start that seeded the demo hospital (before listening).
    demoFollowup = !!prepared.seeded && config.demoFollowup;
    if (prepared.seeded) {
      say(`Demo accounts (password "${DEMO_PASSWORD}"): ${prepared.seeded.users.map((u) => u.username).join(', ')}`);
    }
  } catch (e) {
    fail(describeDatabaseError(e, databaseUrl));
    await embedded?.stop();
    return 1;
  }

  try {
    app = await createApp({ config, databaseUrl, jwtSecret, demoFollowup });
    await app.listen(config.port, config.host);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') fail(`Port ${config.port} is already in use. Stop the other program or set PORT to a free port.`);
    else if (err.code === 'EACCES')
      fail(`Not allowed to listen on port ${config.port}. Use a port above 1024 or run with the needed rights.`);
    else fail(`The server could not start: ${err.message}`);
    await app?.close().catch(() => undefined);
    await embedded?.stop();
    return 1;
  }
  const demo = app.get(DemoFollowupService).summary;
  if (demo)
    say(
      `Demo follow-up history: ${demo.templates} templates, ${demo.plans} plans, ${demo.tasks} tasks (${demo.done} done), ${demo.calls} calls, ${demo.escalations} escalations in ${demo.seconds} s.`,
    );
  const shown = config.host === '0.0.0.0' ? 'localhost' : config.host;
  say(
    `Ready in ${((Date.now() - started) / 1000).toFixed(1)} s: console http://${shown}:${config.port}/  API docs http://${shown}:${config.port}/api/docs`,
  );
  return undefined;
}

main().then(
  (code) => {
    if (code !== undefined) process.exit(code);
  },
  (e: Error) => {
    fail(e.stack ?? e.message);
    process.exit(1);
  },
);
