import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { byTestId, openedDialog, signIn, url, waitForPath } from './support/app';
import { useBrowser } from './support/fixture';
import { hospitalDate, seedReportData } from './support/reports';

const inPage = useBrowser();

/** The number shown in a report cell or workbench card. */
async function numberIn(page: Page, testId: string, inner = ''): Promise<number> {
  const text = await byTestId(page, testId)
    .locator(inner || ':scope')
    .first()
    .innerText();
  return Number(text.replace(/[^\d]/g, ''));
}

/** Opens the reports page for the last and next 30 days (the seeded month). */
async function openReports(page: Page): Promise<void> {
  await page.goto(url('/reports'));
  await waitForPath(page, '/reports');
  await byTestId(page, 'reports-from').fill(hospitalDate(-30));
  await byTestId(page, 'reports-to').fill(hospitalDate(30));
  await byTestId(page, 'sup-row-none').waitFor();
}

describe('reports (issue #7)', () => {
  beforeAll(() => seedReportData());

  it(
    'the manager’s home shows the workbench counts; a number opens the list behind it',
    inPage(async (page) => {
      await signIn(page, 'manager');
      await byTestId(page, 'wb-overdue').waitFor();
      const overdue = await numberIn(page, 'wb-overdue', '.n');
      expect(overdue).toBeGreaterThan(0);
      await byTestId(page, 'wb-overdue').click();
      const dialog = await openedDialog(page);
      await byTestId(dialog, 'drill-summary').waitFor();
      expect(await byTestId(dialog, 'drill-summary').innerText()).toMatch(new RegExp(`^${overdue}\\b`));
    }),
  );

  it(
    'supervisor table: every column, department total, sorting, and a drill-down that adds up',
    inPage(async (page) => {
      await signIn(page, 'manager');
      await openReports(page);
      const headers = await byTestId(page, 'supervisor-table').locator('th').allInnerTexts();
      expect(headers.map((h) => h.trim())).toEqual(
        expect.arrayContaining(['随访员', '分配患者', '应随访', '完成率', '及时率', '通话数', '到院转化率', '按时答复']),
      );
      const due = await numberIn(page, 'sup-due-total');
      expect(due).toBeGreaterThanOrEqual(8);
      await byTestId(page, 'sup-due-total').click();
      const dialog = await openedDialog(page);
      await byTestId(dialog, 'drill-summary').waitFor();
      expect(await byTestId(dialog, 'drill-summary').innerText()).toMatch(new RegExp(`^${due}\\b`));
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });

      const dueHeader = byTestId(page, 'supervisor-table').locator('th.mat-column-due');
      await dueHeader.click();
      await expect(dueHeader.getAttribute('aria-sort')).resolves.toBe('ascending');
      await dueHeader.click();
      await expect(dueHeader.getAttribute('aria-sort')).resolves.toBe('descending');
    }),
  );

  it(
    'satisfaction: top-box, % positive by department, "too few responses" for the small self-survey group, trend chart; Excel export reads back',
    inPage(async (page) => {
      await signIn(page, 'manager');
      await openReports(page);
      await page.locator('[role="tab"]').nth(2).click();
      const table = byTestId(page, 'satisfaction-table');
      await table.waitFor();
      expect(await byTestId(table, 'too-few').count()).toBeGreaterThan(0);
      expect(await table.innerText()).toContain('%');
      await byTestId(page, 'trend-chart').first().waitFor();

      const [download] = await Promise.all([page.waitForEvent('download'), byTestId(page, 'reports-export').click()]);
      const file = await download.path();
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(readFileSync(file) as unknown as ExcelJS.Buffer);
      const ws = wb.worksheets[0];
      expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(expect.arrayContaining(['维度', '最佳选项率', '好评率', 'NPS']));
      expect(ws.rowCount).toBeGreaterThan(1);
    }),
  );
});
