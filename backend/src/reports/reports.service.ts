import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { maskPhone } from '../patients/identity';
import { AuditService } from '../platform/audit/audit.service';
import { Clock, hospitalDay } from '../platform/clock';
import { departmentFilter } from '../platform/context/access-scope';
import { currentUser, requestContext } from '../platform/context/request-context';
import { AppError, ErrorCode } from '../platform/errors/app-error';
import {
  ATTEMPTS,
  GroupBy,
  groupKey,
  lazyParams,
  METRICS,
  MetricName,
  Params,
  PERIOD_GROUPS,
  scopeSql,
  Source,
  SOURCES,
  WORKBENCH,
  WORKBENCH_NAMES,
  WorkbenchName,
} from './report-sql';
import { supervisorCallCounts, supervisorPatientCounts, supervisorTaskCounts } from './supervisor-sql';
import { CommentsQuery, DrillQuery, RatesQuery, ReportQuery, SatisfactionQuery } from './reports.dto';

/** Longest period of any report, and most buckets of a period grouping. */
const MAX_DAYS = 3660;
const MAX_BUCKETS = 36;
const SUPERVISOR_MAX_DAYS = 366;
/** The supervisor table's task columns, when read from the tasks (a ward or template filter). */
const SUPERVISOR_TASK_METRICS: MetricName[] = [
  'assignedPatients',
  'newPatients',
  'due',
  'done',
  'doneOnTime',
  'overdue',
  'dueNextWeek',
  'followedUp',
  'returned',
];

type Row = Record<string, unknown>;

/** Counts of one satisfaction group as the SQL returns them. */
interface SatCounts {
  mode: 'phone' | 'self';
  dimension: string;
  scaleMax: number;
  key: string | null;
  responses: number;
  valid: number;
  dontKnow: number;
  mean: number | null;
  top: number;
  positive: number;
  promoters: number;
  detractors: number;
}
type Filters = Partial<Pick<DrillQuery, 'wardId' | 'templateId' | 'mode' | 'questionnaireId' | 'dimension' | 'scaleMax'>>;

/** a ÷ b, or null when b is 0. */
export function ratio(a: number, b: number): number | null {
  return b ? a / b : null;
}

function days(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400_000) + 1;
}

/** Number of month / quarter / year buckets a period touches. */
function buckets(from: string, to: string, g: GroupBy): number {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  if (g === 'month') return (ty - fy) * 12 + tm - fm + 1;
  if (g === 'quarter') return (ty - fy) * 4 + Math.floor((tm - 1) / 3) - Math.floor((fm - 1) / 3) + 1;
  return ty - fy + 1;
}

/**
 * Merges the grouped count rows of several sources by key into one row per key (missing counts 0),
 * and the total row (from the empty grouping set) apart. Rows without a key get the key 'none'.
 */
function mergeRows<Z extends Record<string, number>>(zero: Z, results: Row[]): { rows: Array<Z & { key: string }>; total: Z } {
  const rows = new Map<string, Z & { key: string }>();
  let total: Z = { ...zero };
  for (const r of results) {
    const { key, total: isTotal, ...counts } = r;
    if (isTotal) total = { ...total, ...counts };
    else {
      const k = (key as string | null) ?? 'none';
      rows.set(k, { ...(rows.get(k) ?? { ...zero, key: k }), ...counts });
    }
  }
  return { rows: [...rows.values()], total };
}

/** Checks a report period: real dates, in order, not too long overall or for the grouping (400 with field errors). */
export function checkPeriod(from: string, to: string, opts: { maxDays?: number; groupBy?: GroupBy } = {}): void {
  const fields: Record<string, string[]> = {};
  for (const [k, v] of Object.entries({ from, to }))
    if (Number.isNaN(Date.parse(`${v}T00:00:00Z`)) || new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v)
      fields[k] = [`${k} is not a calendar date`];
  if (Object.keys(fields).length) throw AppError.validation(fields);
  if (to < from) throw AppError.validation({ to: [`the period ends (${to}) before it starts (${from})`] });
  const n = days(from, to);
  const max = Math.min(opts.maxDays ?? MAX_DAYS, MAX_DAYS);
  if (n > max) throw AppError.validation({ to: [`the period is ${n} days; this report covers at most ${max} days`] });
  if (opts.groupBy && PERIOD_GROUPS.includes(opts.groupBy)) {
    const b = buckets(from, to, opts.groupBy);
    if (b > MAX_BUCKETS)
      throw AppError.validation({
        groupBy: [`the period spans ${b} ${opts.groupBy}s; at most ${MAX_BUCKETS} — choose a coarser grouping or a shorter period`],
      });
  }
}

