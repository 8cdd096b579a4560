import ExcelJS from 'exceljs';
import { Clock } from '../src/platform/clock';
import { binary } from './support/binary';
import { startTestApp, TestApp } from './support/test-app';

/** Thursday 20 March 2025, 10:00 in Beijing: "today" of the whole test. */
class FixedClock extends Clock {
  now(): Date {
    return new Date('2025-03-20T02:00:00Z');
  }
}

const cst = (s: string) => `${s}+08:00`;

/**
 * Chart data and the other analyses (docs/reports.md) on a hand-built dataset in two departments
 * made for this test (no demo data in them). Every expected number is counted by hand from the rows
 * below; REPORT_MIN_RESPONSES is 3.
 *
 * 甲科 (RPA), wards A1, A2; today 2025-03-20:
 *   Q1 region 440106 (广东 广州), organisation 星光科技; anchor E1 (A1) diagnoses I21.9, I10; another encounter with K35
 *      a1 due 03-05 window 03-04…03-07 done 03-05 (on time); response fft very_good; escalation x2 by hand, urgent, 03-05
 *   Q2 region 440304 (广东 深圳); anchor E2 (A1) diagnosis I10
 *      a2 due 03-10 window 03-09…03-12 done 03-15 (late); response fft good; escalation x3 from fft + doctor, 03-15
 *      a9 due 03-11 cancelled
 *   Q3 region 110105 (北京), 星光科技; anchor E3 (A2) diagnosis I21.9
 *      a3 due 03-12 lost
 *   Q4 no region; anchor E4 (A2) diagnosis E11.9
 *      a4 due 03-20 pending (not overdue today); a5 due 03-18 window 03-17…03-19 done 03-18 (on time); response fft poor;
 *      escalation x1 from fft, 03-18
 *   Q5 region 310104 (上海); anchor E5 (A1) diagnosis I10
 *      a6 due 02-10 window 02-09…02-12 done 02-10; response fft very_good (February); escalation x5 from fft, 02-10
 *      a8 due 03-15 pending → overdue
 * 乙科 (RPB): Q6 region 440106; anchor E6 diagnosis J18.9; b1 due 03-08 done 03-08; response fft good; escalation x4 03-08.
 */
