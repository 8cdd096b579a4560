import type { Locator, Page } from 'playwright-core';
import { byTestId, eventually, openedDialog, signIn, textOf, url } from './support/app';
import { sql } from './support/db';
import { useBrowser } from './support/fixture';
import { t } from './support/i18n';
import { createPatient } from './support/patients';

const inPage = useBrowser();

/** Unique per run, so the tests can run again against the same database. */
const run = Date.now().toString(36).toUpperCase();
const zh = (key: string, params?: Record<string, string | number>) => t('zh-CN', key, params);

/** The line of the phone (or contact person) list that shows `text`. */
const phoneRow = (page: Page, text: string): Locator => page.locator('[data-testid^="phone-row-"]').filter({ hasText: text });
const contactRow = (page: Page, text: string): Locator => page.locator('[data-testid^="contact-row-"]').filter({ hasText: text });

/** Picks `value` in the select `testId` of the open dialog. */
async function choose(page: Page, testId: string, value: string): Promise<void> {
  await byTestId(page, testId).click();
  await byTestId(page, `${testId}-${value}`).click();
}

async function submit(page: Page, testId: string): Promise<void> {
  await byTestId(page, testId).click();
}

/** Waits until the dialog has closed (the page then shows the record the write answered). */
async function closed(page: Page): Promise<void> {
  await page.locator('mat-dialog-container').waitFor({ state: 'detached' });
}

