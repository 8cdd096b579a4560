import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { PageQuery } from '../../platform/http/paging';
import type { SourceMapping } from '../mapping/contract';
import { HL7_MESSAGE_STATUSES, type Hl7MessageStatus, type Hl7SourceTransport } from './hl7.entities';

export class MessageListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: HL7_MESSAGE_STATUSES })
  @IsOptional()
  @IsIn(HL7_MESSAGE_STATUSES)
  status?: Hl7MessageStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  sourceId?: string;

  @ApiPropertyOptional({ description: "'ADT' or 'ADT^A01'" })
  @IsOptional()
  @Matches(/^[A-Z0-9]{3}(\^[A-Z0-9]{3})?$/, { message: 'type must look like ADT or ADT^A01' })
  type?: string;

  @ApiPropertyOptional({ description: 'MSH-10, exact' })
  @IsOptional()
  @IsString()
  @MaxLength(199)
  controlId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  patientId?: string;

  @ApiPropertyOptional({ description: 'control id, file name or summary contains' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: 'received at or after (ISO 8601)' })
  @IsOptional()
  @IsISO8601()
  from?: string;

  @ApiPropertyOptional({ description: 'received before (ISO 8601)' })
  @IsOptional()
  @IsISO8601()
  to?: string;
}

export class StatsQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601()
  from?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601()
  to?: string;

  @ApiPropertyOptional({ enum: ['minute', 'hour', 'day'], default: 'hour' })
  @IsOptional()
  @IsIn(['minute', 'hour', 'day'])
  bucket?: 'minute' | 'hour' | 'day';
}

export class EditReplayDto {
  @ApiProperty({ description: 'The corrected message text (segments separated by CR or LF)' })
  @IsString()
  @MinLength(8)
  @MaxLength(1_000_000)
  raw: string;
}

export class BulkReplayDto {
  @ApiPropertyOptional({ type: [String], description: 'Exactly these messages; otherwise every failed, unresolved one' })
  @IsOptional()
  @IsUUID('all', { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  ids?: string[];

  @ApiPropertyOptional({ enum: ['failed'], default: 'failed' })
  @IsOptional()
  @IsIn(['failed'])
  status?: 'failed';

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  sourceId?: string;
}

export class UploadDto {
  @ApiProperty()
  @IsUUID()
  sourceId: string;
}

const CODE = /^[A-Za-z0-9._-]{1,32}$/;

export class CreateSourceDto {
  @ApiProperty({ example: 'HIS' })
  @Matches(CODE, { message: 'code must be 1–32 letters, digits, dots, underscores or hyphens' })
  code: string;

  @ApiProperty({ example: 'HIS (MLLP)' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  name: string;

  @ApiProperty({ enum: ['mllp', 'file'] })
  @IsIn(['mllp', 'file'])
  transport: Hl7SourceTransport;

  @ApiPropertyOptional({ default: 'UTF-8', example: 'GB18030' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  defaultCharset?: string;

  @ApiPropertyOptional({ nullable: true, description: 'absolute path of the file-drop folder' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(1000)
  inboundDir?: string | null;

  @ApiPropertyOptional({ description: 'SourceMapping: sex, patientClass, departments, wards, identifierTypes (value → our code)' })
  @IsOptional()
  @IsObject()
  mapping?: SourceMapping;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateSourceDto extends PartialType(CreateSourceDto) {}
