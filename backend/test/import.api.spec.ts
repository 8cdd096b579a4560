import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { startTestApp, TestApp } from './support/test-app';

const HEADER = [
  '患者ID',
  '住院号',
  '姓名',
  '性别',
  '出生日期',
  '身份证号',
  '联系电话',
  '科室',
  '病区',
  '入院时间',
  '出院时间',
  '出院诊断编码',
  '出院诊断',
];
const GOOD: string[][] = [
  [
    'H900001',
    'ZY900001',
    '欧阳娜娜',
    '女',
    '1985-02-14',
    '',
    '13700001111',
    '心内科',
    '心内科一病区',
    '2026-10-01 09:30',
    '2026-10-08 10:00',
    'I10',
    '原发性高血压',
  ],
  [
    'H900002',
    'ZY900002',
    '单丽芳',
    '女',
    '',
    '11010519491231002X',
    '13700002222',
    'ENDO',
    '',
    '2026/10/03',
    '2026/10/12',
    'E11.9',
    '2型糖尿病',
  ],
  // Second stay of the first patient: same person, new encounter.
  [
    'H900001',
    'ZY900001',
    '欧阳娜娜',
    '女',
    '1985-02-14',
    '',
    '13700001111',
    '心内科',
    '',
    '2026-11-01 08:00',
    '2026-11-05 16:00',
    'I25.1',
    '冠心病',
  ],
];
const BAD: string[][] = [
  [
    'H900003',
    'ZY900003',
    '错号码',
    '男',
    '1970-01-01',
    '110105194912310021',
    '13700003333',
    '心内科',
    '',
    '2026-10-01',
    '2026-10-02',
    'I10',
    '',
  ],
  ['H900004', 'ZY900004', '', '女', '1970-01-01', '', '13700004444', '心内科', '', '2026-10-01', '2026-10-02', '', ''],
  ['H900005', 'ZY900005', '无科室', '女', '1970-13-45', '', '123', '牙科', '', '2026-10-05', '2026-10-01', 'HELLO', ''],
];
const MAPPING = {
  hisId: '患者ID',
  inpatientNo: '住院号',
  name: '姓名',
  sex: '性别',
  birthDate: '出生日期',
  idNumber: '身份证号',
  phone: '联系电话',
  department: '科室',
  ward: '病区',
  admittedAt: '入院时间',
  dischargedAt: '出院时间',
  diagnosisCode: '出院诊断编码',
  diagnosisName: '出院诊断',
};

