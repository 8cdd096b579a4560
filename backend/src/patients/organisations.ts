import { Body, Controller, Get, Injectable, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags, PartialType } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { AuditService } from '../platform/audit/audit.service';
import { RequirePermission } from '../platform/auth/decorators';
import { AppError } from '../platform/errors/app-error';
import { Organisation } from './entities/patient.entity';
import { PHONE_PATTERN } from './identity';

export const ORGANISATION_TYPES = ['company', 'school', 'government', 'community', 'other'] as const;

export class CreateOrganisationDto {
  @ApiProperty({ example: 'ACME' })
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'code must be 1–32 letters, digits, underscores or hyphens' })
  code: string;

  @ApiProperty({ example: '某某科技有限公司' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ enum: ORGANISATION_TYPES, default: 'company' })
  @IsOptional()
  @IsIn(ORGANISATION_TYPES)
  type?: (typeof ORGANISATION_TYPES)[number];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  contactName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(PHONE_PATTERN, { message: 'contactPhone must be a mainland mobile, a landline or +international number' })
  contactPhone?: string;
}

export class UpdateOrganisationDto extends PartialType(CreateOrganisationDto) {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/** Group customers (团体客户): employers, schools, communities whose members are patients. */
@Injectable()
export class OrganisationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list() {
    const rows: Array<Organisation & { patient_count: string }> = await this.db.query(
      `SELECT o.id, o.code, o.name, o.type, o.contact_name AS "contactName", o.contact_phone AS "contactPhone", o.active,
              (SELECT count(*) FROM patient p WHERE p.organisation_id = o.id AND p.merged_into_id IS NULL) AS patient_count
         FROM organisation o ORDER BY o.code`,
    );
    return rows.map(({ patient_count, ...o }) => ({ ...o, patientCount: Number(patient_count) }));
  }

  async create(dto: CreateOrganisationDto) {
    const repo = this.db.getRepository(Organisation);
    const code = dto.code.toUpperCase();
    if (await repo.existsBy({ code })) throw AppError.conflict('organisation code is already used', 'code');
    const o = await repo.save(repo.create({ ...dto, code, name: dto.name.trim(), type: dto.type ?? 'company' }));
    await this.audit.record({ action: 'organisation.create', entityType: 'organisation', entityId: o.id, details: { code } });
    return o;
  }

  async update(id: string, dto: UpdateOrganisationDto) {
    const repo = this.db.getRepository(Organisation);
    const o = await repo.findOneBy({ id });
    if (!o) throw AppError.notFound('Organisation');
    if (dto.code && dto.code.toUpperCase() !== o.code && (await repo.existsBy({ code: dto.code.toUpperCase() }))) {
      throw AppError.conflict('organisation code is already used', 'code');
    }
    Object.assign(o, { ...dto, ...(dto.code ? { code: dto.code.toUpperCase() } : {}) });
    await repo.save(o);
    await this.audit.record({
      action: 'organisation.update',
      entityType: 'organisation',
      entityId: id,
      details: { fields: Object.keys(dto) },
    });
    return o;
  }
}

@ApiTags('patients: organisations')
@ApiBearerAuth()
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Get()
  @RequirePermission('patient.read')
  list() {
    return this.organisations.list();
  }

  @Post()
  @RequirePermission('organisation.manage')
  create(@Body() dto: CreateOrganisationDto) {
    return this.organisations.create(dto);
  }

  @Patch(':id')
  @RequirePermission('organisation.manage')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateOrganisationDto) {
    return this.organisations.update(id, dto);
  }
}
