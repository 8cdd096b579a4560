import { Module } from '@nestjs/common';
import { ReportsController } from './reports.controller';
import { ReportsExport } from './reports-export';
import { ReportsService } from './reports.service';

/** Manager reports: workbench counts, supervisor table, follow-up rates, satisfaction, drill-downs, Excel export. */
@Module({
  controllers: [ReportsController],
  providers: [ReportsService, ReportsExport],
})
export class ReportsModule {}