/** Columns of the rows behind a number, per source (names are joined in for the page only). */
const DRILL_COLUMNS: Record<Source, { select: string; order: string }> = {
  tasks: {
    select: `k.id AS "taskId", NULL::uuid AS "rowId", k.patient_id AS "patientId", to_char(k.due_date, 'YYYY-MM-DD') AS "dueDate",
             to_char(k.window_start, 'YYYY-MM-DD') AS "windowStart", to_char(k.window_end, 'YYYY-MM-DD') AS "windowEnd", k.status,
             k.completed_at AS "at", k.step_key AS "stepKey", ${ATTEMPTS}::int AS attempts, k.last_outcome AS "outcome", NULL::numeric AS score,
             ${SOURCES.tasks.keys.staff} AS "staffId", k.report_department_id AS "departmentId", en.ward_id AS "wardId", fp.template_id AS "templateId"`,
    order: 'k.due_date, k.id',
  },
  calls: {
    select: `k.id AS "taskId", a.id AS "rowId", a.patient_id AS "patientId", to_char(k.due_date, 'YYYY-MM-DD') AS "dueDate",
             to_char(k.window_start, 'YYYY-MM-DD') AS "windowStart", to_char(k.window_end, 'YYYY-MM-DD') AS "windowEnd", k.status,
             a.started_at AS "at", k.step_key AS "stepKey", a.duration_seconds AS attempts, a.outcome AS "outcome", NULL::numeric AS score,
             a.staff_id AS "staffId", a.department_id AS "departmentId", en.ward_id AS "wardId", fp.template_id AS "templateId"`,
    order: 'a.started_at, a.id',
  },
  escalations: {
    select: `e.task_id AS "taskId", e.id AS "rowId", e.patient_id AS "patientId", to_char(k.due_date, 'YYYY-MM-DD') AS "dueDate",
             NULL AS "windowStart", NULL AS "windowEnd", e.status, e.created_at AS "at", k.step_key AS "stepKey", NULL::int AS attempts,
             e.severity AS "outcome", NULL::numeric AS score, e.raised_by AS "staffId", e.department_id AS "departmentId",
             en.ward_id AS "wardId", fp.template_id AS "templateId"`,
    order: 'e.created_at, e.id',
  },
  plans: {
    select: `NULL::uuid AS "taskId", fp.id AS "rowId", fp.patient_id AS "patientId", NULL AS "dueDate", NULL AS "windowStart",
             NULL AS "windowEnd", fp.status, COALESCE(fp.discharged_at, fp.enrolled_at) AS "at", NULL AS "stepKey", NULL::int AS attempts,
             NULL AS "outcome", NULL::numeric AS score, NULL::uuid AS "staffId", en.department_id AS "departmentId", en.ward_id AS "wardId",
             fp.template_id AS "templateId"`,
    order: 'COALESCE(fp.discharged_at, fp.enrolled_at), fp.id',
  },
  satisfaction: {
    select: `s.task_id AS "taskId", s.response_id AS "rowId", s.patient_id AS "patientId", NULL AS "dueDate", NULL AS "windowStart",
             NULL AS "windowEnd", s.mode AS status, s.day::timestamptz AS "at", s.question_id AS "stepKey", NULL::int AS attempts,
             s.dimension AS "outcome", s.score, s.nurse_id AS "staffId", s.department_id AS "departmentId", s.ward_id AS "wardId",
             NULL::uuid AS "templateId"`,
    order: 's.day, s.response_id, s.question_id',
  },
};

