import { Module } from '@nestjs/common';
import { ReportAnalysesController } from './report-analyses.controller';
import { ReportAnalysesService } from './report-analyses.service';
import { ReportsController } from './reports.controller';
import { ReportsExport } from './reports-export';
import { ReportsService } from './reports.service';

/** Manager reports: workbench counts, supervisor table, follow-up rates, satisfaction, drill-downs, Excel export; charts, other analyses, print (PDF) audit. */
@Module({
  controllers: [ReportsController, ReportAnalysesController],
  providers: [ReportsService, ReportsExport, ReportAnalysesService],
})
export class ReportsModule {}
