import { PlansService } from '../src/followup/plans/plans.service';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Task assignment: rules applied when tasks are generated from a discharge, the manager's bulk and
 * single reassignment (claims released, history written, audited), department scoping, bad input.
 */
describe('task assignment', () => {
  let t: TestApp;
  let manager: string;
  let nurse: string;
  let ids: Record<'card' | 'endo' | 'card1' | 'card2' | 'endo1' | 'nurse' | 'nurse2' | 'endoNurse' | 'doctor' | 'template', string>;
  const auth = (tok: string) => ({ Authorization: `Bearer ${tok}` });
  const one = async <T>(sql: string, params?: unknown[]) => (await t.sql<T>(sql, params))[0];
  const PROCEDURE = 'ASG.TEST';

  /** A discharge yesterday (China time) of a patient not used before, with discharge (and optionally admitting) diagnoses. */
  let used: string[] = [];
  async function discharge(department: string, ward: string, icd: string, admitting?: string): Promise<string> {
    const { id: patientId } = await one<{ id: string }>(
      `SELECT id FROM patient WHERE status <> 'deceased' AND merged_into_id IS NULL AND NOT id = ANY($1::uuid[]) ORDER BY id LIMIT 1`,
      [used],
    );
    used = [...used, patientId];
    const { id } = await one<{ id: string }>(
      `INSERT INTO encounter (patient_id, type, department_id, ward_id, admitted_at, discharged_at, discharge_disposition)
       VALUES ($1, 'inpatient', $2, $3, now() - interval '6 days', now() - interval '1 day', '1') RETURNING id`,
      [patientId, department, ward],
    );
    await t.sql(`INSERT INTO encounter_diagnosis (encounter_id, icd10_code, text, type) VALUES ($1, $2, '出院诊断', 'discharge')`, [
      id,
      icd,
    ]);
    if (admitting)
      await t.sql(`INSERT INTO encounter_diagnosis (encounter_id, icd10_code, text, type) VALUES ($1, $2, '入院诊断', 'admitting')`, [
        id,
        admitting,
      ]);
    await t.sql(`INSERT INTO encounter_procedure (encounter_id, code, name) VALUES ($1, $2, '测试操作')`, [id, PROCEDURE]);
    return id;
  }

  /** The generated tasks of an encounter with their assignee's username (null: unassigned), by step. */
  const tasksOf = (encounterId: string) =>
    t.sql<{ id: string; step_key: string; assignee: string | null; due: string }>(
      `SELECT k.id, k.step_key, u.username AS assignee, to_char(k.due_date, 'YYYY-MM-DD') AS due
         FROM followup_task k JOIN followup_plan p ON p.id = k.plan_id LEFT JOIN app_user u ON u.id = k.assigned_to
        WHERE p.encounter_id = $1 ORDER BY k.due_date`,
      [encounterId],
    );

  const rule = (over: Record<string, unknown>) =>
    t
      .http()
      .post('/api/assignment/rules')
      .set(auth(manager))
      .send({ name: 'rule', priority: 100, ...over });

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await t.login('admin');
    [manager, nurse] = await Promise.all([t.login('manager'), t.login('nurse')]);
    const dept = async (code: string) => (await one<{ id: string }>(`SELECT id FROM department WHERE code = $1`, [code])).id;
    const ward = async (code: string) => (await one<{ id: string }>(`SELECT id FROM ward WHERE code = $1`, [code])).id;
    const user = async (username: string) => (await one<{ id: string }>(`SELECT id FROM app_user WHERE username = $1`, [username])).id;
    const [card, endo] = [await dept('CARD'), await dept('ENDO')];
    for (const [username, displayName, departmentIds] of [
      ['nurse2', '王护士', [card]],
      ['endonurse', '赵护士', [endo]],
    ] as const) {
      await t
        .http()
        .post('/api/users')
        .set(auth(admin))
        .send({ username, displayName, password: 'Nurse-pass-22', roles: ['nurse'], departmentIds })
        .expect(201);
    }
    const q = await one<{ id: string }>(`SELECT id FROM questionnaire WHERE code = 'lib_post_discharge_general'`);
    const step = (key: string, offsetDays: number) => ({
      key,
      anchor: 'discharge',
      offsetDays,
      questionnaireId: q.id,
      channel: 'phone',
      team: 'centre',
      windowBeforeDays: 0,
      windowAfterDays: 3,
    });
    const tpl = await t
      .http()
      .post('/api/followup-templates')
      .set(auth(await t.login('doctor')))
      .send({
        nameZh: '分配测试',
        nameEn: 'Assignment test',
        purpose: 'clinical',
        mode: 'centre',
        rules: { procedureCodes: [PROCEDURE] },
        steps: [step('d1', 1), step('d7', 7)],
      })
      .expect(201);
    ids = {
      card,
      endo,
      card1: await ward('CARD-1'),
      card2: await ward('CARD-2'),
      endo1: await ward('ENDO-1'),
      nurse: await user('nurse'),
      nurse2: await user('nurse2'),
      endoNurse: await user('endonurse'),
      doctor: await user('doctor'),
      template: tpl.body.id,
    };
  });
  afterAll(() => t.close());

  it('refuses bad rules with field errors, and non-managers', async () => {
    const bad = async (body: Record<string, unknown>, field: string, text: RegExp) => {
      const res = await rule(body);
      expect(res.status).toBe(400);
      expect(res.body.fields[field].join(' ')).toMatch(text);
    };
    await bad({ departmentId: '00000000-0000-4000-8000-000000000000', assigneeId: ids.nurse }, 'departmentId', /unknown department/);
    await bad({ departmentId: ids.card, wardId: '00000000-0000-4000-8000-000000000000', assigneeId: ids.nurse }, 'wardId', /unknown ward/);
    await bad({ departmentId: ids.card, wardId: ids.endo1, assigneeId: ids.nurse }, 'wardId', /another department/);
    await bad({ departmentId: ids.card, assigneeId: ids.doctor }, 'assigneeId', /does not have the nurse role/);
    await bad({ departmentId: ids.card, assigneeId: '00000000-0000-4000-8000-000000000000' }, 'assigneeId', /unknown user/);
    await bad({ departmentId: ids.card, assigneeId: ids.endoNurse }, 'assigneeId', /does not work in this department/);
    await bad({ departmentId: ids.card, assigneeId: ids.nurse, targetTeam: 'centre' }, 'assigneeId', /either a nurse or a team/);
    await bad({ departmentId: ids.card }, 'assigneeId', /either a nurse or a team/);
    await bad({ assigneeId: ids.nurse }, 'departmentId', /at least one condition/);
    await bad({ departmentId: ids.card, assigneeId: ids.nurse, icdPrefixes: ['1x'] }, 'icdPrefixes', /ICD-10 prefix/);
    await bad({ departmentId: ids.card, targetTeam: 'ward' }, 'targetTeam', /targetTeam/);
    expect((await t.http().post('/api/assignment/rules').set(auth(nurse)).send({})).status).toBe(403);
    expect((await t.http().get('/api/assignment/rules').set(auth(nurse))).status).toBe(403);
    expect(await t.sql(`SELECT 1 FROM assignment_rule`)).toEqual([]);
  });

  it('applies the highest-priority matching rule when a discharge generates tasks; no match leaves them unassigned', async () => {
    // Ward rule before the diagnosis rule; an ENDO team rule stops the ENDO nurse rule below it;
    // a rule without a department never gives a task to a nurse outside its department.
    await rule({ name: '心梗 → 王护士', priority: 20, departmentId: ids.card, icdPrefixes: ['i21'], assigneeId: ids.nurse2 }).expect(201);
    const ward = await rule({ name: '一病区 → 陈护士', priority: 10, wardId: ids.card1, assigneeId: ids.nurse }).expect(201);
    expect(ward.body).toMatchObject({ departmentId: ids.card, ward: { name: '心内科一病区' }, assignee: { displayName: '陈护士' } });
    await rule({ name: '内分泌 → 中心', priority: 30, departmentId: ids.endo, targetTeam: 'centre' }).expect(201);
    await rule({ name: '内分泌 → 赵护士', priority: 40, departmentId: ids.endo, assigneeId: ids.endoNurse }).expect(201);
    await rule({ name: '肺炎 → 赵护士', priority: 50, icdPrefixes: ['J18'], assigneeId: ids.endoNurse }).expect(201);

    const e = {
      ward1Mi: await discharge(ids.card, ids.card1, 'I21.9'),
      ward2Mi: await discharge(ids.card, ids.card2, 'I21.0'),
      ward2Other: await discharge(ids.card, ids.card2, 'I10', 'I21.9'),
      endo: await discharge(ids.endo, ids.endo1, 'E11.9'),
      cardPneumonia: await discharge(ids.card, ids.card2, 'J18.9'),
    };
    const enrolled = await t.app.get(PlansService).enrolDischarges({ encounterIds: Object.values(e) });
    expect(enrolled.plans).toBe(5);
    const assignees = async (id: string) => (await tasksOf(id)).map((k) => k.assignee);
    expect(await assignees(e.ward1Mi)).toEqual(['nurse', 'nurse']);
    expect(await assignees(e.ward2Mi)).toEqual(['nurse2', 'nurse2']);
    expect(await assignees(e.ward2Other)).toEqual([null, null]); // an admitting diagnosis does not count
    expect(await assignees(e.endo)).toEqual([null, null]);
    expect(await assignees(e.cardPneumonia)).toEqual([null, null]);

    const history = await t.sql<{ source: string; rule: string; by: string | null; from: string | null }>(
      `SELECT h.source, r.name AS rule, h.changed_by AS by, h.from_user_id AS from FROM task_assignment_history h
         JOIN assignment_rule r ON r.id = h.rule_id WHERE h.task_id = $1`,
      [(await tasksOf(e.ward1Mi))[0].id],
    );
    expect(history).toEqual([{ source: 'rule', rule: '一病区 → 陈护士', by: null, from: null }]);
  });

  it('re-applies the rules to open unassigned tasks on request', async () => {
    const created = await rule({
      name: '高血压 → 王护士',
      priority: 60,
      departmentId: ids.card,
      icdPrefixes: ['I10'],
      assigneeId: ids.nurse2,
    });
    expect(created.status).toBe(201);
    const res = await t.http().post('/api/assignment/rules/apply').set(auth(manager)).expect(201);
    expect(res.body.assigned).toBe(2);
    const [{ n }] = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM task_assignment_history WHERE rule_id = $1 AND changed_by = (SELECT id FROM app_user WHERE username = 'manager')`,
      [created.body.id],
    );
    expect(n).toBe(2);
    // Disabling keeps the rule (listed as inactive) and it no longer applies.
    const off = await t.http().patch(`/api/assignment/rules/${created.body.id}`).set(auth(manager)).send({ active: false }).expect(200);
    expect(off.body).toMatchObject({ active: false, name: '高血压 → 王护士' });
    expect(off.body.disabledAt).toBeTruthy();
    const list = await t.http().get('/api/assignment/rules').set(auth(manager)).expect(200);
    expect(list.body.find((r: { id: string }) => r.id === created.body.id)).toMatchObject({ active: false });
    expect(
      (await t.http().get('/api/assignment/rules?includeInactive=false').set(auth(manager))).body.map((r: { id: string }) => r.id),
    ).not.toContain(created.body.id);
  });

  it('bulk reassignment moves exactly the filtered tasks, releases the old assignee’s claims, writes history, is audited', async () => {
    // 陈护士 holds three more CARD-1 discharges (two tasks each) and claims one of them.
    const more = [
      await discharge(ids.card, ids.card1, 'I48'),
      await discharge(ids.card, ids.card1, 'I50.9'),
      await discharge(ids.card, ids.card1, 'I25.1'),
    ];
    await t.app.get(PlansService).enrolDischarges({ encounterIds: more });
    const mine = await t.sql<{ id: string; step_key: string; due: string }>(
      `SELECT k.id, k.step_key, to_char(k.due_date, 'YYYY-MM-DD') AS due FROM followup_task k WHERE k.assigned_to = $1 ORDER BY k.due_date, k.id`,
      [ids.nurse],
    );
    expect(mine).toHaveLength(8);
    const d1 = mine.filter((k) => k.step_key === 'd1');
    const claimed = d1[0].id;
    await t.http().post(`/api/tasks/${claimed}/claim`).set(auth(nurse)).expect(201);
    const dueDays = [...new Set(d1.map((k) => k.due))];
    const filter = { fromUserId: ids.nurse, departmentId: ids.card, dueFrom: dueDays[0], dueTo: dueDays[dueDays.length - 1] };

    const preview = await t
      .http()
      .post('/api/assignment/reassign/preview')
      .set(auth(manager))
      .send({ ...filter, toUserId: ids.nurse2 })
      .expect(201);
    expect(preview.body).toEqual({ tasks: 4, patients: 4, claimsToRelease: 1, outsideTargetDepartments: 0 });

    const res = await t
      .http()
      .post('/api/assignment/reassign')
      .set(auth(manager))
      .send({ ...filter, toUserId: ids.nurse2, reason: '陈护士休假' })
      .expect(201);
    expect(res.body).toMatchObject({ moved: 4, releasedClaims: 1 });

    const after = await t.sql<{ id: string; assigned: string; claimed_by: string | null; status: string }>(
      `SELECT k.id, u.username AS assigned, k.claimed_by, k.status FROM followup_task k JOIN app_user u ON u.id = k.assigned_to WHERE k.id = ANY($1::uuid[])`,
      [mine.map((k) => k.id)],
    );
    const moved = after.filter((k) => k.assigned === 'nurse2').map((k) => k.id);
    expect(moved.sort()).toEqual(d1.map((k) => k.id).sort());
    expect(after.filter((k) => k.assigned === 'nurse').map((k) => k.id)).toHaveLength(4); // the d7 tasks stay
    expect(after.find((k) => k.id === claimed)).toMatchObject({ claimed_by: null, status: 'pending' });

    const history = await t.sql<{
      task_id: string;
      from_user_id: string;
      to_user_id: string;
      source: string;
      reason: string;
      batch_id: string;
    }>(`SELECT task_id, from_user_id, to_user_id, source, reason, batch_id FROM task_assignment_history WHERE source = 'bulk'`);
    expect(history.map((h) => h.task_id).sort()).toEqual(moved.sort());
    for (const h of history)
      expect(h).toMatchObject({ from_user_id: ids.nurse, to_user_id: ids.nurse2, reason: '陈护士休假', batch_id: res.body.batchId });
    const audit = await t.sql<{ details: { moved: number; toUserId: string; filter: { fromUserId: string } } }>(
      `SELECT details FROM audit_event WHERE action = 'task.reassign.bulk' AND entity_id = $1`,
      [res.body.batchId],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].details).toMatchObject({ moved: 4, toUserId: ids.nurse2, filter: { fromUserId: ids.nurse } });

    // Back to the pool: unassigned, with history; nothing left for a second run.
    const pool = await t
      .http()
      .post('/api/assignment/reassign')
      .set(auth(manager))
      .send({ fromUserId: ids.nurse2, toPool: true })
      .expect(201);
    expect(pool.body.moved).toBe(4 + 2 + 2); // the four moved here, two by the I21 rule, two by the I10 rule
    expect(
      (await t.http().post('/api/assignment/reassign').set(auth(manager)).send({ fromUserId: ids.nurse2, toPool: true })).body.moved,
    ).toBe(0);
  });

  it('one task: reassigned by hand, with its history visible to staff (newest first)', async () => {
    const [task] = await t.sql<{ id: string }>(
      `SELECT id FROM followup_task WHERE assigned_to IS NULL AND status = 'pending' ORDER BY due_date, id LIMIT 1`,
    );
    await t.http().post(`/api/tasks/${task.id}/assignee`).set(auth(manager)).send({ toUserId: ids.nurse, reason: '熟悉患者' }).expect(201);
    const res = await t.http().post(`/api/tasks/${task.id}/assignee`).set(auth(manager)).send({ toUserId: null }).expect(201);
    expect(res.body).toMatchObject({ changed: true, assignedTo: null });
    const h = await t.http().get(`/api/tasks/${task.id}/assignment-history`).set(auth(nurse)).expect(200);
    expect(h.body[0]).toMatchObject({
      source: 'manual',
      from: { displayName: '陈护士' },
      to: null,
      by: { displayName: '李主任（医务部）' },
    });
    expect(h.body[1]).toMatchObject({ source: 'manual', from: null, to: { displayName: '陈护士' }, reason: '熟悉患者' });
    expect(
      (
        await t
          .http()
          .get(`/api/tasks/${task.id}/assignment-history`)
          .set(auth(await t.login('auditor')))
      ).status,
    ).toBe(403);
    // A task that is no longer open cannot be reassigned.
    await t.sql(`UPDATE followup_task SET status = 'done' WHERE id = $1`, [task.id]);
    const done = await t.http().post(`/api/tasks/${task.id}/assignee`).set(auth(manager)).send({ toUserId: ids.nurse });
    expect([done.status, done.body.code]).toEqual([409, 'TASK_NOT_OPEN']);
  });

  it('stays inside the manager’s department scope and the target nurse’s departments', async () => {
    const cardTasks = await t.sql<{ id: string }>(
      `SELECT k.id FROM followup_task k JOIN followup_plan p ON p.id = k.plan_id JOIN encounter e ON e.id = p.encounter_id
        WHERE e.department_id = $1 AND k.status = 'pending' ORDER BY k.id`,
      [ids.card],
    );
    await t.http().post('/api/assignment/reassign').set(auth(manager)).send({ departmentId: ids.card, toUserId: ids.nurse }).expect(201);
    // Working as ENDO (the department switcher): CARD is out of scope.
    const asEndo = { ...auth(manager), 'X-Department-Id': ids.endo };
    const explicit = await t.http().post('/api/assignment/reassign').set(asEndo).send({ departmentId: ids.card, toUserId: ids.nurse2 });
    expect([explicit.status, explicit.body.code]).toEqual([403, 'DEPARTMENT_NOT_ALLOWED']);
    const byNurse = await t
      .http()
      .post('/api/assignment/reassign/preview')
      .set(asEndo)
      .send({ fromUserId: ids.nurse, toUserId: ids.nurse2 })
      .expect(201);
    expect(byNurse.body.tasks).toBe(0);
    expect((await t.http().post(`/api/tasks/${cardTasks[0].id}/assignee`).set(asEndo).send({ toUserId: ids.nurse2 })).status).toBe(404);
    expect((await t.http().get(`/api/tasks/${cardTasks[0].id}/assignment-history`).set(asEndo)).status).toBe(404);
    expect((await rule({ departmentId: ids.card, assigneeId: ids.nurse }).set('X-Department-Id', ids.endo)).status).toBe(403);
    // A nurse of ENDO may not take CARD tasks: refused as a whole, nothing moved.
    const refused = await t
      .http()
      .post('/api/assignment/reassign')
      .set(auth(manager))
      .send({ fromUserId: ids.nurse, toUserId: ids.endoNurse });
    expect(refused.status).toBe(400);
    expect(refused.body.fields.toUserId[0]).toMatch(/赵护士 does not work in the department of \d+ of these \d+ tasks/);
    const [{ n }] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM followup_task WHERE assigned_to = $1`, [ids.endoNurse]);
    expect(n).toBe(0);
    const still = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM followup_task WHERE id = ANY($1::uuid[]) AND assigned_to = $2`,
      [cardTasks.map((k) => k.id), ids.nurse],
    );
    expect(still[0].n).toBe(cardTasks.length);
  });

  it('bad reassignment input gets clear field errors', async () => {
    const bad = async (body: Record<string, unknown>, field: string, text: RegExp) => {
      const res = await t.http().post('/api/assignment/reassign').set(auth(manager)).send(body);
      expect(res.status).toBe(400);
      expect(res.body.fields[field].join(' ')).toMatch(text);
    };
    await bad({ toUserId: ids.nurse2 }, 'fromUserId', /give a staff member/);
    await bad({ fromUserId: ids.nurse }, 'toUserId', /the pool/);
    await bad({ fromUserId: ids.nurse, toUserId: ids.nurse2, toPool: true }, 'toUserId', /not both/);
    await bad({ fromUserId: ids.nurse, toUserId: ids.nurse }, 'toUserId', /already assigned/);
    await bad({ fromUserId: ids.nurse, toUserId: ids.doctor }, 'toUserId', /nurse role/);
    await bad({ fromUserId: ids.nurse, toUserId: ids.nurse2, dueFrom: '2026-02-01', dueTo: '2026-01-01' }, 'dueTo', /before its start/);
    await bad({ fromUserId: ids.nurse, toUserId: ids.nurse2, dueFrom: '2026-13-01' }, 'dueFrom', /dueFrom/);
    await bad({ departmentId: 'cardiology', toUserId: ids.nurse2 }, 'departmentId', /UUID/);
    await bad({ fromUserId: '00000000-0000-4000-8000-000000000000', toUserId: ids.nurse2 }, 'fromUserId', /unknown user/);
    expect((await t.http().post('/api/assignment/reassign').set(auth(nurse)).send({})).status).toBe(403);
  });
});
