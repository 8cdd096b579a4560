import { Body, Controller, Get, Injectable, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Type } from 'class-transformer';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { DataSource } from 'typeorm';
import { AuditService } from '../platform/audit/audit.service';
import { RequirePermission } from '../platform/auth/decorators';
import { currentUser } from '../platform/context/request-context';
import { AppError } from '../platform/errors/app-error';
import { PageQuery } from '../platform/http/paging';
import { PatientSegment } from './entities/segment.entity';
import { ListPatientsQuery, PatientFilter } from './patients.dto';
import { PatientsService } from './patients.service';

export class SegmentDto {
  @ApiProperty({ example: '心内科 近30天出院 高血压' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiProperty({ type: PatientFilter })
  @ValidateNested()
  @Type(() => PatientFilter)
  filter: PatientFilter;
}

export class UpdateSegmentDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional({ type: PatientFilter })
  @IsOptional()
  @ValidateNested()
  @Type(() => PatientFilter)
  filter?: PatientFilter;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/** Saved patient filters. Members are computed on demand with the caller's department scope. */
@Injectable()
export class SegmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly patients: PatientsService,
    private readonly audit: AuditService,
  ) {}

  list() {
    return this.db.getRepository(PatientSegment).find({ where: { active: true }, order: { name: 'ASC' } });
  }

  private async get(id: string): Promise<PatientSegment> {
    const s = await this.db.getRepository(PatientSegment).findOneBy({ id });
    if (!s) throw AppError.notFound('Segment');
    return s;
  }

  async create(dto: SegmentDto) {
    const repo = this.db.getRepository(PatientSegment);
    if (await repo.existsBy({ name: dto.name.trim() })) throw AppError.conflict('a segment with this name exists', 'name');
    const s = await repo.save(
      repo.create({ name: dto.name.trim(), description: dto.description ?? null, filter: { ...dto.filter }, createdBy: currentUser().id }),
    );
    await this.audit.record({ action: 'segment.create', entityType: 'segment', entityId: s.id, details: { name: s.name } });
    return s;
  }

  async update(id: string, dto: UpdateSegmentDto) {
    const s = await this.get(id);
    if (dto.name !== undefined) s.name = dto.name.trim();
    if (dto.description !== undefined) s.description = dto.description;
    if (dto.filter !== undefined) s.filter = { ...dto.filter };
    if (dto.active !== undefined) s.active = dto.active;
    await this.db.getRepository(PatientSegment).save(s);
    await this.audit.record({ action: 'segment.update', entityType: 'segment', entityId: id, details: { fields: Object.keys(dto) } });
    return s;
  }

  async members(id: string, page: PageQuery) {
    const s = await this.get(id);
    const q = Object.assign(new ListPatientsQuery(), s.filter, { page: page.page, pageSize: page.pageSize });
    return this.patients.search(q);
  }

  async count(id: string) {
    const s = await this.get(id);
    return { segmentId: id, count: await this.patients.count(s.filter as PatientFilter) };
  }
}

@ApiTags('patients: segments')
@ApiBearerAuth()
@Controller('segments')
export class SegmentsController {
  constructor(private readonly segments: SegmentsService) {}

  @Get()
  @RequirePermission('patient.read')
  list() {
    return this.segments.list();
  }

  @Post()
  @RequirePermission('segment.manage')
  create(@Body() dto: SegmentDto) {
    return this.segments.create(dto);
  }

  @Patch(':id')
  @RequirePermission('segment.manage')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateSegmentDto) {
    return this.segments.update(id, dto);
  }

  @Get(':id/patients')
  @RequirePermission('patient.read')
  members(@Param('id', ParseUUIDPipe) id: string, @Query() page: PageQuery) {
    return this.segments.members(id, page);
  }

  @Get(':id/count')
  @RequirePermission('patient.read')
  count(@Param('id', ParseUUIDPipe) id: string) {
    return this.segments.count(id);
  }
}
