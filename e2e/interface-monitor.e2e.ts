import type { Page } from 'playwright-core';
import { byTestId, eventually, navIds, overlayOptions, pathOf, signIn, textOf, url, waitForPath } from './support/app';
import { sql } from './support/db';
import { useBrowser } from './support/fixture';
import { a01 } from './support/hl7';
import { t } from './support/i18n';

const inPage = useBrowser();

/** Unique per run, so the test can run again against the same database. */
const run = Date.now().toString(36).toUpperCase();
const okId = `E2E${run}OK`;
const badId = `E2E${run}BAD`;
const badMrn = `MRE2E${run}B`;

/** Two messages back to back: one good, one for a department the hospital does not have (103 at PV1-10). */
const file = Buffer.from(
  a01(okId, `MRE2E${run}A`, '接口测试甲', 'CARD', `VE2E${run}A`) + a01(badId, badMrn, '接口测试乙', 'XYZ', `VE2E${run}B`),
  'utf8',
);

async function statusCount(page: Page, status: string): Promise<number> {
  return Number(await textOf(byTestId(page, `hl7-count-${status}`).locator('.n')));
}

async function chartTotal(page: Page): Promise<number> {
  const totals = await byTestId(page, 'hl7-chart-bar').evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-total'))));
  return totals.reduce((a, b) => a + b, 0);
}

