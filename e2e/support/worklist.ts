import { apiCall, apiLogin } from './api';
import { sql } from './db';

const SURNAMES = ['赵', '钱', '孙', '李', '周', '吴', '郑', '王', '冯', '陈'];
const GIVEN = ['建国', '秀英', '志强', '桂兰', '海燕', '国华', '丽娟', '德明', '玉梅', '文斌'];
let made = 0;

/**
 * New patients of 心内科 with a mobile phone and an inpatient stay discharged yesterday (I25.1), created
 * through the API as the administrator (the encounter is written with SQL: encounters come from the HIS).
 */
export async function newCardiologyPatients(count: number): Promise<Array<{ id: string; name: string }>> {
  const admin = await apiLogin('admin');
  const out: Array<{ id: string; name: string }> = [];
  for (let i = 0; i < count; i++) {
    made++;
    const n = Date.now() % 100000;
    const name = `${SURNAMES[(n + made) % 10]}${GIVEN[(Math.floor(n / 10) + made * 3) % 10]}`;
    const phone = `139${String(n).padStart(5, '0')}${String(made % 1000).padStart(3, '0')}`;
    const res = await apiCall<{ id?: string }>('POST', '/patients', admin, {
      name,
      sexCode: made % 2 ? '1' : '2',
      birthDate: `19${50 + (made % 30)}-0${1 + (made % 9)}-1${made % 10}`,
      phones: [{ number: phone }],
      identifiers: [{ type: 'inpatient_no', authority: 'HIS', value: `ZYE2E${n}${made}` }],
      confirmNotDuplicate: true,
    });
    if (res.status !== 201 || !res.body.id) throw new Error(`[e2e] POST /patients: ${res.status} ${JSON.stringify(res.body)}`);
    const [{ id: encounterId }] = await sql<{ id: string }>(
      `INSERT INTO encounter (patient_id, type, department_id, ward_id, admitted_at, discharged_at, attending_doctor, visit_number, source_system)
       SELECT $1, 'inpatient', d.id, (SELECT w.id FROM ward w WHERE w.department_id = d.id ORDER BY w.code LIMIT 1),
              now() - interval '8 days', now() - interval '1 day', '张志强', $2, 'E2E'
         FROM department d WHERE d.code = 'CARD' RETURNING id`,
      [res.body.id, `VE2E${n}${made}`],
    );
    await sql(
      `INSERT INTO encounter_diagnosis (encounter_id, icd10_code, text, type) VALUES ($1, 'I25.1', '冠状动脉粥样硬化性心脏病', 'primary')`,
      [encounterId],
    );
    out.push({ id: res.body.id, name });
  }
  return out;
}

export interface DueTask {
  taskId: string;
  patientId: string;
  name: string;
}

/**
 * Gives the demo nurse `count` patients to call today: a one-step phone template (the library's
 * general post-discharge questionnaire, due on enrolment) created by the demo doctor, who enrols
 * `count` new 心内科 patients discharged yesterday (made for the test, so the browser tests never run
 * out of suitable demo patients, whatever order they run in). Answers the tasks in patient id order.
 */
export async function dueTasksForNurse(
  count: number,
  name: { zh: string; en: string } = { zh: '出院后电话随访', en: 'Post-discharge phone follow-up' },
): Promise<DueTask[]> {
  const doctor = await apiLogin('doctor');
  const [{ id: questionnaireId }] = await sql<{ id: string }>(
    `SELECT id FROM questionnaire WHERE code = 'lib_post_discharge_general' AND status = 'published'`,
  );
  const tpl = await apiCall<{ id?: string }>('POST', '/followup-templates', doctor, {
    nameZh: name.zh,
    nameEn: name.en,
    purpose: 'clinical',
    mode: 'centre',
    rules: {},
    steps: [
      {
        key: 'call',
        anchor: 'enrolment',
        offsetDays: 0,
        questionnaireId,
        channel: 'phone',
        team: 'centre',
        windowBeforeDays: 0,
        windowAfterDays: 3,
      },
    ],
  });
  if (tpl.status !== 201 || !tpl.body.id) throw new Error(`[e2e] POST /followup-templates: ${tpl.status} ${JSON.stringify(tpl.body)}`);
  const patients = await newCardiologyPatients(count);
  const enrol = await apiCall('POST', `/followup-templates/${tpl.body.id}/enrol`, doctor, { patientIds: patients.map((p) => p.id) });
  if (enrol.status !== 201) throw new Error(`[e2e] enrol: ${enrol.status} ${JSON.stringify(enrol.body)}`);
  const tasks = await sql<{ id: string; patient_id: string }>(
    `SELECT k.id, k.patient_id FROM followup_task k JOIN followup_plan p ON p.id = k.plan_id WHERE p.template_id = $1 ORDER BY k.patient_id`,
    [tpl.body.id],
  );
  if (tasks.length !== count) throw new Error(`[e2e] expected ${count} tasks, got ${tasks.length}`);
  return tasks.map((k) => ({ taskId: k.id, patientId: k.patient_id, name: patients.find((p) => p.id === k.patient_id)?.name ?? '' }));
}

/** Moves a task's due day back, so it shows in the overdue view. */
export async function makeOverdue(taskId: string, days = 1): Promise<void> {
  await sql(
    `UPDATE followup_task SET due_date = (now() AT TIME ZONE 'Asia/Shanghai')::date - $2::int, window_start = (now() AT TIME ZONE 'Asia/Shanghai')::date - $2::int WHERE id = $1`,
    [taskId, days],
  );
}

/** Lets the retry delay after an unanswered call pass (the clock cannot be moved in a browser test). */
export async function retryDelayPassed(taskId: string): Promise<void> {
  await sql(`UPDATE followup_task SET next_attempt_at = now() - interval '1 minute' WHERE id = $1`, [taskId]);
}

/** Works a task through the API as the demo nurse: claim, reached, complete with these answers. Answers the escalation ids. */
export async function completeWithAttention(taskId: string, answers: Record<string, unknown>): Promise<string[]> {
  const nurse = await apiLogin('nurse');
  for (const [path, body] of [
    [`/tasks/${taskId}/claim`, undefined],
    [`/tasks/${taskId}/attempts`, { outcome: 'reached', durationSeconds: 180 }],
  ] as const) {
    const res = await apiCall('POST', path, nurse, body);
    if (res.status !== 201) throw new Error(`[e2e] POST ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const done = await apiCall<{ escalationIds?: string[] }>('POST', `/tasks/${taskId}/complete`, nurse, { answers });
  if (done.status !== 201 || !done.body.escalationIds) throw new Error(`[e2e] complete: ${done.status} ${JSON.stringify(done.body)}`);
  return done.body.escalationIds;
}
