import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { maskPhone } from '../patients/identity';
import { AuditService } from '../platform/audit/audit.service';
import { AppError } from '../platform/errors/app-error';
import { AnalysesQuery } from './report-analyses.dto';
import { ReportAnalysesService } from './report-analyses.service';
import { DrillQuery, ExportQueryDto, RatesQuery, SatisfactionQuery } from './reports.dto';
import { ReportsService } from './reports.service';

export type ExportQuery = ExportQueryDto;

/** A sheet column: header in both languages and the Excel number format. */
interface Col {
  key: string;
  zh: string;
  en: string;
  width?: number;
  /** `pct`: a fraction shown as a percentage; `int`; `dec`: two decimals; `dt`: date and time. */
  fmt?: 'pct' | 'int' | 'dec' | 'dt';
}

const NUM_FMT = { pct: '0.0%', int: '#,##0', dec: '0.00', dt: 'yyyy-mm-dd hh:mm' };

const SUPERVISOR_COLS: Col[] = [
  { key: 'name', zh: '随访员', en: 'Staff member', width: 18 },
  { key: 'assignedPatients', zh: '分配患者', en: 'Assigned patients', fmt: 'int' },
  { key: 'newPatients', zh: '新增患者', en: 'New patients', fmt: 'int' },
  { key: 'due', zh: '应随访', en: 'Tasks due', fmt: 'int' },
  { key: 'done', zh: '已随访', en: 'Done', fmt: 'int' },
  { key: 'doneOnTime', zh: '按时完成', en: 'Done on time', fmt: 'int' },
  { key: 'completionRate', zh: '完成率', en: 'Completion rate', fmt: 'pct' },
  { key: 'timeliness', zh: '及时率', en: 'Timeliness', fmt: 'pct' },
  { key: 'overdue', zh: '过期未随访', en: 'Overdue', fmt: 'int' },
  { key: 'dueNextWeek', zh: '下周随访', en: 'Due next week', fmt: 'int' },
  { key: 'calls', zh: '通话数', en: 'Calls', fmt: 'int' },
  { key: 'reachedCalls', zh: '接通', en: 'Reached', fmt: 'int' },
  { key: 'callSeconds', zh: '通话总时长(秒)', en: 'Call time (s)', fmt: 'int' },
  { key: 'averageCallSeconds', zh: '平均通话(秒)', en: 'Average call (s)', fmt: 'dec' },
  { key: 'followedUp', zh: '已随访患者', en: 'Followed-up patients', fmt: 'int' },
  { key: 'returned', zh: '到院患者', en: 'Returned', fmt: 'int' },
  { key: 'arrivalConversion', zh: '到院转化率', en: 'Arrival conversion', fmt: 'pct' },
  { key: 'escalationsRaised', zh: '上报问题', en: 'Escalations raised', fmt: 'int' },
  { key: 'escalationsAnsweredInTime', zh: '按时答复', en: 'Answered in time', fmt: 'int' },
];

const RATE_COLS: Col[] = [
  { key: 'name', zh: '分组', en: 'Group', width: 22 },
  { key: 'due', zh: '应随访', en: 'Tasks due', fmt: 'int' },
  { key: 'done', zh: '已随访', en: 'Done', fmt: 'int' },
  { key: 'doneOnTime', zh: '按时完成', en: 'Done on time', fmt: 'int' },
  { key: 'attempted', zh: '已拨打', en: 'Attempted', fmt: 'int' },
  { key: 'reached', zh: '已接通', en: 'Reached', fmt: 'int' },
  { key: 'plansEnded', zh: '结束计划', en: 'Plans ended', fmt: 'int' },
  { key: 'plansLost', zh: '失访计划', en: 'Plans lost', fmt: 'int' },
  { key: 'completionRate', zh: '完成率', en: 'Completion rate', fmt: 'pct' },
  { key: 'timeliness', zh: '及时率', en: 'Timeliness', fmt: 'pct' },
  { key: 'reachRate', zh: '接通率', en: 'Reach rate', fmt: 'pct' },
  { key: 'attemptsPerCompleted', zh: '每例完成拨打次数', en: 'Attempts per completed task', fmt: 'dec' },
  { key: 'lossRate', zh: '失访率', en: 'Loss to follow-up', fmt: 'pct' },
];

