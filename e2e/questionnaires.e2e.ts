/**
 * Questionnaire library and builder (issue #5), as the demo doctor: a new questionnaire with a branch
 * (a question shown only for a given earlier answer) and a score, the live preview following the
 * answers, logic that points to a later question refused, save, publish, and a new version.
 */
import type { Locator, Page } from 'playwright-core';
import { byTestId, eventually, openedDialog, signIn, textOf, url, waitForPath } from './support/app';
import { useBrowser } from './support/fixture';
import { publishedQuestionnaire, questionnaireById, uniqueCode } from './support/followup';
import { t } from './support/i18n';

const inPage = useBrowser();
const lang = 'zh-CN';

/** Picks `option` (a data-testid) of the mat-select `select`. */
async function choose(page: Page, select: Locator, option: string): Promise<void> {
  await select.click();
  await byTestId(page, option).click();
  await byTestId(page, option).waitFor({ state: 'detached' });
}

/** Drags with the CDK drag handle `handle` to just above `target`, in small mouse steps as a hand would. */
async function dragAbove(page: Page, handle: Locator, target: Locator): Promise<void> {
  const from = await handle.boundingBox();
  const to = await target.boundingBox();
  if (!from || !to) throw new Error('[e2e] drag: element not visible');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2 - 8, { steps: 4 });
  await page.mouse.move(to.x + 20, to.y + 4, { steps: 20 });
  await page.mouse.move(to.x + 20, to.y + 2, { steps: 4 });
  await page.mouse.up();
}

/** The question ids of the builder's first section, in order. */
async function questionOrder(page: Page): Promise<string[]> {
  return page
    .locator('[data-testid="section-s1"] [data-testid^="question-row-"]')
    .evaluateAll((els) => els.map((el) => (el.getAttribute('data-testid') ?? '').replace('question-row-', '')));
}

async function previewTotal(page: Page): Promise<string> {
  return textOf(byTestId(page, 'preview-score-total'));
}

describe('questionnaire library', () => {
  it(
    'lists the shipped library by status with versions; a doctor can create, copy and version',
    inPage(async (page) => {
      await page.goto(url('/sign-in'));
      await signIn(page, 'doctor');
      await byTestId(page, 'nav-questionnaires').click();
      await waitForPath(page, '/questionnaires');
      const library = byTestId(page, 'questionnaire-row-lib_post_discharge_general-1');
      await library.waitFor();
      expect(await textOf(library)).toContain(t(lang, 'questionnaires.library'));
      await byTestId(page, 'questionnaire-create').waitFor();
      await byTestId(page, 'questionnaire-copy-lib_post_discharge_general-1').waitFor();

      await byTestId(page, 'questionnaire-status-draft').click();
      await eventually(async () => {
        const statuses = await page.locator('tr[data-testid^="questionnaire-row-"] app-questionnaire-status-chip').allInnerTexts();
        expect(statuses.every((s) => s.trim() === t(lang, 'questionnaires.status.draft'))).toBe(true);
        expect(await library.count()).toBe(0);
      });
    }),
  );
});

