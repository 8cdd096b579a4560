/**
 * The SQL of every report number (docs/reports.md). Each metric is a predicate over one source
 * (tasks, calls, escalations, plans, satisfaction answers); a report counts the rows matching it and
 * the drill-down lists the same rows with the same predicate, so the two always agree.
 */

export const OPEN = `('pending', 'due', 'overdue', 'in_progress')`;
/** Contact attempts recorded on task `k`. */
export const ATTEMPTS = `(SELECT count(*) FROM contact_attempt a WHERE a.task_id = k.id)`;
const TZ = `'Asia/Shanghai'`;

/** Collects bind parameters: `p(v)` returns `$n`. */
export class Params {
  readonly values: unknown[] = [];
  p(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/**
 * Named parameters bound on first use only (every parameter sent must appear in the SQL, and a
 * metric need not use all of them).
 */
export function lazyParams<K extends string>(b: Params, values: Record<K, unknown>): Record<K, string> {
  const bound: Partial<Record<K, string>> = {};
  const out = {} as Record<K, string>;
  for (const k of Object.keys(values) as K[]) Object.defineProperty(out, k, { enumerable: true, get: () => (bound[k] ??= b.p(values[k])) });
  return out;
}

/** Start and end (exclusive) instants of hospital days `from`…`to`, for index-friendly timestamp ranges. */
export function instantRange(col: string, from: string, to: string): string {
  return `${col} >= (${from}::date::timestamp AT TIME ZONE ${TZ}) AND ${col} < ((${to}::date + 1)::timestamp AT TIME ZONE ${TZ})`;
}

export const GROUPS = [
  'none',
  'department',
  'ward',
  'template',
  'staff',
  'doctor',
  'nurse',
  'questionnaire',
  'month',
  'quarter',
  'year',
] as const;
export type GroupBy = (typeof GROUPS)[number];
export const PERIOD_GROUPS: GroupBy[] = ['month', 'quarter', 'year'];

export type Source = 'tasks' | 'calls' | 'escalations' | 'plans' | 'satisfaction';

/** Per source: the FROM clause, its department, patient and the key expression of each grouping. */
interface SourceDef {
  from: string;
  department: string;
  patient: string;
  /** The date a period bucket is taken from. */
  day: string;
  keys: Partial<Record<GroupBy, string>>;
}

const taskKeys = {
  department: 'k.report_department_id',
  ward: 'en.ward_id',
  template: 'fp.template_id',
  // The caller of the last attempt is only looked up for tasks nobody completed, holds or was assigned.
  staff:
    'COALESCE(k.completed_by, k.assigned_to, k.claimed_by, (SELECT a.staff_id FROM contact_attempt a WHERE a.task_id = k.id ORDER BY a.started_at DESC LIMIT 1))',
};

const TASK_FROM = `followup_task k
  JOIN followup_plan fp ON fp.id = k.plan_id
  LEFT JOIN encounter en ON en.id = fp.encounter_id`;

export const SOURCES: Record<Source, SourceDef> = {
  tasks: { from: TASK_FROM, department: 'k.report_department_id', patient: 'k.patient_id', day: 'k.due_date', keys: taskKeys },
  calls: {
    from: `contact_attempt a
      LEFT JOIN followup_task k ON k.id = a.task_id
      LEFT JOIN followup_plan fp ON fp.id = k.plan_id
      LEFT JOIN encounter en ON en.id = fp.encounter_id`,
    department: 'a.department_id',
    patient: 'a.patient_id',
    day: `(a.started_at AT TIME ZONE ${TZ})::date`,
    keys: { department: 'a.department_id', ward: 'en.ward_id', template: 'fp.template_id', staff: 'a.staff_id' },
  },
  escalations: {
    from: `escalation e LEFT JOIN followup_task k ON k.id = e.task_id LEFT JOIN followup_plan fp ON fp.id = k.plan_id
      LEFT JOIN encounter en ON en.id = fp.encounter_id`,
    department: 'e.department_id',
    patient: 'e.patient_id',
    day: `(e.created_at AT TIME ZONE ${TZ})::date`,
    keys: { department: 'e.department_id', ward: 'en.ward_id', template: 'fp.template_id', staff: 'e.raised_by' },
  },
  plans: {
    from: `followup_plan fp LEFT JOIN encounter en ON en.id = fp.encounter_id`,
    department: 'en.department_id',
    patient: 'fp.patient_id',
    day: `(COALESCE(fp.discharged_at, fp.enrolled_at) AT TIME ZONE ${TZ})::date`,
    keys: { department: 'en.department_id', ward: 'en.ward_id', template: 'fp.template_id' },
  },
  satisfaction: {
    from: `satisfaction_answer s`,
    department: 's.department_id',
    patient: 's.patient_id',
    day: 's.day',
    keys: {
      department: 's.department_id',
      ward: 's.ward_id',
      doctor: 's.doctor',
      nurse: 's.nurse_id',
      questionnaire: 's.questionnaire_id',
    },
  },
};

/** The key expression of a grouping for a source (as text), or undefined when the grouping does not apply. */
export function groupKey(source: Source, g: GroupBy): string | undefined {
  const def = SOURCES[source];
  if (g === 'none') return `'all'`;
  if (g === 'month') return `to_char(${def.day}, 'YYYY-MM')`;
  if (g === 'quarter') return `to_char(${def.day}, 'YYYY-"Q"Q')`;
  if (g === 'year') return `to_char(${def.day}, 'YYYY')`;
  const k = def.keys[g];
  return k ? `(${k})::text` : undefined;
}

export interface Period {
  from: string;
  to: string;
  today: string;
}

/** Metric → source, predicate (with `P` bound to the period), and whether it counts patients. */
export interface Metric {
  source: Source;
  unit: 'rows' | 'patients';
  where: (p: { from: string; to: string; today: string }) => string;
}

const dueIn = (p: { from: string; to: string }) => `k.due_date BETWEEN ${p.from}::date AND ${p.to}::date AND k.status <> 'cancelled'`;
const doneIn = (p: { from: string; to: string }) => `${dueIn(p)} AND k.status = 'done'`;
const DONE_DAY = `(k.completed_at AT TIME ZONE ${TZ})::date`;
const RETURNED = `EXISTS (SELECT 1 FROM encounter r WHERE r.patient_id = k.patient_id AND r.cancelled_at IS NULL
                               AND COALESCE(r.admitted_at, r.discharged_at) > k.completed_at)`;
const PLAN_ENDED = `fp.status <> 'cancelled' AND NOT EXISTS (SELECT 1 FROM followup_task x WHERE x.plan_id = fp.id AND x.status IN ${OPEN})`;

export const METRICS = {
  due: { source: 'tasks', unit: 'rows', where: (p) => dueIn(p) },
  done: { source: 'tasks', unit: 'rows', where: (p) => doneIn(p) },
  doneOnTime: {
    source: 'tasks',
    unit: 'rows',
    where: (p) => `${doneIn(p)} AND ${DONE_DAY} BETWEEN k.window_start AND k.window_end`,
  },
  overdue: { source: 'tasks', unit: 'rows', where: (p) => `${dueIn(p)} AND k.status IN ${OPEN} AND k.due_date < ${p.today}::date` },
  attempted: {
    source: 'tasks',
    unit: 'rows',
    where: (p) => `${dueIn(p)} AND EXISTS (SELECT 1 FROM contact_attempt a WHERE a.task_id = k.id)`,
  },
  reached: {
    source: 'tasks',
    unit: 'rows',
    where: (p) =>
      `${dueIn(p)} AND EXISTS (SELECT 1 FROM contact_attempt a WHERE a.task_id = k.id AND a.outcome IN ('reached', 'reached_family'))`,
  },
  dueNextWeek: {
    source: 'tasks',
    unit: 'rows',
    where: (p) => `k.status IN ${OPEN} AND k.due_date BETWEEN ${p.today}::date + 1 AND ${p.today}::date + 7`,
  },
  assignedPatients: { source: 'tasks', unit: 'patients', where: (p) => dueIn(p) },
  newPatients: {
    source: 'tasks',
    unit: 'patients',
    where: (p) => `${dueIn(p)} AND fp.status <> 'cancelled' AND ${instantRange('fp.enrolled_at', p.from, p.to)}`,
  },
  followedUp: { source: 'tasks', unit: 'patients', where: (p) => doneIn(p) },
  returned: { source: 'tasks', unit: 'patients', where: (p) => `${doneIn(p)} AND ${RETURNED}` },
  calls: { source: 'calls', unit: 'rows', where: (p) => instantRange('a.started_at', p.from, p.to) },
  reachedCalls: {
    source: 'calls',
    unit: 'rows',
    where: (p) => `${instantRange('a.started_at', p.from, p.to)} AND a.outcome IN ('reached', 'reached_family')`,
  },
  escalationsRaised: { source: 'escalations', unit: 'rows', where: (p) => instantRange('e.created_at', p.from, p.to) },
  escalationsAnsweredInTime: {
    source: 'escalations',
    unit: 'rows',
    where: (p) => `${instantRange('e.created_at', p.from, p.to)} AND e.replied_at <= e.due_at`,
  },
  plansEnded: {
    source: 'plans',
    unit: 'rows',
    where: (p) => `${instantRange('COALESCE(fp.discharged_at, fp.enrolled_at)', p.from, p.to)} AND ${PLAN_ENDED}`,
  },
  plansLost: {
    source: 'plans',
    unit: 'rows',
    where: (p) =>
      `${instantRange('COALESCE(fp.discharged_at, fp.enrolled_at)', p.from, p.to)} AND ${PLAN_ENDED}
       AND EXISTS (SELECT 1 FROM followup_task x WHERE x.plan_id = fp.id AND x.status IN ('lost', 'failed'))`,
  },
  satValid: {
    source: 'satisfaction',
    unit: 'rows',
    where: (p) => `s.day BETWEEN ${p.from}::date AND ${p.to}::date AND s.score IS NOT NULL`,
  },
  satDontKnow: {
    source: 'satisfaction',
    unit: 'rows',
    where: (p) => `s.day BETWEEN ${p.from}::date AND ${p.to}::date AND s.score IS NULL`,
  },
  satTop: {
    source: 'satisfaction',
    unit: 'rows',
    where: (p) => `s.day BETWEEN ${p.from}::date AND ${p.to}::date AND s.score = s.scale_max`,
  },
  satPositive: { source: 'satisfaction', unit: 'rows', where: (p) => `s.day BETWEEN ${p.from}::date AND ${p.to}::date AND s.positive` },
  satPromoters: {
    source: 'satisfaction',
    unit: 'rows',
    where: (p) => `s.day BETWEEN ${p.from}::date AND ${p.to}::date AND s.scale_max = 10 AND s.score >= 9`,
  },
  satDetractors: {
    source: 'satisfaction',
    unit: 'rows',
    where: (p) => `s.day BETWEEN ${p.from}::date AND ${p.to}::date AND s.scale_max = 10 AND s.score <= 6`,
  },
} satisfies Record<string, Metric>;
export type MetricName = keyof typeof METRICS;
export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];

/** Workbench numbers: predicates on tasks or plans for today `t`, plus "me". */
export const WORKBENCH = {
  myPatients: {
    source: 'tasks',
    unit: 'patients',
    where: (p) => `k.status IN ${OPEN} AND (k.assigned_to = ${p.me} OR (k.claimed_by = ${p.me} AND k.claim_expires_at > now()))`,
  },
  newToday: {
    source: 'plans',
    unit: 'patients',
    where: (p) => `fp.status <> 'cancelled' AND ${instantRange('fp.enrolled_at', p.today, p.today)}`,
  },
  dueToday: { source: 'tasks', unit: 'rows', where: (p) => `k.status IN ${OPEN} AND k.due_date = ${p.today}::date` },
  dueThisWeek: {
    source: 'tasks',
    unit: 'rows',
    where: (p) => `k.status IN ${OPEN} AND k.due_date BETWEEN ${p.today}::date AND date_trunc('week', ${p.today}::date)::date + 6`,
  },
  dueThisMonth: {
    source: 'tasks',
    unit: 'rows',
    where: (p) =>
      `k.status IN ${OPEN} AND k.due_date BETWEEN ${p.today}::date AND (date_trunc('month', ${p.today}::date) + interval '1 month - 1 day')::date`,
  },
  overdue: { source: 'tasks', unit: 'rows', where: (p) => `k.status IN ${OPEN} AND k.due_date < ${p.today}::date` },
  doneToday: { source: 'tasks', unit: 'rows', where: (p) => `k.status = 'done' AND ${instantRange('k.completed_at', p.today, p.today)}` },
  arrived: {
    source: 'tasks',
    unit: 'patients',
    where: (p) => `k.status = 'done' AND ${instantRange('k.completed_at', `(${p.today}::date - 29)`, p.today)} AND ${RETURNED}`,
  },
} satisfies Record<string, { source: Source; unit: 'rows' | 'patients'; where: (p: { today: string; me: string }) => string }>;
export type WorkbenchName = keyof typeof WORKBENCH;
export const WORKBENCH_NAMES = Object.keys(WORKBENCH) as WorkbenchName[];

/** `dept IN scope` for a department filter (null = no limit, [] = nothing). */
export function scopeSql(b: Params, deptExpr: string, depts: string[] | null): string {
  if (depts === null) return 'true';
  if (!depts.length) return 'false';
  return `${deptExpr} = ANY(${b.p(depts)}::uuid[])`;
}