const SATISFACTION_COLS: Col[] = [
  { key: 'name', zh: '分组', en: 'Group', width: 22 },
  { key: 'mode', zh: '方式', en: 'Mode' },
  { key: 'dimension', zh: '维度', en: 'Dimension', width: 12 },
  { key: 'scaleMax', zh: '满分', en: 'Scale', fmt: 'int' },
  { key: 'responses', zh: '答卷数', en: 'Responses', fmt: 'int' },
  { key: 'valid', zh: '有效回答', en: 'Valid answers', fmt: 'int' },
  { key: 'dontKnow', zh: '不知道', en: "Don't know", fmt: 'int' },
  { key: 'mean', zh: '平均分', en: 'Mean', fmt: 'dec' },
  { key: 'topBox', zh: '最佳选项率', en: 'Top-box', fmt: 'pct' },
  { key: 'positiveRate', zh: '好评率', en: '% positive', fmt: 'pct' },
  { key: 'nps', zh: 'NPS', en: 'NPS', fmt: 'dec' },
  { key: 'note', zh: '说明', en: 'Note', width: 18 },
];

const DRILL_COLS: Col[] = [
  { key: 'patientName', zh: '患者', en: 'Patient', width: 12 },
  { key: 'phone', zh: '电话', en: 'Phone', width: 14 },
  { key: 'departmentName', zh: '科室', en: 'Department', width: 12 },
  { key: 'wardName', zh: '病区', en: 'Ward', width: 14 },
  { key: 'templateName', zh: '随访方案', en: 'Template', width: 20 },
  { key: 'stepKey', zh: '步骤/问题', en: 'Step / question' },
  { key: 'dueDate', zh: '应随访日', en: 'Due date', width: 11 },
  { key: 'windowStart', zh: '窗口开始', en: 'Window start', width: 11 },
  { key: 'windowEnd', zh: '窗口结束', en: 'Window end', width: 11 },
  { key: 'status', zh: '状态', en: 'Status' },
  { key: 'at', zh: '时间', en: 'Time', width: 17, fmt: 'dt' },
  { key: 'staffName', zh: '随访员', en: 'Staff member', width: 12 },
  { key: 'attempts', zh: '拨打次数/时长', en: 'Attempts / seconds', fmt: 'int' },
  { key: 'outcome', zh: '结果', en: 'Outcome' },
  { key: 'score', zh: '得分', en: 'Score', fmt: 'dec' },
];

const ANALYSES_COLS: Col[] = [
  { key: 'section', zh: '分析', en: 'Analysis', width: 16 },
  { key: 'code', zh: '代码', en: 'Code', width: 12 },
  { key: 'name', zh: '名称', en: 'Name', width: 36 },
  { key: 'count', zh: '患者数/上报数', en: 'Patients / escalations', fmt: 'int' },
  { key: 'share', zh: '占比', en: 'Share', fmt: 'pct' },
];

const TITLES: Record<ExportQuery['report'], { zh: string; en: string }> = {
  supervisor: { zh: '随访员工作统计', en: 'Supervisor table' },
  rates: { zh: '随访率', en: 'Follow-up rates' },
  satisfaction: { zh: '满意度', en: 'Satisfaction' },
  drill: { zh: '明细', en: 'Details' },
  analyses: { zh: '其他分析', en: 'Other analyses' },
};

const FETCH = 2000;

/**
 * Excel exports of the report views (.xlsx written as a stream: rows go out as they are read, the
 * rows behind a number through a database cursor), audited as `report.export`.
 */
