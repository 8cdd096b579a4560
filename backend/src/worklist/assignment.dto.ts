import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { CHANNELS } from '../followup/plans/plan.entities';
import { toBool } from '../platform/http/paging';
import { ASSIGNMENT_TEAMS, AssignmentTeam } from './assignment.entities';

/** Present and not null: a nullable field that is validated only when given a value. */
const given = (_o: object, v: unknown) => v !== null && v !== undefined;

export class CreateRuleDto {
  @ApiProperty({ example: '心内科病区一 → 陈护士' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiProperty({ example: 10, description: 'Lower numbers are tried first' })
  @IsInt()
  @Min(0)
  @Max(100000)
  priority: number;

  @ApiPropertyOptional({ nullable: true }) @ValidateIf(given) @IsUUID() departmentId?: string | null;
  @ApiPropertyOptional({ nullable: true }) @ValidateIf(given) @IsUUID() wardId?: string | null;

  @ApiPropertyOptional({ example: ['I21', 'I25.1'], description: 'ICD-10 prefixes of the anchor encounter’s discharge diagnoses' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^[A-Za-z]\d{0,2}(\.\d{0,4})?$/, { each: true, message: 'each ICD-10 prefix must look like I10 or E11.9' })
  icdPrefixes?: string[];

  @ApiPropertyOptional({ nullable: true }) @ValidateIf(given) @IsUUID() templateId?: string | null;
  @ApiPropertyOptional({ enum: CHANNELS, nullable: true }) @ValidateIf(given) @IsIn(CHANNELS) channel?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'The nurse who gets the tasks (or give targetTeam)' })
  @ValidateIf(given)
  @IsUUID()
  assigneeId?: string | null;

  @ApiPropertyOptional({ enum: ASSIGNMENT_TEAMS, nullable: true, description: 'Leave the tasks in this team’s pool' })
  @ValidateIf(given)
  @IsIn(ASSIGNMENT_TEAMS)
  targetTeam?: AssignmentTeam | null;
}

export class UpdateRuleDto extends PartialType(CreateRuleDto) {
  @ApiPropertyOptional({ description: 'false disables the rule (rules are never deleted)' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ListRulesQuery {
  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  includeInactive = true;
}

/** Which open tasks a bulk reassignment moves: from a staff member and/or a filter. */
export class ReassignFilterDto {
  @ApiPropertyOptional({ description: 'Tasks assigned to this staff member' }) @IsOptional() @IsUUID() fromUserId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() departmentId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() wardId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() templateId?: string;
  @ApiPropertyOptional({ example: '2026-01-05' }) @IsOptional() @IsDateString({ strict: true }) dueFrom?: string;
  @ApiPropertyOptional({ example: '2026-01-19' }) @IsOptional() @IsDateString({ strict: true }) dueTo?: string;
}

export class ReassignTargetDto extends ReassignFilterDto {
  @ApiPropertyOptional({ description: 'The nurse who gets the tasks; null (or toPool) puts them back in the pool' })
  @ValidateIf(given)
  @IsUUID()
  toUserId?: string | null;

  @ApiPropertyOptional({ description: 'true: back to the pool (unassigned)' }) @IsOptional() @IsBoolean() toPool?: boolean;
}

export class ReassignDto extends ReassignTargetDto {
  @ApiPropertyOptional({ example: '陈护士休假 1/5–1/19' }) @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

export class AssignTaskDto {
  @ApiProperty({ nullable: true, description: 'The nurse who gets the task; null puts it back in the pool' })
  @ValidateIf((_o, v) => v !== null)
  @IsUUID()
  toUserId: string | null;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) reason?: string;
}
