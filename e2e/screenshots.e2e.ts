/**
 * Screenshots of every console page, in both languages, for the docs: docs/screenshots/<page>.<lang>.png
 * (1280×800). Runs only when asked for, because it rewrites tracked files:
 *
 *   SCREENSHOTS=1 npx jest -c e2e/jest.config.cjs e2e/screenshots.e2e.ts
 *
 * Chinese needs a CJK font on the machine (`apt-get install -y fonts-noto-cjk`), or it shows as boxes.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { byTestId, DEMO_USERS, openedDialog, overlayOptions, Role, signIn, url, waitForPath } from './support/app';
import { REPO_ROOT } from './support/env';
import { useBrowser } from './support/fixture';
import { Lang } from './support/i18n';
import { apiCall, apiLogin } from './support/api';
import { sql } from './support/db';
import { createPatient, gb18030Csv, nurseSearchSample, patientRecord } from './support/patients';
import { completeWithAttention, dueTasksForNurse, makeOverdue } from './support/worklist';
import { cardiologyTemplate, doctorPatient, enrol, publishedQuestionnaire } from './support/followup';
import { a01, uploadHl7 } from './support/hl7';
import { cardiologyNurse, choose, tasksAssignedTo } from './support/assignment';
import { hospitalDate, seedReportData } from './support/reports';

const OUT_DIR = join(REPO_ROOT, 'docs', 'screenshots');
const LANGS: Lang[] = ['zh-CN', 'en'];
const run = process.env['SCREENSHOTS'] === '1' ? describe : describe.skip;
const inPage = useBrowser();

/** Waits until the page has settled (no request in flight, no progress bar, fonts loaded), then saves it. */
async function shoot(page: Page, name: string, lang: Lang): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page
    .locator('mat-progress-bar')
    .waitFor({ state: 'detached' })
    .catch(() => undefined);
  await page.evaluate('document.fonts.ready.then(() => true)');
  await page.mouse.move(0, 799);
  await page.waitForTimeout(300);
  mkdirSync(OUT_DIR, { recursive: true });
  await page.screenshot({ path: join(OUT_DIR, `${name}.${lang}.png`), animations: 'disabled' });
}

async function openSignIn(page: Page, lang: Lang): Promise<void> {
  await page.goto(url('/sign-in'));
  await byTestId(page, `lang-${lang}`).click();
  await page.waitForFunction(`document.documentElement.lang === ${JSON.stringify(lang)}`);
}

async function openNav(page: Page, id: string, path: string): Promise<void> {
  await byTestId(page, `nav-${id}`).click();
  await waitForPath(page, path);
}