@Injectable()
export class ReportsExport {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reports: ReportsService,
    private readonly analyses: ReportAnalysesService,
    private readonly audit: AuditService,
  ) {}

  /** Checks the request and returns a writer; nothing is sent before the checks pass (errors stay JSON). */
  async prepare(q: ExportQuery): Promise<{ fileName: string; write: (out: Writable) => Promise<number> }> {
    const en = q.lang === 'en';
    const sheet = (cols: Col[], title: { zh: string; en: string }) => (out: Writable) => {
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
      const ws = wb.addWorksheet(en ? title.en : title.zh);
      ws.columns = cols.map((c) => ({
        header: en ? c.en : c.zh,
        key: c.key,
        width: c.width ?? Math.max(10, (en ? c.en : c.zh).length + 2),
        style: c.fmt ? { numFmt: NUM_FMT[c.fmt] } : {},
      }));
      ws.getRow(1).font = { bold: true };
      return { wb, ws };
    };
    const base = `${q.report}-${q.from}-${q.to}`;
    const audit = async (rows: number) =>
      this.audit.record({
        action: 'report.export',
        details: {
          format: 'xlsx',
          report: q.report,
          metric: q.metric ?? null,
          from: q.from,
          to: q.to,
          departmentId: q.departmentId ?? null,
          rows,
        },
      });

    if (q.report === 'drill') {
      if (!q.metric) throw AppError.validation({ metric: ['metric is required for a drill-down export'] });
      const sql = await this.reports.drillSql({ ...q, metric: q.metric, page: 1, pageSize: 1, order: 'asc' } as DrillQuery);
      const r = sql.rows();
      return {
        fileName: `${base}-${q.metric}.xlsx`,
        write: async (out) => {
          const { wb, ws } = sheet(DRILL_COLS, TITLES.drill)(out);
          const qr = this.db.createQueryRunner();
          let n = 0;
          await qr.connect();
          try {
            await qr.query('BEGIN READ ONLY');
            await qr.query(`DECLARE report_export NO SCROLL CURSOR FOR ${r.text}`, r.params);
            for (;;) {
              const batch: Array<Record<string, unknown>> = await qr.query(`FETCH ${FETCH} FROM report_export`);
              for (const row of batch) {
                ws.addRow({
                  ...row,
                  phone: maskPhone(row['phone'] as string | null),
                  departmentName: en ? (row['departmentNameEn'] ?? row['departmentName']) : row['departmentName'],
                  wardName: en ? (row['wardNameEn'] ?? row['wardName']) : row['wardName'],
                  templateName: en ? (row['templateNameEn'] ?? row['templateName']) : row['templateName'],
                  score: row['score'] === null ? null : Number(row['score']),
                }).commit();
              }
              n += batch.length;
              if (batch.length < FETCH) break;
            }
            await qr.query('COMMIT');
          } finally {
            await qr.release();
          }
          await wb.commit();
          await audit(n);
          return n;
        },
      };
    }

    let cols: Col[];
    let rows: Array<Record<string, unknown>>;
    if (q.report === 'supervisor') {
      const r = await this.reports.supervisor(q);
      cols = SUPERVISOR_COLS;
      const label = en ? { none: 'Unassigned', total: 'Department total' } : { none: '未分配', total: '合计' };
      rows = [...r.rows, r.total].map((x) => ({ ...x, name: x.total ? label.total : x.key === 'none' ? label.none : x.name }));
    } else if (q.report === 'rates') {
      const r = await this.reports.rates({ ...q, groupBy: q.groupBy ?? 'department' } as RatesQuery);
      cols = RATE_COLS;
      rows = [...r.rows, r.total].map((x) => ({
        ...x,
        name: x.total ? (en ? 'Total' : '合计') : ((en ? x.nameEn : null) ?? x.name ?? (x.key === 'none' ? '—' : x.key)),
      }));
    } else if (q.report === 'analyses') {
      const r = await this.analyses.analyses({ ...q, top: 10 } as AnalysesQuery);
      cols = ANALYSES_COLS;
      const L = (zh: string, en_: string) => (en ? en_ : zh);
      rows = [
        { section: L('已随访患者', 'Followed-up patients'), count: r.patients },
        ...r.source.provinces.map((x) => ({
          section: L('省份', 'Province'),
          code: x.code === 'none' ? null : x.code,
          name: x.name ? (en ? x.nameEn : x.name) : L('未登记地区', 'Region not recorded'),
          count: x.patients,
          share: x.share,
        })),
        ...r.source.cities.map((x) => ({
          section: L('城市', 'City'),
          code: x.code,
          name: en ? x.provinceEn : x.province,
          count: x.patients,
          share: x.share,
        })),
        ...r.source.organisations.map((x) => ({
          section: L('团体客户', 'Organisation'),
          name: x.name ?? L('无团体', 'No organisation'),
          count: x.patients,
          share: x.share,
        })),
        ...r.diagnoses.map((x) => ({ section: L('诊断', 'Diagnosis'), code: x.code, name: x.text, count: x.patients, share: x.share })),
        ...r.escalations.reasons.map((x) => {
          const text = x.text as { zh: string; en: string } | null;
          return {
            section: L('上报原因', 'Escalation reason'),
            code: x.question,
            name: x.question ? (text ? (en ? text.en : text.zh) : x.question) : L('人工上报', 'Raised by hand'),
            count: x.escalations,
            share: x.share,
          };
        }),
      ];
    } else {
      const r = await this.reports.satisfaction({ ...q, groupBy: q.groupBy ?? 'none' } as SatisfactionQuery);
      cols = SATISFACTION_COLS;
      rows = r.rows.map((x) => ({
        ...x,
        name: (en ? x.nameEn : null) ?? x.name ?? (x.key === 'all' ? (en ? 'All' : '全部') : x.key),
        mode: x.mode === 'self' ? (en ? 'Self-survey' : '患者自填') : en ? 'Phone' : '电话',
        note: x.suppressed ? (en ? 'too few responses' : '样本过少') : null,
      }));
    }
    return {
      fileName: `${base}.xlsx`,
      write: async (out) => {
        const { wb, ws } = sheet(cols, TITLES[q.report])(out);
        for (const row of rows) ws.addRow(row).commit();
        await wb.commit();
        await audit(rows.length);
        return rows.length;
      },
    };
  }
}
