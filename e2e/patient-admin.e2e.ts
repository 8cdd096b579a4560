import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { byTestId, eventually, signIn, textOf, url, waitForPath } from './support/app';
import { useBrowser } from './support/fixture';
import { t, tPattern } from './support/i18n';
import { createPatient, gb18030Csv, patientRecord, xlsxFile } from './support/patients';

/** A file as the wizard's upload step receives it, and how the mapping step names its format. */
interface Upload {
  name: string;
  mimeType: string;
  buffer: Buffer;
  shows: string;
  firstName: string;
}

const inPage = useBrowser();

/** Unique per run, so the tests can run again against the same database. */
const run = Date.now().toString(36).toUpperCase();

describe('bulk import (admin)', () => {
  /**
   * Two good rows, one without a name and with an impossible birth date (rejected), and one with another
   * HIS id but the name and birth date of the first row (imported, listed as a probable duplicate).
   */
  const dischargeRows = (id: string, [a, b]: [string, string]): string[][] => [
    ['患者ID', '住院号', '姓名', '性别', '出生日期', '手机号', '科室', '入院时间', '出院时间', '诊断编码', '诊断名称'],
    [`${id}1`, `ZY${id}1`, a, '男', '1960-03-01', '13800001111', '心内科', '2026-01-01', '2026-01-10', 'I10', '原发性高血压'],
    [`${id}2`, `ZY${id}2`, b, '女', '1971-07-15', '13800002222', '内分泌科', '2026-01-02', '2026-01-12', 'E11', '2型糖尿病'],
    [`${id}3`, `ZY${id}3`, '', '女', '1970-13-45', '13800003333', '心内科', '2026-01-03', '2026-01-13', 'E11', '2型糖尿病'],
    [`${id}4`, `ZY${id}4`, a, '男', '1960-03-01', '13900004444', '心内科', '2026-02-01', '2026-02-05', 'I10', '原发性高血压'],
  ];
  // GB18030, as HIS exports are.
  const file = gb18030Csv(dischargeRows(`E2E${run}`, ['导入测试甲', '导入测试乙']));

  /**
   * Uploads the file, checks it, imports it; answers the import's counts as the page shows them.
   * `afterUpload` looks at the mapping step.
   */
  const csvUpload: Upload = {
    name: 'his-discharges.csv',
    mimeType: 'text/csv',
    buffer: file,
    shows: 'CSV · GB18030',
    firstName: '导入测试甲',
  };

  async function importFile(
    page: Page,
    afterUpload?: () => Promise<void>,
    upload: Upload = csvUpload,
  ): Promise<Record<'created' | 'matched' | 'encounters' | 'errors', string>> {
    await byTestId(page, 'import-file').setInputFiles({ name: upload.name, mimeType: upload.mimeType, buffer: upload.buffer });
    await byTestId(page, 'import-source').fill('E2E-HIS');
    await byTestId(page, 'import-upload').click();

    // Mapping: suggested from the (correctly decoded) Chinese column names, with a preview.
    await byTestId(page, 'import-preview').waitFor();
    await afterUpload?.();
    expect(await textOf(byTestId(page, 'import-job'))).toContain(upload.shows);
    expect(await textOf(byTestId(page, 'import-map-name'))).toBe('姓名');
    expect(await textOf(byTestId(page, 'import-map-inpatientNo'))).toBe('住院号');
    expect(await textOf(byTestId(page, 'import-preview'))).toContain(upload.firstName);

    // Dry run: progress until checked, one rejected row.
    await byTestId(page, 'import-dry-run').click();
    const check = byTestId(page, 'import-step-check');
    await eventually(
      async () => expect(await textOf(byTestId(check, 'import-status'))).toBe(t('zh-CN', 'imports.statuses.validated')),
      20_000,
    );
    expect(await textOf(byTestId(check, 'import-error-count'))).toBe('1');
    expect(await textOf(byTestId(check, 'import-first-errors'))).toContain(t('zh-CN', 'imports.progress.row', { n: 4 }));

    // Import: progress until done.
    await byTestId(page, 'import-start').click();
    const step = byTestId(page, 'import-step-import');
    await byTestId(step, 'import-done').waitFor({ timeout: 20_000 });
    const count = async (id: string) => textOf(byTestId(step, id));
    expect(await count('import-status')).toBe(t('zh-CN', 'imports.statuses.done'));
    expect(await byTestId(step, 'import-progress').getAttribute('aria-valuenow')).toBe('100');
    return {
      created: await count('import-created-patients'),
      matched: await count('import-matched-patients'),
      encounters: await count('import-created-encounters'),
      errors: await count('import-error-count'),
    };
  }

  it(
    'imports a GB18030 CSV through the wizard, offers the rejected row, and adds nothing the second time',
    inPage(async (page) => {
      await page.goto(url('/sign-in'));
      await signIn(page, 'admin');
      await byTestId(page, 'nav-imports').click();
      await waitForPath(page, '/imports');

      expect(await importFile(page)).toEqual({ created: '3', matched: '0', encounters: '3', errors: '1' });

      // The fourth row looks like the first: counted, listed with the reason, offered for merge review.
      expect(await textOf(byTestId(page, 'import-duplicate-count'))).toBe('1');
      const pair = byTestId(page, 'import-duplicate-5');
      await pair.waitFor();
      expect(await textOf(pair)).toContain(t('zh-CN', 'patients.duplicates.reasons.same_name_birth_date'));
      expect(await byTestId(pair, 'import-duplicate-compare').getAttribute('href')).toMatch(
        /^\/patients\/[0-9a-f-]{36}\/merge\/[0-9a-f-]{36}$/,
      );

      // The rejected row downloads with the session's token, with its reason.
      const [download] = await Promise.all([page.waitForEvent('download'), byTestId(page, 'import-errors-download').click()]);
      expect(download.suggestedFilename()).toBe('his-discharges-errors.csv');
      const csv = readFileSync(await download.path(), 'utf8');
      expect(csv).toContain(`E2E${run}3`);
      expect(csv).toContain('1970-13-45');
      expect(csv).not.toContain(`E2E${run}1`);

      // The same file again: the page says so, and the import matches instead of creating.
      await byTestId(page, 'import-new').click();
      await byTestId(page, 'import-file').waitFor({ state: 'attached' });
      const again = await importFile(page, async () => {
        expect(await textOf(byTestId(page, 'import-same-file'))).toMatch(tPattern('zh-CN', 'imports.sameFile'));
      });
      expect(again).toEqual({ created: '0', matched: '3', encounters: '0', errors: '1' });
      expect(await byTestId(page, 'import-duplicates').count()).toBe(0);

      // The recent list shows both runs as done.
      await eventually(async () =>
        expect(await page.locator('[data-testid^="import-row-"]').filter({ hasText: 'his-discharges.csv' }).count()).toBeGreaterThanOrEqual(
          2,
        ),
      );
    }),
  );

  it(
    'imports an Excel (.xlsx) export with a bad row the same way, and adds nothing the second time',
    inPage(async (page) => {
      const id = `X2E${run}`;
      const upload: Upload = {
        name: 'his-discharges.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: await xlsxFile(dischargeRows(id, ['表格导入丙', '表格导入丁'])),
        shows: 'XLSX',
        firstName: '表格导入丙',
      };
      await page.goto(url('/sign-in'));
      await signIn(page, 'admin');
      await byTestId(page, 'nav-imports').click();
      await waitForPath(page, '/imports');

      expect(await importFile(page, undefined, upload)).toEqual({ created: '3', matched: '0', encounters: '3', errors: '1' });
      const [download] = await Promise.all([page.waitForEvent('download'), byTestId(page, 'import-errors-download').click()]);
      expect(download.suggestedFilename()).toBe('his-discharges-errors.csv');
      const csv = readFileSync(await download.path(), 'utf8');
      expect(csv).toContain(`${id}3`);
      expect(csv).toContain('1970-13-45');
      expect(csv).not.toContain(`${id}1`);

      await byTestId(page, 'import-new').click();
      await byTestId(page, 'import-file').waitFor({ state: 'attached' });
      const again = await importFile(
        page,
        async () => expect(await textOf(byTestId(page, 'import-same-file'))).toMatch(tPattern('zh-CN', 'imports.sameFile')),
        upload,
      );
      expect(again).toEqual({ created: '0', matched: '3', encounters: '0', errors: '1' });
    }),
  );
});

