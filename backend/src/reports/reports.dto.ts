import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { DIMENSIONS } from '../followup/questionnaire/definition';
import { PageQuery } from '../platform/http/paging';
import { GROUPS, GroupBy, METRIC_NAMES, MetricName, WORKBENCH_NAMES, WorkbenchName } from './report-sql';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MSG = { message: '$property must be a date YYYY-MM-DD' };

/** A period and the filters every report takes (docs/reports.md). */
export class ReportQuery {
  @ApiProperty({ example: '2026-11-01' }) @Matches(DATE, DATE_MSG) from: string;
  @ApiProperty({ example: '2026-11-30' }) @Matches(DATE, DATE_MSG) to: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() departmentId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() wardId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() templateId?: string;
}

export class RatesQuery extends ReportQuery {
  @ApiPropertyOptional({ enum: GROUPS, default: 'department' })
  @IsOptional()
  @IsIn(['none', 'department', 'ward', 'template', 'staff', 'month', 'quarter', 'year'])
  groupBy: GroupBy = 'department';
}

export const MODES = ['phone', 'self'] as const;
export const EXPORTS = ['supervisor', 'rates', 'satisfaction', 'drill', 'analyses'] as const;

export class SatisfactionQuery extends ReportQuery {
  @ApiPropertyOptional({ enum: GROUPS, default: 'none' })
  @IsOptional()
  @IsIn(['none', 'department', 'ward', 'doctor', 'nurse', 'questionnaire', 'month', 'quarter', 'year'])
  groupBy: GroupBy = 'none';

  @ApiPropertyOptional({ enum: MODES }) @IsOptional() @IsIn(MODES) mode?: (typeof MODES)[number];
  @ApiPropertyOptional() @IsOptional() @IsUUID() questionnaireId?: string;
  @ApiPropertyOptional({ enum: DIMENSIONS }) @IsOptional() @IsIn(DIMENSIONS) dimension?: string;
}

export class CommentsQuery extends PageQuery {
  @ApiProperty() @Matches(DATE, DATE_MSG) from: string;
  @ApiProperty() @Matches(DATE, DATE_MSG) to: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() departmentId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() wardId?: string;
  @ApiPropertyOptional({ enum: MODES }) @IsOptional() @IsIn(MODES) mode?: (typeof MODES)[number];
  @ApiPropertyOptional({ description: 'only responses whose total score is at most this' })
  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  maxScore?: number;
}

/** The rows behind one number: the report's filters, the metric, and the key of the row clicked. */
export class DrillQuery extends PageQuery {
  @ApiProperty({ enum: METRIC_NAMES }) @IsIn(METRIC_NAMES) metric: MetricName;
  @ApiProperty() @Matches(DATE, DATE_MSG) from: string;
  @ApiProperty() @Matches(DATE, DATE_MSG) to: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() departmentId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() wardId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() templateId?: string;
  @ApiPropertyOptional({ enum: GROUPS }) @IsOptional() @IsIn(GROUPS) groupBy?: GroupBy;
  @ApiPropertyOptional({ description: "the row's key as the report returned it; 'none' for the row without one" })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  key?: string;
  @ApiPropertyOptional({ enum: MODES }) @IsOptional() @IsIn(MODES) mode?: (typeof MODES)[number];
  @ApiPropertyOptional() @IsOptional() @IsUUID() questionnaireId?: string;
  @ApiPropertyOptional({ enum: DIMENSIONS }) @IsOptional() @IsIn(DIMENSIONS) dimension?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) scaleMax?: number;
}

export class WorkbenchDrillQuery extends PageQuery {
  @ApiProperty({ enum: WORKBENCH_NAMES }) @IsIn(WORKBENCH_NAMES) metric: WorkbenchName;
}

/** The current view to export: the report, its filters (and for `drill` the metric and row key). */
export class ExportQueryDto {
  @ApiProperty({ enum: EXPORTS }) @IsIn(EXPORTS) report: (typeof EXPORTS)[number];
  @ApiProperty() @Matches(DATE, DATE_MSG) from: string;
  @ApiProperty() @Matches(DATE, DATE_MSG) to: string;
  @ApiPropertyOptional({ enum: ['zh-CN', 'en'], default: 'zh-CN' }) @IsOptional() @IsIn(['zh-CN', 'en']) lang?: 'zh-CN' | 'en';
  @ApiPropertyOptional({ enum: METRIC_NAMES }) @IsOptional() @IsIn(METRIC_NAMES) metric?: MetricName;
  @ApiPropertyOptional() @IsOptional() @IsUUID() departmentId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() wardId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() templateId?: string;
  @ApiPropertyOptional({ enum: GROUPS }) @IsOptional() @IsIn(GROUPS) groupBy?: GroupBy;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) key?: string;
  @ApiPropertyOptional({ enum: MODES }) @IsOptional() @IsIn(MODES) mode?: (typeof MODES)[number];
  @ApiPropertyOptional() @IsOptional() @IsUUID() questionnaireId?: string;
  @ApiPropertyOptional({ enum: DIMENSIONS }) @IsOptional() @IsIn(DIMENSIONS) dimension?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) scaleMax?: number;
}
