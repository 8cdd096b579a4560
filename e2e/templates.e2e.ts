/**
 * Follow-up templates (issue #5), as the demo doctor: the template "心内科 discharge +1/+7/+30" with a
 * published questionnaire, the server's field errors on the steps, the rule tester on the demo
 * hospital's recent 心内科 discharges, manual enrolment of a patient whose plan then shows on the
 * record, and disabling with a reason.
 */
import type { Locator, Page } from 'playwright-core';
import { byTestId, eventually, openedDialog, signIn, textOf, url, waitForPath } from './support/app';
import { apiCall, apiLogin } from './support/api';
import { useBrowser } from './support/fixture';
import { cardiology, cardiologyTemplate, doctorPatient, patientPlans, publishedQuestionnaire, ruleTest } from './support/followup';
import { t } from './support/i18n';

const inPage = useBrowser();
const lang = 'zh-CN';

async function choose(page: Page, select: Locator, option: string): Promise<void> {
  // The arrow: an empty select's floating label can cover its middle.
  await select.locator('.mat-mdc-select-arrow-wrapper').click();
  await byTestId(page, option).click();
  await byTestId(page, option).waitFor({ state: 'detached' });
}

/** Fills one step of the editor (its key, offset and questionnaire; anchor discharge by default). */
async function fillStep(page: Page, i: number, key: string, offset: number, questionnaireCode: string): Promise<void> {
  await byTestId(page, `template-step-key-${i}`).fill(key);
  await byTestId(page, `template-step-offset-${i}`).fill(String(offset));
  await choose(page, byTestId(page, `template-step-questionnaire-${i}`), `template-step-questionnaire-${i}-${questionnaireCode}`);
}