describe('questionnaire builder', () => {
  it(
    'builds a questionnaire with a branch and a score, previews it, refuses logic on a later question, publishes it and starts a new version',
    inPage(async (page) => {
      const code = uniqueCode('q');
      await page.goto(url('/sign-in'));
      await signIn(page, 'doctor');
      await page.goto(url('/questionnaires'));
      await byTestId(page, 'questionnaire-create').click();
      const dialog = await openedDialog(page);
      await byTestId(dialog, 'questionnaire-meta-code').fill(code);
      await byTestId(dialog, 'questionnaire-meta-title-zh').fill('心内科出院随访（测试）');
      await byTestId(dialog, 'questionnaire-meta-title-en').fill('Cardiology discharge (test)');
      await byTestId(dialog, 'questionnaire-meta-submit').click();
      await waitForPath(page, /^\/questionnaires\/[0-9a-f-]{36}$/);
      const id = new URL(page.url()).pathname.split('/').pop() as string;
      await eventually(async () => expect(await textOf(byTestId(page, 'builder-status'))).toBe(t(lang, 'questionnaires.status.draft')));
      // The starter: one section with the greeting the nurse reads out.
      await byTestId(page, 'question-row-q1').waitFor();

      // q2: chest pain yes (needs attention, 0 points) / no (2 points).
      await byTestId(page, 'section-add-question-s1').click();
      await byTestId(page, 'question-editor-q2').waitFor();
      await byTestId(page, 'question-text-zh-q2').fill('出院后是否有胸痛？');
      await byTestId(page, 'question-text-en-q2').fill('Any chest pain since discharge?');
      await byTestId(page, 'option-label-zh-q2-0').fill('有');
      await byTestId(page, 'option-label-en-q2-0').fill('Yes');
      await byTestId(page, 'option-score-q2-0').fill('0');
      await byTestId(page, 'option-attention-q2-0').locator('input').check();
      await byTestId(page, 'option-label-zh-q2-1').fill('没有');
      await byTestId(page, 'option-label-en-q2-1').fill('No');
      await byTestId(page, 'option-score-q2-1').fill('2');

      // q3: a rating shown only when q2 is answered "yes" (option a).
      await byTestId(page, 'section-add-question-s1').click();
      await byTestId(page, 'question-editor-q3').waitFor();
      await choose(page, byTestId(page, 'question-type-q3'), 'question-type-option-rating');
      await byTestId(page, 'question-text-zh-q3').fill('胸痛程度如何？');
      await byTestId(page, 'question-text-en-q3').fill('How bad is the pain?');
      await byTestId(page, 'logic-q3-add-condition').click();
      expect(await textOf(byTestId(page, 'logic-q3-condition-0-question'))).toContain('q2');
      expect(await textOf(byTestId(page, 'logic-q3-condition-0-op'))).toBe(t(lang, 'questionnaires.logic.ops.equals'));
      expect(await textOf(byTestId(page, 'logic-q3-condition-0-value'))).toBe('有');
      await byTestId(page, 'question-row-q3').click(); // close the editor
      await byTestId(page, 'question-logic-badge-q3').waitFor();

      // Live preview: the branch appears and disappears with the answer; the score follows.
      const preview = byTestId(page, 'builder-preview');
      await byTestId(preview, 'qf-question-q2').waitFor();
      // The preview follows the edits once the server has checked them.
      await byTestId(preview, 'qf-question-q3').waitFor({ state: 'detached' });
      await byTestId(preview, 'qf-option-q2-a').locator('label').click();
      await byTestId(preview, 'qf-question-q3').waitFor();
      await byTestId(preview, 'qf-attention-q2').waitFor();
      await eventually(async () => expect(await previewTotal(page)).toBe('0'));
      await byTestId(preview, 'qf-rate-q3-4').locator('button').click();
      await eventually(async () => expect(await previewTotal(page)).toBe('4'));
      await byTestId(preview, 'qf-option-q2-b').locator('label').click();
      await byTestId(preview, 'qf-question-q3').waitFor({ state: 'detached' });
      await eventually(async () => expect(await previewTotal(page)).toBe('2'));
      expect(await byTestId(preview, 'qf-attention-q2').count()).toBe(0);

      // Dragging q3 above q2 makes its condition point to a later question: refused until undone.
      await dragAbove(page, byTestId(page, 'question-drag-q3'), byTestId(page, 'question-row-q2'));
      await eventually(async () => expect(await questionOrder(page)).toEqual(['q1', 'q3', 'q2']));
      await byTestId(page, 'question-problem-icon-q3').waitFor();
      await byTestId(page, 'preview-stale').waitFor();
      await byTestId(page, 'question-row-q3').click();
      expect(await textOf(byTestId(page, 'logic-q3-condition-0-problems'))).toBe(
        t(lang, 'questionnaires.problems.conditionLater', { question: 'q2' }),
      );
      await byTestId(page, 'builder-save').click();
      await page.getByText(t(lang, 'questionnaires.fixProblems', { n: 1 })).waitFor();
      await byTestId(page, 'question-row-q3').click();
      await dragAbove(page, byTestId(page, 'question-drag-q2'), byTestId(page, 'question-row-q3'));
      await eventually(async () => expect(await questionOrder(page)).toEqual(['q1', 'q2', 'q3']));
      await byTestId(page, 'question-problem-icon-q3').waitFor({ state: 'detached' });
      await byTestId(page, 'preview-stale').waitFor({ state: 'detached' });

      // Save the draft: the server keeps the branch.
      const [saved] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith(`/api/questionnaires/${id}`) && r.request().method() === 'PATCH'),
        byTestId(page, 'builder-save').click(),
      ]);
      expect(saved.status()).toBe(200);
      await byTestId(page, 'builder-unsaved').waitFor({ state: 'detached' });
      const stored = (await questionnaireById(id)) as {
        definition: { sections: Array<{ questions: Array<{ id: string; showIf?: unknown; options?: unknown }> }> };
      };
      expect(stored.definition.sections[0].questions.map((q) => q.id)).toEqual(['q1', 'q2', 'q3']);
      expect(stored.definition.sections[0].questions[2].showIf).toEqual([{ question: 'q2', op: 'equals', value: 'a' }]);
      expect(stored.definition.sections[0].questions[1].options).toEqual([
        { code: 'a', label: { zh: '有', en: 'Yes' }, score: 0, attention: true },
        { code: 'b', label: { zh: '没有', en: 'No' }, score: 2 },
      ]);

      // Publish: read-only from now on, with "new version" on offer.
      await byTestId(page, 'builder-publish').click();
      await (await openedDialog(page)).locator('[data-testid="confirm-ok"]').click();
      await eventually(async () => expect(await textOf(byTestId(page, 'builder-status'))).toBe(t(lang, 'questionnaires.status.published')));
      await byTestId(page, 'builder-readonly-note').waitFor();
      expect(await byTestId(page, 'builder-save').count()).toBe(0);
      expect((await questionnaireById(id)).status).toBe('published');

      await byTestId(page, 'builder-new-version').click();
      await waitForPath(page, new RegExp(`^/questionnaires/(?!${id}$)[0-9a-f-]{36}$`));
      await eventually(async () => expect(await textOf(byTestId(page, 'builder-status'))).toBe(t(lang, 'questionnaires.status.draft')));
      const draftId = new URL(page.url()).pathname.split('/').pop() as string;
      expect(await questionnaireById(draftId)).toMatchObject({ status: 'draft', version: 2 });
      await byTestId(page, 'builder-save').waitFor();
    }),
  );

  it(
    'asks before leaving the builder with unsaved edits, and not once they are saved',
    inPage(async (page) => {
      const draft = await publishedQuestionnaire(false);
      await page.goto(url('/sign-in'));
      await signIn(page, 'doctor');
      await page.goto(url(`/questionnaires/${draft.id}`));
      const title = byTestId(page, 'builder-title-zh');
      await eventually(async () => expect(await title.inputValue()).toBe(draft.titleZh));
      await title.fill(`${draft.titleZh} 改`);
      await byTestId(page, 'builder-back').click();
      const dialog = await openedDialog(page);
      expect(await textOf(dialog.locator('h2'))).toBe(t(lang, 'common.unsaved.title'));
      await dialog.getByRole('button', { name: t(lang, 'common.unsaved.stay') }).click();
      await dialog.waitFor({ state: 'detached' });
      expect(new URL(page.url()).pathname).toBe(`/questionnaires/${draft.id}`);

      // Saved: the title edit no longer counts as unsaved, so leaving asks nothing.
      await byTestId(page, 'builder-save').click();
      await byTestId(page, 'builder-unsaved').waitFor({ state: 'detached' });
      await byTestId(page, 'builder-back').click();
      await waitForPath(page, '/questionnaires');
      expect(await page.locator('mat-dialog-container').count()).toBe(0);
    }),
  );
});
