import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { DIMENSIONS } from '../followup/questionnaire/definition';
import { GROUPS, GroupBy } from './report-sql';
import { MODES, ReportQuery } from './reports.dto';

export const HEATMAP_METRICS = ['completionRate', 'positiveRate'] as const;
export type HeatmapMetric = (typeof HEATMAP_METRICS)[number];

/** Department × month heat map: completion rate of tasks, or % positive of one satisfaction dimension. */
export class HeatmapQuery extends ReportQuery {
  @ApiPropertyOptional({ enum: HEATMAP_METRICS, default: 'completionRate' })
  @IsOptional()
  @IsIn(HEATMAP_METRICS)
  metric: HeatmapMetric = 'completionRate';

  @ApiPropertyOptional({ enum: MODES, default: 'phone', description: 'positiveRate only: phone and self-survey are never mixed' })
  @IsOptional()
  @IsIn(MODES)
  mode: (typeof MODES)[number] = 'phone';

  @ApiPropertyOptional({ enum: DIMENSIONS, default: 'overall', description: 'positiveRate only' })
  @IsOptional()
  @IsIn(DIMENSIONS)
  dimension = 'overall';

  @ApiPropertyOptional({ default: 5, description: 'positiveRate only: the scale (5 or 10); scales are never mixed' })
  @IsOptional()
  @Type(() => Number)
  @IsIn([5, 10])
  scaleMax = 5;
}

/** Other analyses: patient source, top diagnoses, escalation reasons. */
export class AnalysesQuery extends ReportQuery {
  @ApiPropertyOptional({ default: 10, minimum: 1, maximum: 50, description: 'how many diagnoses and cities to list' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  top = 10;
}

export const PRINT_REPORTS = ['supervisor', 'rates', 'satisfaction', 'analyses'] as const;

/** The view being printed (to PDF): which report and its filters, for the audit trail. */
export class PrintQuery extends ReportQuery {
  @ApiProperty({ enum: PRINT_REPORTS }) @IsIn(PRINT_REPORTS) report: (typeof PRINT_REPORTS)[number];
  @ApiPropertyOptional({ enum: GROUPS }) @IsOptional() @IsIn(GROUPS) groupBy?: GroupBy;
  @ApiPropertyOptional({ enum: MODES }) @IsOptional() @IsIn(MODES) mode?: (typeof MODES)[number];
  @ApiPropertyOptional() @IsOptional() @IsUUID() questionnaireId?: string;
}