describe('duplicate review and merge (admin)', () => {
  it(
    'lists a probable duplicate, merges it into the record kept, and reverts the merge',
    inPage(async (page) => {
      const name = `合并${run.slice(-4)}`;
      const base = { name, sexCode: '2', birthDate: '1958-04-12' };
      const keptId = await createPatient('admin', {
        ...base,
        phones: [{ number: '13700001111' }],
        identifiers: [{ type: 'inpatient_no', value: `ZYM${run}1` }],
      });
      const mergedId = await createPatient('admin', {
        ...base,
        phones: [{ number: '13700002222' }],
        identifiers: [{ type: 'inpatient_no', value: `ZYM${run}2` }],
        confirmNotDuplicate: true,
      });

      await page.goto(url('/sign-in'));
      await signIn(page, 'admin');
      await page.goto(url(`/patients/${keptId}`));
      const candidate = byTestId(page, `duplicate-${mergedId}`);
      await candidate.waitFor();
      expect(await textOf(candidate)).toContain(t('zh-CN', 'patients.duplicates.reasons.same_name_birth_date'));

      // Compare side by side; the record the review started from is kept by default.
      await byTestId(page, `duplicate-merge-${mergedId}`).click();
      await waitForPath(page, `/patients/${keptId}/merge/${mergedId}`);
      await byTestId(page, `merge-record-${mergedId}`).waitFor();
      expect(await textOf(byTestId(page, `merge-record-${keptId}`).locator('[data-testid="merge-identifiers"]'))).toContain(`ZYM${run}1`);
      expect(await textOf(byTestId(page, `merge-record-${mergedId}`).locator('[data-testid="merge-identifiers"]'))).toContain(`ZYM${run}2`);
      expect(await byTestId(page, `merge-survivor-${keptId}`).locator('input').isChecked()).toBe(true);

      await byTestId(page, 'merge-submit').click();
      const [merged] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith(`/api/patients/${keptId}/merge`)),
        byTestId(page, 'confirm-ok').click(),
      ]);
      expect(merged.status()).toBe(201);
      await byTestId(page, 'merge-result').waitFor();
      expect(await textOf(byTestId(page, 'merge-moved-patient_identifier'))).toBe(
        `${t('zh-CN', 'patients.merge.moved.patient_identifier')}: 1`,
      );
      expect(await textOf(byTestId(page, 'merge-moved-patient_phone'))).toBe(`${t('zh-CN', 'patients.merge.moved.patient_phone')}: 1`);
      const kept = await patientRecord(keptId);
      expect(kept.identifiers.map((i) => i.value).sort()).toEqual([`ZYM${run}1`, `ZYM${run}2`]);

      // The merged record says where it went.
      await page.goto(url(`/patients/${mergedId}`));
      await byTestId(page, 'patient-merged-banner').waitFor();
      await byTestId(page, 'patient-merged-link').click();
      await waitForPath(page, `/patients/${keptId}`);

      // Revert from the merge history of the record kept.
      const history = byTestId(page, 'patient-merge-history');
      await history.waitFor();
      await history.locator('[data-testid^="merge-revert-"]').click();
      await Promise.all([
        page.waitForResponse((r) => /\/api\/patient-merges\/[^/]+\/revert$/.test(r.url()) && r.status() === 201),
        byTestId(page, 'confirm-ok').click(),
      ]);
      await byTestId(history, 'merge-reverted').waitFor();

      const restored = await patientRecord(mergedId);
      expect(restored.mergedIntoId).toBeNull();
      expect(restored.identifiers.map((i) => i.value)).toEqual([`ZYM${run}2`]);
      expect(restored.phones.map((p) => p.number)).toEqual(['137****2222']);
      expect((await patientRecord(keptId)).identifiers.map((i) => i.value)).toEqual([`ZYM${run}1`]);
    }),
  );
});
