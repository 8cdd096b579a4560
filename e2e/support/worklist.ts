import { apiCall, apiLogin } from './api';
import { sql } from './db';

export interface DueTask {
  taskId: string;
  patientId: string;
  name: string;
}

/**
 * Gives the demo nurse `count` patients to call today: a one-step phone template (the library's
 * general post-discharge questionnaire, due on enrolment) created by the demo doctor, who enrols
 * discharged 心内科 patients that have a phone and no open follow-up yet (in id order, so a run is
 * repeatable on the seeded data). Answers the tasks in patient id order.
 */
export async function dueTasksForNurse(count: number): Promise<DueTask[]> {
  const doctor = await apiLogin('doctor');
  const [{ id: questionnaireId }] = await sql<{ id: string }>(
    `SELECT id FROM questionnaire WHERE code = 'lib_post_discharge_general' AND status = 'published'`,
  );
  const tpl = await apiCall<{ id?: string }>('POST', '/followup-templates', doctor, {
    nameZh: '出院后电话随访',
    nameEn: 'Post-discharge phone follow-up',
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
  const patients = await sql<{ id: string; name: string }>(
    `SELECT p.id, p.name FROM patient p
      WHERE p.status = 'active' AND p.merged_into_id IS NULL
        AND EXISTS (SELECT 1 FROM encounter e JOIN department d ON d.id = e.department_id
                     WHERE e.patient_id = p.id AND d.code = 'CARD' AND e.discharged_at IS NOT NULL)
        AND EXISTS (SELECT 1 FROM patient_phone ph WHERE ph.patient_id = p.id)
        AND NOT EXISTS (SELECT 1 FROM followup_task k WHERE k.patient_id = p.id)
        AND NOT EXISTS (SELECT 1 FROM patient_contact_restriction r WHERE r.patient_id = p.id AND r.lifted_at IS NULL)
      ORDER BY p.id LIMIT $1`,
    [count],
  );
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
