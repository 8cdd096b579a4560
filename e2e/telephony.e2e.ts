/**
 * Telephony with a CTI server (issue #6), in a real browser: a second server process runs with
 * TELEPHONY=cti against the shared test database and a simulated CTI server in this process
 * (backend/test/support/cti-simulator.ts). An incoming call pops up the patient on the nurse's
 * console; from the pop the nurse opens the task, dials through the CTI, sees the call progress and
 * records the outcome with the CTI's talk time.
 * With SCREENSHOTS=1 it also saves docs/screenshots/telephony-*.<lang>.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { CtiSimulator } from '../backend/test/support/cti-simulator';
import { byTestId, eventually, signIn, textOf, url, waitForPath } from './support/app';
import { sql } from './support/db';
import { BASE_URL_ENV, PG_URL_ENV, REPO_ROOT } from './support/env';
import { useBrowser } from './support/fixture';
import { Lang, t } from './support/i18n';
import { freePort, ServerProcess, startServer, stopServer, waitHealthy } from './support/server';
import { dueTasksForNurse } from './support/worklist';

const inPage = useBrowser();
const SHOTS = process.env['SCREENSHOTS'] === '1';

async function shoot(page: Page, name: string, lang: Lang): Promise<void> {
  if (!SHOTS) return;
  await page.evaluate('document.fonts.ready.then(() => true)');
  await page.mouse.move(0, 799);
  await page.waitForTimeout(300);
  const dir = join(REPO_ROOT, 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.${lang}.png`), animations: 'disabled' });
}

describe('telephony through a CTI server (issue #6)', () => {
  const sim = new CtiSimulator();
  let server: ServerProcess;
  let sharedBase: string | undefined;

  beforeAll(async () => {
    await sim.start();
    const port = await freePort();
    server = startServer({
      PORT: String(port),
      DATABASE_URL: process.env[PG_URL_ENV] as string,
      TELEPHONY: 'cti',
      CTI_URL: sim.url,
      CTI_TOKEN: sim.token,
      RECORDING_URL_PREFIXES: `${sim.url}/rec/`,
      HL7_MLLP_ENABLED: 'false',
      QUIET_HOURS: 'off',
    });
    const base = `http://127.0.0.1:${port}`;
    await waitHealthy(server, base, 60_000);
    await sim.connections(1);
    sharedBase = process.env[BASE_URL_ENV];
    process.env[BASE_URL_ENV] = base;
  }, 90_000);
  afterAll(async () => {
    if (sharedBase) process.env[BASE_URL_ENV] = sharedBase;
    if (server) await stopServer(server);
    await sim.close();
  });

  /** Signs the nurse in and waits until the console listens for call events. */
  async function nurseConsole(page: Page, lang: Lang): Promise<void> {
    await page.goto(url('/sign-in'));
    await byTestId(page, `lang-${lang}`).click();
    const listening = page.waitForResponse((r) => r.url().endsWith('/api/calls/events') && r.status() === 200);
    await signIn(page, 'nurse');
    await listening;
  }

  it.each<Lang>(['zh-CN', 'en'])(
    'an incoming call pops up the patient; the nurse opens the task, dials through the CTI and records the outcome with its talk time (%s)',
    (lang) =>
      inPage(async (page) => {
        const [task] = await dueTasksForNurse(1);
        const [{ number, masked }] = await sql<{ number: string; masked: string }>(
          `SELECT number, left(number, 3) || '****' || right(number, 4) AS masked FROM patient_phone WHERE patient_id = $1`,
          [task.patientId],
        );
        await nurseConsole(page, lang);

        sim.send({
          type: 'call.incoming',
          callId: `in-${task.taskId}`,
          from: `+86${number}`,
          extension: '8001',
          at: new Date().toISOString(),
        });
        const pop = byTestId(page, 'incoming-call');
        await pop.waitFor();
        expect(await textOf(pop.locator('header strong'))).toBe(t(lang, 'telephony.incoming.title'));
        expect(await textOf(byTestId(pop, `incoming-patient-${task.patientId}`).locator('[data-testid="incoming-patient-name"]'))).toBe(
          task.name,
        );
        expect(await textOf(pop)).toContain(masked);
        expect(await textOf(pop)).not.toContain(number);
        await shoot(page, 'telephony-incoming', lang);

        await byTestId(pop, 'incoming-open-task').click();
        await waitForPath(page, `/worklist/tasks/${task.taskId}`);
        expect(await pop.count()).toBe(0);
        await byTestId(page, 'workbench-dial-0').click();
        const state = byTestId(page, 'workbench-call-state');
        await eventually(async () => expect(await textOf(state)).toBe(t(lang, 'telephony.state.dialing')));
        const dialled = sim.dials.at(-1);
        expect(dialled).toMatchObject({ extension: '8001', number });
        const callId = dialled?.callId as string;

        sim.send({ type: 'call.ringing', callId });
        await eventually(async () => expect(await textOf(state)).toBe(t(lang, 'telephony.state.ringing')));
        sim.send({ type: 'call.answered', callId, at: new Date(Date.now() - 95_000).toISOString() });
        await eventually(async () => expect(await textOf(state)).toBe(t(lang, 'telephony.state.answered')));
        await shoot(page, 'telephony-call', lang);
        sim.send({ type: 'call.ended', callId, durationSeconds: 95, reason: 'hangup' });
        await eventually(async () => expect(await textOf(state)).toBe(t(lang, 'telephony.state.ended')));
        expect(await textOf(byTestId(page, 'workbench-timer'))).toBe('1:35');
        expect(await byTestId(page, 'workbench-hangup').count()).toBe(0);

        await byTestId(page, 'outcome-no_answer').click();
        await byTestId(page, 'workbench-ended').waitFor();
        const [attempt] = await sql<{ duration_seconds: number; external_id: string }>(
          `SELECT a.duration_seconds, c.external_id FROM contact_attempt a JOIN call_session c ON c.id = a.call_session_id WHERE a.task_id = $1`,
          [task.taskId],
        );
        expect(attempt).toEqual({ duration_seconds: 95, external_id: callId });
      })(),
    120_000,
  );

  it(
    'a number no patient has: the pop says so and offers the patient search with the number',
    inPage(async (page) => {
      await nurseConsole(page, 'en');
      sim.send({ type: 'call.incoming', callId: `in-unknown-${Date.now()}`, from: '02099990000', extension: '8001' });
      const pop = byTestId(page, 'incoming-call');
      await byTestId(pop, 'incoming-unknown').waitFor();
      expect(await textOf(byTestId(pop, 'incoming-number'))).toBe('02099990000');
      await byTestId(pop, 'incoming-search').click();
      await waitForPath(page, '/patients');
      await eventually(async () =>
        expect(await page.locator('input[type="search"], [data-testid="patient-search"]').first().inputValue()).toBe('02099990000'),
      );
    }),
  );
});
