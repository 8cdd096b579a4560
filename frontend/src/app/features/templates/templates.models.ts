export const PURPOSES = ['clinical', 'research', 'satisfaction', 'chronic'] as const;
export const MODES = ['centre', 'department', 'linked'] as const;
export const ANCHORS = ['discharge', 'admission', 'enrolment'] as const;
export const CHANNELS = ['phone', 'sms', 'email', 'letter', 'self_survey'] as const;
export const TEAMS = ['centre', 'department'] as const;
export const PATIENT_CLASSES = ['inpatient', 'day_surgery', 'outpatient', 'emergency'] as const;
/** Discharge dispositions a rule may select (5 = death is never enrolled). */
export const DISPOSITIONS = ['1', '2', '3', '4', '9'] as const;
export const TASK_STATUSES = ['pending', 'due', 'overdue', 'in_progress', 'done', 'failed', 'cancelled', 'lost'] as const;

export type Purpose = (typeof PURPOSES)[number];
export type Mode = (typeof MODES)[number];
export type Anchor = (typeof ANCHORS)[number];
export type Channel = (typeof CHANNELS)[number];
export type Team = (typeof TEAMS)[number];
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Which discharges a template enrols; empty lists mean "any". */
export interface EnrolmentRules {
  departmentIds?: string[];
  wardIds?: string[];
  icdPrefixes?: string[];
  procedureCodes?: string[];
  ageMin?: number;
  ageMax?: number;
  patientClasses?: string[];
  dispositions?: string[];
}

export interface PlanStep {
  key: string;
  anchor: Anchor;
  offsetDays: number;
  repeat?: { everyDays: number; times: number };
  questionnaireId: string;
  channel: Channel;
  team: Team;
  windowBeforeDays: number;
  windowAfterDays: number;
}

/** `GET /followup-templates/:id`. */
export interface FollowupTemplate {
  id: string;
  nameZh: string;
  nameEn: string;
  purpose: Purpose;
  mode: Mode;
  ownerDepartmentId: string | null;
  rules: EnrolmentRules;
  steps: PlanStep[];
  version: number;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export type TemplateBody = Pick<FollowupTemplate, 'nameZh' | 'nameEn' | 'purpose' | 'mode' | 'rules' | 'steps'> & {
  ownerDepartmentId?: string;
};

/** `GET /followup-templates/:id/test`. */
export interface RuleTest {
  days: number;
  matching: number;
  alreadyEnrolled: number;
  sample: Array<{
    patientId: string;
    name: string;
    dischargedAt: string;
    departmentName: string | null;
    /** The department's English name, when it has one (shown when the console is in English). */
    departmentNameEn: string | null;
  }>;
}

/** `POST /followup-templates/:id/enrol`: patients, a segment, or a department/ward's recent discharges. */
export interface EnrolRequest {
  patientIds?: string[];
  segmentId?: string;
  departmentId?: string;
  wardId?: string;
  days?: number;
}

export interface EnrolResult {
  candidates: number;
  newPlans: number;
}

/** `GET /followup-templates/org-units`. */
export interface OrgUnit {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  wards: Array<{ id: string; code: string; name: string; nameEn: string | null }>;
}

export interface PlanTask {
  id: string;
  stepKey: string;
  sequence: number;
  dueDate: string;
  windowStart: string;
  windowEnd: string;
  status: TaskStatus;
  channel: Channel;
  team: Team;
  questionnaireId: string;
  cancelReason: string | null;
}

/** `GET /patients/:id/plans`. */
export interface PatientPlan {
  id: string;
  templateId: string;
  nameZh: string;
  nameEn: string;
  status: string;
  enrolledAt: string;
  dischargedAt: string | null;
  enrolledBy: string;
  cancelReason: string | null;
  tasks: PlanTask[];
  /** Occurrences the template schedules later that are not tasks yet (beyond the task horizon); none for an ended plan. */
  planned: PlannedOccurrence[];
}

/** An occurrence of a plan's step that is not a task yet: created by the daily generation as its day comes near. */
export interface PlannedOccurrence {
  stepKey: string;
  sequence: number;
  dueDate: string;
  windowStart: string;
  windowEnd: string;
  channel: Channel;
  team: Team;
  questionnaireId: string;
}