describe('interface monitor (admin)', () => {
  it(
    'shows an uploaded failure with its reason, and fixes it by edit-and-replay from the console',
    inPage(async (page) => {
      await page.goto(url('/sign-in'));
      await signIn(page, 'admin');
      await byTestId(page, 'nav-interface').click();
      await waitForPath(page, '/interface');
      await byTestId(page, 'hl7-chart').waitFor();
      const before = {
        failed: await statusCount(page, 'failed'),
        processed: await statusCount(page, 'processed'),
        chart: await chartTotal(page),
      };

      // Upload through the console: one result per message.
      await byTestId(page, 'hl7-tab-upload').click();
      await byTestId(page, 'hl7-upload-source').click();
      await overlayOptions(page)
        .filter({ hasText: /^\s*HIS —/ })
        .first()
        .click();
      await byTestId(page, 'hl7-upload-file').setInputFiles({ name: 'his-a01.hl7', mimeType: 'text/plain', buffer: file });
      await byTestId(page, 'hl7-upload-submit').click();
      await byTestId(page, 'hl7-upload-results').waitFor();
      const okResult = byTestId(page, `hl7-upload-result-${okId}`);
      const badResult = byTestId(page, `hl7-upload-result-${badId}`);
      expect(await byTestId(okResult, 'hl7-status').getAttribute('data-status')).toBe('processed');
      expect(await byTestId(badResult, 'hl7-status').getAttribute('data-status')).toBe('failed');
      expect(await textOf(badResult)).toContain('103');
      expect(await textOf(badResult)).toContain('AE');

      // The list: both, with the right status; the failure with its code and reason.
      await byTestId(page, 'hl7-tab-messages').click();
      await byTestId(page, 'hl7-filter-q').fill(`E2E${run}`);
      const okRow = page.locator(`[data-control-id="${okId}"]`);
      const badRow = page.locator(`[data-control-id="${badId}"]`);
      await eventually(async () => expect(await page.locator('[data-control-id]').count()).toBe(2));
      expect(await byTestId(okRow, 'hl7-status').getAttribute('data-status')).toBe('processed');
      expect(await byTestId(badRow, 'hl7-status').getAttribute('data-status')).toBe('failed');
      expect(await textOf(byTestId(badRow, 'hl7-row-error'))).toBe('103 unknown department code "XYZ" @ PV1-10');
      expect(await textOf(badRow)).toContain(t('zh-CN', 'interface.statuses.failed'));

      // Counts and the chart include them.
      await eventually(async () => {
        expect(await statusCount(page, 'failed')).toBe(before.failed + 1);
        expect(await statusCount(page, 'processed')).toBe(before.processed + 1);
        expect(await chartTotal(page)).toBe(before.chart + 2);
      });

      // The failed message: header, tree with the bad field marked, raw text, ACK, error.
      await badRow.click();
      await waitForPath(page, /^\/interface\/messages\/[0-9a-f-]{36}$/);
      const originalPath = pathOf(page);
      expect(await textOf(byTestId(page, 'hl7-detail-control-id'))).toBe(badId);
      expect(await textOf(byTestId(page, 'hl7-detail-type'))).toBe('ADT^A01');
      const field = byTestId(page, 'hl7-field-PV1-10');
      expect(await textOf(field)).toBe('PV1-10 XYZ');
      expect(await field.getAttribute('class')).toContain('error-row');
      // Only the segment with the error starts open; the others are one click away.
      expect(await byTestId(page, 'hl7-segment-PID').getAttribute('open')).toBeNull();
      expect(await byTestId(page, 'hl7-field-PID-5').textContent()).toContain('接口测试乙');
      expect(await textOf(byTestId(page, 'hl7-detail-error-code'))).toBe('103');
      expect(await textOf(byTestId(page, 'hl7-detail-error'))).toContain(t('zh-CN', 'interface.errors0357.103'));
      expect(await textOf(byTestId(page, 'hl7-detail-error-reason'))).toBe('unknown department code "XYZ"');
      expect(await textOf(byTestId(page, 'hl7-detail-error-location'))).toBe('PV1-10');
      const raw = await byTestId(page, 'hl7-detail-raw').innerText();
      expect(
        raw
          .split('\n')
          .filter(Boolean)
          .map((line) => line.slice(0, 3)),
      ).toEqual(['MSH', 'EVN', 'PID', 'PV1']);
      expect(await textOf(byTestId(page, 'hl7-detail-ack'))).toContain(`MSA|AE|${badId}`);

      // Edit and replay: a text that is no message is refused with the parser's reason, in the dialog.
      await byTestId(page, 'hl7-edit-replay').click();
      const editor = byTestId(page, 'hl7-edit-raw');
      const original = await editor.inputValue();
      expect(original.split('\n')[3]).toContain('|XYZ|');
      await editor.fill('this is not HL7 at all');
      await byTestId(page, 'hl7-edit-replay-submit').click();
      await eventually(async () => expect(await textOf(byTestId(page, 'hl7-edit-error'))).not.toBe(''));
      // The department fixed: the replay is processed, the original is resolved.
      await editor.fill(original.replace('|XYZ|', '|CARD|'));
      await byTestId(page, 'hl7-edit-replay-submit').click();
      const result = byTestId(page, 'hl7-replay-result');
      await result.waitFor();
      expect(await byTestId(result, 'hl7-status').getAttribute('data-status')).toBe('processed');
      await eventually(async () => expect(await byTestId(byTestId(page, 'hl7-detail-facts'), 'hl7-resolved').count()).toBe(1));
      expect(await byTestId(page, 'hl7-detail-replays').locator('[data-status="processed"]').count()).toBe(1);

      // The new message: processed, a replay of the original, with the patient.
      await byTestId(page, 'hl7-replay-open').click();
      await eventually(async () => expect(pathOf(page)).not.toBe(originalPath));
      const facts = byTestId(page, 'hl7-detail-facts');
      await eventually(async () => expect(await byTestId(facts, 'hl7-status').getAttribute('data-status')).toBe('processed'));
      expect(await textOf(byTestId(page, 'hl7-detail-ack'))).toContain(`MSA|AA|${badId}`);
      expect(await byTestId(page, 'hl7-detail-replay-of').getAttribute('href')).toBe(originalPath);
      expect(await byTestId(page, 'hl7-detail-patient').count()).toBe(1);

      // The patient exists now, in cardiology.
      const patients = await sql<{ name: string; department: string }>(
        `SELECT p.name, d.code AS department FROM patient_identifier i JOIN patient p ON p.id = i.patient_id
           JOIN encounter e ON e.patient_id = p.id JOIN department d ON d.id = e.department_id
          WHERE i.value = $1`,
        [badMrn],
      );
      expect(patients).toEqual([{ name: '接口测试乙', department: 'CARD' }]);

      // Back in the list, the original failure is marked resolved.
      await byTestId(page, 'hl7-back').click();
      await waitForPath(page, '/interface');
      await byTestId(page, 'hl7-filter-q').fill(badId);
      await eventually(async () => expect(await page.locator('[data-control-id]').count()).toBe(2));
      const rows = page.locator(`[data-control-id="${badId}"]`);
      const statuses = await rows.evaluateAll((els) =>
        els.map((el) => [
          el.querySelector('[data-status]')?.getAttribute('data-status'),
          !!el.querySelector('[data-testid="hl7-resolved"]'),
        ]),
      );
      expect(statuses.sort()).toEqual([
        ['failed', true],
        ['processed', false],
      ]);
    }),
  );

  it(
    'is not offered to a nurse, and /interface sends her home',
    inPage(async (page) => {
      await page.goto(url('/sign-in'));
      await signIn(page, 'nurse');
      expect(await navIds(page)).not.toContain('interface');
      await page.goto(url('/interface'));
      await waitForPath(page, '/');
      await eventually(async () => expect(await page.getByText(t('zh-CN', 'auth.noPermission')).count()).toBe(1));
      expect(await byTestId(page, 'hl7-messages').count()).toBe(0);
    }),
  );
});
