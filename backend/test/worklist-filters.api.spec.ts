import { startTestApp, TestApp } from './support/test-app';

interface Item {
  patientId: string;
  tasks: Array<{ id: string; channel: string }>;
}

/**
 * The call list's department scope is the task's (its anchor stay's department), not every
 * department the patient ever visited; filters by department, ward, template and channel narrow
 * it; tasks routed to another nurse stay off my list and the pool.
 */
describe('the worklist: task scope, filters and assignment', () => {
  let t: TestApp;
  let nurse: string;
  let admin: string;
  let nurse2: string;
  let nurse3: string; // 心内科 and 骨科
  let manager: string;
  const dept: Record<string, string> = {};
  let phoneTpl: string;
  let smsTpl: string;
  let both: string; // a 心内科 patient whose latest stay was in 骨科
  let cardPatients: string[];
  let cardWard: string;
  const auth = (tok: string) => ({ Authorization: `Bearer ${tok}` });
  /** A view's page, with the tabs' counts under the same filters. */
  const list = async (tok: string, query: string) => {
    const page = (await t.http().get(`/api/worklist?${query}`).set(auth(tok)).expect(200)).body as { total: number; items: Item[] };
    const filters = query.replace(/(^|&)view=[a-z]+/, '');
    const { counts } = (await t.http().get(`/api/worklist/counts?${filters}`).set(auth(tok)).expect(200)).body as {
      counts: Record<string, number>;
    };
    const view = /view=([a-z]+)/.exec(query)?.[1] ?? 'today';
    expect(page.total).toBe(counts[view]);
    return { ...page, counts };
  };
  const patientsOf = (items: Item[]) => items.map((i) => i.patientId).sort();

  beforeAll(async () => {
    t = await startTestApp();
    const doctor = await t.login('doctor');
    [nurse, admin, manager] = await Promise.all([t.login('nurse'), t.login('admin'), t.login('manager')]);
    for (const r of await t.sql<{ code: string; id: string }>(`SELECT code, id FROM department`)) dept[r.code] = r.id;
    await t
      .http()
      .post('/api/users')
      .set(auth(admin))
      .send({ username: 'nurse2', displayName: '王护士', password: 'Nurse-pass-22', roles: ['nurse'], departmentIds: [dept['CARD']] })
      .expect(201);
    await t
      .http()
      .post('/api/users')
      .set(auth(admin))
      .send({
        username: 'nurse3',
        displayName: '刘护士',
        password: 'Nurse-pass-33',
        roles: ['nurse'],
        departmentIds: [dept['CARD'], dept['ORTH']],
      })
      .expect(201);
    nurse3 = await t.login('nurse3', 'Nurse-pass-33');
    nurse2 = await t.login('nurse2', 'Nurse-pass-22');
    const q = (await t.sql<{ id: string }>(`SELECT id FROM questionnaire WHERE code = 'lib_post_discharge_general'`))[0].id;
    const template = async (name: string, channel: string) =>
      (
        await t
          .http()
          .post('/api/followup-templates')
          .set(auth(doctor))
          .send({
            nameZh: name,
            nameEn: name,
            purpose: 'clinical',
            mode: 'centre',
            rules: {},
            steps: [
              {
                key: 'now',
                anchor: 'enrolment',
                offsetDays: 0,
                questionnaireId: q,
                channel,
                team: 'centre',
                windowBeforeDays: 0,
                windowAfterDays: 3,
              },
            ],
          })
          .expect(201)
      ).body.id as string;
    phoneTpl = await template('电话今日', 'phone');
    smsTpl = await template('短信今日', 'sms');
    // Four 心内科 patients whose latest discharge is from 心内科 (one ward), and one who was then in 骨科.
    const card = await t.sql<{ id: string; ward_id: string }>(
      `SELECT p.id, e.ward_id FROM patient p
         JOIN LATERAL (SELECT department_id, ward_id FROM encounter WHERE patient_id = p.id AND discharged_at IS NOT NULL ORDER BY discharged_at DESC LIMIT 1) e ON true
        WHERE e.department_id = $1 AND e.ward_id IS NOT NULL AND p.status = 'active' AND p.merged_into_id IS NULL
        ORDER BY p.id LIMIT 5`,
      [dept['CARD']],
    );
    expect(card.length).toBe(5);
    both = card[4].id;
    cardPatients = card.slice(0, 4).map((c) => c.id);
    cardWard = card[0].ward_id;
    await t.sql(
      `INSERT INTO encounter (patient_id, type, department_id, admitted_at, discharged_at, visit_number, source_system)
       VALUES ($1, 'inpatient', $2, now() - interval '5 days', now() - interval '1 day', 'T-ORTH-1', 'TEST')`,
      [both, dept['ORTH']],
    );
    const enrol = (tpl: string, patientIds: string[]) =>
      t.http().post(`/api/followup-templates/${tpl}/enrol`).set(auth(manager)).send({ patientIds }).expect(201);
    await enrol(phoneTpl, [...cardPatients.slice(0, 3), both]);
    await enrol(smsTpl, [cardPatients[3]]);
  });
  afterAll(() => t.close());

  it('a task belongs to its anchor stay’s department: a 骨科 follow-up is not on the 心内科 nurse’s list', async () => {
    const [{ scope }] = await t.sql<{ scope: string }>(
      `SELECT k.scope_department_id AS scope FROM followup_task k JOIN followup_plan p ON p.id = k.plan_id WHERE k.patient_id = $1 AND p.template_id = $2`,
      [both, phoneTpl],
    );
    expect(scope).toBe(dept['ORTH']);
    const mine = await list(nurse, 'view=today');
    expect(patientsOf(mine.items)).toEqual([...cardPatients].sort());
    expect(mine.counts.today).toBe(4);
    // A nurse of both departments sees it, and can narrow her list to 骨科.
    expect(patientsOf((await list(nurse3, 'view=today')).items)).toContain(both);
    expect(patientsOf((await list(nurse3, `view=today&departmentId=${dept['ORTH']}`)).items)).toEqual([both]);
  });

  it('filters by channel, template and ward; counts follow the filter', async () => {
    const sms = await list(nurse, 'view=today&channel=sms');
    expect(patientsOf(sms.items)).toEqual([cardPatients[3]]);
    expect(sms.counts.today).toBe(1);
    expect(sms.items[0].tasks.every((k) => k.channel === 'sms')).toBe(true);
    const phone = await list(nurse, `view=pool&templateId=${phoneTpl}`);
    expect(patientsOf(phone.items)).toEqual(cardPatients.slice(0, 3).sort());
    expect(phone.counts.pool).toBe(3);
    const onWard = await t.sql<{ id: string }>(
      `SELECT DISTINCT k.patient_id AS id FROM followup_task k JOIN followup_plan p ON p.id = k.plan_id JOIN encounter e ON e.id = p.encounter_id
        WHERE e.ward_id = $1 AND p.template_id = ANY($2::uuid[])`,
      [cardWard, [phoneTpl, smsTpl]],
    );
    expect(onWard.length).toBeGreaterThan(0);
    expect(patientsOf((await list(nurse, `view=today&wardId=${cardWard}`)).items)).toEqual(onWard.map((r) => r.id).sort());
  });

  it('refuses a department outside the nurse’s scope and malformed filters', async () => {
    const res = await t.http().get(`/api/worklist?view=today&departmentId=${dept['ORTH']}`).set(auth(nurse)).expect(400);
    expect(res.body.fields.departmentId).toBeDefined();
    await t.http().get(`/api/worklist/counts?departmentId=${dept['ORTH']}`).set(auth(nurse)).expect(400);
    await t.http().get('/api/worklist?view=today&channel=pigeon').set(auth(nurse)).expect(400);
    await t.http().get('/api/worklist?view=today&wardId=nope').set(auth(nurse)).expect(400);
  });

  it('a task routed to another nurse is on her "mine", not on my list or in the pool', async () => {
    const target = cardPatients[0];
    const [{ id: nurse2Id }] = await t.sql<{ id: string }>(`SELECT id FROM app_user WHERE username = 'nurse2'`);
    await t.sql(`UPDATE followup_task SET assigned_to = $1 WHERE patient_id = $2`, [nurse2Id, target]);
    expect(patientsOf((await list(nurse, 'view=today')).items)).not.toContain(target);
    expect(patientsOf((await list(nurse, 'view=pool')).items)).not.toContain(target);
    const hers = await list(nurse2, 'view=mine');
    expect(patientsOf(hers.items)).toEqual([target]);
    expect(hers.counts.mine).toBe(1);
    expect(patientsOf((await list(nurse2, 'view=today')).items)).toContain(target);
  });

  it('a transfer moves the open follow-up to the new department’s list', async () => {
    await t.sql(`UPDATE encounter SET department_id = $1 WHERE visit_number = 'T-ORTH-1'`, [dept['CARD']]);
    expect(patientsOf((await list(nurse, 'view=today')).items)).toContain(both);
  });
});
