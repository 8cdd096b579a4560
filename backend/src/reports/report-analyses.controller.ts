import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../platform/auth/decorators';
import { AnalysesQuery, HeatmapQuery, PrintQuery } from './report-analyses.dto';
import { ReportAnalysesService } from './report-analyses.service';
import { RatesQuery } from './reports.dto';

/** Chart data (outcomes, heat map), the other analyses, and the audit of a printed (PDF) view. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportAnalysesController {
  constructor(private readonly analyses: ReportAnalysesService) {}

  @Get('outcomes')
  @RequirePermission('report.read')
  outcomes(@Query() q: RatesQuery) {
    return this.analyses.outcomes(q);
  }

  @Get('heatmap')
  @RequirePermission('report.read')
  heatmap(@Query() q: HeatmapQuery) {
    return this.analyses.heatmap(q);
  }

  @Get('analyses')
  @RequirePermission('report.read')
  other(@Query() q: AnalysesQuery) {
    return this.analyses.analyses(q);
  }

  /** Called by the print view before it renders: audited as `report.export` with format `pdf`. */
  @Get('print')
  @RequirePermission('report.read')
  print(@Query() q: PrintQuery) {
    return this.analyses.print(q);
  }
}
