/** Shapes of `/api/reports/*` (docs/reports.md). Rates are fractions (0–1) or null when undefined. */
export interface Period {
  from: string;
  to: string;
  departmentId?: string;
}

export interface SupervisorCounts {
  assignedPatients: number;
  newPatients: number;
  due: number;
  done: number;
  doneOnTime: number;
  overdue: number;
  dueNextWeek: number;
  followedUp: number;
  returned: number;
  calls: number;
  reachedCalls: number;
  callSeconds: number;
  timedCalls: number;
  escalationsRaised: number;
  escalationsAnsweredInTime: number;
  completionRate: number | null;
  timeliness: number | null;
  averageCallSeconds: number | null;
  arrivalConversion: number | null;
  answeredInTimeRate: number | null;
}

export interface SupervisorRow extends SupervisorCounts {
  /** Staff user id, 'none' (unassigned) or 'total'. */
  key: string;
  name: string | null;
  total: boolean;
}

export interface SupervisorReport {
  from: string;
  to: string;
  today: string;
  rows: SupervisorRow[];
  total: SupervisorRow;
}

export type RatesGroup = 'none' | 'department' | 'ward' | 'template' | 'staff' | 'month' | 'quarter' | 'year';
export type SatisfactionGroup = 'none' | 'department' | 'ward' | 'doctor' | 'nurse' | 'questionnaire' | 'month' | 'quarter' | 'year';

export interface RatesRow {
  key: string;
  name: string | null;
  nameEn: string | null;
  total: boolean;
  due: number;
  done: number;
  doneOnTime: number;
  attempted: number;
  reached: number;
  doneAttempts: number;
  plansEnded: number;
  plansLost: number;
  completionRate: number | null;
  timeliness: number | null;
  reachRate: number | null;
  attemptsPerCompleted: number | null;
  lossRate: number | null;
}

export interface RatesReport {
  groupBy: RatesGroup;
  rows: RatesRow[];
  total: RatesRow;
}

export type Mode = 'phone' | 'self';

export interface SatisfactionRow {
  mode: Mode;
  dimension: string;
  scaleMax: number;
  key: string;
  name: string | null;
  nameEn: string | null;
  responses: number;
  valid: number;
  dontKnow: number;
  mean: number | null;
  top: number;
  positive: number;
  promoters: number;
  detractors: number;
  topBox: number | null;
  positiveRate: number | null;
  nps: number | null;
  suppressed: boolean;
}

export interface SatisfactionReport {
  groupBy: SatisfactionGroup;
  minResponses: number;
  rows: SatisfactionRow[];
}

export type TrendFigure = 'mean' | 'topBox' | 'positiveRate' | 'nps';

export interface TrendPoint extends SatisfactionRow {
  month: string;
  mom: Record<TrendFigure, number | null>;
  yoy: Record<TrendFigure, number | null>;
}

export interface TrendReport {
  minResponses: number;
  series: TrendPoint[];
}

export interface CommentItem {
  responseId: string;
  taskId: string;
  patientId: string;
  patientName: string;
  mode: Mode;
  submittedAt: string;
  totalScore: number | null;
  overallScore: number | null;
  texts: Array<{ questionId: string; question: { zh: string; en: string }; text: string }>;
  questionnaireTitle: string;
  questionnaireTitleEn: string;
  departmentName: string | null;
  departmentNameEn: string | null;
  escalations: Array<{ id: string; status: string; severity: string }>;
}

export interface DrillItem {
  taskId: string | null;
  rowId: string | null;
  patientId: string;
  patientName: string;
  phone: string | null;
  dueDate: string | null;
  status: string;
  at: string | null;
  stepKey: string | null;
  attempts: number | null;
  outcome: string | null;
  score: string | null;
  staffName: string | null;
  departmentName: string | null;
  departmentNameEn: string | null;
  wardName: string | null;
  wardNameEn: string | null;
  templateName: string | null;
  templateNameEn: string | null;
}

export interface DrillPage {
  source: 'tasks' | 'calls' | 'escalations' | 'plans' | 'satisfaction';
  total: number;
  patients: number;
  page: number;
  pageSize: number;
  items: DrillItem[];
}

export type WorkbenchMetric = 'myPatients' | 'newToday' | 'dueToday' | 'dueThisWeek' | 'dueThisMonth' | 'overdue' | 'doneToday' | 'arrived';
export const WORKBENCH_METRICS: readonly WorkbenchMetric[] = [
  'myPatients',
  'newToday',
  'dueToday',
  'dueThisWeek',
  'dueThisMonth',
  'overdue',
  'doneToday',
  'arrived',
];
/** Workbench numbers that count patients (their drill-down's `patients`), the others count tasks. */
export const PATIENT_METRICS: readonly string[] = [
  'myPatients',
  'newToday',
  'arrived',
  'assignedPatients',
  'newPatients',
  'followedUp',
  'returned',
];

export interface Workbench {
  today: string;
  counts: Record<WorkbenchMetric, number>;
}

/** What a drill-down dialog lists: a workbench number, or a report number with its filters and row key. */
export interface DrillRequest {
  title: string;
  /** The number shown where the user clicked, to compare with the list's count. */
  value: number;
  workbench?: WorkbenchMetric;
  params?: Record<string, string | number>;
}

/** Tasks due in the period by outcome (`/reports/outcomes`); the parts add up to `due`. */
export interface OutcomeRow {
  key: string;
  total: boolean;
  name: string | null;
  nameEn: string | null;
  due: number;
  doneOnTime: number;
  doneLate: number;
  overdue: number;
  open: number;
  ended: number;
}

export interface OutcomesReport {
  groupBy: RatesGroup;
  rows: OutcomeRow[];
  total: OutcomeRow;
}

export type HeatmapMetric = 'completionRate' | 'positiveRate';

export interface HeatmapCell {
  month: string;
  numerator: number;
  denominator: number;
  /** Below the small-numbers threshold: shown as "too few responses", never as 0. */
  suppressed: boolean;
  value: number | null;
}

export interface HeatmapReport {
  metric: HeatmapMetric;
  minResponses: number;
  months: string[];
  rows: Array<{ departmentId: string; name: string | null; nameEn: string | null; cells: HeatmapCell[] }>;
}

export interface ShareRow {
  patients: number;
  /** Share of the followed-up patients; null when there are too few of them. */
  share: number | null;
}

export interface AnalysesReport {
  from: string;
  to: string;
  minResponses: number;
  patients: number;
  suppressed: boolean;
  source: {
    provinces: Array<ShareRow & { code: string; name: string | null; nameEn: string | null }>;
    cities: Array<ShareRow & { code: string; province: string | null; provinceEn: string | null }>;
    organisations: Array<ShareRow & { id: string; name: string | null }>;
    referral: { available: boolean };
  };
  diagnoses: Array<ShareRow & { code: string; text: string }>;
  escalations: {
    total: number;
    urgent: number;
    manual: number;
    reasons: Array<{
      key: string;
      question: string | null;
      escalations: number;
      urgent: number;
      share: number | null;
      text: { zh: string; en: string } | null;
      questionnaire: { zh: string; en: string } | null;
    }>;
  };
  inquiries: { available: boolean };
}

/** The header of a printed view (`/reports/print`, audited). */
export interface PrintHeader {
  report: string;
  generatedAt: string;
  user: string;
  department: { name: string; nameEn: string | null } | null;
  ward: { name: string; nameEn: string | null } | null;
}
