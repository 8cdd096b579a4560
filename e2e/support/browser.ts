import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { Browser, BrowserContext, chromium } from 'playwright-core';
import { CHROMIUM_ENV, REPO_ROOT } from './env';

export interface ChromiumLaunch {
  executablePath: string;
  /** Extra flags the binary needs (those of @sparticuz/chromium); our own flags are added on launch. */
  args: string[];
  source: 'CHROME_PATH' | '/usr/bin/chromium' | '@sparticuz/chromium';
}

/** Always passed: a quiet, headless browser that never phones home. */
export const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * Asks @sparticuz/chromium (an ES module; its default export is the Chromium class with a static
 * `executablePath()` and `args`) for its binary, in a child Node process: Jest's CommonJS module
 * registry cannot import ESM. The binary ships inside the npm package (brotli) and is unpacked
 * into the OS temp dir on first use; nothing is downloaded.
 */
async function sparticuzChromium(): Promise<ChromiumLaunch> {
  const script = `
    const mod = await import('@sparticuz/chromium');
    const C = typeof mod.default?.executablePath === 'function' ? mod.default : mod.default?.default ?? mod;
    const executablePath = await C.executablePath();
    process.stdout.write(JSON.stringify({ executablePath, args: C.args }));
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    cwd: REPO_ROOT,
    timeout: 120_000,
  });
  const parsed = JSON.parse(stdout) as { executablePath: string; args: string[] };
  // Playwright chooses the headless mode itself. --single-process (meant for AWS Lambda) makes the whole
  // browser exit when the first context closes ("Target page, context or browser has been closed"),
  // and every test here opens and closes its own context.
  const args = parsed.args.filter((a) => !a.startsWith('--headless') && a !== '--single-process');
  return { executablePath: parsed.executablePath, args, source: '@sparticuz/chromium' };
}

/** CHROME_PATH, else /usr/bin/chromium, else the binary shipped in @sparticuz/chromium. Never a download. */
export async function resolveChromium(): Promise<ChromiumLaunch> {
  const cached = process.env[CHROMIUM_ENV];
  if (cached) return JSON.parse(cached) as ChromiumLaunch;
  const fromEnv = process.env['CHROME_PATH'];
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`[e2e] CHROME_PATH=${fromEnv} does not exist`);
    return { executablePath: fromEnv, args: [], source: 'CHROME_PATH' };
  }
  if (existsSync(SYSTEM_CHROMIUM)) return { executablePath: SYSTEM_CHROMIUM, args: [], source: '/usr/bin/chromium' };
  return sparticuzChromium();
}

export async function launchBrowser(): Promise<Browser> {
  const launch = await resolveChromium();
  return chromium.launch({
    executablePath: launch.executablePath,
    headless: true,
    args: [...new Set([...launch.args, ...BASE_ARGS])],
    timeout: 60_000,
  });
}

export const VIEWPORT = { width: 1280, height: 800 };

/** A fresh context (own cookies and localStorage) as a user in China would have it. */
export async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: VIEWPORT,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(20_000);
  return context;
}
