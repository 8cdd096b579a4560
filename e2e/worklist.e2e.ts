import type { Page } from 'playwright-core';
import { apiCall, apiLogin, uniqueName } from './support/api';
import { byTestId, eventually, openedDialog, overlayOptions, signIn, textOf, url, waitForPath } from './support/app';
import { sql } from './support/db';
import { useBrowser } from './support/fixture';
import { t } from './support/i18n';
import { DueTask, dueTasksForNurse, makeOverdue, retryDelayPassed } from './support/worklist';

const inPage = useBrowser();

interface ListPage {
  total: number;
  items: Array<{ patientId: string; tasks: Array<{ id: string }> }>;
}

/** The nurse's call list as the API lists it. */
async function worklist(view: string): Promise<ListPage> {
  return (await apiCall<ListPage>('GET', `/worklist?view=${view}&pageSize=200`, await apiLogin('nurse'))).body;
}

/** The tabs' counts as the API counts them (`query`: the filters). */
async function counts(query = ''): Promise<Record<string, number>> {
  return (await apiCall<{ counts: Record<string, number> }>('GET', `/worklist/counts?${query}`, await apiLogin('nurse'))).body.counts;
}

async function openWorklist(page: Page, user = 'nurse'): Promise<void> {
  await page.goto(url('/sign-in'));
  await signIn(page, user);
  await byTestId(page, 'nav-worklist').click();
  await waitForPath(page, '/worklist');
}

async function showView(page: Page, view: string): Promise<void> {
  await byTestId(page, `worklist-tab-${view}`).click();
  await waitForPath(page, view === 'today' ? '/worklist' : `/worklist?view=${view}`);
}

/** The open escalation raised for this task (as the doctor sees it). */
async function escalationOf(taskId: string): Promise<{ id: string; status: string }> {
  const doctor = await apiLogin('doctor');
  for (const status of ['open', 'answered', 'closed']) {
    const found = (
      await apiCall<Array<{ id: string; task_id: string; status: string }>>('GET', `/escalations?status=${status}`, doctor)
    ).body.find((e) => e.task_id === taskId);
    if (found) return found;
  }
  throw new Error(`[e2e] no escalation for task ${taskId}`);
}

let due: DueTask;
let overdue: DueTask;
let held: DueTask;

beforeAll(async () => {
  [due, overdue, held] = await dueTasksForNurse(3);
  await makeOverdue(overdue.taskId, 2);
});

