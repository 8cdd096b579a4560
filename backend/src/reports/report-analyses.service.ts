import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AuditService } from '../platform/audit/audit.service';
import { currentUser } from '../platform/context/request-context';
import { groupKey, lazyParams, METRICS, Params, SOURCES } from './report-sql';
import { AnalysesQuery, HeatmapQuery, PrintQuery } from './report-analyses.dto';
import { RatesQuery, ReportQuery } from './reports.dto';
import { checkPeriod, ratio, ReportsService } from './reports.service';
import { PROVINCES } from './regions';

type Row = Record<string, unknown>;

/** The months (YYYY-MM) of a period. */
export function monthsOf(from: string, to: string): string[] {
  const out: string[] = [];
  const d = new Date(`${from.slice(0, 7)}-01T00:00:00Z`);
  while (d.toISOString().slice(0, 7) <= to.slice(0, 7)) {
    out.push(d.toISOString().slice(0, 7));
    d.setUTCMonth(d.getUTCMonth() + 1);
  }
  return out;
}

/**
 * The reports behind the charts and the "other analyses" (docs/reports.md): task outcomes, the
 * department × month heat map, patient source, top diagnoses and escalation reasons — one SQL
 * aggregate each, over the caller's department scope, with the predicates of the report metrics.
 */
