import type { Page } from 'playwright-core';
import { apiCall, apiLogin } from './support/api';
import { byTestId, eventually, openedDialog, overlayOptions, signIn, textOf, textsOf, url, waitForPath } from './support/app';
import { useBrowser } from './support/fixture';
import { t } from './support/i18n';
import { SearchSample, nurseSearchSample, patientOutsideNurseScope } from './support/patients';

const inPage = useBrowser();

let sample: SearchSample;
beforeAll(async () => {
  sample = await nurseSearchSample();
});

const rows = (page: Page) => page.locator('tr[data-testid^="patient-row-"]');

/**
 * Types into the search box, waits for the search the debounce sends, then for the table to show
 * exactly the patients it answered (not the rows of the previous search). Answers their ids.
 */
async function search(page: Page, text: string): Promise<string[]> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/patients?') && new URL(r.url()).searchParams.get('q') === text),
    byTestId(page, 'patient-search').fill(text),
  ]);
  const ids = ((await response.json()) as { items: Array<{ id: string }> }).items.map((p) => p.id);
  await eventually(async () => {
    const shown = await rows(page).evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')));
    expect(shown).toEqual(ids.map((id) => `patient-row-${id}`));
  });
  return ids;
}

async function openPatients(page: Page): Promise<void> {
  await page.goto(url('/sign-in'));
  await signIn(page, 'nurse');
  await byTestId(page, 'nav-patients').click();
  await waitForPath(page, '/patients');
  await rows(page).first().waitFor();
}

describe('patient search (nurse of 心内科 and 内分泌科)', () => {
  it(
    'finds a patient by name, pinyin initials, the last 4 digits of the phone and the 住院号',
    inPage(async (page) => {
      await openPatients(page);
      const row = byTestId(page, `patient-row-${sample.patient.id}`);

      for (const text of [sample.patient.name, sample.initials, sample.phoneTail]) {
        expect(await search(page, text)).toContain(sample.patient.id);
      }
      // The 住院号 identifies one patient; the list shows its masked phone.
      expect(await search(page, sample.inpatientNo)).toEqual([sample.patient.id]);
      expect(await textOf(byTestId(page, 'patient-total'))).toBe(t('zh-CN', 'patients.total', { total: 1 }));
      const phoneCell = await textOf(row.locator('.mat-column-phone'));
      expect(phoneCell).toBe(sample.patient.phone);
      expect(phoneCell).toMatch(/^\d{3}\*{4}\d{4}$/);

      // Nothing matches: the empty row says so.
      expect(await search(page, 'ZZZZZZ')).toEqual([]);
      expect(await textOf(byTestId(page, 'patient-empty'))).toBe(t('zh-CN', 'patients.noMatch'));
    }),
  );

  it(
    'opens a record with the phone masked; reveal shows the full number and says it is audited; the timeline lists the visits',
    inPage(async (page) => {
      await openPatients(page);
      await search(page, sample.inpatientNo);
      await byTestId(page, `patient-row-${sample.patient.id}`).click();
      await waitForPath(page, `/patients/${sample.patient.id}`);

      expect(await textOf(byTestId(page, 'patient-name'))).toBe(sample.patient.name);
      const phone = byTestId(page, 'patient-phone-0');
      expect(await textOf(phone)).toMatch(/^\d{3}\*{4}\d{4}$/);
      expect(await textOf(byTestId(page, 'patient-id-number'))).toContain('*');

      const [revealed] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith(`/api/patients/${sample.patient.id}/reveal`)),
        byTestId(page, 'patient-reveal').click(),
      ]);
      expect(revealed.status()).toBe(201);
      const clear = (await revealed.json()) as { phones: Array<{ number: string }>; idNumber: string };
      await eventually(async () => expect(await textOf(phone)).toBe(clear.phones[0].number));
      expect(clear.phones[0].number).toMatch(/^1\d{10}$/);
      expect(clear.phones[0].number.slice(-4)).toBe(sample.phoneTail);
      expect(await textOf(byTestId(page, 'patient-id-number'))).toBe(clear.idNumber);
      expect(await textOf(byTestId(page, 'patient-revealed-notice'))).toBe(t('zh-CN', 'patients.detail.revealedNotice'));

      // …and the reveal is in the audit trail.
      const auditor = await apiLogin('auditor');
      const audit = await apiCall<{ items: Array<{ actorUsername: string; entityId: string }> }>(
        'GET',
        `/audit-events?action=patient.reveal&entityType=patient&pageSize=50`,
        auditor,
      );
      expect(audit.body.items).toContainEqual(expect.objectContaining({ actorUsername: 'nurse', entityId: sample.patient.id }));

      await byTestId(page, 'patient-tab-timeline').click();
      const entries = page.locator('[data-testid="timeline-entry"]');
      await entries.first().waitFor();
      const kinds = await entries.evaluateAll((els) => els.map((el) => el.getAttribute('data-kind')));
      expect(kinds.length).toBeGreaterThan(1);
      expect(kinds).toEqual(expect.arrayContaining(['admission']));
      expect((await textsOf(entries))[0]).toContain(t('zh-CN', `patients.timeline.kinds.${kinds[0]}`));

      // A placeholder tab says what comes later.
      await byTestId(page, 'patient-tab-feedback').click();
      await eventually(async () => expect(await textOf(byTestId(page, 'patient-coming-feedback'))).toBe(t('zh-CN', 'patients.comingSoon')));
    }),
  );

  it(
    'does not show a patient of 骨科 only: not in the search, and the record says "not found"',
    inPage(async (page) => {
      const other = await patientOutsideNurseScope('ORTH');
      await openPatients(page);
      expect(await search(page, other.name)).not.toContain(other.id);

      await page.goto(url(`/patients/${other.id}`));
      const notFound = byTestId(page, 'patient-not-found');
      await notFound.waitFor();
      expect(await textOf(notFound)).toContain(t('zh-CN', 'patients.detail.notFound'));
      expect(await byTestId(page, 'patient-name').count()).toBe(0);
    }),
  );

  it(
    'shows the API error of a wrong ID number on the field, and registers nothing',
    inPage(async (page) => {
      await openPatients(page);
      await byTestId(page, 'patient-create').click();
      const dialog = await openedDialog(page);
      await byTestId(dialog, 'patient-form-name').fill('错号测试');
      await byTestId(dialog, 'patient-form-sex').click();
      await byTestId(page, 'patient-form-sex-1').click();
      await byTestId(dialog, 'patient-form-id-number').fill('110105194912310021');
      await byTestId(dialog, 'patient-form-phone-0').fill('13912340021');
      // The nurse works in two departments: she says which one registers the patient.
      await byTestId(dialog, 'patient-form-department').click();
      await overlayOptions(page).filter({ hasText: '心内科' }).click();

      const [created] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/patients') && r.request().method() === 'POST'),
        byTestId(dialog, 'patient-form-submit').click(),
      ]);
      expect(created.status()).toBe(400);
      expect(((await created.json()) as { fields: Record<string, string[]> }).fields).toHaveProperty('idNumber');
      const field = dialog.locator('mat-form-field', { has: byTestId(page, 'patient-form-id-number') });
      await eventually(async () => expect(await textOf(field.locator('mat-error'))).toBe(t('zh-CN', 'validation.idChecksum')));
      // The dialog stays open with what was typed.
      expect(await byTestId(dialog, 'patient-form-name').inputValue()).toBe('错号测试');

      const nurse = await apiLogin('nurse');
      const found = await apiCall<{ total: number }>('GET', `/patients?q=${encodeURIComponent('错号测试')}`, nurse);
      expect(found.body.total).toBe(0);
    }),
  );
});