describe('the follow-up nurse’s day (issue #6)', () => {
  it(
    'call list → call screen with context → branching questionnaire → no answer, retry → complete; flagged answer escalates',
    inPage(async (page) => {
      await openWorklist(page);

      // Today's list: the due patient with the masked phone, counts as the API counts them.
      const today = { counts: await counts() };
      const row = byTestId(page, `worklist-row-${due.patientId}`);
      await row.waitFor();
      expect(await textOf(byTestId(page, 'worklist-count-today'))).toBe(String(today.counts['today']));
      expect(today.counts['today']).toBeGreaterThanOrEqual(2);
      expect(await textOf(byTestId(page, `worklist-phone-${due.patientId}`))).toMatch(/\*{4}\d{4}$/);
      expect(await textOf(byTestId(page, 'worklist-count-overdue'))).toBe(String(today.counts['overdue']));
      expect(today.counts['overdue']).toBeGreaterThanOrEqual(1);

      // The overdue view shows the task not done on its day, with how late it is.
      await showView(page, 'overdue');
      const late = byTestId(page, `worklist-row-${overdue.patientId}`);
      await late.waitFor();
      expect(await textOf(late)).toContain(t('zh-CN', 'worklist.overdueDays', { days: 2 }));
      expect(await byTestId(page, `worklist-row-${due.patientId}`).count()).toBe(0);

      // Claim: the call screen opens with the whole context.
      await showView(page, 'today');
      await byTestId(page, `worklist-claim-${due.patientId}`).click();
      await waitForPath(page, `/worklist/tasks/${due.taskId}`);
      expect(await textOf(byTestId(page, 'workbench-patient-name'))).toBe(due.name);
      expect(await textOf(byTestId(page, 'workbench-phone-0'))).toMatch(/\*{4}/);
      expect(await textOf(byTestId(page, 'workbench-anchor'))).toContain('心内科');
      expect(await textOf(byTestId(page, 'workbench-questionnaire-title'))).toBe('出院后通用随访');
      expect(await textOf(byTestId(page, 'workbench-plans'))).toContain('出院后电话随访');
      expect(await textOf(byTestId(page, 'workbench-history'))).toContain(t('zh-CN', 'workbench.noHistory'));
      const context = (
        await apiCall<{ knowledge: { titleZh: string } | null }>('GET', `/tasks/${due.taskId}/context`, await apiLogin('nurse'))
      ).body;
      if (context.knowledge) expect(await textOf(byTestId(page, 'workbench-knowledge'))).toContain(context.knowledge.titleZh);
      // The call timer runs.
      await eventually(async () => expect(await textOf(byTestId(page, 'workbench-timer'))).not.toBe('0:00'), 5_000);

      // Branching: the symptom description shows only after "new symptoms: yes".
      await byTestId(page, 'qf-question-newSymptoms').waitFor();
      expect(await byTestId(page, 'qf-question-symptomDetail').count()).toBe(0);
      await byTestId(page, 'qf-option-newSymptoms-yes').click();
      await byTestId(page, 'qf-question-symptomDetail').waitFor();
      await byTestId(page, 'qf-attention-newSymptoms').waitFor();
      await byTestId(page, 'qf-option-newSymptoms-no').click();
      await byTestId(page, 'qf-question-symptomDetail').waitFor({ state: 'detached' });

      // No answer: the call ends with the retry time and the patient leaves today's list.
      await byTestId(page, 'outcome-no_answer').click();
      await byTestId(page, 'workbench-next-attempt').waitFor();
      expect(await textOf(byTestId(page, 'workbench-ended'))).toContain(t('zh-CN', 'workbench.outcomes.no_answer'));
      const [{ next_attempt_at }] = await sql<{ next_attempt_at: Date }>(`SELECT next_attempt_at FROM followup_task WHERE id = $1`, [
        due.taskId,
      ]);
      expect(next_attempt_at.getTime() - Date.now()).toBeGreaterThan(3.9 * 3600_000);
      await byTestId(page, 'workbench-back').click();
      await waitForPath(page, '/worklist');
      await byTestId(page, 'worklist-table').waitFor();
      await eventually(async () => expect(await row.count()).toBe(0));
      expect((await worklist('today')).items.map((i) => i.patientId)).not.toContain(due.patientId);

      // Four hours later it is back, with the last outcome; the second call reaches the patient.
      await retryDelayPassed(due.taskId);
      await byTestId(page, 'worklist-refresh').click();
      await row.waitFor();
      expect(await textOf(byTestId(page, `worklist-last-${due.taskId}`))).toContain(t('zh-CN', 'workbench.outcomes.no_answer'));
      await byTestId(page, `worklist-claim-${due.patientId}`).click();
      await waitForPath(page, `/worklist/tasks/${due.taskId}`);
      expect(await textOf(byTestId(page, 'workbench-contacts'))).toContain(t('zh-CN', 'workbench.outcomes.no_answer'));
      await byTestId(page, 'outcome-reached').click();
      await byTestId(page, 'outcome-reached').and(page.locator('.selected')).waitFor();

      // Saving with required answers missing: the API's field errors show on the questions.
      await byTestId(page, 'qf-option-newSymptoms-yes').click();
      await byTestId(page, 'qf-question-symptomDetail').waitFor();
      await byTestId(page, 'workbench-complete').click();
      await byTestId(page, 'qf-error-medication').waitFor();
      await byTestId(page, 'qf-error-symptomDetail').waitFor();
      expect(await textOf(byTestId(page, 'qf-error-generalState'))).not.toBe('');

      // Complete the answers (Ctrl+Enter saves): done, and the flagged answer is escalated.
      await byTestId(page, 'qf-option-generalState-good').click();
      await byTestId(page, 'qf-input-symptomDetail').fill('活动后胸闷，休息后缓解');
      await byTestId(page, 'qf-option-medication-regular').click();
      await byTestId(page, 'workbench-attention').waitFor();
      await eventually(async () => expect(await byTestId(page, 'qf-error-medication').count()).toBe(0));
      await page.keyboard.press('Control+Enter');
      await byTestId(page, 'workbench-done').waitFor();
      const [task] = await sql<{ status: string; attempts: number }>(`SELECT status, attempts FROM followup_task WHERE id = $1`, [
        due.taskId,
      ]);
      expect(task).toEqual({ status: 'done', attempts: 2 });
      expect(await escalationOf(due.taskId)).toMatchObject({ status: 'open' });

      // "Next patient" opens the next task in place (no page load).
      const marker = await page.evaluate('window.e2eMarker = Date.now()');
      await byTestId(page, 'workbench-next').click();
      await page.waitForURL((u) => u.pathname !== `/worklist/tasks/${due.taskId}`);
      expect(await page.evaluate('window.e2eMarker')).toBe(marker);
      // Put back what "next" claimed, so the other tests find their tasks free.
      const opened = /^\/worklist\/tasks\/([0-9a-f-]+)$/.exec(new URL(page.url()).pathname)?.[1];
      if (opened) {
        await byTestId(page, 'workbench-patient-name').waitFor();
        await apiCall('POST', `/tasks/${opened}/release`, await apiLogin('nurse'));
      }
      const done = await worklist('done');
      expect(done.items.map((i) => i.patientId)).toContain(due.patientId);
    }),
  );

  it(
    'a task another nurse holds opens read-only and says who holds it',
    inPage(async (page) => {
      const admin = await apiLogin('admin');
      const [{ id: card }] = await sql<{ id: string }>(`SELECT id FROM department WHERE code = 'CARD'`);
      const username = uniqueName('nurse');
      const created = await apiCall<{ id: string }>('POST', '/users', admin, {
        username,
        displayName: '王护士',
        password: 'Throwaway2024',
        roles: ['nurse'],
        departmentIds: [card],
      });
      expect(created.status).toBe(201);
      const other = await apiLogin(username, 'Throwaway2024');
      expect((await apiCall('POST', `/tasks/${held.taskId}/claim`, other)).status).toBe(201);

      await page.goto(url('/sign-in'));
      await signIn(page, 'nurse');
      await page.goto(url(`/worklist/tasks/${held.taskId}`));
      await byTestId(page, 'workbench-held').waitFor();
      expect(await textOf(byTestId(page, 'workbench-held'))).toContain('王护士');
      expect(await byTestId(page, 'outcome-reached').isDisabled()).toBe(true);
      expect(await byTestId(page, 'workbench-patient-name').count()).toBe(1);
    }),
  );

  it(
    'the doctor answers the escalation in the inbox; the nurse reports back and closes it',
    inPage(async (page) => {
      const escalation = await escalationOf(due.taskId);
      await page.goto(url('/sign-in'));
      await signIn(page, 'doctor');
      await byTestId(page, 'nav-escalations').click();
      await waitForPath(page, '/escalations');
      const card = byTestId(page, `escalation-${escalation.id}`);
      await card.waitFor();
      expect(await textOf(byTestId(page, `escalation-severity-${escalation.id}`))).toBe(t('zh-CN', 'escalations.severity.urgent'));
      expect(await textOf(byTestId(page, `escalation-answers-${escalation.id}`))).toContain('出院后是否出现新的不适症状？');
      // Urgent ones come first.
      const first = await page.locator('article[data-testid^="escalation-"]').first().getAttribute('class');
      expect(first).toContain('urgent');
      await byTestId(page, `escalation-reply-input-${escalation.id}`).fill('请患者明日上午来心内科门诊复诊');
      await byTestId(page, `escalation-reply-${escalation.id}`).click();
      await card.waitFor({ state: 'detached' });
      await byTestId(page, 'escalation-tab-answered').click();
      await waitForPath(page, '/escalations?status=answered');
      expect(await textOf(byTestId(page, `escalation-reply-text-${escalation.id}`))).toContain('请患者明日上午来心内科门诊复诊');

      // The nurse (no reply permission) sees the answer and closes the loop.
      await byTestId(page, 'sign-out').click();
      await signIn(page, 'nurse');
      await page.goto(url('/escalations?status=answered'));
      await card.waitFor();
      expect(await byTestId(page, `escalation-reply-input-${escalation.id}`).count()).toBe(0);
      await byTestId(page, `escalation-close-${escalation.id}`).click();
      await card.waitFor({ state: 'detached' });
      await byTestId(page, 'escalation-tab-closed').click();
      await card.waitFor();
      expect(await escalationOf(due.taskId)).toMatchObject({ status: 'closed' });
    }),
  );

  it(
    'outcomes that end follow-up ask first; the shortcut help lists the keys',
    inPage(async (page) => {
      await page.goto(url('/sign-in'));
      await signIn(page, 'nurse');
      await page.goto(url(`/worklist/tasks/${overdue.taskId}`));
      await byTestId(page, 'qf-question-newSymptoms').waitFor();
      await byTestId(page, 'workbench-shortcuts').click();
      expect(await textOf(byTestId(page, 'workbench-shortcuts-panel'))).toContain('Ctrl+Enter');
      // Alt+7 = refused: a confirmation; cancelling records nothing.
      await page.keyboard.press('Alt+7');
      const dialog = await openedDialog(page);
      expect(await textOf(dialog)).toContain(t('zh-CN', 'workbench.confirm.refused'));
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      const [{ attempts }] = await sql<{ attempts: number }>(`SELECT attempts FROM followup_task WHERE id = $1`, [overdue.taskId]);
      expect(attempts).toBe(0);
      // Callback at a time: recorded with that time; the task shows in today's callbacks.
      await byTestId(page, 'outcome-callback').click();
      await byTestId(page, 'outcome-callback-confirm').click();
      await byTestId(page, 'workbench-next-attempt').waitFor();
      const callbacks = await worklist('callbacks');
      const [{ next_attempt_at }] = await sql<{ next_attempt_at: Date }>(`SELECT next_attempt_at FROM followup_task WHERE id = $1`, [
        overdue.taskId,
      ]);
      const sameChinaDay =
        new Date(next_attempt_at.getTime() + 8 * 3600_000).toISOString().slice(0, 10) ===
        new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
      if (sameChinaDay) expect(callbacks.items.map((i) => i.patientId)).toContain(overdue.patientId);
    }),
  );
  it(
    'filters narrow the list by follow-up plan, channel and department; the counts follow',
    inPage(async (page) => {
      // A plan of its own (a unique name), so the row is found whatever else is due today.
      const plan = `筛选测试 ${uniqueName('plan')}`;
      const [fresh] = await dueTasksForNurse(1, { zh: plan, en: `Filter test ${plan}` });
      await openWorklist(page);
      const row = byTestId(page, `worklist-row-${fresh.patientId}`);
      const pick = async (filter: string, option: string) => {
        await byTestId(page, `worklist-filter-${filter}`).click();
        await overlayOptions(page).filter({ hasText: option }).first().click();
        // The panel closes with an animation: wait until its options are gone before the next pick.
        await overlayOptions(page).first().waitFor({ state: 'detached' });
      };
      await pick('template', plan);
      await row.waitFor();
      await eventually(async () => expect(await textOf(byTestId(page, 'worklist-count-today'))).toBe('1'));
      // SMS only: the phone task's patient leaves the list and the count follows.
      await pick('channel', t('zh-CN', 'templates.channels.sms'));
      await row.waitFor({ state: 'detached' });
      await eventually(async () => expect(await textOf(byTestId(page, 'worklist-count-today'))).toBe('0'));
      await pick('channel', t('zh-CN', 'worklist.filters.all'));
      await row.waitFor();
      // The nurse's departments are the choices: 心内科 keeps the patient, 内分泌科 does not.
      await pick('department', '内分泌科');
      await row.waitFor({ state: 'detached' });
      await pick('department', '心内科');
      await row.waitFor();
      const card = (await sql<{ id: string }>(`SELECT id FROM department WHERE code = 'CARD'`))[0].id;
      const tpl = (await sql<{ id: string }>(`SELECT id FROM followup_template WHERE name_zh = $1`, [plan]))[0].id;
      expect((await counts(`departmentId=${card}&templateId=${tpl}`))['today']).toBe(1);
      // Clearing shows the whole list again.
      await byTestId(page, 'worklist-filter-clear').click();
      await eventually(async () => expect(await textOf(byTestId(page, 'worklist-count-today'))).toBe(String((await counts())['today'])));
    }),
  );
});