/** Joins names onto drill rows `x` (only for the rows of a page or an export). */
const NAMED = (inner: string) => `
  SELECT x.*, pt.name AS "patientName",
         (SELECT ph.number FROM patient_phone ph WHERE ph.patient_id = x."patientId" ORDER BY ph.is_primary DESC, ph.id LIMIT 1) AS phone,
         dd.name AS "departmentName", dd.name_en AS "departmentNameEn", wd.name AS "wardName", wd.name_en AS "wardNameEn",
         ft.name_zh AS "templateName", ft.name_en AS "templateNameEn", su.display_name AS "staffName"
    FROM (${inner}) x
    LEFT JOIN patient pt ON pt.id = x."patientId"
    LEFT JOIN department dd ON dd.id = x."departmentId"
    LEFT JOIN ward wd ON wd.id = x."wardId"
    LEFT JOIN followup_template ft ON ft.id = x."templateId"
    LEFT JOIN app_user su ON su.id = x."staffId"
   ORDER BY x.ord`;

export interface DrillSql {
  source: Source;
  count: { text: string; params: unknown[] };
  rows: (limit?: { limit: number; offset: number }) => { text: string; params: unknown[] };
}

/**
 * Manager reports (docs/reports.md): aggregates computed by PostgreSQL over the caller's department
 * scope, and the rows behind each number built from the same predicates.
 */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  today(): string {
    return hospitalDay(this.clock.now()).date;
  }

  /** The departments a report is limited to: the one asked for (known, in scope) or the caller's scope (null = all). */
  async departments(q: { departmentId?: string; wardId?: string }): Promise<string[] | null> {
    const scope = departmentFilter(requestContext.get()?.scope);
    const { departmentId, wardId } = q;
    if (departmentId) {
      const found = await this.db.query(`SELECT 1 FROM department WHERE id = $1`, [departmentId]);
      if (!found.length) throw AppError.validation({ departmentId: ['unknown department'] });
      if (scope && !scope.includes(departmentId))
        throw new AppError(HttpStatus.FORBIDDEN, ErrorCode.DEPARTMENT_NOT_ALLOWED, 'This department is outside your departments');
    }
    if (wardId) {
      const [ward]: Array<{ department_id: string }> = await this.db.query(`SELECT department_id FROM ward WHERE id = $1`, [wardId]);
      if (!ward) throw AppError.validation({ wardId: ['unknown ward'] });
      if (departmentId && ward.department_id !== departmentId)
        throw AppError.validation({ wardId: ['this ward is not in the chosen department'] });
      if (scope && !scope.includes(ward.department_id))
        throw new AppError(HttpStatus.FORBIDDEN, ErrorCode.DEPARTMENT_NOT_ALLOWED, 'This ward is outside your departments');
    }
    return departmentId ? [departmentId] : scope;
  }

  /** The scope, ward and template conditions of a source (and mode, questionnaire, dimension, scale for answers). */
  filters(source: Source, b: Params, depts: string[] | null, f: Filters): string {
    const def = SOURCES[source];
    const conds = [scopeSql(b, def.department, depts)];
    if (f.wardId) conds.push(def.keys.ward ? `${def.keys.ward} = ${b.p(f.wardId)}::uuid` : 'false');
    if (f.templateId) conds.push(def.keys.template ? `${def.keys.template} = ${b.p(f.templateId)}::uuid` : 'false');
    if (source === 'satisfaction') {
      if (f.mode) conds.push(`s.mode = ${b.p(f.mode)}`);
      if (f.questionnaireId) conds.push(`s.questionnaire_id = ${b.p(f.questionnaireId)}::uuid`);
      if (f.dimension) conds.push(`s.dimension = ${b.p(f.dimension)}`);
      if (f.scaleMax !== undefined) conds.push(`s.scale_max = ${b.p(f.scaleMax)}`);
    }
    return conds.join(' AND ');
  }

  private period(b: Params, from: string, to: string) {
    return lazyParams(b, { from, to, today: this.today() });
  }

  /**
   * Counts of metrics of one source, grouped (with a total row when asked). Patient metrics count
   * distinct patients. `extra` adds aggregate columns over the rows of the metrics.
   */
  private async counts(
    source: Source,
    metrics: MetricName[],
    q: { from: string; to: string } & Filters,
    depts: string[] | null,
    groupBy: GroupBy,
    extra: (p: ReturnType<ReportsService['period']>) => string[] = () => [],
  ): Promise<Row[]> {
    const b = new Params();
    const p = this.period(b, q.from, q.to);
    const def = SOURCES[source];
    const key = groupKey(source, groupBy);
    if (!key) return [];
    const cols = metrics.map((m) => {
      const w = (METRICS[m] as { where: (p: unknown) => string }).where(p);
      return METRICS[m].unit === 'patients'
        ? `count(DISTINCT ${def.patient}) FILTER (WHERE ${w})::int AS "${m}"`
        : `count(*) FILTER (WHERE ${w})::int AS "${m}"`;
    });
    const any = metrics.map((m) => `(${(METRICS[m] as { where: (p: unknown) => string }).where(p)})`).join(' OR ');
    const grouped = groupBy !== 'none';
    // Every task metric is bounded by the period or the week after today: one index range for all.
    const span =
      source === 'tasks'
        ? `k.due_date BETWEEN LEAST(${p.from}::date, ${p.today}::date + 1) AND GREATEST(${p.to}::date, ${p.today}::date + 7)`
        : 'true';
    const sql = `SELECT ${grouped ? `${key} AS key, grouping(${key}) = 1 AS total` : `'all' AS key, true AS total`},
                        ${[...cols, ...extra(p)].join(', ')}
                   FROM ${def.from}
                  WHERE (${any}) AND ${span} AND ${this.filters(source, b, depts, q)}
                  ${grouped ? `GROUP BY GROUPING SETS ((${key}), ())` : ''}`;
    return this.db.query(sql, b.values);
  }

  // ---- workbench ----------------------------------------------------------------------------------

  async workbench() {
    const depts = departmentFilter(requestContext.get()?.scope);
    const out: Record<string, number> = {};
    for (const source of ['tasks', 'plans'] as const) {
      const names = WORKBENCH_NAMES.filter((n) => WORKBENCH[n].source === source);
      const b = new Params();
      const p = lazyParams(b, { today: this.today(), me: currentUser().id });
      const def = SOURCES[source];
      const cols = names.map((n) => {
        const w = WORKBENCH[n].where(p);
        return WORKBENCH[n].unit === 'patients'
          ? `count(DISTINCT ${def.patient}) FILTER (WHERE ${w})::int AS "${n}"`
          : `count(*) FILTER (WHERE ${w})::int AS "${n}"`;
      });
      const any = names.map((n) => `(${WORKBENCH[n].where(p)})`).join(' OR ');
      const [row] = await this.db.query(
        `SELECT ${cols.join(', ')} FROM ${def.from} WHERE (${any}) AND ${scopeSql(b, def.department, depts)}`,
        b.values,
      );
      Object.assign(out, row);
    }
    return { today: this.today(), counts: out };
  }

  workbenchDrillSql(metric: WorkbenchName): DrillSql {
    const def = WORKBENCH[metric];
    const make = () => {
      const b = new Params();
      const p = lazyParams(b, { today: this.today(), me: currentUser().id });
      const depts = departmentFilter(requestContext.get()?.scope);
      return { b, where: `${def.where(p)} AND ${scopeSql(b, SOURCES[def.source].department, depts)}` };
    };
    return this.drillSqlFor(def.source, make);
  }

  // ---- supervisor table ---------------------------------------------------------------------------

  async supervisor(q: ReportQuery) {
    checkPeriod(q.from, q.to, { maxDays: SUPERVISOR_MAX_DAYS });
    const depts = await this.departments(q);
    // Task and call counts from the daily rollups, patient counts from the tasks (docs/reports.md).
    const period = { from: q.from, to: q.to, today: this.today() };
    const rollup = (sql: (b: Params) => string) => {
      const b = new Params();
      const text = sql(b);
      return this.db.query(text, b.values) as Promise<Row[]>;
    };
    // The rollups are kept per department; a ward or template filter reads the tasks and calls
    // themselves, with the drill-downs' predicates (slower, same numbers).
    const narrowed = !!(q.wardId || q.templateId);
    const [tasks, patients, calls, escalations] = await Promise.all([
      narrowed ? this.counts('tasks', SUPERVISOR_TASK_METRICS, q, depts, 'staff') : rollup((b) => supervisorTaskCounts(b, period, depts)),
      narrowed ? Promise.resolve([]) : rollup((b) => supervisorPatientCounts(b, period, depts)),
      narrowed
        ? this.counts('calls', ['calls', 'reachedCalls'], q, depts, 'staff', () => [
            `COALESCE(sum(a.duration_seconds), 0)::int AS "callSeconds"`,
            `count(a.duration_seconds)::int AS "timedCalls"`,
          ])
        : rollup((b) => supervisorCallCounts(b, period, depts)),
      this.counts('escalations', ['escalationsRaised', 'escalationsAnsweredInTime'], q, depts, 'staff'),
    ]);
    const zero = {
      assignedPatients: 0,
      newPatients: 0,
      due: 0,
      done: 0,
      doneOnTime: 0,
      overdue: 0,
      dueNextWeek: 0,
      followedUp: 0,
      returned: 0,
      calls: 0,
      reachedCalls: 0,
      callSeconds: 0,
      timedCalls: 0,
      escalationsRaised: 0,
      escalationsAnsweredInTime: 0,
    };
    const merged = mergeRows(zero, [...tasks, ...patients, ...calls, ...escalations]);
    const names = await this.names(
      'staff',
      merged.rows.map((r) => r.key).filter((k) => k !== 'none'),
    );
    const rates = (r: typeof zero) => ({
      completionRate: ratio(r.done, r.due),
      timeliness: ratio(r.doneOnTime, r.done),
      averageCallSeconds: ratio(r.callSeconds, r.timedCalls),
      arrivalConversion: ratio(r.returned, r.followedUp),
      answeredInTimeRate: ratio(r.escalationsAnsweredInTime, r.escalationsRaised),
    });
    return {
      from: q.from,
      to: q.to,
      today: this.today(),
      departmentId: q.departmentId ?? null,
      rows: merged.rows
        .map((r) => ({ ...r, total: false, name: names.get(r.key)?.name ?? null, ...rates(r) }))
        .sort((a, b) => (a.key === 'none' ? 1 : b.key === 'none' ? -1 : b.due - a.due)),
      total: { ...merged.total, key: 'total', total: true, name: null, ...rates(merged.total) },
    };
  }

  // ---- follow-up rates ------------------------------------------------------------------------------

  async rates(q: RatesQuery) {
    checkPeriod(q.from, q.to, { groupBy: q.groupBy });
    const depts = await this.departments(q);
    const [tasks, plans] = await Promise.all([
      this.counts('tasks', ['due', 'done', 'doneOnTime', 'attempted', 'reached'], q, depts, q.groupBy, (p) => [
        `COALESCE(sum(${ATTEMPTS}) FILTER (WHERE ${METRICS.done.where(p)}), 0)::int AS "doneAttempts"`,
      ]),
      q.groupBy === 'staff' ? Promise.resolve([]) : this.counts('plans', ['plansEnded', 'plansLost'], q, depts, q.groupBy),
    ]);
    const zero = { due: 0, done: 0, doneOnTime: 0, attempted: 0, reached: 0, doneAttempts: 0, plansEnded: 0, plansLost: 0 };
    const merged = mergeRows(zero, [...tasks, ...plans]);
    const names = await this.names(
      q.groupBy,
      merged.rows.map((r) => r.key).filter((k) => k !== 'none'),
    );
    const rates = (r: typeof zero) => ({
      completionRate: ratio(r.done, r.due),
      timeliness: ratio(r.doneOnTime, r.done),
      reachRate: ratio(r.reached, r.attempted),
      attemptsPerCompleted: ratio(r.doneAttempts, r.done),
      lossRate: q.groupBy === 'staff' ? null : ratio(r.plansLost, r.plansEnded),
    });
    return {
      from: q.from,
      to: q.to,
      groupBy: q.groupBy,
      rows: merged.rows
        .map((r) => ({ ...r, total: false, name: names.get(r.key)?.name ?? null, nameEn: names.get(r.key)?.nameEn ?? null, ...rates(r) }))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
      total: { ...merged.total, key: 'total', total: true, name: null, nameEn: null, ...rates(merged.total) },
    };
  }

  // ---- satisfaction -------------------------------------------------------------------------------

  private async satisfactionRows(q: SatisfactionQuery, from: string, depts: string[] | null, groupBy: GroupBy) {
    const b = new Params();
    const key = groupKey('satisfaction', groupBy) ?? `'all'`;
    const grouped = groupBy !== 'none';
    // Daily totals answer everything but ward, doctor and nurse (kept on the answers only).
    const daily = !['ward', 'doctor', 'nurse'].includes(groupBy) && !q.wardId;
    const counts = daily
      ? `sum(s.responses)::int AS responses, sum(s.valid)::int AS valid, sum(s.dont_know)::int AS "dontKnow",
         (sum(s.score_sum) / NULLIF(sum(s.valid), 0))::float AS mean, sum(s.top)::int AS top, sum(s.positive)::int AS positive,
         sum(s.promoters)::int AS promoters, sum(s.detractors)::int AS detractors`
      : `count(DISTINCT s.response_id)::int AS responses, count(s.score)::int AS valid,
         count(*) FILTER (WHERE s.score IS NULL)::int AS "dontKnow", avg(s.score)::float AS mean,
         count(*) FILTER (WHERE s.score = s.scale_max)::int AS top, count(*) FILTER (WHERE s.positive)::int AS positive,
         count(*) FILTER (WHERE s.scale_max = 10 AND s.score >= 9)::int AS promoters,
         count(*) FILTER (WHERE s.scale_max = 10 AND s.score <= 6)::int AS detractors`;
    const rows: SatCounts[] = await this.db.query(
      `SELECT s.mode, s.dimension, s.scale_max::float AS "scaleMax", ${grouped ? key : `'all'`} AS key, ${counts}
         FROM ${daily ? 'satisfaction_daily' : 'satisfaction_answer'} s
        WHERE s.day BETWEEN ${b.p(from)}::date AND ${b.p(q.to)}::date AND ${this.filters('satisfaction', b, depts, q)}
        GROUP BY s.mode, s.dimension, s.scale_max${grouped ? `, ${key}` : ''}
        ORDER BY s.mode, s.dimension, s.scale_max${grouped ? `, ${key}` : ''}`,
      b.values,
    );
    const min = this.config.reportMinResponses;
    return rows.map((r) => {
      const n = r.valid;
      const suppressed = n < min;
      const pct = (x: number) => (suppressed ? null : ratio(x, n));
      return {
        ...r,
        key: r.key ?? 'none',
        suppressed,
        mean: suppressed || r.mean === null ? null : Math.round(r.mean * 100) / 100,
        topBox: pct(r.top),
        positiveRate: pct(r.positive),
        nps: suppressed || r.scaleMax !== 10 ? null : Math.round(((r.promoters - r.detractors) / n) * 1000) / 10,
      };
    });
  }

  async satisfaction(q: SatisfactionQuery) {
    checkPeriod(q.from, q.to, { groupBy: q.groupBy });
    const depts = await this.departments(q);
    const rows = await this.satisfactionRows(q, q.from, depts, q.groupBy);
    const names = await this.names(q.groupBy, [...new Set(rows.map((r) => r.key).filter((k) => k !== 'none' && k !== 'all'))]);
    return {
      from: q.from,
      to: q.to,
      groupBy: q.groupBy,
      minResponses: this.config.reportMinResponses,
      rows: rows.map((r) => ({ ...r, name: names.get(r.key)?.name ?? null, nameEn: names.get(r.key)?.nameEn ?? null })),
    };
  }

  /** Monthly figures of the period with the change against the month before (MoM) and a year before (YoY). */
  async trend(q: SatisfactionQuery) {
    checkPeriod(q.from, q.to, { groupBy: 'month' });
    const depts = await this.departments(q);
    const start = `${Number(q.from.slice(0, 4)) - 1}-${q.from.slice(5, 7)}-01`;
    const rows = await this.satisfactionRows(q, start, depts, 'month');
    const at = new Map(rows.map((r) => [`${r.mode}|${r.dimension}|${r.scaleMax}|${r.key}`, r]));
    const shift = (month: string, by: number) => {
      const d = new Date(`${month}-01T00:00:00Z`);
      d.setUTCMonth(d.getUTCMonth() + by);
      return d.toISOString().slice(0, 7);
    };
    const fields = ['mean', 'topBox', 'positiveRate', 'nps'] as const;
    const diff = (a: number | null | undefined, b: number | null | undefined) =>
      a === null || a === undefined || b === null || b === undefined ? null : Math.round((a - b) * 10000) / 10000;
    const series = rows
      .filter((r) => r.key >= q.from.slice(0, 7) && r.key <= q.to.slice(0, 7))
      .map((r) => {
        const prev = at.get(`${r.mode}|${r.dimension}|${r.scaleMax}|${shift(r.key, -1)}`);
        const year = at.get(`${r.mode}|${r.dimension}|${r.scaleMax}|${shift(r.key, -12)}`);
        return {
          ...r,
          month: r.key,
          mom: Object.fromEntries(fields.map((f) => [f, diff(r[f], prev?.[f])])),
          yoy: Object.fromEntries(fields.map((f) => [f, diff(r[f], year?.[f])])),
        };
      });
    return { from: q.from, to: q.to, minResponses: this.config.reportMinResponses, series };
  }

  /** Responses of the period with a free-text answer, their scores and escalations (paged, newest first). */
  async comments(q: CommentsQuery) {
    checkPeriod(q.from, q.to);
    const depts = await this.departments(q);
    const b = new Params();
    const conds = [
      `r.submitted_at >= (${b.p(q.from)}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`,
      `r.submitted_at < ((${b.p(q.to)}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`,
      scopeSql(b, 'k.report_department_id', depts),
      `t.texts IS NOT NULL`,
    ];
    if (q.wardId) conds.push(`en.ward_id = ${b.p(q.wardId)}::uuid`);
    if (q.mode) conds.push(`r.mode = ${b.p(q.mode)}`);
    if (q.maxScore !== undefined) conds.push(`(r.scores->>'total')::numeric <= ${b.p(q.maxScore)}`);
    const from = (names = '') => `FROM questionnaire_response r JOIN questionnaire qn ON qn.id = r.questionnaire_id
      JOIN followup_task k ON k.id = r.task_id JOIN followup_plan fp ON fp.id = k.plan_id LEFT JOIN encounter en ON en.id = fp.encounter_id ${names}
      CROSS JOIN LATERAL (SELECT jsonb_agg(jsonb_build_object('questionId', qq->>'id', 'question', qq->'text', 'text', r.answers->>(qq->>'id'))) AS texts
                            FROM jsonb_array_elements(qn.definition->'sections') sec, jsonb_array_elements(sec->'questions') qq
                           WHERE qq->>'type' = 'text' AND COALESCE(r.answers->>(qq->>'id'), '') <> '') t
      WHERE ${conds.join(' AND ')}`;
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total ${from()}`, b.values);
    const items = await this.db.query(
      `SELECT r.id AS "responseId", r.task_id AS "taskId", r.patient_id AS "patientId", pt.name AS "patientName", r.mode,
              r.submitted_at AS "submittedAt", (r.scores->>'total')::float AS "totalScore",
              (r.scores->'dimensions'->>'overall')::float AS "overallScore", t.texts, qn.title_zh AS "questionnaireTitle",
              qn.title_en AS "questionnaireTitleEn", d.name AS "departmentName", d.name_en AS "departmentNameEn",
              COALESCE((SELECT json_agg(json_build_object('id', e.id, 'status', e.status, 'severity', e.severity)) FROM escalation e
                         WHERE e.task_id = r.task_id), '[]') AS escalations
         ${from(`LEFT JOIN patient pt ON pt.id = r.patient_id LEFT JOIN department d ON d.id = k.report_department_id`)}
        ORDER BY r.submitted_at DESC, r.id LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
      b.values,
    );
    await this.audit.record({
      action: 'report.comments',
      details: { from: q.from, to: q.to, departmentId: q.departmentId ?? null, wardId: q.wardId ?? null, total },
    });
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  // ---- drill-down ---------------------------------------------------------------------------------

  private drillSqlFor(source: Source, make: () => { b: Params; where: string }): DrillSql {
    const def = SOURCES[source];
    const cols = DRILL_COLUMNS[source];
    const c = make();
    return {
      source,
      count: {
        text: `SELECT count(*)::int AS total, count(DISTINCT ${def.patient})::int AS patients FROM ${def.from} WHERE ${c.where}`,
        params: c.b.values,
      },
      rows: (limit) => {
        const r = make();
        return {
          text: NAMED(
            `SELECT ${cols.select}, row_number() OVER (ORDER BY ${cols.order}) AS ord FROM ${def.from} WHERE ${r.where} ORDER BY ${cols.order}${limit ? ` LIMIT ${limit.limit} OFFSET ${limit.offset}` : ''}`,
          ),
          params: r.b.values,
        };
      },
    };
  }

  /** The SQL behind one report number (checked: period, department scope, grouping). */
  async drillSql(q: DrillQuery): Promise<DrillSql> {
    const metric = METRICS[q.metric] as { source: Source; where: (p: unknown) => string };
    checkPeriod(q.from, q.to, q.groupBy ? { groupBy: q.groupBy } : {});
    const depts = await this.departments(q);
    const key = q.groupBy ? groupKey(metric.source, q.groupBy) : undefined;
    if (q.groupBy && !key) throw AppError.validation({ groupBy: [`${q.metric} cannot be grouped by ${q.groupBy}`] });
    if (q.key !== undefined && !q.groupBy) throw AppError.validation({ key: ['key needs groupBy'] });
    const today = this.today();
    return this.drillSqlFor(metric.source, () => {
      const b = new Params();
      const p = lazyParams(b, { from: q.from, to: q.to, today });
      const conds = [metric.where(p), this.filters(metric.source, b, depts, q)];
      if (key && q.key !== undefined && q.groupBy !== 'none') conds.push(q.key === 'none' ? `${key} IS NULL` : `${key} = ${b.p(q.key)}`);
      return { b, where: conds.join(' AND ') };
    });
  }

  /** A page of the rows behind a number, with their count and distinct patients; audited. */
  async drillPage(sql: DrillSql, page: number, pageSize: number, audit: Record<string, unknown>) {
    const [{ total, patients }] = await this.db.query(sql.count.text, sql.count.params);
    const r = sql.rows({ limit: pageSize, offset: (page - 1) * pageSize });
    const items: Row[] = await this.db.query(r.text, r.params);
    await this.audit.record({ action: 'report.drill', details: { ...audit, total } });
    return {
      source: sql.source,
      total,
      patients,
      page,
      pageSize,
      items: items.map((i) => ({ ...i, phone: maskPhone(i['phone'] as string) })),
    };
  }

  // ---- names --------------------------------------------------------------------------------------

  /** Display names of group keys (departments, wards, templates, staff, questionnaires). */
  async names(groupBy: GroupBy, ids: string[]): Promise<Map<string, { name: string; nameEn: string | null }>> {
    const table: Partial<Record<GroupBy, string>> = {
      department: `SELECT id::text, name, name_en FROM department WHERE id = ANY($1::uuid[])`,
      ward: `SELECT id::text, name, name_en FROM ward WHERE id = ANY($1::uuid[])`,
      template: `SELECT id::text, name_zh AS name, name_en FROM followup_template WHERE id = ANY($1::uuid[])`,
      staff: `SELECT id::text, display_name AS name, NULL AS name_en FROM app_user WHERE id = ANY($1::uuid[])`,
      nurse: `SELECT id::text, display_name AS name, NULL AS name_en FROM app_user WHERE id = ANY($1::uuid[])`,
      questionnaire: `SELECT id::text, title_zh || ' v' || version AS name, title_en || ' v' || version AS name_en FROM questionnaire WHERE id = ANY($1::uuid[])`,
    };
    const sql = table[groupBy];
    if (!sql || !ids.length) return new Map();
    const rows: Array<{ id: string; name: string; name_en: string | null }> = await this.db.query(sql, [ids]);
    return new Map(rows.map((r) => [r.id, { name: r.name, nameEn: r.name_en }]));
  }
}
