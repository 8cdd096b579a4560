import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
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
  ValidateNested,
} from 'class-validator';
import { ANCHORS, CHANNELS, MODES, PURPOSES, TEAMS } from './plan.entities';

export class RulesDto {
  @IsOptional() @IsArray() @IsUUID('all', { each: true }) departmentIds?: string[];
  @IsOptional() @IsArray() @IsUUID('all', { each: true }) wardIds?: string[];
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^[A-Za-z]\d{0,2}(\.\d{0,4})?$/, { each: true, message: 'each ICD-10 prefix must look like I10 or E11.9' })
  icdPrefixes?: string[];
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(16, { each: true }) procedureCodes?: string[];
  @IsOptional() @IsInt() @Min(0) @Max(150) ageMin?: number;
  @IsOptional() @IsInt() @Min(0) @Max(150) ageMax?: number;
  @IsOptional() @IsArray() @IsIn(['inpatient', 'day_surgery', 'outpatient', 'emergency'], { each: true }) patientClasses?: string[];
  @IsOptional()
  @IsArray()
  @IsIn(['1', '2', '3', '4', '9'], { each: true, message: 'dispositions: 1, 2, 3, 4 or 9 (deaths are never enrolled)' })
  dispositions?: string[];
}

export class RepeatDto {
  @IsInt() @Min(1) @Max(3650) everyDays: number;
  @IsInt() @Min(1) @Max(100) times: number;
}

export class StepDto {
  @ApiProperty({ example: 'd7' })
  @Matches(/^[a-z0-9_]{1,32}$/, { message: 'key must be 1–32 lower-case letters, digits or _' })
  key: string;
  @ApiProperty({ enum: ANCHORS }) @IsIn(ANCHORS) anchor: (typeof ANCHORS)[number];
  @ApiProperty({ example: 7 }) @IsInt() @Min(0, { message: 'offsetDays cannot be negative' }) @Max(3650) offsetDays: number;
  @ApiPropertyOptional({ type: RepeatDto }) @IsOptional() @ValidateNested() @Type(() => RepeatDto) repeat?: RepeatDto;
  @ApiProperty() @IsUUID() questionnaireId: string;
  @ApiProperty({ enum: CHANNELS }) @IsIn(CHANNELS) channel: (typeof CHANNELS)[number];
  @ApiProperty({ enum: TEAMS }) @IsIn(TEAMS) team: (typeof TEAMS)[number];
  @ApiProperty({ example: 0 }) @IsInt() @Min(0, { message: 'windowBeforeDays cannot be negative' }) @Max(60) windowBeforeDays: number;
  @ApiProperty({ example: 2 }) @IsInt() @Min(0, { message: 'windowAfterDays cannot be negative' }) @Max(60) windowAfterDays: number;
}

export class CreateTemplateDto {
  @ApiProperty({ example: '心内科出院随访 +1/+7/+30' }) @IsString() @IsNotEmpty() @MaxLength(200) nameZh: string;
  @ApiProperty({ example: 'Cardiology discharge +1/+7/+30' }) @IsString() @IsNotEmpty() @MaxLength(200) nameEn: string;
  @ApiProperty({ enum: PURPOSES }) @IsIn(PURPOSES) purpose: (typeof PURPOSES)[number];
  @ApiProperty({ enum: MODES }) @IsIn(MODES) mode: (typeof MODES)[number];
  @ApiPropertyOptional() @IsOptional() @IsUUID() ownerDepartmentId?: string;
  @ApiProperty({ type: RulesDto }) @ValidateNested() @Type(() => RulesDto) rules: RulesDto;
  @ApiProperty({ type: [StepDto] })
  @IsArray()
  @ArrayMinSize(1, { message: 'a template needs at least one step' })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => StepDto)
  steps: StepDto[];
}

export class UpdateTemplateDto extends PartialType(CreateTemplateDto) {}

export class EnrolDto {
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10000)
  @IsUUID('all', { each: true })
  patientIds?: string[];
  @ApiPropertyOptional() @IsOptional() @IsUUID() segmentId?: string;
  @ApiPropertyOptional({ description: 'Everyone discharged from this department in the last `days` days' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() wardId?: string;
  @ApiPropertyOptional({ default: 30 }) @IsOptional() @IsInt() @Min(1) @Max(365) days?: number;
}

export class RuleTestQuery {
  @ApiPropertyOptional({ default: 30 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(365) days = 30;
}
