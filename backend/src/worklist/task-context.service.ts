import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PlansService } from '../followup/plans/plans.service';
import { PatientsService } from '../patients/patients.service';
import { currentUser } from '../platform/context/request-context';
import { AppError } from '../platform/errors/app-error';
import { WorklistService } from './worklist.service';

const OPEN = `('pending', 'due', 'overdue', 'in_progress')`;

/** A task as the call screen shows it: its step, template and questionnaire, and who holds it. */
interface TaskRow {
  id: string;
  patient_id: string;
  plan_id: string;
  encounter_id: string | null;
  step_key: string;
  due_date: string;
  status: string;
  channel: string;
  attempts: number;
  last_outcome: string | null;
  next_attempt_at: Date | null;
  claimed_by: string | null;
  claimed_by_name: string | null;
  claim_expires_at: Date | null;
  template_name_zh: string;
  template_name_en: string;
  purpose: string;
  questionnaire_id: string;
  questionnaire_code: string;
  title_zh: string;
  title_en: string;
  version: number;
  definition: unknown;
}

const TASK_SQL = `
  SELECT k.id, k.patient_id, k.plan_id, fp.encounter_id, k.step_key, to_char(k.due_date, 'YYYY-MM-DD') AS due_date, k.status, k.channel,
         k.attempts, k.last_outcome, k.next_attempt_at, k.claimed_by, u.display_name AS claimed_by_name, k.claim_expires_at,
         t.name_zh AS template_name_zh, t.name_en AS template_name_en, t.purpose,
         q.id AS questionnaire_id, q.code AS questionnaire_code, q.title_zh, q.title_en, q.version, q.definition
    FROM followup_task k
    JOIN followup_plan fp ON fp.id = k.plan_id
    JOIN followup_template t ON t.id = fp.template_id
    JOIN questionnaire q ON q.id = k.questionnaire_id
    LEFT JOIN app_user u ON u.id = k.claimed_by AND k.claim_expires_at > now()`;

/**
 * Everything the call screen shows for a task in one read: the task (and the patient's other tasks
 * worked in the same call) with their questionnaires, the masked patient record (audited as a
 * patient read), the anchor encounter with procedures, recent labs, previous follow-ups, plans, open
 * escalations and the knowledge article for the anchor diagnosis.
 */
@Injectable()
export class TaskContextService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly patients: PatientsService,
    private readonly plans: PlansService,
    private readonly worklist: WorklistService,
  ) {}

  async context(taskId: string) {
    const [task]: TaskRow[] = await this.db.query(`${TASK_SQL} WHERE k.id = $1`, [taskId]);
    if (!task) throw AppError.notFound('Task');
    // 404 for a patient outside the caller's departments, like the patient record; audited as a read.
    const patient = await this.patients.detail(task.patient_id);
    const [callTasks, procedures, labs, escalations, history, plans] = await Promise.all([
      this.db.query(
        `${TASK_SQL} WHERE k.patient_id = $1 AND k.id <> $2 AND k.status IN ${OPEN} AND k.window_start <= $3::date ORDER BY k.due_date, k.id`,
        [task.patient_id, taskId, this.worklist.today()],
      ) as Promise<TaskRow[]>,
      task.encounter_id
        ? (this.db.query(
            `SELECT code, name, performed_at AS "performedAt", surgeon FROM encounter_procedure WHERE encounter_id = $1 ORDER BY performed_at NULLS LAST`,
            [task.encounter_id],
          ) as Promise<unknown[]>)
        : Promise.resolve([]),
      this.db.query(
        `SELECT code, name, value, unit, reference_range AS "referenceRange", abnormal_flag AS "abnormalFlag", observed_at AS "observedAt"
           FROM lab_result WHERE patient_id = $1 ORDER BY observed_at DESC LIMIT 10`,
        [task.patient_id],
      ) as Promise<unknown[]>,
      this.worklist.patientEscalations(task.patient_id),
      this.worklist.patientHistory(task.patient_id),
      this.plans.patientPlans(task.patient_id),
    ]);
    const anchor = patient.encounters.find((e) => e.id === task.encounter_id) ?? null;
    const diagnoses = (anchor?.diagnoses ?? []) as Array<{ code: string; type: string }>;
    const icd = (diagnoses.find((d) => d.type === 'primary') ?? diagnoses[0])?.code;
    const knowledge = icd
      ? await this.db.query(
          `SELECT id, icd_prefix AS "icdPrefix", title_zh AS "titleZh", title_en AS "titleEn", body_zh AS "bodyZh", body_en AS "bodyEn"
             FROM knowledge_article WHERE active AND upper($1) LIKE upper(icd_prefix) || '%' ORDER BY length(icd_prefix) DESC LIMIT 1`,
          [icd],
        )
      : [];
    const me = currentUser().id;
    return {
      task: this.task(task, me),
      callTasks: callTasks.map((t) => this.task(t, me)),
      patient,
      anchor: anchor ? { ...anchor, procedures } : null,
      labs,
      history,
      plans,
      escalations,
      knowledge: knowledge[0] ?? null,
    };
  }

  private task(t: TaskRow, me: string) {
    const held = t.claimed_by_name !== null;
    return {
      id: t.id,
      planId: t.plan_id,
      stepKey: t.step_key,
      dueDate: t.due_date,
      status: t.status,
      channel: t.channel,
      attempts: t.attempts,
      lastOutcome: t.last_outcome,
      nextAttemptAt: t.next_attempt_at,
      templateName: t.template_name_zh,
      templateNameEn: t.template_name_en,
      purpose: t.purpose,
      claimedBy: held ? { id: t.claimed_by, displayName: t.claimed_by_name, mine: t.claimed_by === me } : null,
      claimExpiresAt: held ? t.claim_expires_at : null,
      questionnaire: {
        id: t.questionnaire_id,
        code: t.questionnaire_code,
        titleZh: t.title_zh,
        titleEn: t.title_en,
        version: t.version,
        definition: t.definition,
      },
    };
  }
}