run.each(LANGS)('screenshots (%s)', (lang) => {
  it(
    'self-survey link: call screen and the patient’s phone',
    inPage(async (page, context) => {
      const [task] = await dueTasksForNurse(1);
      await openSignIn(page, lang);
      await signIn(page, 'nurse');
      await page.goto(url(`/worklist/tasks/${task.taskId}`));
      await byTestId(page, 'workbench-survey-link').click();
      const link = (await byTestId(page, 'survey-link-url').innerText()).trim();
      await shoot(page, 'workbench-survey-link', lang);

      const browser = context.browser();
      if (!browser) throw new Error('[e2e] no browser');
      const phoneContext = await browser.newContext({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 1,
        isMobile: true,
        hasTouch: true,
        locale: lang,
        timezoneId: 'Asia/Shanghai',
      });
      try {
        const phone = await phoneContext.newPage();
        await phone.goto(link);
        await byTestId(phone, 'survey-title').waitFor();
        await byTestId(phone, `lang-${lang}`).click();
        await byTestId(phone, 'qf-option-newSymptoms-yes').tap();
        await byTestId(phone, 'qf-question-symptomDetail').waitFor();
        await phone.waitForLoadState('networkidle');
        await phone.evaluate('document.fonts.ready.then(() => true)');
        mkdirSync(OUT_DIR, { recursive: true });
        await phone.screenshot({ path: join(OUT_DIR, `self-survey-phone.${lang}.png`), animations: 'disabled' });
      } finally {
        await phoneContext.close();
      }
    }),
  );

  it(
    'reports: supervisor table, drill-down, satisfaction (manager)',
    inPage(async (page) => {
      await seedReportData();
      await openSignIn(page, lang);
      await signIn(page, 'manager');
      await openNav(page, 'reports', '/reports');
      await byTestId(page, 'reports-from').fill(hospitalDate(-30));
      await byTestId(page, 'reports-to').fill(hospitalDate(30));
      await byTestId(page, 'sup-row-none').waitFor();
      await shoot(page, 'reports-supervisor', lang);
      await byTestId(page, 'sup-due-total').click();
      await byTestId(await openedDialog(page), 'drill-row')
        .first()
        .waitFor();
      await shoot(page, 'reports-drill', lang);
      await page.keyboard.press('Escape');
      await page.locator('mat-dialog-container').waitFor({ state: 'detached' });
      await page.locator('[role="tab"]').nth(2).click();
      await byTestId(page, 'trend-chart').locator('svg').first().waitFor();
      await byTestId(page, 'trend-chart').first().scrollIntoViewIfNeeded();
      await shoot(page, 'reports-satisfaction', lang);
      await byTestId(page, 'positive-heatmap').locator('svg').first().scrollIntoViewIfNeeded();
      await shoot(page, 'reports-satisfaction-heatmap', lang);
      await page.locator('[role="tab"]').nth(1).click();
      await byTestId(page, 'rates-chart').locator('svg').first().waitFor();
      await byTestId(page, 'rates-chart').scrollIntoViewIfNeeded();
      await shoot(page, 'reports-rates-charts', lang);
      await byTestId(page, 'completion-heatmap').locator('svg').first().scrollIntoViewIfNeeded();
      await shoot(page, 'reports-rates-heatmap', lang);
      await page.locator('[role="tab"]').nth(4).click();
      await byTestId(page, 'analyses-region').locator('svg').first().waitFor();
      await shoot(page, 'reports-analyses', lang);
      await byTestId(page, 'analyses-escalations').scrollIntoViewIfNeeded();
      await shoot(page, 'reports-analyses-escalations', lang);
      // The print view (Save as PDF) of the satisfaction tab, in print media.
      await page.goto(url(`/reports/print?tab=satisfaction&from=${hospitalDate(-30)}&to=${hospitalDate(30)}&groupBy=department`));
      await byTestId(page, 'trend-chart').locator('svg').first().waitFor();
      await page.emulateMedia({ media: 'print' });
      await shoot(page, 'reports-print', lang);
      await page.emulateMedia({ media: 'screen' });
    }),
  );

  it(
    'sign-in',
    inPage(async (page) => {
      await openSignIn(page, lang);
      await byTestId(page, 'login-username').fill('admin');
      await shoot(page, 'sign-in', lang);
    }),
  );

  it.each(Object.keys(DEMO_USERS) as Role[])('home of %s', (role) =>
    inPage(async (page) => {
      await openSignIn(page, lang);
      await signIn(page, role);
      await byTestId(page, 'home-greeting').waitFor();
      await shoot(page, `home-${role}`, lang);
    })(),
  );

  it(
    'users, user dialog, departments, dictionary (admin)',
    inPage(async (page) => {
      await openSignIn(page, lang);
      await signIn(page, 'admin');

      await openNav(page, 'users', '/users');
      await byTestId(page, 'user-row-nurse').waitFor();
      await shoot(page, 'users', lang);

      await byTestId(page, 'user-create').click();
      const dialog = await openedDialog(page);
      await byTestId(dialog, 'user-form-username').fill('zhangli');
      await byTestId(dialog, 'user-form-display-name').fill(lang === 'en' ? 'Zhang Li' : '张丽');
      await shoot(page, 'user-dialog', lang);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });

      await openNav(page, 'departments', '/departments');
      const card = byTestId(page, 'department-panel-CARD');
      await card.locator('mat-expansion-panel-header').click();
      await card.locator('tr[mat-row], tr.mat-mdc-row').first().waitFor();
      await shoot(page, 'departments', lang);

      await openNav(page, 'dictionary', '/dictionary');
      await byTestId(page, 'dictionary-type-sex').click();
      await byTestId(page, 'dictionary-item-1').waitFor();
      await shoot(page, 'dictionary', lang);
    }),
  );

  it(
    'audit log (auditor)',
    inPage(async (page) => {
      await openSignIn(page, lang);
      await signIn(page, 'auditor');
      await openNav(page, 'audit', '/audit');
      await page.locator('tr[data-testid^="audit-row-"]').first().waitFor();
      await shoot(page, 'audit', lang);
    }),
  );

  it(
    'patients, record (masked and revealed), create form with an error (nurse)',
    inPage(async (page) => {
      const sample = await nurseSearchSample();
      await openSignIn(page, lang);
      await signIn(page, 'nurse');
      await openNav(page, 'patients', '/patients');
      await page.locator('tr[data-testid^="patient-row-"]').first().waitFor();
      await shoot(page, 'patients', lang);

      await page.goto(url(`/patients/${sample.patient.id}`));
      await byTestId(page, 'patient-name').waitFor();
      await shoot(page, 'patient', lang);
      await byTestId(page, 'patient-reveal').click();
      await byTestId(page, 'patient-revealed-notice').waitFor();
      await byTestId(page, 'patient-tab-timeline').click();
      await page.locator('[data-testid="timeline-entry"]').first().waitFor();
      await shoot(page, 'patient-revealed', lang);

      await openNav(page, 'patients', '/patients');
      await byTestId(page, 'patient-create').click();
      const dialog = await openedDialog(page);
      await byTestId(dialog, 'patient-form-name').fill(lang === 'en' ? 'Wang Fang' : '王芳');
      await byTestId(dialog, 'patient-form-sex').click();
      await byTestId(page, 'patient-form-sex-2').click();
      await byTestId(dialog, 'patient-form-id-number').fill('110105194912310021');
      await byTestId(dialog, 'patient-form-phone-0').fill('13912340021');
      await byTestId(dialog, 'patient-form-department').click();
      await overlayOptions(page).first().click();
      await byTestId(dialog, 'patient-form-submit').click();
      await dialog.locator('mat-error').first().waitFor();
      await byTestId(dialog, 'patient-form-name').scrollIntoViewIfNeeded();
      await shoot(page, 'patient-form', lang);
    }),
  );

  it(
    'import wizard: mapping and finished (admin)',
    inPage(async (page) => {
      const tag = `${lang === 'en' ? 'EN' : 'ZH'}${Date.now().toString(36).toUpperCase()}`;
      const file = gb18030Csv([
        ['患者ID', '住院号', '姓名', '性别', '出生日期', '手机号', '科室', '入院时间', '出院时间', '诊断编码', '诊断名称'],
        [
          `${tag}1`,
          `ZY${tag}1`,
          '周建国',
          '男',
          '1956-08-21',
          '13811112222',
          '心内科',
          '2026-10-02 09:30',
          '2026-10-11 10:00',
          'I21.0',
          '急性前壁心肌梗死',
        ],
        [
          `${tag}2`,
          `ZY${tag}2`,
          '吴秀兰',
          '女',
          '1963-02-14',
          '13922223333',
          '内分泌科',
          '2026-10-05 14:10',
          '2026-10-15 09:00',
          'E11.9',
          '2型糖尿病',
        ],
        [
          `${tag}3`,
          `ZY${tag}3`,
          '郑伟',
          '男',
          '1980-13-02',
          '1390000',
          '骨科',
          '2026-10-06 08:00',
          '2026-10-16 09:00',
          'S82.2',
          '胫骨骨折',
        ],
        [
          `${tag}4`,
          `ZY${tag}4`,
          '孙丽娟',
          '女',
          '1975-11-30',
          '13733334444',
          '心内科',
          '2026-10-08 11:20',
          '2026-10-18 10:30',
          'I10',
          '原发性高血压',
        ],
        // Another HIS id with the name and birth date of the first row: listed as a probable duplicate.
        [
          `${tag}5`,
          `MZ${tag}5`,
          '周建国',
          '男',
          '1956-08-21',
          '13811115555',
          '心内科',
          '2026-10-20 08:00',
          '2026-10-20 17:00',
          'I10',
          '原发性高血压',
        ],
      ]);
      await openSignIn(page, lang);
      await signIn(page, 'admin');
      await openNav(page, 'imports', '/imports');
      await byTestId(page, 'import-file').setInputFiles({ name: 'his-discharges-2026-10.csv', mimeType: 'text/csv', buffer: file });
      await byTestId(page, 'import-upload').click();
      await byTestId(page, 'import-preview').waitFor();
      await shoot(page, 'import-mapping', lang);

      await byTestId(page, 'import-dry-run').click();
      await byTestId(page, 'import-start').and(page.locator(':enabled')).waitFor({ timeout: 20_000 });
      await byTestId(page, 'import-start').click();
      await byTestId(page, 'import-done').waitFor({ timeout: 20_000 });
      await page.locator('[data-testid^="import-duplicate-"]').first().waitFor();
      await shoot(page, 'import-done', lang);
    }),
  );

  it(
    'merge screen (admin)',
    inPage(async (page) => {
      // A demo patient with encounters, and a second record of the same person (as a clerk might type it).
      const sample = await nurseSearchSample();
      const kept = await patientRecord(sample.patient.id);
      const otherId = await createPatient('admin', {
        name: kept.name,
        sexCode: kept.sexCode,
        birthDate: kept.birthDate,
        phones: [{ number: '13698765432', owner: 'child' }],
        identifiers: [{ type: 'outpatient_no', value: `MZ${lang === 'en' ? '7' : '8'}0021` }],
        confirmNotDuplicate: true,
      });
      await openSignIn(page, lang);
      await signIn(page, 'admin');
      await page.goto(url(`/patients/${kept.id}/merge/${otherId}`));
      await byTestId(page, `merge-record-${otherId}`).waitFor();
      await shoot(page, 'patient-merge', lang);
    }),
  );

  it(
    'record details: change controls, phone dialog with an error, change history (admin)',
    inPage(async (page) => {
      // A record with two phones, a contact person and two identifiers, changed a few times since it was created.
      const tag = `${lang === 'en' ? 'EN' : 'ZH'}${Date.now().toString(36).toUpperCase()}`;
      const id = await createPatient('admin', {
        // Another person in each language: the two would be probable duplicates of each other.
        name: lang === 'en' ? '王秀珍' : '李桂英',
        sexCode: '2',
        birthDate: lang === 'en' ? '1953-02-11' : '1951-06-23',
        phones: [{ number: '13812345678' }, { number: '13987654321', owner: 'child' }],
        identifiers: [
          { type: 'inpatient_no', value: `ZY${tag}` },
          { type: 'his_id', value: `HIS${tag}` },
          { type: 'outpatient_no', value: `MZ${tag}` },
        ],
        contacts: [{ relation: 'spouse', name: '张建华', phone: '13700001234' }],
        confirmNotDuplicate: true,
      });
      const admin = await apiLogin('admin');
      const record = await patientRecord(id);
      const [first, second] = record.phones;
      const change = (method: string, path: string, body?: unknown) => apiCall(method, `/patients/${id}${path}`, admin, body);
      await change('PATCH', `/phones/${second.id}`, { number: '13987650000' });
      await change('DELETE', `/phones/${first.id}?reason=${encodeURIComponent(lang === 'en' ? 'Number no longer in use' : '号码已停用')}`);
      await change('POST', '/phones', { number: '13611112222', owner: 'self' });
      const outpatient = record.identifiers.filter((i) => i.type === 'outpatient_no')[0];
      await change('DELETE', `/identifiers/${outpatient.id}?reason=${encodeURIComponent(lang === 'en' ? 'Entered twice' : '重复登记')}`);
      await change('POST', '/contacts', { relation: 'child', name: '李明', phone: '13566667777' });

      await openSignIn(page, lang);
      await signIn(page, 'admin');
      await page.goto(url(`/patients/${id}`));
      await byTestId(page, 'phone-row-1').waitFor();
      await byTestId(page, 'phone-add').scrollIntoViewIfNeeded();
      await page.locator('[data-testid^="phone-edit-"]').last().click();
      const dialog = await openedDialog(page);
      await byTestId(dialog, 'phone-dialog-number').fill('1381234');
      await byTestId(dialog, 'phone-dialog-submit').click();
      await dialog.locator('mat-error').waitFor();
      await shoot(page, 'patient-details-edit', lang);

      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      await byTestId(page, 'detail-changes-toggle').click();
      await byTestId(page, 'detail-change-2').waitFor({ state: 'visible' });
      // Once the panel has opened: its end at the bottom of the window, the contact lists above it.
      await page.waitForTimeout(500);
      await byTestId(page, 'detail-changes').evaluate((el) => el.scrollIntoView({ block: 'end' }));
      await shoot(page, 'patient-detail-changes', lang);
    }),
  );

  it(
    'call list, call screen (nurse) and escalation inbox (doctor)',
    inPage(async (page) => {
      // Patients to call today (one overdue), and two answered calls with flagged answers.
      const tasks = await dueTasksForNurse(6);
      await makeOverdue(tasks[1].taskId, 1);
      const escalated = await Promise.all(
        tasks.slice(4).map((k, i) =>
          completeWithAttention(k.taskId, {
            generalState: 'fair',
            newSymptoms: 'yes',
            symptomDetail: lang === 'en' ? 'Short of breath on stairs' : '爬楼时气短',
            medication: i ? 'regular' : 'sometimes',
          }),
        ),
      );
      await sql(`UPDATE escalation SET due_at = now() - interval '20 minutes' WHERE id = $1`, [escalated[0][0]]);

      await openSignIn(page, lang);
      await signIn(page, 'nurse');
      await openNav(page, 'worklist', '/worklist');
      await byTestId(page, `worklist-row-${tasks[0].patientId}`).waitFor();
      await shoot(page, 'worklist', lang);

      await byTestId(page, `worklist-claim-${tasks[0].patientId}`).click();
      await waitForPath(page, `/worklist/tasks/${tasks[0].taskId}`);
      await byTestId(page, 'qf-option-generalState-good').click();
      await byTestId(page, 'qf-option-newSymptoms-yes').click();
      await byTestId(page, 'qf-input-symptomDetail').fill(lang === 'en' ? 'Dizzy in the mornings' : '早晨起床时头晕');
      await byTestId(page, 'workbench-attention').waitFor();
      await page.locator('app-workbench-page .call').evaluate((el) => el.scrollTo(0, 0));
      await shoot(page, 'workbench', lang);
      await byTestId(page, 'workbench-release').click();
      await waitForPath(page, '/worklist');

      await byTestId(page, 'sign-out').click();
      await signIn(page, 'doctor');
      await openNav(page, 'escalations', '/escalations');
      await byTestId(page, `escalation-${escalated[0][0]}`).waitFor();
      await shoot(page, 'escalations', lang);
    }),
  );

  it(
    'questionnaire library and builder, template editor with the rule tester, enrolment, plans on the record (doctor)',
    inPage(async (page) => {
      const draft = await publishedQuestionnaire(false);
      const published = await publishedQuestionnaire();
      const template = await cardiologyTemplate(published.id, lang === 'en' ? 'EN' : 'ZH');
      const patient = await doctorPatient();
      await openSignIn(page, lang);
      await signIn(page, 'doctor');

      await openNav(page, 'questionnaires', '/questionnaires');
      await byTestId(page, 'questionnaire-row-lib_post_discharge_general-1').waitFor();
      await shoot(page, 'questionnaires', lang);

      // The builder: the branch question open in its editor, the preview answered so the branch and scores show.
      await page.goto(url(`/questionnaires/${draft.id}`));
      const preview = byTestId(page, 'builder-preview');
      await byTestId(preview, 'qf-question-pain').waitFor();
      await byTestId(preview, 'qf-option-pain-yes').locator('label').click();
      await byTestId(preview, 'qf-question-painLevel').waitFor();
      await byTestId(preview, 'qf-rate-painLevel-3').locator('button').click();
      await byTestId(preview, 'qf-rate-overall-4').locator('button').click();
      await byTestId(page, 'preview-score-overall').waitFor();
      await byTestId(page, 'question-row-painLevel').click();
      await byTestId(page, 'logic-painLevel-condition-0').scrollIntoViewIfNeeded();
      await shoot(page, 'questionnaire-builder', lang);

      await page.goto(url(`/templates/${template.id}`));
      await byTestId(page, 'rule-tester-matching').waitFor();
      await shoot(page, 'template', lang);
      await byTestId(page, 'template-step-2').scrollIntoViewIfNeeded();
      await shoot(page, 'template-steps', lang);

      await byTestId(page, 'template-enrol').click();
      const dialog = await openedDialog(page);
      await byTestId(dialog, 'enrol-search').fill(patient.name);
      await byTestId(dialog, `enrol-choose-${patient.id}`).click();
      await byTestId(dialog, `enrol-selected-${patient.id}`).waitFor();
      await shoot(page, 'template-enrol', lang);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });

      // Leaving the editor with an unsaved edit asks first.
      await byTestId(page, 'template-name-zh').fill(`${template.nameZh} 改`);
      await byTestId(page, 'nav-templates').click();
      const unsaved = await openedDialog(page);
      await shoot(page, 'template-unsaved', lang);
      await byTestId(unsaved, 'confirm-ok').click();
      await waitForPath(page, '/templates');

      await enrol(template.id, [patient.id]);
      await page.goto(url(`/patients/${patient.id}`));
      await byTestId(page, 'patient-tab-followups').click();
      await byTestId(page, `plan-${template.id}`).waitFor();
      await shoot(page, 'patient-plans', lang);

      await openNav(page, 'templates', '/templates');
      await byTestId(page, `template-row-${template.id}`).waitFor();
      await shoot(page, 'templates', lang);
    }),
  );

  it(
    'interface monitor: messages with the throughput chart, and a failed message (admin)',
    inPage(async (page) => {
      const run = `${Date.now().toString(36).toUpperCase()}${lang === 'en' ? 'E' : 'Z'}`;
      const names = ['王建国', '李秀英', '张伟', '刘芳', '陈静'];
      const messages = names.map((name, i) => a01(`SHOT${run}${i}`, `MRSHOT${run}${i}`, name, 'CARD', `VSHOT${run}${i}`)).join('');
      await uploadHl7(messages);
      const [failed] = await uploadHl7(a01(`SHOT${run}F`, `MRSHOT${run}F`, '赵敏', 'XYZ', `VSHOT${run}F`));
      await uploadHl7(a01(`SHOT${run}R`, `MRSHOT${run}R`, '孙丽', 'CARD', `VSHOT${run}R`, 'A99'));

      await openSignIn(page, lang);
      await signIn(page, 'admin');
      await openNav(page, 'interface', '/interface');
      await page.locator(`[data-control-id="SHOT${run}F"]`).waitFor();
      await byTestId(page, 'hl7-chart-bar').first().waitFor();
      await shoot(page, 'interface-monitor', lang);

      await page.goto(url(`/interface/messages/${failed.messageId}`));
      await byTestId(page, 'hl7-detail-error').waitFor();
      await shoot(page, 'interface-message', lang);
    }),
  );

  it(
    'task assignment: rules, rule dialog, bulk reassignment preview (manager, 1366×768)',
    inPage(async (page) => {
      const [away, cover] = [await cardiologyNurse('away'), await cardiologyNurse('cover')];
      await tasksAssignedTo(away.id, 3);
      const manager = await apiLogin('manager');
      const [ward] = await sql<{ id: string }>(`SELECT id FROM ward WHERE code = 'CARD-1'`);
      const [endo] = await sql<{ id: string }>(`SELECT id FROM department WHERE code = 'ENDO'`);
      const [card] = await sql<{ id: string }>(`SELECT id FROM department WHERE code = 'CARD'`);
      const [nurse] = await sql<{ id: string }>(`SELECT id FROM app_user WHERE username = 'nurse'`);
      // Rules left active by an earlier run show as disabled; this run's rules are disabled again at the end,
      // so they never assign the tasks other browser tests make.
      const disableAll = async () => {
        const rules = await apiCall<Array<{ id: string; active: boolean }>>('GET', '/assignment/rules', manager);
        for (const r of rules.body.filter((x) => x.active)) await apiCall('PATCH', `/assignment/rules/${r.id}`, manager, { active: false });
      };
      await disableAll();
      const en = lang === 'en';
      for (const body of [
        { name: en ? 'Cardiology ward 1 → 陈护士' : '心内科一病区 → 陈护士', priority: 10, wardId: ward.id, assigneeId: nurse.id },
        {
          name: `${en ? 'Myocardial infarction' : '急性心梗'} → ${cover.displayName}`,
          priority: 20,
          departmentId: card.id,
          icdPrefixes: ['I21', 'I22'],
          assigneeId: cover.id,
        },
        { name: en ? 'Endocrinology → centre pool' : '内分泌科 → 随访中心', priority: 30, departmentId: endo.id, targetTeam: 'centre' },
      ]) {
        const res = await apiCall('POST', '/assignment/rules', manager, body);
        if (res.status !== 201) throw new Error(`[e2e] rule: ${res.status} ${JSON.stringify(res.body)}`);
      }
      await page.setViewportSize({ width: 1366, height: 768 });
      await openSignIn(page, lang);
      await signIn(page, 'manager');
      await openNav(page, 'assignment', '/assignment');
      await page.locator('tr[data-testid^="rule-row-"]').first().waitFor();
      await shoot(page, 'assignment-rules', lang);

      await byTestId(page, 'assignment-rule-create').click();
      const dialog = await openedDialog(page);
      await byTestId(dialog, 'rule-form-name').fill(lang === 'en' ? 'Heart failure → ' + cover.displayName : '心衰 → ' + cover.displayName);
      await choose(page, byTestId(dialog, 'rule-form-department'), `rule-form-department-${card.id}`);
      await byTestId(dialog, 'rule-form-icd').fill('I50');
      await choose(page, byTestId(dialog, 'rule-form-assignee'), `rule-form-assignee-${cover.id}`);
      await shoot(page, 'assignment-rule-dialog', lang);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });

      await page.getByRole('tab').nth(1).click();
      await choose(page, byTestId(page, 'reassign-from'), `reassign-from-${away.id}`);
      await choose(page, byTestId(page, 'reassign-to'), `reassign-to-${cover.id}`);
      await byTestId(page, 'reassign-reason').fill(lang === 'en' ? 'On leave 5–19 Jan' : '1/5–1/19 休假');
      await byTestId(page, 'reassign-preview').click();
      await byTestId(page, 'reassign-confirm').waitFor();
      await shoot(page, 'assignment-reassign', lang);
      await disableAll();
    }),
  );

  it(
    'assignment history on the call screen (nurse)',
    inPage(async (page) => {
      const [task] = await dueTasksForNurse(1);
      const [nurse] = await sql<{ id: string }>(`SELECT id FROM app_user WHERE username = 'nurse'`);
      const cover = await cardiologyNurse('hist');
      const manager = await apiLogin('manager');
      for (const [toUserId, reason] of [
        [cover.id, null],
        [nurse.id, lang === 'en' ? 'Knows the patient' : '熟悉该患者'],
      ]) {
        await apiCall('POST', `/tasks/${task.taskId}/assignee`, manager, { toUserId, ...(reason ? { reason } : {}) });
      }
      await openSignIn(page, lang);
      await signIn(page, 'nurse');
      await page.goto(url(`/worklist/tasks/${task.taskId}`));
      const history = byTestId(page, 'workbench-assignment');
      await history.locator('li strong').first().waitFor();
      await history.scrollIntoViewIfNeeded();
      await shoot(page, 'workbench-assignment', lang);
    }),
  );
});