function gbCsv(rows: string[][]): Buffer {
  return iconv.encode([HEADER, ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n', 'gb18030');
}

describe('patient import', () => {
  let t: TestApp;
  let admin: string;
  const auth = () => ({ Authorization: `Bearer ${admin}` });

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login('admin');
  });
  afterAll(() => t.close());

  async function waitFor(id: string, status: string) {
    for (let i = 0; i < 100; i++) {
      const res = await t.http().get(`/api/imports/${id}`).set(auth()).expect(200);
      if (res.body.status === status) return res.body;
      if (res.body.status === 'failed') throw new Error(`import failed: ${res.body.message}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`import ${id} never reached ${status}`);
  }

  async function importFile(buf: Buffer, name: string) {
    const up = await t.http().post('/api/imports').set(auth()).field('sourceName', 'TEST-HIS').attach('file', buf, name);
    expect(up.status).toBe(201);
    await t.http().post(`/api/imports/${up.body.id}/start`).set(auth()).send({ mapping: MAPPING }).expect(201);
    return waitFor(up.body.id, 'done');
  }

  const count = async (sql: string) => Number((await t.sql<{ n: string }>(sql))[0].n);

  it('reads a GB18030 CSV: detects the encoding, suggests the mapping, previews rows', async () => {
    const up = await t
      .http()
      .post('/api/imports')
      .set(auth())
      .field('sourceName', 'TEST-HIS')
      .attach('file', gbCsv(GOOD), 'discharges.csv');
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ format: 'csv', encoding: 'gb18030', columns: HEADER, status: 'uploaded' });
    expect(up.body.mapping).toMatchObject({ name: '姓名', inpatientNo: '住院号', hisId: '患者ID', phone: '联系电话', department: '科室' });
    expect(up.body.preview[0]['姓名']).toBe('欧阳娜娜');
  });

  it('dry run validates every row, writes no patient, and lists the bad rows with reasons', async () => {
    const patientsBefore = await count(`SELECT count(*)::text AS n FROM patient`);
    const up = await t
      .http()
      .post('/api/imports')
      .set(auth())
      .field('sourceName', 'TEST-HIS')
      .attach('file', gbCsv([...GOOD, ...BAD]), 'mixed.csv')
      .expect(201);
    await t.http().post(`/api/imports/${up.body.id}/dry-run`).set(auth()).send({ mapping: MAPPING }).expect(201);
    const job = await waitFor(up.body.id, 'validated');
    expect(job).toMatchObject({ totalRows: 6, errorRows: 3 });
    expect(job.firstErrors.map((e: { rowNumber: number }) => e.rowNumber)).toEqual([5, 6, 7]);
    expect(job.firstErrors[0].reason).toContain('check character');
    expect(job.firstErrors[2].reason).toContain('unknown department "牙科"');
    // The same problems as codes with the quoted values, for the console to translate.
    expect(job.firstErrors[0].problems).toEqual([{ code: 'id_number_check' }]);
    expect(job.firstErrors[2].problems).toContainEqual({ code: 'department_unknown', params: { value: '牙科' } });
    expect(await count(`SELECT count(*)::text AS n FROM patient`)).toBe(patientsBefore);
  });

  it('imports good rows, keeps bad rows downloadable, and re-importing the same file adds nothing', async () => {
    const before = {
      patients: await count(`SELECT count(*)::text AS n FROM patient`),
      encounters: await count(`SELECT count(*)::text AS n FROM encounter`),
    };
    const file = gbCsv([...GOOD, ...BAD]);
    const job = await importFile(file, 'mixed.csv');
    expect(job).toMatchObject({ totalRows: 6, errorRows: 3, createdPatients: 2, createdEncounters: 3 });
    expect(await count(`SELECT count(*)::text AS n FROM patient`)).toBe(before.patients + 2);
    expect(await count(`SELECT count(*)::text AS n FROM encounter`)).toBe(before.encounters + 3);
    const p = (
      await t.sql<{ name: string; pinyin_initials: string; birth_date: string }>(
        `SELECT name, pinyin_initials, to_char(birth_date, 'YYYY-MM-DD') AS birth_date FROM patient WHERE id_number = '11010519491231002X'`,
      )
    )[0];
    expect(p).toEqual({ name: '单丽芳', pinyin_initials: 'SLF', birth_date: '1949-12-31' });

    // The imported 心内科 patient is in the nurse's scope, the 内分泌科 one too; both with their last visit.
    const nurse = await t.login('nurse');
    const found = await t.http().get('/api/patients?q=ZY900001').set('Authorization', `Bearer ${nurse}`).expect(200);
    expect(found.body.items.map((i: { name: string }) => i.name)).toEqual(['欧阳娜娜']);
    expect(found.body.items[0].lastVisit.dischargedAt).toBe('2026-11-05T08:00:00.000Z');
    const scope = await t.sql<{ n: string }>(
      `SELECT count(*)::text AS n FROM patient p WHERE p.id_number = '11010519491231002X' AND p.department_ids = ARRAY(SELECT id FROM department WHERE code = 'ENDO')`,
    );
    expect(scope[0].n).toBe('1');

    const csv = await t.http().get(`/api/imports/${job.id}/errors.csv`).set(auth()).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r\n/);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^5,/);
    expect(lines[3]).toContain('牙科');

    const again = await importFile(file, 'mixed-again.csv');
    expect(again).toMatchObject({ createdPatients: 0, createdEncounters: 0, errorRows: 3 });
    expect(await count(`SELECT count(*)::text AS n FROM patient`)).toBe(before.patients + 2);
    expect(await count(`SELECT count(*)::text AS n FROM encounter`)).toBe(before.encounters + 3);
  });

  it('resumes an import whose worker stopped (stale heartbeat) from its committed progress, adding nothing twice', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => [
      `R${i}`,
      `RZY${i}`,
      `续导${i}`,
      '男',
      '1960-01-01',
      '',
      '',
      '普外科',
      '',
      '2026-09-01',
      '2026-09-03',
      'K35.8',
      '急性阑尾炎',
    ]);
    const up = await t
      .http()
      .post('/api/imports')
      .set(auth())
      .field('sourceName', 'RESUME')
      .attach('file', gbCsv(rows), 'resume.csv')
      .expect(201);
    // As if an instance had claimed it, committed the first 10 rows' batch, then died.
    await t.http().post(`/api/imports/${up.body.id}/start`).set(auth()).send({ mapping: MAPPING }).expect(201);
    await waitFor(up.body.id, 'done');
    await t.sql(
      `UPDATE import_job SET status = 'running', processed_rows = 10, heartbeat_at = now() - interval '5 minutes' WHERE id = $1`,
      [up.body.id],
    );
    const before = await count(`SELECT count(*)::text AS n FROM patient WHERE name LIKE '续导%'`);
    expect(before).toBe(30);
    const job = await waitFor(up.body.id, 'done');
    expect(job.processedRows).toBe(30);
    expect(await count(`SELECT count(*)::text AS n FROM patient WHERE name LIKE '续导%'`)).toBe(30);
    expect(await count(`SELECT count(*)::text AS n FROM encounter WHERE source_system = 'RESUME'`)).toBe(30);
  });

  it('imports an .xlsx file the same way, matching patients already known', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('出院患者');
    ws.addRow(HEADER);
    ws.addRow([
      'H900001',
      'ZY900001',
      '欧阳娜娜',
      '女',
      '1985-02-14',
      '',
      '13700001111',
      '心内科',
      '',
      '2026-11-20 08:00',
      '2026-11-21 09:00',
      'I48',
      '心房颤动',
    ]);
    ws.addRow([
      'H900006',
      'ZY900006',
      '新病人',
      '男',
      new Date('1990-06-01T00:00:00Z'),
      '',
      '13700006666',
      '骨科',
      '骨科病区',
      '2026-11-10',
      // A date-time cell: Excel stores a serial day number without a zone, so 2026-11-18 20:30 is the hospital's local time.
      new Date(Date.UTC(2026, 10, 18, 20, 30)),
      'S72.0',
      '股骨颈骨折',
    ]);
    const job = await importFile(Buffer.from(await wb.xlsx.writeBuffer()), 'export.xlsx');
    expect(job).toMatchObject({ format: 'xlsx', totalRows: 2, errorRows: 0, createdPatients: 1, matchedPatients: 1, createdEncounters: 2 });
    const [stay] = await t.sql<{ discharged: string; birth: string }>(
      `SELECT to_char(e.discharged_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS discharged,
              to_char(p.birth_date, 'YYYY-MM-DD') AS birth
         FROM encounter e JOIN patient p ON p.id = e.patient_id WHERE e.visit_number IS NOT NULL AND p.name = '新病人'`,
    );
    expect(stay).toEqual({ discharged: '2026-11-18 20:30', birth: '1990-06-01' });
  });

  it('creates probable duplicates but lists them for review: an existing patient, and two rows of one person', async () => {
    const existing = (
      await t.sql<{ id: string; name: string; birth_date: string; sex: string }>(
        `SELECT id, name, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, CASE sex_code WHEN '1' THEN '男' ELSE '女' END AS sex
           FROM patient WHERE birth_date IS NOT NULL AND merged_into_id IS NULL AND sex_code IN ('1', '2') ORDER BY id LIMIT 1`,
      )
    )[0];
    const row = (his: string, name: string, sex: string, birth: string, phone: string) =>
      [his, `ZY${his}`, name, sex, birth, '', phone, '心内科', '', '2026-10-01', '2026-10-03', 'I10', '原发性高血压'];
    const file = gbCsv([
      row('DUP1', existing.name, existing.sex, existing.birth_date, ''),
      row('DUP2', '重复测试', '男', '', '13811112222'),
      row('DUP3', '无关的人', '女', '1977-07-07', '13833334444'),
      row('DUP4', '重复测试', '男', '', '13811112222'),
    ]);
    const job = await importFile(file, 'duplicates.csv');
    expect(job).toMatchObject({ createdPatients: 4, duplicateRows: 2, errorRows: 0 });
    const list = await t.http().get(`/api/imports/${job.id}/duplicates`).set(auth()).expect(200);
    expect(list.body.total).toBe(2);
    expect(list.body.items[0]).toMatchObject({
      rowNumber: 2,
      reasons: ['same_name_birth_date'],
      patient: { name: existing.name, birthDate: existing.birth_date },
      candidate: { id: existing.id },
      merged: false,
    });
    // The two rows of one person in the file: listed once, at the later row.
    expect(list.body.items[1]).toMatchObject({ rowNumber: 5, reasons: ['same_name_phone'], patient: { name: '重复测试' }, candidate: { name: '重复测试' } });
    expect(list.body.items[1].patient.id).not.toBe(list.body.items[1].candidate.id);
    // Merging the pair shows it as resolved.
    await t
      .http()
      .post(`/api/patients/${list.body.items[1].candidate.id}/merge`)
      .set(auth())
      .send({ mergedId: list.body.items[1].patient.id })
      .expect((r) => expect([200, 201]).toContain(r.status));
    const after = await t.http().get(`/api/imports/${job.id}/duplicates`).set(auth()).expect(200);
    expect(after.body.items[1].merged).toBe(true);
    // Importing the file again creates nothing and lists nothing new.
    const again = await importFile(file, 'duplicates-again.csv');
    expect(again).toMatchObject({ createdPatients: 0, duplicateRows: 0 });
  });

  it('refuses a corrupt .xlsx, an empty upload and a mapping without identifiers before writing anything', async () => {
    const corrupt = await t
      .http()
      .post('/api/imports')
      .set(auth())
      .attach('file', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100, 7)]), 'broken.xlsx');
    expect(corrupt.status).toBe(400);
    expect(corrupt.body.code).toBe('IMPORT_FILE_INVALID');
    expect(corrupt.body.message).toContain('.xlsx');
    const none = await t.http().post('/api/imports').set(auth()).field('sourceName', 'X');
    expect(none.status).toBe(400);
    const up = await t.http().post('/api/imports').set(auth()).attach('file', gbCsv(GOOD), 'x.csv').expect(201);
    const bad = await t
      .http()
      .post(`/api/imports/${up.body.id}/dry-run`)
      .set(auth())
      .send({ mapping: { name: '姓名', phone: '不存在的列' } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields).sort()).toEqual(['mapping.hisId', 'mapping.phone']);
    expect(
      (
        await t
          .http()
          .post('/api/imports')
          .set('Authorization', `Bearer ${await t.login('nurse')}`)
          .attach('file', gbCsv(GOOD), 'x.csv')
      ).status,
    ).toBe(403);
  });
});
