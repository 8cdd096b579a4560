import { MovableClock } from './support/movable-clock';
import { startTestApp, TestApp } from './support/test-app';

/** Enrols the nurse's patients with a task due today, then works the list. */
describe('the nurse worklist', () => {
  let t: TestApp;
  let nurse: string;
  let doctor: string;
  let taskId: string;
  const clock = new MovableClock();
  const auth = (tok: string) => ({ Authorization: `Bearer ${tok}` });

  beforeAll(async () => {
    t = await startTestApp({}, undefined, undefined, { clock });
    [nurse, doctor] = await Promise.all([t.login('nurse'), t.login('doctor')]);
    const q = (await t.sql<{ id: string }>(`SELECT id FROM questionnaire WHERE code = 'lib_post_discharge_general'`))[0].id;
    const card = (await t.sql<{ id: string }>(`SELECT id FROM department WHERE code = 'CARD'`))[0].id;
    const tpl = await t
      .http()
      .post('/api/followup-templates')
      .set(auth(doctor))
      .send({
        nameZh: '今日随访',
        nameEn: 'Today',
        purpose: 'clinical',
        mode: 'centre',
        rules: {},
        steps: [
          {
            key: 'now',
            anchor: 'enrolment',
            offsetDays: 0,
            questionnaireId: q,
            channel: 'phone',
            team: 'centre',
            windowBeforeDays: 0,
            windowAfterDays: 3,
          },
        ],
      })
      .expect(201);
    const patients = await t.sql<{ id: string }>(
      `SELECT DISTINCT p.id FROM patient p JOIN encounter e ON e.patient_id = p.id
        WHERE e.department_id = $1 AND e.discharged_at IS NOT NULL AND p.status <> 'deceased' LIMIT 3`,
      [card],
    );
    await t
      .http()
      .post(`/api/followup-templates/${tpl.body.id}/enrol`)
      .set(auth(doctor))
      .send({ patientIds: patients.map((p) => p.id) })
      .expect(201);
    taskId = (
      await t.sql<{ id: string }>(
        `SELECT k.id FROM followup_task k JOIN followup_plan p ON p.id = k.plan_id WHERE p.template_id = $1 ORDER BY k.id LIMIT 1`,
        [tpl.body.id],
      )
    )[0].id;
  });
  afterAll(() => t.close());

  it('shows today’s tasks grouped by patient with counts per view', async () => {
    const res = await t.http().get('/api/worklist?view=today').set(auth(nurse)).expect(200);
    expect(res.body.quietHours).toBe(false); // QUIET_HOURS=off in tests
    expect(res.body.total).toBe(3);
    expect(res.body.items.flatMap((i: { tasks: Array<{ id: string }> }) => i.tasks.map((k) => k.id))).toContain(taskId);
    const counts = (await t.http().get('/api/worklist/counts').set(auth(nurse)).expect(200)).body;
    expect(counts.quietHours).toBe(false);
    expect(counts.counts.today).toBe(3);
    expect(Object.keys(counts.counts).sort()).toEqual(['callbacks', 'done', 'mine', 'overdue', 'pool', 'today']);
    for (const i of res.body.items as Array<{ phone: string | null }>) if (i.phone) expect(i.phone).toMatch(/\*{4}/);
  });

  it('two nurses can never hold the same task: concurrent claims, exactly one wins', async () => {
    const other = await t
      .http()
      .post('/api/users')
      .set(auth(await t.login('admin')))
      .send({
        username: 'nurse2',
        displayName: '王护士',
        password: 'Nurse-pass-22',
        roles: ['nurse'],
        departmentIds: [(await t.sql<{ id: string }>(`SELECT id FROM department WHERE code = 'CARD'`))[0].id],
      })
      .expect(201);
    expect(other.body.username).toBe('nurse2');
    const nurse2 = await t.login('nurse2', 'Nurse-pass-22');
    const results = await Promise.all([
      t.http().post(`/api/tasks/${taskId}/claim`).set(auth(nurse)),
      t.http().post(`/api/tasks/${taskId}/claim`).set(auth(nurse2)),
      t.http().post(`/api/tasks/${taskId}/claim`).set(auth(nurse2)),
    ]);
    const nurseWon = results[0].status === 201;
    const nurse2Won = results.slice(1).some((r) => r.status === 201);
    // Exactly one nurse holds it (nurse2 may re-claim its own task, which is allowed).
    expect(nurseWon !== nurse2Won).toBe(true);
    const refused = results.filter((r) => r.status === 409);
    expect(refused.every((r) => r.body.code === 'TASK_CLAIMED')).toBe(true);
    // The refusal says who holds the task.
    for (const r of refused) expect(r.body.details.claimedBy.displayName).toBe(nurseWon ? '陈护士' : '王护士');
    const [{ claimed_by }] = await t.sql<{ claimed_by: string }>(`SELECT claimed_by FROM followup_task WHERE id = $1`, [taskId]);
    const winnerId = (await t.sql<{ id: string }>(`SELECT id FROM app_user WHERE username = $1`, [nurseWon ? 'nurse' : 'nurse2']))[0].id;
    expect(claimed_by).toBe(winnerId);
    // Hand the task to nurse for the next tests.
    await t
      .http()
      .post(`/api/tasks/${taskId}/release`)
      .set(auth(nurseWon ? nurse : nurse2))
      .expect(204);
    await t.http().post(`/api/tasks/${taskId}/claim`).set(auth(nurse)).expect(201);
  });

  it('the call screen context: task, questionnaire, masked patient, anchor encounter, history, plans; audited, scoped', async () => {
    const res = await t.http().get(`/api/tasks/${taskId}/context`).set(auth(nurse)).expect(200);
    const c = res.body;
    expect(c.task).toMatchObject({ id: taskId, status: 'in_progress', claimedBy: { displayName: '陈护士', mine: true } });
    expect(c.task.questionnaire).toMatchObject({ code: 'lib_post_discharge_general', titleZh: '出院后通用随访' });
    expect(c.task.questionnaire.definition.sections.length).toBeGreaterThan(0);
    for (const ph of c.patient.phones) expect(ph.number).toMatch(/\*{4}/);
    expect(c.anchor).toMatchObject({ department: { name: '心内科' } });
    expect(Array.isArray(c.anchor.procedures)).toBe(true);
    expect(c.plans.some((p: { tasks: Array<{ id: string }> }) => p.tasks.some((k) => k.id === taskId))).toBe(true);
    expect(c.history).toEqual({ contacts: [], responses: [] });
    expect(Array.isArray(c.escalations)).toBe(true);
    expect(Array.isArray(c.labs)).toBe(true);
    const [{ n }] = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = 'patient.read' AND entity_id = $1`,
      [c.patient.id],
    );
    expect(n).toBeGreaterThan(0);
    // Outside the caller's departments: 404, as for the record; without worklist.work: 403.
    const dept = await t.sql<{ id: string }>(
      `SELECT d.id FROM department d, patient p WHERE p.id = $1 AND NOT d.id = ANY(p.department_ids) ORDER BY d.code LIMIT 1`,
      [c.patient.id],
    );
    const admin = await t.login('admin');
    await t
      .http()
      .post('/api/users')
      .set(auth(admin))
      .send({ username: 'nurse3', displayName: '赵护士', password: 'Nurse-pass-33', roles: ['nurse'], departmentIds: [dept[0].id] })
      .expect(201);
    const other = await t.login('nurse3', 'Nurse-pass-33');
    expect((await t.http().get(`/api/tasks/${taskId}/context`).set(auth(other))).status).toBe(404);
    expect(
      (
        await t
          .http()
          .get(`/api/tasks/${taskId}/context`)
          .set(auth(await t.login('auditor')))
      ).status,
    ).toBe(403);
  });

  it('no answer → retried in 4 hours; the attempt is logged', async () => {
    const res = await t
      .http()
      .post(`/api/tasks/${taskId}/attempts`)
      .set(auth(nurse))
      .send({ outcome: 'no_answer', durationSeconds: 40 })
      .expect(201);
    expect(res.body).toMatchObject({ status: 'pending', attempts: 1, lastOutcome: 'no_answer' });
    const wait = new Date(res.body.nextAttemptAt).getTime() - Date.now();
    expect(wait).toBeGreaterThan(3.9 * 3600_000);
    expect(wait).toBeLessThan(4.1 * 3600_000);
    const log = await t.sql(`SELECT outcome FROM contact_attempt WHERE task_id = $1`, [taskId]);
    expect(log).toEqual([{ outcome: 'no_answer' }]);
    expect((await t.http().post(`/api/tasks/${taskId}/attempts`).set(auth(nurse)).send({ outcome: 'reached' })).body.code).toBe(
      'TASK_NOT_CLAIMED',
    );
  });

  it('completing with a flagged answer finishes the task and raises an urgent escalation the doctor answers', async () => {
    await t.sql(`UPDATE followup_task SET next_attempt_at = NULL WHERE id = $1`, [taskId]);
    await t.http().post(`/api/tasks/${taskId}/claim`).set(auth(nurse)).expect(201);
    await t.http().post(`/api/tasks/${taskId}/attempts`).set(auth(nurse)).send({ outcome: 'reached' }).expect(201);
    const bad = await t
      .http()
      .post(`/api/tasks/${taskId}/complete`)
      .set(auth(nurse))
      .send({ answers: { generalState: 'good' } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields).sort()).toEqual(['answers.medication', 'answers.newSymptoms']);
    const done = await t
      .http()
      .post(`/api/tasks/${taskId}/complete`)
      .set(auth(nurse))
      .send({ answers: { generalState: 'good', newSymptoms: 'yes', symptomDetail: '活动后胸闷', medication: 'regular' } })
      .expect(201);
    expect(done.body).toMatchObject({ status: 'done', attention: ['newSymptoms'] });
    expect(done.body.escalationIds).toHaveLength(1);
    const open = await t.http().get('/api/escalations?status=open').set(auth(doctor)).expect(200);
    const esc = open.body.find((e: { id: string }) => e.id === done.body.escalationIds[0]);
    expect(esc).toMatchObject({ severity: 'urgent', raised_by_name: '陈护士', questionnaire: { titleZh: '出院后通用随访' } });
    // The flagged answer, and the description asked because of it.
    expect(esc.flagged).toEqual([
      expect.objectContaining({ questionId: 'newSymptoms', value: 'yes', labels: [expect.objectContaining({ zh: expect.any(String) })] }),
      expect.objectContaining({ questionId: 'symptomDetail', value: '活动后胸闷', labels: [] }),
    ]);
    await t.http().post(`/api/escalations/${esc.id}/reply`).set(auth(doctor)).send({ reply: '请患者明日来心内科门诊复诊' }).expect(204);
    expect((await t.http().post(`/api/escalations/${esc.id}/reply`).set(auth(nurse)).send({ reply: 'x' })).status).toBe(403);
    await t.http().post(`/api/escalations/${esc.id}/close`).set(auth(nurse)).expect(204);
    const resp = await t.sql<{ attention: string[]; patient_id: string }>(
      `SELECT attention, patient_id FROM questionnaire_response WHERE task_id = $1`,
      [taskId],
    );
    expect(resp[0].attention).toEqual(['newSymptoms']);
    // The record shows the contact log and the answers.
    const hist = await t.http().get(`/api/patients/${resp[0].patient_id}/follow-up-history`).set(auth(nurse)).expect(200);
    expect(hist.body.contacts.map((c: { outcome: string }) => c.outcome)).toEqual(['reached', 'no_answer']);
    expect(hist.body.responses[0]).toMatchObject({ title_zh: '出院后通用随访', attention: ['newSymptoms'] });
    expect(hist.body.responses[0].items).toContainEqual(
      expect.objectContaining({ questionId: 'symptomDetail', value: '活动后胸闷', text: expect.objectContaining({ zh: '请描述症状' }) }),
    );
  });

  it('a patient reported deceased: every pending task is cancelled and the patient is marked deceased', async () => {
    const k = (
      await t.sql<{ id: string; patient_id: string }>(
        `SELECT id, patient_id FROM followup_task WHERE status = 'pending' AND id <> $1 LIMIT 1`,
        [taskId],
      )
    )[0];
    await t.http().post(`/api/tasks/${k.id}/claim`).set(auth(nurse)).expect(201);
    await t
      .http()
      .post(`/api/tasks/${k.id}/attempts`)
      .set(auth(nurse))
      .send({ outcome: 'deceased', notes: '家属告知患者已去世' })
      .expect(201);
    const left = await t.sql(
      `SELECT 1 FROM followup_task WHERE patient_id = $1 AND status IN ('pending', 'due', 'overdue', 'in_progress')`,
      [k.patient_id],
    );
    expect(left).toEqual([]);
    expect((await t.sql<{ status: string }>(`SELECT status FROM patient WHERE id = $1`, [k.patient_id]))[0].status).toBe('deceased');
  });
  it('self-survey link: one-time, no sign-in, branching like the call screen, answers finish the task as self-collected', async () => {
    const [{ template_id }] = await t.sql<{ template_id: string }>(
      `SELECT p.template_id FROM followup_plan p JOIN followup_task k ON k.plan_id = p.id WHERE k.id = $1`,
      [taskId],
    );
    const open = await t.sql<{ id: string; patient_id: string }>(
      `SELECT k.id, k.patient_id FROM followup_task k JOIN followup_plan p ON p.id = k.plan_id
        WHERE p.template_id = $1 AND k.status IN ('pending', 'due', 'overdue', 'in_progress') ORDER BY k.id`,
      [template_id],
    );
    expect(open.length).toBeGreaterThanOrEqual(1);
    const task = open[0];
    await t.sql(`UPDATE followup_task SET next_attempt_at = NULL, claimed_by = NULL WHERE id = $1`, [task.id]);
    // Only the nurse holding the task can make a link.
    expect((await t.http().post(`/api/tasks/${task.id}/survey-link`).set(auth(nurse)).send({})).body.code).toBe('TASK_NOT_CLAIMED');
    await t.http().post(`/api/tasks/${task.id}/claim`).set(auth(nurse)).expect(201);
    const first = (await t.http().post(`/api/tasks/${task.id}/survey-link`).set(auth(nurse)).send({ lang: 'en' }).expect(201)).body;
    expect(first.path).toBe(`/s/${first.token}`);
    expect(first.token.length).toBeGreaterThanOrEqual(32);
    expect(await t.sql(`SELECT 1 FROM survey_link WHERE token_hash = $1`, [first.token])).toHaveLength(0); // only the hash is stored
    // The task waits two days for the answers, off the call list.
    const [waiting] = await t.sql<{ last_outcome: string; next_attempt_at: Date }>(
      `SELECT last_outcome, next_attempt_at FROM followup_task WHERE id = $1`,
      [task.id],
    );
    expect(waiting.last_outcome).toBe('survey_sent');
    expect(waiting.next_attempt_at.getTime() - Date.now()).toBeGreaterThan(47 * 3600_000);
    const today = await t.http().get('/api/worklist?view=today&pageSize=200').set(auth(nurse)).expect(200);
    expect(today.body.items.map((i: { patientId: string }) => i.patientId)).not.toContain(task.patient_id);
    // A newer link replaces it.
    const second = (await t.http().post(`/api/tasks/${task.id}/survey-link`).set(auth(nurse)).send({}).expect(201)).body;
    expect((await t.http().get(`/api/public/surveys/${first.token}`)).body.code).toBe('SURVEY_LINK_EXPIRED');

    // The patient opens it without signing in: the questionnaire, nothing about who they are.
    const page = await t.http().get(`/api/public/surveys/${second.token}`).expect(200);
    expect(page.body).toMatchObject({ lang: 'zh-CN', questionnaire: { titleZh: '出院后通用随访' } });
    const [patient] = await t.sql<{ name: string }>(`SELECT name FROM patient WHERE id = $1`, [task.patient_id]);
    expect(JSON.stringify(page.body)).not.toContain(patient.name);
    // Branching as on the call screen.
    const preview = await t
      .http()
      .post(`/api/public/surveys/${second.token}/preview`)
      .send({ answers: { newSymptoms: 'yes' } })
      .expect(201);
    expect(preview.body.visible).toContain('symptomDetail');
    // Missing answers: field errors, nothing saved.
    const bad = await t
      .http()
      .post(`/api/public/surveys/${second.token}`)
      .send({ answers: { generalState: 'good' } });
    expect(bad.status).toBe(400);
    expect(bad.body.fields['answers.medication']).toBeDefined();
    // Answered: the task is done, the response is self-collected, the flagged answer escalates.
    await t
      .http()
      .post(`/api/public/surveys/${second.token}`)
      .send({ answers: { generalState: 'good', newSymptoms: 'yes', symptomDetail: '夜间憋醒', medication: 'regular' } })
      .expect(201);
    const [done] = await t.sql<{ status: string }>(`SELECT status FROM followup_task WHERE id = $1`, [task.id]);
    expect(done.status).toBe('done');
    const [resp] = await t.sql<{ mode: string; submitted_by: string | null }>(
      `SELECT mode, submitted_by FROM questionnaire_response WHERE task_id = $1`,
      [task.id],
    );
    expect(resp).toEqual({ mode: 'self', submitted_by: null });
    expect(await t.sql(`SELECT severity FROM escalation WHERE task_id = $1`, [task.id])).toEqual([{ severity: 'urgent' }]);
    // A second submit (and opening it again) is refused.
    const again = await t
      .http()
      .post(`/api/public/surveys/${second.token}`)
      .send({ answers: { generalState: 'good', newSymptoms: 'no', medication: 'regular' } });
    expect([again.status, again.body.code]).toEqual([409, 'SURVEY_ALREADY_SUBMITTED']);
    expect((await t.http().get(`/api/public/surveys/${second.token}`)).status).toBe(409);
    expect((await t.http().get(`/api/public/surveys/not-a-real-token-at-all-0000`)).body.code).toBe('SURVEY_LINK_NOT_FOUND');
    const audit = await t.sql<{ action: string; actor_id: string | null }>(
      `SELECT action, actor_id FROM audit_event WHERE entity_id = $1 AND action LIKE 'survey_link.%' ORDER BY id`,
      [task.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['survey_link.create', 'survey_link.create', 'survey_link.open', 'survey_link.submit']);
    expect(audit[3].actor_id).toBeNull();
  });

  it('self-survey link: two submits at the same moment, exactly one is stored; an expired link says so', async () => {
    // Two more patients of 心内科 enrolled in the same template.
    const [{ template_id }] = await t.sql<{ template_id: string }>(
      `SELECT p.template_id FROM followup_plan p JOIN followup_task k ON k.plan_id = p.id WHERE k.id = $1`,
      [taskId],
    );
    const more = await t.sql<{ id: string }>(
      `SELECT DISTINCT p.id FROM patient p JOIN encounter e ON e.patient_id = p.id JOIN department d ON d.id = e.department_id
        WHERE d.code = 'CARD' AND e.discharged_at IS NOT NULL AND p.status = 'active'
          AND NOT EXISTS (SELECT 1 FROM followup_plan fp WHERE fp.patient_id = p.id AND fp.template_id = $1) LIMIT 2`,
      [template_id],
    );
    await t
      .http()
      .post(`/api/followup-templates/${template_id}/enrol`)
      .set(auth(doctor))
      .send({ patientIds: more.map((p) => p.id) })
      .expect(201);
    const [k, k2] = await t.sql<{ id: string }>(
      `SELECT k.id FROM followup_task k WHERE k.patient_id = ANY($1::uuid[]) AND k.status IN ('pending', 'due', 'overdue') ORDER BY k.id`,
      [more.map((p) => p.id)],
    );
    await t.sql(`UPDATE followup_task SET next_attempt_at = NULL, claimed_by = NULL WHERE id = $1`, [k.id]);
    await t.http().post(`/api/tasks/${k.id}/claim`).set(auth(nurse)).expect(201);
    const link = (await t.http().post(`/api/tasks/${k.id}/survey-link`).set(auth(nurse)).send({}).expect(201)).body;
    const answers = { generalState: 'good', newSymptoms: 'no', medication: 'regular' };
    const results = await Promise.all(
      Array.from({ length: 4 }, () => t.http().post(`/api/public/surveys/${link.token}`).send({ answers })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    expect(await t.sql(`SELECT id FROM questionnaire_response WHERE task_id = $1`, [k.id])).toHaveLength(1);

    await t.sql(`UPDATE followup_task SET next_attempt_at = NULL, claimed_by = NULL WHERE id = $1`, [k2.id]);
    await t.http().post(`/api/tasks/${k2.id}/claim`).set(auth(nurse)).expect(201);
    const old = (await t.http().post(`/api/tasks/${k2.id}/survey-link`).set(auth(nurse)).send({}).expect(201)).body;
    await t.sql(`UPDATE survey_link SET expires_at = now() - interval '1 minute' WHERE task_id = $1`, [k2.id]);
    const expired = await t.http().get(`/api/public/surveys/${old.token}`);
    expect([expired.status, expired.body.code]).toEqual([410, 'SURVEY_LINK_EXPIRED']);
  });

  it('a task not done today is in tomorrow’s overdue list (controllable clock)', async () => {
    const [{ template_id }] = await t.sql<{ template_id: string }>(
      `SELECT p.template_id FROM followup_plan p JOIN followup_task k ON k.plan_id = p.id WHERE k.id = $1`,
      [taskId],
    );
    const [patient] = await t.sql<{ id: string }>(
      `SELECT DISTINCT p.id FROM patient p JOIN encounter e ON e.patient_id = p.id JOIN department d ON d.id = e.department_id
        WHERE d.code = 'CARD' AND e.discharged_at IS NOT NULL AND p.status = 'active'
          AND NOT EXISTS (SELECT 1 FROM followup_plan fp WHERE fp.patient_id = p.id) LIMIT 1`,
    );
    await t
      .http()
      .post(`/api/followup-templates/${template_id}/enrol`)
      .set(auth(doctor))
      .send({ patientIds: [patient.id] })
      .expect(201);
    const view = async (name: string) =>
      (await t.http().get(`/api/worklist?view=${name}&pageSize=200`).set(auth(nurse)).expect(200)).body.items as Array<{
        patientId: string;
        overdueDays: number;
      }>;
    const find = (items: Array<{ patientId: string; overdueDays: number }>) => items.find((i) => i.patientId === patient.id);
    expect(find(await view('today'))).toMatchObject({ overdueDays: 0 });
    expect(find(await view('overdue'))).toBeUndefined();
    try {
      clock.offsetMs = 86_400_000; // tomorrow, nothing done
      expect(find(await view('today'))).toBeUndefined();
      expect(find(await view('overdue'))).toMatchObject({ overdueDays: 1 });
      clock.offsetMs = 3 * 86_400_000;
      expect(find(await view('overdue'))).toMatchObject({ overdueDays: 3 });
    } finally {
      clock.offsetMs = 0;
    }
  });

  // Last: a second app in this process re-registers the (process-global) passport strategies.
  it('quiet hours keep phone tasks off the list', async () => {
    const h = (new Date().getUTCHours() + 8) % 24;
    const quiet = await startTestApp({ QUIET_HOURS: `${h}:00-${(h + 1) % 24}:00` }, t.dbUrl, { url: t.dbUrl, drop: async () => undefined });
    try {
      const token = `Bearer ${await quiet.login('nurse')}`;
      const res = await quiet.http().get('/api/worklist?view=today').set('Authorization', token).expect(200);
      expect(res.body).toMatchObject({ quietHours: true, total: 0, items: [] });
      const counts = await quiet.http().get('/api/worklist/counts').set('Authorization', token).expect(200);
      expect(counts.body).toMatchObject({ quietHours: true, counts: { today: 0 } });
    } finally {
      await quiet.close();
    }
  });
});