describe('follow-up templates', () => {
  it(
    'builds "心内科 discharge +1/+7/+30", shows field errors, tests the rules on recent discharges, enrols a patient by hand and disables it',
    inPage(async (page) => {
      const questionnaire = await publishedQuestionnaire();
      const card = await cardiology();
      const patient = await doctorPatient();
      const suffix = questionnaire.code.slice(-6);
      const nameZh = `心内科 discharge +1/+7/+30 ${suffix}`;

      await page.goto(url('/sign-in'));
      await signIn(page, 'doctor');
      await byTestId(page, 'nav-templates').click();
      await waitForPath(page, '/templates');
      await byTestId(page, 'template-create').click();
      await waitForPath(page, '/templates/new');

      // A new template is owned by, and enrols discharges of, the doctor's department.
      await eventually(async () => expect(await textOf(byTestId(page, 'template-owner'))).toBe(card.name));
      expect(await textOf(byTestId(page, 'template-rule-departments'))).toBe(card.name);
      await byTestId(page, 'template-name-zh').fill(nameZh);
      await byTestId(page, 'template-name-en').fill(`Cardiology discharge +1/+7/+30 ${suffix}`);
      await choose(page, byTestId(page, 'template-purpose'), 'template-purpose-clinical');
      await choose(page, byTestId(page, 'template-mode'), 'template-mode-centre');

      await fillStep(page, 0, 'd1', 1, questionnaire.code);
      await byTestId(page, 'template-add-step').click();
      await fillStep(page, 1, 'd7', 7, questionnaire.code);
      await byTestId(page, 'template-add-step').click();
      // A key used twice: the server refuses and names the field.
      await fillStep(page, 2, 'd7', 30, questionnaire.code);
      const [refused] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/followup-templates') && r.request().method() === 'POST'),
        byTestId(page, 'template-save').click(),
      ]);
      expect(refused.status()).toBe(400);
      const stepError = byTestId(page, 'template-step-2').locator('mat-error');
      const duplicate = t(lang, 'validation.server', { message: t(lang, 'templates.errors.duplicateKey', { key: 'd7' }) });
      await eventually(async () => expect(await textOf(stepError)).toBe(duplicate));
      await byTestId(page, 'template-step-key-2').fill('d30');
      await byTestId(page, 'template-save').click();
      await waitForPath(page, /^\/templates\/[0-9a-f-]{36}$/);
      const templateId = new URL(page.url()).pathname.split('/').pop() as string;
      await eventually(async () => expect(await textOf(byTestId(page, 'template-heading'))).toBe(nameZh));

      // The rule tester: the demo hospital has 心内科 discharges in the last 30 days.
      const expected = await ruleTest(templateId, 30);
      expect(expected.matching).toBeGreaterThan(0);
      await eventually(async () => expect(await textOf(byTestId(page, 'rule-tester-matching'))).toBe(String(expected.matching)));
      expect(await textOf(byTestId(page, 'rule-tester-enrolled'))).toBe('0');
      const sample = page.locator('[data-testid^="rule-tester-sample-"]');
      expect(await sample.count()).toBe(Math.min(10, expected.matching));
      expect(await textOf(sample.first())).toContain(card.name);
      await byTestId(page, 'rule-tester-days-7').locator('button').click();
      const week = await ruleTest(templateId, 7);
      await eventually(async () => expect(await textOf(byTestId(page, 'rule-tester-matching'))).toBe(String(week.matching)));

      // Manual enrolment of one patient, found by name.
      await byTestId(page, 'template-enrol').click();
      const dialog = await openedDialog(page);
      await byTestId(dialog, 'enrol-search').fill(patient.name);
      await byTestId(dialog, `enrol-choose-${patient.id}`).click();
      await byTestId(dialog, `enrol-selected-${patient.id}`).waitFor();
      await byTestId(dialog, 'enrol-submit').click();
      await eventually(async () =>
        expect(await textOf(byTestId(dialog, 'enrol-outcome'))).toBe(t(lang, 'templates.enrol.outcome', { candidates: 1, newPlans: 1 })),
      );
      await byTestId(dialog, 'enrol-close').click();
      await dialog.waitFor({ state: 'detached' });

      // The plan and its three tasks on the patient's record.
      const plans = await patientPlans(patient.id);
      const plan = plans.find((p) => p.templateId === templateId);
      expect(plan?.tasks.map((k) => k.stepKey).sort()).toEqual(['d1', 'd30', 'd7']);
      await page.goto(url(`/patients/${patient.id}`));
      await byTestId(page, 'patient-tab-followups').click();
      const shown = byTestId(page, `plan-${templateId}`);
      await shown.waitFor();
      expect(await textOf(byTestId(shown, 'plan-name'))).toBe(nameZh);
      expect(await textOf(byTestId(shown, 'plan-status'))).toBe(t(lang, 'templates.planStatus.active'));
      for (const key of ['d1', 'd7', 'd30']) {
        expect(await textOf(byTestId(shown, `plan-task-${key}-1`))).toContain(t(lang, 'templates.taskStatus.pending'));
      }

      // A step 400 days after discharge is beyond the task horizon (62 days): on the record as planned, not a task yet.
      const doctorToken = await apiLogin('doctor');
      const saved = await apiCall<{ steps: Array<Record<string, unknown>> }>('GET', `/followup-templates/${templateId}`, doctorToken);
      const lastStep = saved.body.steps[saved.body.steps.length - 1];
      const edit = await apiCall('PATCH', `/followup-templates/${templateId}`, doctorToken, {
        steps: [...saved.body.steps, { ...lastStep, key: 'd400', offsetDays: 400 }],
      });
      expect(edit.status).toBe(200);
      await page.goto(url(`/patients/${patient.id}`));
      await byTestId(page, 'patient-tab-followups').click();
      const planned = byTestId(shown, 'plan-planned-d400-1');
      await planned.waitFor();
      expect(await textOf(byTestId(planned, 'plan-planned-status'))).toBe(t(lang, 'templates.plans.planned'));
      expect(await byTestId(shown, 'plan-task-d400-1').count()).toBe(0);

      // Disabling with a reason stops enrolment and cancels the pending tasks.
      await byTestId(shown, 'plan-name').click();
      await waitForPath(page, `/templates/${templateId}`);
      await byTestId(page, 'template-disable').click();
      const disable = await openedDialog(page);
      await byTestId(disable, 'template-disable-reason').fill('改用新版随访方案');
      await byTestId(disable, 'template-disable-submit').click();
      await byTestId(page, 'template-disabled-note').waitFor();
      expect(await byTestId(page, 'template-enrol').count()).toBe(0);
      const after = (await patientPlans(patient.id)).find((p) => p.templateId === templateId);
      expect(after?.status).toBe('cancelled');
      expect(after?.tasks.every((k) => k.status === 'cancelled')).toBe(true);
    }),
  );

  it(
    'asks before leaving the editor with unsaved edits: in the console (stay or leave) and on reload or close',
    inPage(async (page) => {
      const questionnaire = await publishedQuestionnaire();
      const template = await cardiologyTemplate(questionnaire.id, questionnaire.code.slice(-6));
      await page.goto(url('/sign-in'));
      await signIn(page, 'doctor');
      await page.goto(url(`/templates/${template.id}`));
      const name = byTestId(page, 'template-name-zh');
      await eventually(async () => expect(await name.inputValue()).toBe(template.nameZh));

      // Nothing edited: leaving asks nothing.
      await byTestId(page, 'nav-templates').click();
      await waitForPath(page, '/templates');
      await page.goBack();
      await waitForPath(page, `/templates/${template.id}`);
      await eventually(async () => expect(await name.inputValue()).toBe(template.nameZh));

      await name.click();
      await name.fill(`${template.nameZh} 改`);
      await byTestId(page, 'nav-templates').click();
      let dialog = await openedDialog(page);
      expect(await textOf(dialog.locator('h2'))).toBe(t(lang, 'common.unsaved.title'));
      await dialog.getByRole('button', { name: t(lang, 'common.unsaved.stay') }).click();
      await dialog.waitFor({ state: 'detached' });
      expect(new URL(page.url()).pathname).toBe(`/templates/${template.id}`);
      expect(await name.inputValue()).toBe(`${template.nameZh} 改`);

      // Reloading or closing the tab: the browser's own question (beforeunload), dismissed = stay.
      const asked = new Promise<string>((resolve) =>
        page.once('dialog', (d) => {
          resolve(d.type());
          void d.dismiss();
        }),
      );
      await page.close({ runBeforeUnload: true });
      expect(await asked).toBe('beforeunload');
      expect(page.isClosed()).toBe(false);

      await byTestId(page, 'nav-templates').click();
      dialog = await openedDialog(page);
      await byTestId(dialog, 'confirm-ok').click();
      await waitForPath(page, '/templates');
    }),
  );
});
