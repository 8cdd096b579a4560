import { byTestId, eventually, signIn, textOf, url, waitForPath } from './support/app';
import { sql } from './support/db';
import { useBrowser } from './support/fixture';
import { t } from './support/i18n';
import { dueTasksForNurse } from './support/worklist';

const inPage = useBrowser();

/** A phone-sized screen, as the patient opens the link from an SMS. */
const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
};

describe('patient self-survey link (issue #6)', () => {
  it(
    'the nurse makes a link on the call screen; the patient answers it on a phone; a second submit is refused',
    inPage(async (page, context) => {
      const [task] = await dueTasksForNurse(1);

      // The nurse opens the task (claims it) and makes the link.
      await page.goto(url('/sign-in'));
      await signIn(page, 'nurse');
      await page.goto(url(`/worklist/tasks/${task.taskId}`));
      await byTestId(page, 'workbench-patient-name').waitFor();
      await byTestId(page, 'workbench-survey-link').click();
      const link = await textOf(byTestId(page, 'survey-link-url'));
      expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/s\/[A-Za-z0-9_-]{32}$/);
      expect(await textOf(byTestId(page, 'survey-link-banner'))).toContain(t('zh-CN', 'survey.link.title'));

      // The patient, on a phone, without signing in.
      const browser = context.browser();
      if (!browser) throw new Error('[e2e] no browser');
      const phoneContext = await browser.newContext(PHONE);
      try {
        const phone = await phoneContext.newPage();
        await phone.goto(link);
        expect(await textOf(byTestId(phone, 'survey-title'))).toBe('出院后通用随访');
        // No staff console around it, nothing that names the patient.
        expect(await byTestId(phone, 'nav-worklist').count()).toBe(0);
        expect(await phone.locator('body').innerText()).not.toContain(task.name);
        // Fits the screen: no sideways scrolling.
        expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);

        // Branching as on the call screen; missing answers are pointed out before sending.
        await byTestId(phone, 'qf-option-newSymptoms-yes').tap();
        await byTestId(phone, 'qf-question-symptomDetail').waitFor();
        await byTestId(phone, 'survey-submit').tap();
        await byTestId(phone, 'survey-missing').waitFor();
        await byTestId(phone, 'qf-error-medication').waitFor();
        await byTestId(phone, 'qf-option-generalState-good').tap();
        await byTestId(phone, 'qf-input-symptomDetail').fill('夜里有时胸闷');
        await byTestId(phone, 'qf-option-medication-regular').tap();
        await eventually(async () => expect(await byTestId(phone, 'qf-error-medication').count()).toBe(0));
        await byTestId(phone, 'survey-submit').tap();
        await byTestId(phone, 'survey-thanks').waitFor();

        // The answers landed on the task, collected by self-survey, and the flagged answer escalated.
        const [done] = await sql<{ status: string; mode: string; answers: Record<string, unknown> }>(
          `SELECT k.status, r.mode, r.answers FROM followup_task k JOIN questionnaire_response r ON r.task_id = k.id WHERE k.id = $1`,
          [task.taskId],
        );
        expect(done).toMatchObject({ status: 'done', mode: 'self', answers: { newSymptoms: 'yes', symptomDetail: '夜里有时胸闷' } });
        expect(await sql(`SELECT severity FROM escalation WHERE task_id = $1`, [task.taskId])).toEqual([{ severity: 'urgent' }]);

        // Opening the link again: already answered.
        await phone.goto(link);
        await byTestId(phone, 'survey-closed').waitFor();
        expect(await textOf(byTestId(phone, 'survey-closed'))).toContain(t('zh-CN', 'survey.closed.SURVEY_ALREADY_SUBMITTED.title'));

        // A link that does not exist says so.
        await phone.goto(url('/s/this-is-not-a-real-link-token-000'));
        expect(await textOf(byTestId(phone, 'survey-closed'))).toContain(t('zh-CN', 'survey.closed.SURVEY_LINK_NOT_FOUND.title'));
      } finally {
        await phoneContext.close();
      }
    }),
  );

  it(
    'the same link open twice: after one page sent the answers, the other says it is already answered',
    inPage(async (page, context) => {
      const [task] = await dueTasksForNurse(1);
      await page.goto(url('/sign-in'));
      await signIn(page, 'nurse');
      await page.goto(url(`/worklist/tasks/${task.taskId}`));
      await byTestId(page, 'workbench-survey-link').click();
      const link = await textOf(byTestId(page, 'survey-link-url'));
      await waitForPath(page, `/worklist/tasks/${task.taskId}`);

      const browser = context.browser();
      if (!browser) throw new Error('[e2e] no browser');
      const phoneContext = await browser.newContext(PHONE);
      try {
        // The same link open twice (e.g. tapped twice in the SMS app).
        const [first, second] = [await phoneContext.newPage(), await phoneContext.newPage()];
        for (const p of [first, second]) {
          await p.goto(link);
          await byTestId(p, 'survey-title').waitFor();
          await byTestId(p, 'qf-option-generalState-good').tap();
          await byTestId(p, 'qf-option-newSymptoms-no').tap();
          await byTestId(p, 'qf-option-medication-regular').tap();
        }
        await byTestId(first, 'survey-submit').tap();
        await byTestId(first, 'survey-thanks').waitFor();
        // The other page learns it on its next check or when it sends.
        const submit = byTestId(second, 'survey-submit');
        if (await submit.isVisible()) await submit.tap().catch(() => undefined);
        await byTestId(second, 'survey-closed').waitFor();
        expect(await textOf(byTestId(second, 'survey-closed'))).toContain(t('zh-CN', 'survey.closed.SURVEY_ALREADY_SUBMITTED.title'));
        expect(await sql(`SELECT id FROM questionnaire_response WHERE task_id = $1`, [task.taskId])).toHaveLength(1);
      } finally {
        await phoneContext.close();
      }
    }),
  );
});