@Injectable()
export class ReportAnalysesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reports: ReportsService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private period(b: Params, q: { from: string; to: string }) {
    return lazyParams(b, { from: q.from, to: q.to, today: this.reports.today() });
  }

  /** Tasks due in the period split by outcome (a stacked bar), grouped like the follow-up rates. */
  async outcomes(q: RatesQuery) {
    checkPeriod(q.from, q.to, { groupBy: q.groupBy });
    const depts = await this.reports.departments(q);
    const b = new Params();
    const p = this.period(b, q);
    const key = groupKey('tasks', q.groupBy) as string;
    const grouped = q.groupBy !== 'none';
    const rows: Array<{
      key: string | null;
      total: boolean;
      due: number;
      done: number;
      doneOnTime: number;
      overdue: number;
      ended: number;
    }> = await this.db.query(
      `SELECT ${grouped ? `${key} AS key, grouping(${key}) = 1 AS total` : `'all' AS key, true AS total`},
                count(*)::int AS due,
                count(*) FILTER (WHERE k.status = 'done')::int AS done,
                count(*) FILTER (WHERE ${METRICS.doneOnTime.where(p)})::int AS "doneOnTime",
                count(*) FILTER (WHERE ${METRICS.overdue.where(p)})::int AS overdue,
                count(*) FILTER (WHERE k.status IN ('lost', 'failed'))::int AS ended
           FROM ${SOURCES.tasks.from}
          WHERE ${METRICS.due.where(p)} AND ${this.reports.filters('tasks', b, depts, q)}
          ${grouped ? `GROUP BY GROUPING SETS ((${key}), ())` : ''}`,
      b.values,
    );
    const names = await this.reports.names(
      q.groupBy,
      rows.filter((r) => !r.total && r.key !== null).map((r) => r.key as string),
    );
    const shape = (r: (typeof rows)[number]) => ({
      key: r.total ? 'total' : (r.key ?? 'none'),
      total: r.total,
      name: r.total ? null : (names.get(r.key ?? '')?.name ?? null),
      nameEn: r.total ? null : (names.get(r.key ?? '')?.nameEn ?? null),
      due: r.due,
      doneOnTime: r.doneOnTime,
      doneLate: r.done - r.doneOnTime,
      overdue: r.overdue,
      ended: r.ended,
      open: r.due - r.done - r.overdue - r.ended,
    });
    const zero = { key: 'total', total: true, due: 0, done: 0, doneOnTime: 0, overdue: 0, ended: 0 };
    return {
      from: q.from,
      to: q.to,
      groupBy: q.groupBy,
      rows: rows
        .filter((r) => !r.total)
        .map(shape)
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
      total: shape(rows.find((r) => r.total) ?? zero),
    };
  }

  /**
   * Department × month: completion rate (done ÷ due, tasks due in the month) or % positive of one
   * dimension, mode and scale (suppressed below the small-numbers threshold, never shown as 0).
   */
  async heatmap(q: HeatmapQuery) {
    checkPeriod(q.from, q.to, { groupBy: 'month' });
    const depts = await this.reports.departments(q);
    const b = new Params();
    let cells: Array<{ departmentId: string | null; month: string; numerator: number; denominator: number }>;
    if (q.metric === 'completionRate') {
      const p = this.period(b, q);
      cells = await this.db.query(
        `SELECT k.report_department_id AS "departmentId", to_char(k.due_date, 'YYYY-MM') AS month,
                count(*) FILTER (WHERE k.status = 'done')::int AS numerator, count(*)::int AS denominator
           FROM ${SOURCES.tasks.from}
          WHERE ${METRICS.due.where(p)} AND ${this.reports.filters('tasks', b, depts, q)}
          GROUP BY 1, 2`,
        b.values,
      );
    } else {
      // Daily totals answer department × month unless a ward is asked for (kept on the answers only).
      const daily = !q.wardId;
      const f = { ...q, templateId: undefined, questionnaireId: undefined };
      cells = await this.db.query(
        `SELECT s.department_id AS "departmentId", to_char(s.day, 'YYYY-MM') AS month,
                ${daily ? 'sum(s.positive)::int' : 'count(*) FILTER (WHERE s.positive)::int'} AS numerator,
                ${daily ? 'sum(s.valid)::int' : 'count(s.score)::int'} AS denominator
           FROM ${daily ? 'satisfaction_daily' : 'satisfaction_answer'} s
          WHERE s.day BETWEEN ${b.p(q.from)}::date AND ${b.p(q.to)}::date AND ${this.reports.filters('satisfaction', b, depts, f)}
          GROUP BY 1, 2`,
        b.values,
      );
    }
    const min = q.metric === 'positiveRate' ? this.config.reportMinResponses : 1;
    const ids = [...new Set(cells.map((c) => c.departmentId).filter((d): d is string => d !== null))];
    const names = await this.reports.names('department', ids);
    const months = monthsOf(q.from, q.to);
    const at = new Map(cells.map((c) => [`${c.departmentId ?? 'none'}|${c.month}`, c]));
    const rows = [...ids, ...(cells.some((c) => c.departmentId === null) ? ['none'] : [])]
      .map((id) => ({
        departmentId: id,
        name: names.get(id)?.name ?? null,
        nameEn: names.get(id)?.nameEn ?? null,
        cells: months.map((month) => {
          const c = at.get(`${id}|${month}`);
          const n = c?.numerator ?? 0;
          const d = c?.denominator ?? 0;
          const suppressed = d > 0 && d < min;
          return { month, numerator: n, denominator: d, suppressed, value: d === 0 || suppressed ? null : n / d };
        }),
      }))
      .sort((a, b) => (a.name ?? '~').localeCompare(b.name ?? '~', 'zh-CN'));
    return {
      from: q.from,
      to: q.to,
      metric: q.metric,
      ...(q.metric === 'positiveRate' ? { mode: q.mode, dimension: q.dimension, scaleMax: q.scaleMax } : {}),
      minResponses: this.config.reportMinResponses,
      months,
      rows,
    };
  }

  /** Patient source, top diagnoses and escalation reasons for the followed-up patients of the period. */
  async analyses(q: AnalysesQuery) {
    checkPeriod(q.from, q.to);
    const depts = await this.reports.departments(q);
    const min = this.config.reportMinResponses;
    /** Followed-up patients (done tasks due in P) with the anchor encounters of those tasks. */
    const followed = (b: Params) => {
      const p = this.period(b, q);
      return `SELECT DISTINCT k.patient_id, fp.encounter_id FROM ${SOURCES.tasks.from}
               WHERE ${METRICS.followedUp.where(p)} AND ${this.reports.filters('tasks', b, depts, q)}`;
    };
    const run = <T>(make: (b: Params) => string): Promise<T[]> => {
      const b = new Params();
      const sql = make(b);
      return this.db.query(sql, b.values);
    };
    const [[{ patients }], provinces, cities, organisations, diagnoses, escalations] = await Promise.all([
      run<{ patients: number }>((b) => `SELECT count(DISTINCT f.patient_id)::int AS patients FROM (${followed(b)}) f`),
      run<{ code: string | null; patients: number }>(
        (b) => `SELECT CASE WHEN pt.region_code ~ '^[0-9]{6}$' THEN left(pt.region_code, 2) END AS code, count(*)::int AS patients
                  FROM (SELECT DISTINCT patient_id FROM (${followed(b)}) f) f JOIN patient pt ON pt.id = f.patient_id
                 GROUP BY 1 ORDER BY 2 DESC, 1`,
      ),
      run<{ code: string; patients: number }>(
        (b) => `SELECT left(pt.region_code, 4) AS code, count(*)::int AS patients
                  FROM (SELECT DISTINCT patient_id FROM (${followed(b)}) f) f JOIN patient pt ON pt.id = f.patient_id
                 WHERE pt.region_code ~ '^[0-9]{6}$'
                 GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${q.top}`,
      ),
      run<{ id: string | null; name: string | null; patients: number }>(
        (b) => `SELECT o.id, o.name, count(*)::int AS patients
                  FROM (SELECT DISTINCT patient_id FROM (${followed(b)}) f) f JOIN patient pt ON pt.id = f.patient_id
                  LEFT JOIN organisation o ON o.id = pt.organisation_id
                 GROUP BY o.id, o.name ORDER BY 3 DESC, 2 NULLS LAST`,
      ),
      run<{ code: string; text: string; patients: number }>(
        (b) => `SELECT d.icd10_code AS code, mode() WITHIN GROUP (ORDER BY d.text) AS text, count(DISTINCT f.patient_id)::int AS patients
                  FROM (${followed(b)}) f JOIN encounter_diagnosis d ON d.encounter_id = f.encounter_id
                 GROUP BY d.icd10_code ORDER BY 3 DESC, 1 LIMIT ${q.top}`,
      ),
      this.escalationReasons(q, depts),
    ]);
    const share = (n: number) => (patients < min ? null : ratio(n, patients));
    return {
      from: q.from,
      to: q.to,
      minResponses: min,
      patients,
      suppressed: patients > 0 && patients < min,
      source: {
        provinces: provinces.map((r) => ({
          code: r.code ?? 'none',
          name: r.code ? (PROVINCES[r.code]?.zh ?? r.code) : null,
          nameEn: r.code ? (PROVINCES[r.code]?.en ?? r.code) : null,
          patients: r.patients,
          share: share(r.patients),
        })),
        cities: cities.map((r) => ({
          code: r.code,
          province: PROVINCES[r.code.slice(0, 2)]?.zh ?? null,
          provinceEn: PROVINCES[r.code.slice(0, 2)]?.en ?? null,
          patients: r.patients,
          share: share(r.patients),
        })),
        organisations: organisations.map((r) => ({ id: r.id ?? 'none', name: r.name, patients: r.patients, share: share(r.patients) })),
        /** No referral or source field exists on patients or encounters: not reported rather than invented. */
        referral: { available: false },
      },
      diagnoses: diagnoses.map((r) => ({ ...r, share: share(r.patients) })),
      escalations,
      /** Inquiry conversion needs the inquiry feature (not built yet). */
      inquiries: { available: false },
    };
  }

  /**
   * Escalations raised in the period by reason: each question that triggered one (an escalation
   * raised by two answers counts under both), or "raised by hand" when no question did.
   */
  private async escalationReasons(q: ReportQuery, depts: string[] | null) {
    const b = new Params();
    const p = this.period(b, q);
    const where = `${METRICS.escalationsRaised.where(p)} AND ${this.reports.filters('escalations', b, depts, q)}`;
    const [rows, [totals]] = await Promise.all([
      this.db.query(
        `SELECT x.question, x."questionnaireId", x.escalations, x.urgent,
                (SELECT qq->'text' FROM questionnaire qn, jsonb_array_elements(qn.definition->'sections') sec,
                        jsonb_array_elements(sec->'questions') qq
                  WHERE qn.id = x."questionnaireId" AND qq->>'id' = x.question LIMIT 1) AS text,
                (SELECT jsonb_build_object('zh', qn.title_zh, 'en', qn.title_en) FROM questionnaire qn WHERE qn.id = x."questionnaireId") AS questionnaire
           FROM (SELECT qid AS question, CASE WHEN qid IS NULL THEN NULL ELSE k.questionnaire_id END AS "questionnaireId",
                        count(DISTINCT e.id)::int AS escalations, count(DISTINCT e.id) FILTER (WHERE e.severity = 'urgent')::int AS urgent
                   FROM ${SOURCES.escalations.from}
                   LEFT JOIN LATERAL unnest(CASE WHEN cardinality(e.questions) > 0 THEN e.questions ELSE ARRAY[NULL::text] END) qid ON true
                  WHERE ${where}
                  GROUP BY 1, 2) x
          ORDER BY x.escalations DESC, x.question NULLS LAST`,
        b.values,
      ) as Promise<
        Array<{
          question: string | null;
          questionnaireId: string | null;
          escalations: number;
          urgent: number;
          text: unknown;
          questionnaire: unknown;
        }>
      >,
      this.db.query(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE e.severity = 'urgent')::int AS urgent,
                count(*) FILTER (WHERE cardinality(e.questions) = 0)::int AS manual
           FROM ${SOURCES.escalations.from} WHERE ${where}`,
        b.values,
      ) as Promise<Array<{ total: number; urgent: number; manual: number }>>,
    ]);
    return {
      ...totals,
      reasons: rows.map((r) => ({
        ...r,
        key: r.question ? `${r.questionnaireId}:${r.question}` : 'manual',
        share: ratio(r.escalations, totals.total),
      })),
    };
  }

  /** Writes the audit event of a PDF (print) export and returns what the printed header shows. */
  async print(q: PrintQuery) {
    checkPeriod(q.from, q.to);
    await this.reports.departments(q);
    const user = currentUser();
    const [who]: Row[] = await this.db.query(`SELECT display_name FROM app_user WHERE id = $1`, [user.id]);
    const dept = q.departmentId ? (await this.reports.names('department', [q.departmentId])).get(q.departmentId) : undefined;
    const ward = q.wardId ? (await this.reports.names('ward', [q.wardId])).get(q.wardId) : undefined;
    const generatedAt = new Date().toISOString();
    await this.audit.record({
      action: 'report.export',
      details: {
        format: 'pdf',
        report: q.report,
        from: q.from,
        to: q.to,
        departmentId: q.departmentId ?? null,
        wardId: q.wardId ?? null,
        groupBy: q.groupBy ?? null,
        mode: q.mode ?? null,
      },
    });
    return {
      report: q.report,
      generatedAt,
      user: (who?.['display_name'] as string | undefined) ?? user.username,
      department: dept ? { name: dept.name, nameEn: dept.nameEn } : null,
      ward: ward ? { name: ward.name, nameEn: ward.nameEn } : null,
    };
  }
}
