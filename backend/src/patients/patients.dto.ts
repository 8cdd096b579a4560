import { ApiProperty, ApiPropertyOptional, IntersectionType, OmitType, PartialType } from '@nestjs/swagger';
import { PageQuery } from '../platform/http/paging';
import { Type } from 'class-transformer';
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
  ValidateNested,
} from 'class-validator';
import { CONTACT_PURPOSES, ContactPurpose, PatientStatus } from './entities/patient.entity';
import { PHONE_PATTERN } from './identity';

export const PATIENT_STATUSES: PatientStatus[] = ['active', 'do_not_contact', 'lost_to_follow_up', 'deceased'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The patient filter; also what a saved segment stores. */
export class PatientFilter {
  @ApiPropertyOptional({
    description: 'Name (prefix), pinyin initials or full pinyin, phone (full or last 4 digits), ID number or any identifier',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  q?: string;

  @ApiPropertyOptional({ description: 'Has an encounter in this department' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  wardId?: string;

  @ApiPropertyOptional({ description: 'ICD-10 code prefix, e.g. I10 or E11' })
  @IsOptional()
  @Matches(/^[A-Za-z]\d{0,2}(\.\d{0,4})?$/, { message: 'icd must be an ICD-10 code or prefix such as I10 or E11.9' })
  icd?: string;

  @ApiPropertyOptional({ description: 'GB/T 2260 region code prefix (2, 4 or 6 digits)' })
  @IsOptional()
  @Matches(/^\d{2}(\d{2}){0,2}$/, { message: 'regionCode must be 2, 4 or 6 digits' })
  regionCode?: string;

  @ApiPropertyOptional({ description: 'Discharged on or after (YYYY-MM-DD)' })
  @IsOptional()
  @Matches(DATE, { message: 'dischargedFrom must be a date YYYY-MM-DD' })
  @IsDateString()
  dischargedFrom?: string;

  @ApiPropertyOptional({ description: 'Discharged on or before (YYYY-MM-DD)' })
  @IsOptional()
  @Matches(DATE, { message: 'dischargedTo must be a date YYYY-MM-DD' })
  @IsDateString()
  dischargedTo?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(150)
  ageMin?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(150)
  ageMax?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(50)
  tag?: string;

  @ApiPropertyOptional({ enum: PATIENT_STATUSES })
  @IsOptional()
  @IsIn(PATIENT_STATUSES)
  status?: PatientStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}

export const PATIENT_SORTS = ['name', 'birthDate', 'lastVisit', 'createdAt'] as const;

export class ListPatientsQuery extends IntersectionType(PatientFilter, PageQuery) {
  @ApiPropertyOptional({ enum: PATIENT_SORTS, description: 'Default: name when searching (q), else lastVisit' })
  @IsOptional()
  @IsIn(PATIENT_SORTS)
  sort?: (typeof PATIENT_SORTS)[number];

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  override order: 'asc' | 'desc' = 'desc';
}

export class PhoneDto {
  @ApiProperty({ example: '13812345678' })
  @IsString()
  @Matches(PHONE_PATTERN, { message: 'number must be a mainland mobile (1[3-9] + 9 digits), a landline (010-12345678) or +international' })
  number: string;

  @ApiPropertyOptional({ default: 'self', description: 'self, or the relation of the person who answers this phone' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  owner?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  isPrimary?: boolean;
}

export class IdentifierDto {
  @ApiProperty({ example: 'inpatient_no', description: 'identifier_type dictionary code' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  type: string;

  @ApiPropertyOptional({ example: 'HIS', description: 'Assigning authority (system that issued it)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  authority?: string;

  @ApiProperty({ example: 'ZY202600123' })
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'value must be 1–64 letters, digits, dots, underscores or hyphens' })
  value: string;
}

export class ContactPersonDto {
  @ApiProperty({ example: 'spouse', description: 'relation dictionary code' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  relation: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(PHONE_PATTERN, { message: 'phone must be a mainland mobile, a landline or +international number' })
  phone?: string;
}

export class UpdatePhoneDto extends PartialType(PhoneDto) {}

export class UpdateContactPersonDto extends PartialType(ContactPersonDto) {}

export class RemoveDetailQuery {
  @ApiPropertyOptional({ description: 'Why it is removed (kept in the change history), e.g. "number no longer in use"' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  reason?: string;
}

class PatientFields {
  @ApiPropertyOptional({ example: 'CN', description: 'ethnicity dictionary code' })
  @IsOptional()
  @IsString()
  @MaxLength(8)
  ethnicityCode?: string;

  @ApiPropertyOptional({ description: 'insurance_type dictionary code' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  insuranceTypeCode?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(300)
  address?: string;

  @ApiPropertyOptional({ description: 'GB/T 2260 county code' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'regionCode must be a 6-digit GB/T 2260 code' })
  regionCode?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  employer?: string;

  @ApiPropertyOptional({ description: 'followup_channel dictionary code' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  preferredChannel?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  preferredContactTime?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  tags?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}

export class CreatePatientDto extends PatientFields {
  @ApiProperty({ example: '张三' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiProperty({ example: '1', description: 'GB/T 2261.1: 0 unknown, 1 male, 2 female, 9 unspecified' })
  @IsIn(['0', '1', '2', '9'])
  sexCode: string;

  @ApiPropertyOptional({ example: '1960-05-01' })
  @IsOptional()
  @Matches(DATE, { message: 'birthDate must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true }, { message: 'birthDate must be a real date' })
  birthDate?: string;

  @ApiPropertyOptional({ example: '11010519491231002X' })
  @IsOptional()
  @IsString()
  @MaxLength(18)
  idNumber?: string;

  @ApiPropertyOptional({ type: [PhoneDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => PhoneDto)
  phones?: PhoneDto[];

  @ApiPropertyOptional({ type: [IdentifierDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => IdentifierDto)
  identifiers?: IdentifierDto[];

  @ApiPropertyOptional({ type: [ContactPersonDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => ContactPersonDto)
  contacts?: ContactPersonDto[];

  @ApiPropertyOptional({ description: 'Department registering the patient (defaults to the active/only department of the user)' })
  @IsOptional()
  @IsUUID()
  registeredDepartmentId?: string;

  @ApiPropertyOptional({ description: 'Create even though probable duplicates exist (after reviewing them)' })
  @IsOptional()
  @IsBoolean()
  confirmNotDuplicate?: boolean;
}

export class UpdatePatientDto extends PartialType(
  OmitType(CreatePatientDto, ['phones', 'identifiers', 'contacts', 'registeredDepartmentId', 'confirmNotDuplicate'] as const),
) {
  @ApiPropertyOptional({ enum: PATIENT_STATUSES })
  @IsOptional()
  @IsIn(PATIENT_STATUSES)
  status?: PatientStatus;

  @ApiPropertyOptional({ description: 'Required when status is deceased' })
  @IsOptional()
  @Matches(DATE, { message: 'deceasedDate must be a date YYYY-MM-DD' })
  deceasedDate?: string;
}

export class ContactRestrictionDto {
  @ApiProperty({ enum: CONTACT_PURPOSES })
  @IsIn(CONTACT_PURPOSES)
  purpose: ContactPurpose;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(300)
  reason?: string;
}

export class MergeDto {
  @ApiProperty({ description: 'The record merged INTO the survivor (it keeps pointing to the survivor)' })
  @IsUUID()
  mergedId: string;
}
