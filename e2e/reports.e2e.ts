import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { byTestId, eventually, openedDialog, signIn, textOf, textsOf, url, waitForPath } from './support/app';
import { useBrowser } from './support/fixture';
import { sql } from './support/db';
import { t } from './support/i18n';
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
  // The table of the default period may show first: wait for the answer for the range asked for.
  const loaded = page.waitForResponse(
    (r) =>
      r.url().includes('/api/reports/supervisor?') &&
      r.url().includes(`from=${hospitalDate(-30)}`) &&
      r.url().includes(`to=${hospitalDate(30)}`),
  );
  await byTestId(page, 'reports-from').fill(hospitalDate(-30));
  await byTestId(page, 'reports-to').fill(hospitalDate(30));
  await loaded;
  await page.locator('mat-progress-bar').waitFor({ state: 'detached' });
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
      // aria-sort is rendered on the next change detection after the click, not synchronously: wait for it.
      await dueHeader.click();
      await eventually(async () => expect(await dueHeader.getAttribute('aria-sort')).toBe('ascending'));
      await dueHeader.click();
      await eventually(async () => expect(await dueHeader.getAttribute('aria-sort')).toBe('descending'));
    }),
  );

  it(
    'a ward narrows the supervisor table; its numbers still add up in the drill-down',
    inPage(async (page) => {
      await signIn(page, 'manager');
      await openReports(page);
      const all = await numberIn(page, 'sup-due-total');
      // The ward list follows the department: pick 心内科, then its first ward (心内科一病区).
      await byTestId(page, 'reports-department').click();
      await page.getByRole('option', { name: '心内科', exact: true }).click();
      await page.locator('mat-progress-bar').waitFor({ state: 'detached' });
      await byTestId(page, 'reports-ward').click();
      const wards = await page.getByRole('option').allInnerTexts();
      expect(wards.map((w) => w.trim())).toEqual(['全部病区', '心内科一病区', '心内科二病区']);
      const narrowed = page.waitForResponse((r) => r.url().includes('/api/reports/supervisor?') && r.url().includes('wardId='));
      await page.getByRole('option', { name: '心内科一病区' }).click();
      expect((await narrowed).status()).toBe(200);
      await page.locator('mat-progress-bar').waitFor({ state: 'detached' });
      const due = await numberIn(page, 'sup-due-total');
      expect(due).toBeGreaterThan(0);
      expect(due).toBeLessThan(all);
      await byTestId(page, 'sup-due-total').click();
      const dialog = await openedDialog(page);
      await byTestId(dialog, 'drill-summary').waitFor();
      expect(await byTestId(dialog, 'drill-summary').innerText()).toMatch(new RegExp(`^${due}\\b`));
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

  it(
    'satisfaction: when every group of the period is too small, longer periods are offered and one click shows last month',
    inPage(async (page) => {
      await signIn(page, 'manager');
      await page.goto(url('/reports'));
      await waitForPath(page, '/reports');
      await page.locator('[role="tab"]').nth(2).click();
      // 肿瘤科 has one self-survey answer, today: this month (the default period) it is below the threshold.
      const oncology = page.waitForResponse((r) => r.url().includes('/api/reports/satisfaction?') && r.url().includes('departmentId='));
      await byTestId(page, 'reports-department').click();
      await page.getByRole('option', { name: '肿瘤科', exact: true }).click();
      expect((await oncology).status()).toBe(200);
      const offer = byTestId(page, 'too-few-all');
      await offer.waitFor();
      expect(await textsOf(offer.locator('button'))).toEqual(
        ['lastMonth', 'thisQuarter', 'thisYear'].map((p) => t('zh-CN', `reports.presets.${p}`)),
      );
      // One row per dimension, each "too few responses", no percentage anywhere.
      const table = byTestId(page, 'satisfaction-table');
      expect(await byTestId(table, 'too-few').count()).toBe(await table.locator('tbody tr').count());
      expect(await byTestId(table, 'too-few').count()).toBeGreaterThan(0);
      expect(await table.innerText()).not.toContain('%');

      const today = hospitalDate();
      const [y, m] = today.split('-').map(Number);
      const firstOfLastMonth = new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 10);
      const lastMonth = page.waitForResponse(
        (r) => r.url().includes('/api/reports/satisfaction?') && r.url().includes(`from=${firstOfLastMonth}`),
      );
      await byTestId(page, 'too-few-try-lastMonth').click();
      expect((await lastMonth).status()).toBe(200);
      await eventually(async () => expect(await textOf(byTestId(page, 'reports-preset'))).toBe(t('zh-CN', 'reports.presets.lastMonth')));
      expect(await byTestId(page, 'reports-from').inputValue()).toBe(firstOfLastMonth);
      // Last month 肿瘤科 had no answers at all: an empty table, and nothing more to offer.
      await eventually(async () => expect(await textOf(byTestId(page, 'satisfaction-table'))).toContain(t('zh-CN', 'common.noData')));
      expect(await offer.count()).toBe(0);
    }),
  );

  it(
    'rates and satisfaction are ECharts charts (SVG) with tables, translated, and resize with the window',
    inPage(async (page) => {
      await signIn(page, 'manager');
      await openReports(page);
      await page.locator('[role="tab"]').nth(1).click();
      for (const id of ['rates-chart', 'outcomes-chart', 'completion-heatmap']) await byTestId(page, id).locator('svg').first().waitFor();
      const svgText = (id: string) => byTestId(page, id).locator('svg').first().textContent();
      expect(await svgText('rates-chart')).toContain(t('zh-CN', 'reports.col.completionRate'));
      expect(await svgText('outcomes-chart')).toContain(t('zh-CN', 'reports.outcomes.overdue'));
      expect(await svgText('completion-heatmap')).toContain('心内科');
      // The outcome table adds up: on time + late + open + overdue + ended = due, for the total row.
      const total = (await byTestId(page, 'outcomes-table').locator('tr.total td').allInnerTexts()).map((x) =>
        Number(x.replace(/[^\d]/g, '')),
      );
      expect(total[2] + total[3] + total[4] + total[5] + total[6]).toBe(total[1]);

      const width = async () => (await byTestId(page, 'rates-chart').locator('svg').first().boundingBox())?.width ?? 0;
      const wide = await width();
      await page.setViewportSize({ width: 900, height: 900 });
      await eventually(async () => expect(await width()).toBeLessThan(wide - 50));

      await page.locator('[role="tab"]').nth(2).click();
      await byTestId(page, 'trend-chart').locator('svg').first().waitFor();
      expect(await svgText('trend-chart')).toContain(t('zh-CN', 'reports.trend.yearBefore'));
      await byTestId(page, 'positive-heatmap').waitFor();
      expect(await byTestId(page, 'trend-table').first().innerText()).toContain(t('zh-CN', 'reports.trend.mom'));

      await byTestId(page, 'lang-switch').click();
      await byTestId(page, 'lang-en').click();
      await page.waitForFunction(`document.documentElement.lang === 'en'`);
      await eventually(async () => expect(await svgText('trend-chart')).toContain(t('en', 'reports.trend.yearBefore')));

      // A period longer than the heat map's 36 months: the reason is shown instead of a silent gap.
      await byTestId(page, 'reports-from').fill('2022-01-01');
      await byTestId(page, 'heatmap-problem').waitFor();
      expect(await byTestId(page, 'heatmap-problem').innerText()).toContain('at most 36');
    }),
  );

  it(
    'other analyses: region, organisation, diagnoses, escalation reasons as charts and tables; referral and inquiries say why they are empty',
    inPage(async (page) => {
      await signIn(page, 'manager');
      await openReports(page);
      await page.locator('[role="tab"]').nth(4).click();
      for (const id of ['analyses-region', 'analyses-organisation', 'analyses-diagnoses', 'analyses-escalations'])
        await byTestId(page, id).locator('svg').first().waitFor();
      expect(await byTestId(page, 'analyses-population').innerText()).toMatch(/\d+/);
      expect(await byTestId(page, 'analyses-region').innerText()).toContain('广东省');
      expect(await byTestId(page, 'analyses-diagnoses').innerText()).toContain('I10');
      expect(await byTestId(page, 'analyses-organisation').innerText()).toContain('报表演示科技有限公司');
      expect(await byTestId(page, 'analyses-escalations').innerText()).toContain(t('zh-CN', 'reports.analyses.manual'));
      expect(await byTestId(page, 'analyses-referral').innerText()).toBe(t('zh-CN', 'reports.analyses.referralMissing'));
      expect(await byTestId(page, 'analyses-inquiries').innerText()).toContain(t('zh-CN', 'reports.analyses.inquiriesPending'));
    }),
  );

  it(
    'PDF: the print view of the satisfaction report renders to a PDF with its charts, and the export is audited',
    inPage(async (page, context) => {
      await signIn(page, 'manager');
      await openReports(page);
      await page.locator('[role="tab"]').nth(2).click();
      await byTestId(page, 'satisfaction-table').waitFor();
      // The button opens the print view of the current tab with its filters in a new window.
      const [popup] = await Promise.all([context.waitForEvent('page'), byTestId(page, 'reports-pdf').click()]);
      await popup.waitForURL(/\/reports\/print\?/);
      const printUrl = new URL(popup.url());
      await popup.close();
      expect(printUrl.pathname).toBe('/reports/print');
      expect(Object.fromEntries(printUrl.searchParams)).toMatchObject({
        tab: 'satisfaction',
        from: hospitalDate(-30),
        to: hospitalDate(30),
        groupBy: 'department',
        autoprint: '1',
      });

      const before = new Date().toISOString();
      printUrl.searchParams.delete('autoprint');
      await page.goto(url(`/reports/print?${printUrl.searchParams.toString()}`));
      await byTestId(page, 'print-header').waitFor();
      await byTestId(page, 'trend-chart').locator('svg').first().waitFor();
      await byTestId(page, 'positive-heatmap').waitFor();
      await page.emulateMedia({ media: 'print' });
      // Print layout: no console around the report, the charts are there as SVG.
      expect(await page.locator('mat-toolbar').count()).toBe(0);
      expect(await page.locator('[data-testid="trend-chart"] svg').count()).toBeGreaterThan(0);
      expect(await page.locator('[data-testid="trend-chart"] svg').first().isVisible()).toBe(true);
      expect(await byTestId(page, 'print-now').isVisible()).toBe(false);
      expect(await byTestId(page, 'print-header').innerText()).toContain(hospitalDate(-30));

      const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect((pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length).toBeGreaterThanOrEqual(1);

      const [audit] = await sql<{ actor_username: string; details: Record<string, unknown> }>(
        `SELECT actor_username, details FROM audit_event WHERE action = 'report.export' AND details->>'format' = 'pdf' AND occurred_at >= $1
          ORDER BY occurred_at DESC LIMIT 1`,
        [before],
      );
      expect(audit).toMatchObject({
        actor_username: 'manager',
        details: { format: 'pdf', report: 'satisfaction', from: hospitalDate(-30), to: hospitalDate(30), groupBy: 'department' },
      });
    }),
  );
});