describe('report charts and other analyses', () => {
  let t: TestApp;
  const tok: Record<string, string> = {};
  const id: Record<string, string> = {};
  const MAR = { from: '2025-03-01', to: '2025-03-31' };
  const get = (who: string, path: string, query: Record<string, unknown> = {}) =>
    t
      .http()
      .get(`/api${path}`)
      .query(query)
      .set({ Authorization: `Bearer ${tok[who]}` });
  const one = async (sql: string, params: unknown[] = []) => (await t.sql<{ id: string }>(`${sql} RETURNING id`, params))[0].id;

  beforeAll(async () => {
    t = await startTestApp({ REPORT_MIN_RESPONSES: '3' }, undefined, undefined, { clock: new FixedClock() });
    id.a = await one(`INSERT INTO department (code, name, name_en) VALUES ('RPA', '甲科', 'Dept A')`);
    id.b = await one(`INSERT INTO department (code, name, name_en) VALUES ('RPB', '乙科', 'Dept B')`);
    id.w1 = await one(`INSERT INTO ward (department_id, code, name) VALUES ($1, 'RPA-1', '甲一病区')`, [id.a]);
    id.w2 = await one(`INSERT INTO ward (department_id, code, name) VALUES ($1, 'RPA-2', '甲二病区')`, [id.a]);
    id.b1w = await one(`INSERT INTO ward (department_id, code, name) VALUES ($1, 'RPB-1', '乙一病区')`, [id.b]);
    id.org = await one(`INSERT INTO organisation (code, name) VALUES ('STAR', '星光科技')`);
    // A doctor of 甲科 only (same password as the demo users).
    id.doc = await one(
      `INSERT INTO app_user (username, display_name, password_hash, roles) SELECT 'rpadoc', '甲科医生', password_hash, '{doctor}' FROM app_user WHERE username = 'doctor'`,
    );
    await t.sql(`INSERT INTO user_department (user_id, department_id) VALUES ($1, $2)`, [id.doc, id.a]);
    for (const u of ['manager', 'rpadoc']) tok[u] = await t.login(u);
    id.nurse = (await t.sql<{ id: string }>(`SELECT id FROM app_user WHERE username = 'nurse'`))[0].id;
    id.q = (await t.sql<{ id: string }>(`SELECT id FROM questionnaire WHERE code = 'lib_inpatient_satisfaction'`))[0].id;
    id.tpl = await one(
      `INSERT INTO followup_template (name_zh, name_en, purpose, mode, rules, steps, active) VALUES ('分析测试', 'Analyses test', 'satisfaction', 'centre', '{}', '[]', false)`,
    );

    const patient = async (name: string, region: string | null, org: string | null, dept: string, ward: string, diagnoses: string[][]) => {
      const p = await one(
        `INSERT INTO patient (name, sex_code, region_code, organisation_id, department_ids) VALUES ($1, '1', $2, $3, $4)`,
        [name, region, org, [dept]],
      );
      const e = await one(
        `INSERT INTO encounter (patient_id, type, department_id, ward_id, admitted_at, discharged_at) VALUES ($1, 'inpatient', $2, $3, $4, $5)`,
        [p, dept, ward, cst('2025-01-20 10:00'), cst('2025-01-25 10:00')],
      );
      for (const [code, text] of diagnoses)
        await t.sql(`INSERT INTO encounter_diagnosis (encounter_id, icd10_code, text, type) VALUES ($1, $2, $3, 'discharge')`, [
          e,
          code,
          text,
        ]);
      const plan = await one(
        `INSERT INTO followup_plan (patient_id, template_id, encounter_id, anchor_key, discharged_at, enrolled_at, enrolled_by) VALUES ($1, $2, $3, $5, $4, $4, 'rule')`,
        [p, id.tpl, e, cst('2025-01-25 10:00'), e],
      );
      return { p, plan, dept };
    };
    const Q1 = await patient('分析一', '440106', id.org, id.a, id.w1, [
      ['I21.9', '急性心肌梗死'],
      ['I10', '原发性高血压'],
    ]);
    // Another encounter of Q1 (not the anchor of a followed-up task): its diagnosis is not counted.
    const other = await one(`INSERT INTO encounter (patient_id, type, department_id, admitted_at) VALUES ($1, 'outpatient', $2, $3)`, [
      Q1.p,
      id.a,
      cst('2024-06-01 09:00'),
    ]);
    await t.sql(`INSERT INTO encounter_diagnosis (encounter_id, icd10_code, text, type) VALUES ($1, 'K35', '急性阑尾炎', 'primary')`, [
      other,
    ]);
    const Q2 = await patient('分析二', '440304', null, id.a, id.w1, [['I10', '原发性高血压']]);
    const Q3 = await patient('分析三', '110105', id.org, id.a, id.w2, [['I21.9', '急性心肌梗死']]);
    const Q4 = await patient('分析四', null, null, id.a, id.w2, [['E11.9', '2型糖尿病']]);
    const Q5 = await patient('分析五', '310104', null, id.a, id.w1, [['I10', '高血压']]);
    const Q6 = await patient('分析六', '440106', null, id.b, id.b1w, [['J18.9', '肺炎']]);

    const task = async (
      key: string,
      pl: { p: string; plan: string },
      due: string,
      win: [string, string],
      extra: Record<string, unknown> = {},
    ) => {
      const cols = ['plan_id', 'patient_id', 'step_key', 'sequence', 'due_date', 'window_start', 'window_end', 'questionnaire_id'];
      const vals: unknown[] = [pl.plan, pl.p, key, 1, due, win[0], win[1], id.q];
      for (const [k, v] of Object.entries(extra)) {
        cols.push(k);
        vals.push(v);
      }
      id[key] = await one(
        `INSERT INTO followup_task (${cols.join(', ')}, channel, team, template_version) VALUES (${vals.map((_, i) => `$${i + 1}`).join(', ')}, 'phone', 'centre', 1)`,
        vals,
      );
    };
    const done = (at: string) => ({ status: 'done', completed_at: cst(at), completed_by: id.nurse });
    await task('a1', Q1, '2025-03-05', ['2025-03-04', '2025-03-07'], done('2025-03-05 10:00'));
    await task('a2', Q2, '2025-03-10', ['2025-03-09', '2025-03-12'], done('2025-03-15 10:00'));
    await task('a9', Q2, '2025-03-11', ['2025-03-10', '2025-03-13'], { status: 'cancelled' });
    await task('a3', Q3, '2025-03-12', ['2025-03-11', '2025-03-14'], { status: 'lost' });
    await task('a4', Q4, '2025-03-20', ['2025-03-19', '2025-03-22']);
    await task('a5', Q4, '2025-03-18', ['2025-03-17', '2025-03-19'], done('2025-03-18 10:00'));
    await task('a6', Q5, '2025-02-10', ['2025-02-09', '2025-02-12'], done('2025-02-10 10:00'));
    await task('a8', Q5, '2025-03-15', ['2025-03-14', '2025-03-17']);
    await task('b1', Q6, '2025-03-08', ['2025-03-07', '2025-03-09'], done('2025-03-08 10:00'));

    const response = (key: string, pid: string, fft: string, at: string) =>
      t.sql(
        `INSERT INTO questionnaire_response (task_id, patient_id, questionnaire_id, answers, scores, submitted_by, mode, submitted_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'phone', $7)`,
        [id[key], pid, id.q, JSON.stringify({ fft }), JSON.stringify({ total: 10, dimensions: {} }), id.nurse, cst(at)],
      );
    await response('a1', Q1.p, 'very_good', '2025-03-05 10:00');
    await response('a2', Q2.p, 'good', '2025-03-15 10:00');
    await response('a5', Q4.p, 'poor', '2025-03-18 10:00');
    await response('a6', Q5.p, 'very_good', '2025-02-10 10:00');
    await response('b1', Q6.p, 'good', '2025-03-08 10:00');

    const esc = (key: string, pid: string, dept: string, at: string, severity: string, questions: string[]) =>
      t.sql(
        `INSERT INTO escalation (patient_id, task_id, department_id, severity, reason, questions, due_at, raised_by, created_at)
         VALUES ($1, $2, $3, $4, 'test', $5, $6::timestamptz + interval '1 day', $7, $6)`,
        [pid, id[key], dept, severity, questions, cst(at), id.nurse],
      );
    await esc('a5', Q4.p, id.a, '2025-03-18 10:05', 'normal', ['fft']); // x1
    await esc('a1', Q1.p, id.a, '2025-03-05 10:05', 'urgent', []); // x2, by hand
    await esc('a2', Q2.p, id.a, '2025-03-15 10:05', 'normal', ['fft', 'doctor']); // x3
    await esc('b1', Q6.p, id.b, '2025-03-08 10:05', 'normal', ['fft']); // x4, 乙科
    await esc('a6', Q5.p, id.a, '2025-02-10 10:05', 'normal', ['fft']); // x5, February
  });
  afterAll(() => t?.close());

  it('task outcomes of 甲科 in March by ward: on time, late, overdue, still open, ended lost; parts add up to due', async () => {
    const res = await get('manager', '/reports/outcomes', { ...MAR, departmentId: id.a, groupBy: 'ward' });
    expect(res.status).toBe(200);
    // A1: a1 on time, a2 late, a8 overdue. A2: a5 on time, a4 open (due today), a3 lost. a9 cancelled is not owed.
    expect(res.body.rows).toEqual(
      [
        { key: id.w1, name: '甲一病区', due: 3, doneOnTime: 1, doneLate: 1, overdue: 1, open: 0, ended: 0 },
        { key: id.w2, name: '甲二病区', due: 3, doneOnTime: 1, doneLate: 0, overdue: 0, open: 1, ended: 1 },
      ]
        .sort((x, y) => (x.key < y.key ? -1 : 1))
        .map((r) => expect.objectContaining(r)),
    );
    expect(res.body.total).toMatchObject({ key: 'total', due: 6, doneOnTime: 2, doneLate: 1, overdue: 1, open: 1, ended: 1 });
    // The parts are the rate report's numbers: due and done (on time + late) agree with /reports/rates.
    const rates = await get('manager', '/reports/rates', { ...MAR, departmentId: id.a, groupBy: 'ward' });
    expect([rates.body.total.due, rates.body.total.done, rates.body.total.doneOnTime]).toEqual([6, 3, 2]);
  });

  it('heat map department × month: completion rate (no tasks → no value), and % positive with small cells suppressed', async () => {
    const q = { from: '2025-02-01', to: '2025-03-31' };
    const a = await get('manager', '/reports/heatmap', { ...q, departmentId: id.a });
    expect(a.status).toBe(200);
    expect(a.body.months).toEqual(['2025-02', '2025-03']);
    expect(a.body.rows).toEqual([
      expect.objectContaining({
        departmentId: id.a,
        name: '甲科',
        nameEn: 'Dept A',
        cells: [
          { month: '2025-02', numerator: 1, denominator: 1, suppressed: false, value: 1 }, // a6
          { month: '2025-03', numerator: 3, denominator: 6, suppressed: false, value: 0.5 }, // a1 a2 a5 of 6
        ],
      }),
    ]);
    const b = await get('manager', '/reports/heatmap', { ...q, departmentId: id.b });
    expect(b.body.rows[0].cells).toEqual([
      { month: '2025-02', numerator: 0, denominator: 0, suppressed: false, value: null }, // no tasks
      { month: '2025-03', numerator: 1, denominator: 1, suppressed: false, value: 1 },
    ]);

    const pos = await get('manager', '/reports/heatmap', { ...q, departmentId: id.a, metric: 'positiveRate' });
    expect(pos.status).toBe(200);
    expect(pos.body).toMatchObject({ mode: 'phone', dimension: 'overall', scaleMax: 5, minResponses: 3 });
    expect(pos.body.rows[0].cells).toEqual([
      { month: '2025-02', numerator: 1, denominator: 1, suppressed: true, value: null }, // 1 answer < 3: too few
      { month: '2025-03', numerator: 2, denominator: 3, suppressed: false, value: 2 / 3 }, // very good, good of 3
    ]);
    // The same cell read from the answers (a ward filter) gives the same counts: A1 holds a1, a2 in March.
    const ward = await get('manager', '/reports/heatmap', { ...MAR, departmentId: id.a, wardId: id.w1, metric: 'positiveRate' });
    expect(ward.body.rows[0].cells).toEqual([{ month: '2025-03', numerator: 2, denominator: 2, suppressed: true, value: null }]);
  });

  it('other analyses for 甲科 in March: region, organisation, top diagnoses of followed-up patients, escalation reasons', async () => {
    const res = await get('manager', '/reports/analyses', { ...MAR, departmentId: id.a });
    expect(res.status).toBe(200);
    // Followed-up = done tasks due in March: Q1 (a1), Q2 (a2), Q4 (a5).
    expect(res.body.patients).toBe(3);
    expect(res.body.suppressed).toBe(false);
    expect(res.body.source.provinces).toEqual([
      { code: '44', name: '广东省', nameEn: 'Guangdong', patients: 2, share: 2 / 3 }, // Q1, Q2
      { code: 'none', name: null, nameEn: null, patients: 1, share: 1 / 3 }, // Q4
    ]);
    expect(res.body.source.cities).toEqual([
      { code: '4401', province: '广东省', provinceEn: 'Guangdong', patients: 1, share: 1 / 3 },
      { code: '4403', province: '广东省', provinceEn: 'Guangdong', patients: 1, share: 1 / 3 },
    ]);
    expect(res.body.source.organisations).toEqual([
      { id: 'none', name: null, patients: 2, share: 2 / 3 }, // Q2, Q4
      { id: id.org, name: '星光科技', patients: 1, share: 1 / 3 }, // Q1 (Q3 was lost, not followed up)
    ]);
    expect(res.body.source.referral).toEqual({ available: false });
    // Anchor encounters E1 (I21.9, I10), E2 (I10), E4 (E11.9); Q1's K35 is on another encounter.
    expect(res.body.diagnoses).toEqual([
      { code: 'I10', text: '原发性高血压', patients: 2, share: 2 / 3 },
      { code: 'E11.9', text: '2型糖尿病', patients: 1, share: 1 / 3 },
      { code: 'I21.9', text: '急性心肌梗死', patients: 1, share: 1 / 3 },
    ]);
    // March escalations of 甲科: x1 (fft), x2 (by hand, urgent), x3 (fft + doctor).
    const e = res.body.escalations;
    expect({ total: e.total, urgent: e.urgent, manual: e.manual }).toEqual({ total: 3, urgent: 1, manual: 1 });
    expect(e.reasons.map((r: Record<string, unknown>) => [r.key, r.escalations, r.urgent, r.share])).toEqual([
      [`${id.q}:fft`, 2, 0, 2 / 3],
      [`${id.q}:doctor`, 1, 0, 1 / 3],
      ['manual', 1, 1, 1 / 3],
    ]);
    expect(e.reasons[0].text).toMatchObject({ en: 'Overall, how was your experience of our service?' });
    expect(res.body.inquiries).toEqual({ available: false });
  });

  it('the ward filter narrows the analyses, and a small group shows counts without percentages', async () => {
    const res = await get('manager', '/reports/analyses', { ...MAR, departmentId: id.a, wardId: id.w2 });
    // A2: a5 (Q4) is the only done task; 1 patient < 3.
    expect(res.body).toMatchObject({ patients: 1, suppressed: true });
    expect(res.body.diagnoses).toEqual([{ code: 'E11.9', text: '2型糖尿病', patients: 1, share: null }]);
    expect(res.body.source.provinces).toEqual([{ code: 'none', name: null, nameEn: null, patients: 1, share: null }]);
    expect(res.body.escalations).toMatchObject({ total: 1, manual: 0 }); // x1 on a5
  });

  it('department scoping: a 甲科 doctor sees 甲科 only; 乙科 is refused', async () => {
    const mine = await get('rpadoc', '/reports/heatmap', { from: '2025-02-01', to: '2025-03-31' });
    expect(mine.status).toBe(200);
    expect(mine.body.rows.map((r: { departmentId: string }) => r.departmentId)).toEqual([id.a]);
    const analyses = await get('rpadoc', '/reports/analyses', MAR);
    expect(analyses.body.patients).toBe(3);
    expect(analyses.body.escalations.total).toBe(3);
    for (const path of ['/reports/analyses', '/reports/heatmap', '/reports/outcomes', '/reports/print'])
      expect([
        path,
        (await get('rpadoc', path, { ...MAR, departmentId: id.b, ...(path.endsWith('print') ? { report: 'analyses' } : {}) })).status,
      ]).toEqual([path, 403]);
  });

  it('bad input: reversed range, unknown department, too many months, unknown metric or report → 400 with the field', async () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['/reports/analyses', { from: '2025-03-31', to: '2025-03-01' }, 'to'],
      ['/reports/analyses', { ...MAR, departmentId: '00000000-0000-4000-8000-000000000000' }, 'departmentId'],
      ['/reports/analyses', { ...MAR, top: 500 }, 'top'],
      ['/reports/heatmap', { from: '2020-01-01', to: '2025-03-31' }, 'groupBy'],
      ['/reports/heatmap', { ...MAR, metric: 'happiness' }, 'metric'],
      ['/reports/heatmap', { ...MAR, metric: 'positiveRate', scaleMax: 7 }, 'scaleMax'],
      ['/reports/outcomes', { ...MAR, groupBy: 'doctor' }, 'groupBy'],
      ['/reports/print', { ...MAR }, 'report'],
      ['/reports/print', { from: '2025-03-31', to: '2025-03-01', report: 'rates' }, 'to'],
    ];
    for (const [path, query, field] of cases) {
      const res = await get('manager', path, query);
      expect([path, field, res.status, res.body.code]).toEqual([path, field, 400, 'VALIDATION_FAILED']);
      expect(Object.keys(res.body.fields)).toContain(field);
    }
    const reversed = await get('manager', '/reports/analyses', { from: '2025-03-31', to: '2025-03-01' });
    expect(reversed.body.fields.to[0]).toContain('before it starts');
  });

  it('printing a view (PDF) is audited as report.export with format pdf, and returns the header of the print', async () => {
    const res = await get('manager', '/reports/print', { ...MAR, departmentId: id.a, report: 'satisfaction', groupBy: 'department' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ report: 'satisfaction', user: expect.any(String), department: { name: '甲科', nameEn: 'Dept A' } });
    expect(Date.parse(res.body.generatedAt)).not.toBeNaN();
    const [audit] = await t.sql<{ actor_username: string; details: Record<string, unknown> }>(
      `SELECT actor_username, details FROM audit_event WHERE action = 'report.export' ORDER BY occurred_at DESC LIMIT 1`,
    );
    expect(audit.actor_username).toBe('manager');
    expect(audit.details).toMatchObject({
      format: 'pdf',
      report: 'satisfaction',
      from: MAR.from,
      to: MAR.to,
      departmentId: id.a,
      groupBy: 'department',
    });
  });

  it('Excel export of the other analyses: one sheet with every section, counts and shares; audited as xlsx', async () => {
    const res = await t
      .http()
      .get('/api/reports/export')
      .query({ ...MAR, departmentId: id.a, report: 'analyses', lang: 'en' })
      .set({ Authorization: `Bearer ${tok.manager}` })
      .buffer(true)
      .parse(binary as never);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0];
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['Analysis', 'Code', 'Name', 'Patients / escalations', 'Share']);
    const rows = ws.getSheetValues().slice(2) as unknown[][];
    const find = (section: string, code: string | null) => rows.find((r) => r[1] === section && (code === null || r[2] === code));
    expect(find('Followed-up patients', null)?.[4]).toBe(3);
    expect(find('Province', '44')?.slice(3, 6)).toEqual(['Guangdong', 2, 2 / 3]);
    expect(find('Diagnosis', 'I10')?.slice(3, 6)).toEqual(['原发性高血压', 2, 2 / 3]);
    expect(find('Escalation reason', 'fft')?.[4]).toBe(2);
    expect(ws.getRow(3).getCell(5).numFmt).toBe('0.0%'); // the first province
    const [audit] = await t.sql<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_event WHERE action = 'report.export' ORDER BY occurred_at DESC LIMIT 1`,
    );
    expect(audit.details).toMatchObject({ format: 'xlsx', report: 'analyses', departmentId: id.a });
  });
});
