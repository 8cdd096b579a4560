import { Answers, I18nText, QuestionnaireDefinition } from '../../shared/questionnaire/questionnaire.models';
import { Encounter, PatientDetail } from '../patients/patients.models';

/** The views of `GET /worklist`, in tab order. */
export const WORKLIST_VIEWS = ['today', 'overdue', 'callbacks', 'mine', 'pool', 'done'] as const;
export type WorklistView = (typeof WORKLIST_VIEWS)[number];

/** Call outcomes of `POST /tasks/:id/attempts`, in button order (the number is the keyboard shortcut). */
export const OUTCOMES = [
  'reached',
  'reached_family',
  'no_answer',
  'busy',
  'powered_off',
  'wrong_number',
  'refused',
  'deceased',
  'callback',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Outcomes after which the questionnaire follows in the same call. */
export const REACHED: readonly Outcome[] = ['reached', 'reached_family'];

export interface WorklistTask {
  id: string;
  stepKey: string;
  dueDate: string;
  status: string;
  channel: string;
  questionnaireId: string;
  templateName: string;
  templateNameEn: string;
  attempts: number;
  lastOutcome: Outcome | null;
  nextAttemptAt: string | null;
  claimedBy: string | null;
  /** The nurse the task is routed to (assignment rules or a manager), if any. */
  assignedTo: string | null;
}

/** One patient of the list with all of their due tasks (one call covers them all). */
export interface WorklistItem {
  patientId: string;
  name: string;
  sexCode: string;
  birthDate: string | null;
  preferredContactTime: string | null;
  /** Masked. */
  phone: string | null;
  overdueDays: number;
  attempts: number;
  tasks: WorklistTask[];
}

/** `GET /worklist/counts`: patients per view (the tabs). */
export interface WorklistCounts {
  quietHours: boolean;
  counts: Record<WorklistView, number>;
}

/** `GET /worklist` narrowing: all within the nurse's departments. */
export interface WorklistFilter {
  departmentId?: string;
  wardId?: string;
  templateId?: string;
  channel?: string;
}

export interface WorklistPage {
  view: WorklistView;
  quietHours: boolean;
  /** Patients in this view. */
  total: number;
  items: WorklistItem[];
  page: number;
  pageSize: number;
}

export interface ClaimResult {
  taskIds: string[];
  claimExpiresAt: string;
}

export interface AttemptBody {
  outcome: Outcome;
  notes?: string;
  durationSeconds?: number;
  callbackAt?: string;
  answeredBy?: string;
  /** The call placed from the call screen that this attempt records. */
  callId?: string;
}

export interface AttemptResult {
  taskId: string;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastOutcome: Outcome;
}

export interface CompleteResult {
  taskId: string;
  status: 'done';
  attention: string[];
  escalationIds: string[];
}

/** A task as the call screen shows it (`GET /tasks/:id/context`). */
export interface ContextTask {
  id: string;
  planId: string;
  stepKey: string;
  dueDate: string;
  status: string;
  channel: string;
  attempts: number;
  lastOutcome: Outcome | null;
  nextAttemptAt: string | null;
  templateName: string;
  templateNameEn: string;
  purpose: string;
  claimedBy: { id: string; displayName: string; mine: boolean } | null;
  claimExpiresAt: string | null;
  questionnaire: {
    id: string;
    code: string;
    titleZh: string;
    titleEn: string;
    version: number;
    definition: QuestionnaireDefinition;
  };
}

export interface Procedure {
  code: string | null;
  name: string;
  performedAt: string | null;
  surgeon: string | null;
}

export interface LabResult {
  code: string;
  name: string;
  value: string;
  unit: string | null;
  referenceRange: string | null;
  abnormalFlag: string | null;
  observedAt: string;
}

export interface ContactLogEntry {
  id: string;
  task_id: string | null;
  channel: string;
  outcome: Outcome;
  answered_by: string | null;
  started_at: string;
  duration_seconds: number | null;
  callback_at: string | null;
  notes: string | null;
  staff_name: string | null;
  /** Call recordings attached to this attempt (played through `GET /recordings/:id/audio`). */
  recordings?: Array<{ id: string; durationSeconds: number | null; contentType: string }>;
}

export interface ResponseEntry {
  id: string;
  task_id: string;
  questionnaire_id: string;
  title_zh: string;
  title_en: string;
  version: number;
  answers: Answers;
  attention: string[];
  submitted_at: string;
  /** Every answer with its question, in questionnaire order. */
  items: FlaggedAnswer[];
}

export interface PlanTask {
  id: string;
  stepKey: string;
  dueDate: string;
  status: string;
  channel: string;
}

export interface PatientPlan {
  id: string;
  nameZh: string;
  nameEn: string;
  status: string;
  enrolledAt: string;
  tasks: PlanTask[];
}

export interface FlaggedAnswer {
  questionId: string;
  text: I18nText | null;
  value: unknown;
  labels: I18nText[];
  unit: string | null;
}

export type EscalationStatus = 'open' | 'answered' | 'closed';

/** `GET /escalations` items (snake_case as the API sends them). */
export interface Escalation {
  id: string;
  patient_id: string;
  name: string;
  severity: 'urgent' | 'normal';
  reason: string;
  status: EscalationStatus;
  due_at: string;
  overdue: boolean;
  reply: string | null;
  created_at: string;
  replied_at: string | null;
  closed_at: string | null;
  task_id: string | null;
  department_name: string | null;
  department_name_en: string | null;
  raised_by_name: string | null;
  replied_by_name: string | null;
  questionnaire: { titleZh: string; titleEn: string } | null;
  flagged: FlaggedAnswer[];
}

export interface KnowledgeArticle {
  id: string;
  icdPrefix: string;
  titleZh: string;
  titleEn: string;
  bodyZh: string;
  bodyEn: string;
}

export interface TaskContext {
  task: ContextTask;
  /** The patient's other due tasks, worked in the same call. */
  callTasks: ContextTask[];
  patient: PatientDetail;
  anchor: (Encounter & { procedures: Procedure[] }) | null;
  labs: LabResult[];
  history: { contacts: ContactLogEntry[]; responses: ResponseEntry[] };
  plans: PatientPlan[];
  escalations: Escalation[];
  knowledge: KnowledgeArticle | null;
}
