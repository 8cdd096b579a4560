import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { CONSOLE_DIR, MAIN_JS, REPO_ROOT } from './env';

/** A free TCP port on 127.0.0.1, chosen by the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  /** Everything the server printed so far (stdout and stderr). */
  output: () => string;
  /** Resolves with the exit code (or the signal name) once the process has exited. */
  exited: Promise<number | string | null>;
}

/**
 * Starts the BUILT backend as an operator would. The environment is built from scratch (only PATH and
 * HOME are inherited) so a developer's DATABASE_URL or PORT can never leak into the run.
 */
export function startServer(env: Record<string, string>): ServerProcess {
  let out = '';
  const child = spawn(process.execPath, [MAIN_JS], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: process.env['HOME'] ?? '/root',
      HOST: '127.0.0.1',
      CONSOLE_DIR,
      LOG_LEVEL: 'warn',
      LOGIN_RATE_LIMIT: '1000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string | null>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? signal));
    child.on('error', (error) => {
      out += `\n[e2e] could not start the server: ${error.message}\n`;
      resolve(null);
    });
  });
  return { child, output: () => out, exited };
}

/** Polls GET /api/health until it answers 200; fails early if the server exits. */
export async function waitHealthy(server: ServerProcess, base: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | string | null | undefined;
  void server.exited.then((code) => (exitCode = code));
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(`[e2e] the server exited (${String(exitCode)}) before it was healthy. Its output:\n${server.output()}`);
    }
    try {
      const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `[e2e] GET ${base}/api/health did not answer 200 within ${timeoutMs / 1000} s (last: ${last}). The server's output:\n${server.output()}`,
  );
}

/** SIGTERM, then wait for the process (and so its embedded PostgreSQL) to exit; SIGKILL after `graceMs`. */
export async function stopServer(server: ServerProcess, graceMs = 30_000): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timedOut = await Promise.race([
    server.exited.then(() => false),
    new Promise<boolean>((r) => setTimeout(() => r(true), graceMs).unref()),
  ]);
  if (timedOut) {
    console.warn(
      `[e2e] the server (pid ${child.pid}) did not stop within ${graceMs / 1000} s of SIGTERM; killing it.\n${server.output().slice(-2_000)}`,
    );
    child.kill('SIGKILL');
    await server.exited;
  }
}
