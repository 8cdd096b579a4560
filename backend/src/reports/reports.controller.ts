import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequirePermission } from '../platform/auth/decorators';
import { ReportsExport } from './reports-export';
import { CommentsQuery, DrillQuery, ExportQueryDto, RatesQuery, ReportQuery, SatisfactionQuery, WorkbenchDrillQuery } from './reports.dto';
import { ReportsService } from './reports.service';

/** Manager reports (docs/reports.md): every number has a drill-down with the rows behind it. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly exports: ReportsExport,
  ) {}

  /** The home page counts for the caller's departments today. */
  @Get('workbench')
  @RequirePermission('patient.read')
  workbench() {
    return this.reports.workbench();
  }

  @Get('workbench/drill')
  @RequirePermission('patient.read')
  workbenchDrill(@Query() q: WorkbenchDrillQuery) {
    return this.reports.drillPage(this.reports.workbenchDrillSql(q.metric), q.page, q.pageSize, { metric: `workbench.${q.metric}` });
  }

  @Get('supervisor')
  @RequirePermission('report.read')
  supervisor(@Query() q: ReportQuery) {
    return this.reports.supervisor(q);
  }

  @Get('rates')
  @RequirePermission('report.read')
  rates(@Query() q: RatesQuery) {
    return this.reports.rates(q);
  }

  @Get('satisfaction')
  @RequirePermission('report.read')
  satisfaction(@Query() q: SatisfactionQuery) {
    return this.reports.satisfaction(q);
  }

  @Get('satisfaction/trend')
  @RequirePermission('report.read')
  trend(@Query() q: SatisfactionQuery) {
    return this.reports.trend(q);
  }

  @Get('comments')
  @RequirePermission('report.read')
  comments(@Query() q: CommentsQuery) {
    return this.reports.comments(q);
  }

  @Get('drill')
  @RequirePermission('report.read')
  async drill(@Query() q: DrillQuery) {
    const { metric, from, to, departmentId, groupBy, key } = q;
    return this.reports.drillPage(await this.reports.drillSql(q), q.page, q.pageSize, { metric, from, to, departmentId, groupBy, key });
  }

  /** The current view as an .xlsx file, streamed. */
  @Get('export')
  @RequirePermission('report.read')
  async export(@Query() q: ExportQueryDto, @Res() res: Response): Promise<void> {
    const job = await this.exports.prepare(q);
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="${job.fileName}"`);
    await job.write(res);
  }
}