describe('phones, contact persons and identifiers after create', () => {
  let patientId: string;
  const oldInpatientNo = `ZYD${run}1`;
  const newInpatientNo = `ZYD${run}2`;
  const othersInpatientNo = `ZYD${run}9`;

  beforeAll(async () => {
    patientId = await createPatient('admin', {
      name: `详情${run.slice(-4)}`,
      sexCode: '1',
      birthDate: '1962-03-18',
      phones: [{ number: '13611110001' }],
      identifiers: [{ type: 'inpatient_no', value: oldInpatientNo }],
    });
    await createPatient('admin', {
      name: `他人${run.slice(-4)}`,
      sexCode: '2',
      birthDate: '1970-09-02',
      identifiers: [{ type: 'inpatient_no', value: othersInpatientNo }],
    });
  });

  it(
    'are added, corrected and removed on the record by an administrator, and the history lists the earlier values',
    inPage(async (page) => {
      await page.goto(url('/sign-in'));
      await signIn(page, 'admin');
      await page.goto(url(`/patients/${patientId}`));
      await phoneRow(page, '136****0001').waitFor();
      expect(await textOf(phoneRow(page, '136****0001'))).toContain(zh('patients.overview.primary'));
      // Nothing changed yet: no history.
      expect(await byTestId(page, 'detail-changes').count()).toBe(0);

      // Add a phone, then make it the primary one.
      await byTestId(page, 'phone-add').click();
      await openedDialog(page);
      await byTestId(page, 'phone-dialog-number').fill('13622220002');
      await submit(page, 'phone-dialog-submit');
      await closed(page);
      const added = phoneRow(page, '136****0002');
      expect(await textOf(added)).not.toContain(zh('patients.overview.primary'));
      await byTestId(added, 'phone-make-primary-1').click();
      await eventually(async () => expect(await textOf(byTestId(page, 'phone-row-0'))).toContain('136****0002'));
      expect(await textOf(byTestId(page, 'phone-row-0'))).toContain(zh('patients.overview.primary'));
      expect(await textOf(phoneRow(page, '136****0001'))).not.toContain(zh('patients.overview.primary'));
      expect(await phoneRow(page, '136****0002').locator('[data-testid^="phone-make-primary-"]').count()).toBe(0);

      // Correct the first number: a wrong one is refused on the field, then the right one is saved.
      await phoneRow(page, '136****0001').locator('[data-testid^="phone-edit-"]').click();
      const dialog = await openedDialog(page);
      expect(await textOf(byTestId(dialog, 'phone-dialog-current'))).toBe(zh('patients.details.currentNumber', { number: '136****0001' }));
      await byTestId(page, 'phone-dialog-number').fill('1361111');
      await submit(page, 'phone-dialog-submit');
      expect(await textOf(dialog.locator('mat-error'))).toBe(zh('validation.pattern'));
      await byTestId(page, 'phone-dialog-number').fill('13633330003');
      await submit(page, 'phone-dialog-submit');
      await closed(page);
      await phoneRow(page, '136****0003').waitFor();
      expect(await phoneRow(page, '136****0001').count()).toBe(0);

      // Remove the corrected number, with a reason; the dialog says it is kept in the history.
      await phoneRow(page, '136****0003').locator('[data-testid^="phone-remove-"]').click();
      await openedDialog(page);
      expect(await textOf(byTestId(page, 'remove-dialog-what'))).toBe('136****0003');
      expect(await textOf(page.locator('mat-dialog-container'))).toContain(zh('patients.details.removeKept'));
      await byTestId(page, 'remove-dialog-reason').fill('号码已停用');
      await submit(page, 'remove-dialog-submit');
      await closed(page);
      await eventually(async () => expect(await page.locator('[data-testid^="phone-row-"]').count()).toBe(1));
      expect(await textOf(byTestId(page, 'phone-row-0'))).toContain('136****0002');

      // A contact person: added, then changed (the masked number stays when its field is left empty).
      await byTestId(page, 'contact-add').click();
      await openedDialog(page);
      await byTestId(page, 'contact-dialog-name').fill('王五');
      await choose(page, 'contact-dialog-relation', 'spouse');
      await byTestId(page, 'contact-dialog-phone').fill('13544440004');
      await submit(page, 'contact-dialog-submit');
      await closed(page);
      expect(await textOf(contactRow(page, '王五'))).toBe('王五 配偶 135****0004');
      await byTestId(contactRow(page, '王五'), 'contact-edit-0').click();
      await openedDialog(page);
      await byTestId(page, 'contact-dialog-name').fill('王小五');
      await choose(page, 'contact-dialog-relation', 'child');
      await submit(page, 'contact-dialog-submit');
      await closed(page);
      await eventually(async () => expect(await textOf(byTestId(page, 'contact-row-0'))).toBe('王小五 子女 135****0004'));

      // Identifiers: another patient's 住院号 is refused in the dialog; a new one is added, the old one removed.
      await byTestId(page, 'patient-tab-identifiers').click();
      await byTestId(page, 'identifier-add').click();
      const identifierDialog = await openedDialog(page);
      await choose(page, 'identifier-dialog-type', 'inpatient_no');
      await byTestId(page, 'identifier-dialog-value').fill(othersInpatientNo);
      await submit(page, 'identifier-dialog-submit');
      await eventually(async () => expect(await textOf(identifierDialog.locator('mat-error'))).toBe(zh('validation.identifierTaken')));
      await byTestId(page, 'identifier-dialog-value').fill(newInpatientNo);
      await submit(page, 'identifier-dialog-submit');
      await closed(page);
      const table = byTestId(page, 'patient-identifiers');
      await eventually(async () => expect(await textOf(table)).toContain(newInpatientNo));
      await byTestId(page, `identifier-remove-inpatient_no-${oldInpatientNo}`).click();
      await openedDialog(page);
      await byTestId(page, 'remove-dialog-reason').fill('住院号录错');
      await submit(page, 'remove-dialog-submit');
      await closed(page);
      await eventually(async () => expect(await textOf(table)).not.toContain(oldInpatientNo));

      // The history, newest first: what each detail was, why, by whom.
      await byTestId(page, 'patient-tab-overview').click();
      await byTestId(page, 'detail-changes-toggle').click();
      const line = (i: number) => textOf(byTestId(page, `detail-change-${i}`));
      await eventually(async () => expect(await page.locator('[data-testid^="detail-change-"]').count()).toBe(5));
      await byTestId(page, 'detail-change-4').waitFor({ state: 'visible' });
      const kindAction = (kind: string, action: string) =>
        `${zh(`patients.details.kinds.${kind}`)} · ${zh(`patients.details.actions.${action}`)}`;
      expect(await line(0)).toContain(kindAction('identifier', 'removed'));
      expect(await line(0)).toContain(oldInpatientNo);
      expect(await line(0)).toContain('住院号录错');
      expect(await line(0)).toContain('系统管理员');
      expect(await line(1)).toContain(kindAction('contact', 'changed'));
      expect(await line(1)).toContain('王五');
      expect(await line(1)).toContain('配偶');
      expect(await line(2)).toContain(kindAction('phone', 'removed'));
      expect(await line(2)).toContain('136****0003');
      expect(await line(2)).toContain('号码已停用');
      expect(await line(3)).toContain(kindAction('phone', 'changed'));
      expect(await line(3)).toContain('136****0001');
      expect(await line(4)).toContain(kindAction('phone', 'changed'));
      expect(await line(4)).toContain('136****0002');

      // The page shows the numbers masked; the history table keeps the clear ones.
      const stored = await sql<{ number: string }>(
        `SELECT before->>'number' AS number FROM patient_detail_change WHERE patient_id = $1 AND kind = 'phone' AND action = 'removed'`,
        [patientId],
      );
      expect(stored).toEqual([{ number: '13633330003' }]);
    }),
    // A long scenario (about 20 s alone): room for a loaded machine.
    120_000,
  );

  it(
    'are shown without change controls to a manager, who may read but not edit records',
    inPage(async (page) => {
      await page.goto(url('/sign-in'));
      await signIn(page, 'manager');
      await page.goto(url(`/patients/${patientId}`));
      await byTestId(page, 'phone-row-0').waitFor();
      for (const id of ['phone-add', 'contact-add', 'patient-edit']) {
        expect(await byTestId(page, id).count()).toBe(0);
      }
      expect(await page.locator('[data-testid^="phone-edit-"], [data-testid^="phone-remove-"]').count()).toBe(0);
      await byTestId(page, 'patient-tab-identifiers').click();
      await byTestId(page, 'patient-identifiers').waitFor();
      expect(await byTestId(page, 'identifier-add').count()).toBe(0);
    }),
  );
});
