import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { IsDateString, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { Repository } from 'typeorm';
import { RequirePermission } from '../auth/decorators';
import { Page, PageQuery } from '../http/paging';
import { AuditEvent } from './audit-event.entity';

export class ListAuditQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'ISO date-time, inclusive' })
  @IsOptional()
  @IsDateString()
  from?: string;

  @ApiPropertyOptional({ description: 'ISO date-time, exclusive' })
  @IsOptional()
  @IsDateString()
  to?: string;

  @ApiPropertyOptional({ description: 'Actor username (exact, case-insensitive)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  actor?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  action?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityType?: string;

  @ApiPropertyOptional({ enum: ['success', 'failure'] })
  @IsOptional()
  @IsIn(['success', 'failure'])
  outcome?: 'success' | 'failure';

  /** The audit trail reads newest first unless asked otherwise. */
  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  override order: 'asc' | 'desc' = 'desc';
}

/** Read-only access to the audit trail for auditors. There is no write endpoint. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit-events')
export class AuditController {
  constructor(@InjectRepository(AuditEvent) private readonly repo: Repository<AuditEvent>) {}

  @Get()
  @RequirePermission('audit.read')
  async list(@Query() q: ListAuditQuery): Promise<Page<AuditEvent>> {
    const qb = this.repo.createQueryBuilder('e');
    if (q.from) qb.andWhere('e.occurredAt >= :from', { from: q.from });
    if (q.to) qb.andWhere('e.occurredAt < :to', { to: q.to });
    if (q.actor) qb.andWhere('e.actorUsername = :actor', { actor: q.actor.trim().toLowerCase() });
    if (q.action) qb.andWhere('e.action = :action', { action: q.action });
    if (q.entityType) qb.andWhere('e.entityType = :entityType', { entityType: q.entityType });
    if (q.outcome) qb.andWhere('e.outcome = :outcome', { outcome: q.outcome });
    const dir = q.order === 'asc' ? 'ASC' : 'DESC';
    const [items, total] = await qb
      .orderBy('e.occurredAt', dir)
      .addOrderBy('e.id', dir)
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getManyAndCount();
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  @Get('actions')
  @RequirePermission('audit.read')
  async actions(): Promise<string[]> {
    const rows: Array<{ action: string }> = await this.repo.query('SELECT DISTINCT action FROM audit_event ORDER BY action');
    return rows.map((r) => r.action);
  }
}
