import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { requestContext } from '../context/request-context';
import { AuditEvent, AuditOutcome } from './audit-event.entity';

export interface AuditRecord {
  action: string;
  entityType?: string;
  entityId?: string;
  outcome?: AuditOutcome;
  details?: Record<string, unknown>;
  /** Overrides the actor from the request context (e.g. a failed sign-in names the attempted username). */
  actorId?: string | null;
  actorUsername?: string | null;
}

/**
 * The one way to write the audit trail. Who/from where/correlation come from the request context.
 * Never put patient names, phones or ID numbers into `details`: record ids only.
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(@InjectRepository(AuditEvent) private readonly repo: Repository<AuditEvent>) {}

  /**
   * Writes one event. With `m` the event is written in that transaction (rolled back with it): used by
   * work that runs outside a request, such as the HL7 mapping, which names its actor explicitly.
   */
  async record(r: AuditRecord, m?: EntityManager): Promise<void> {
    const ctx = requestContext.get();
    await (m ? m.getRepository(AuditEvent) : this.repo).insert({
      action: r.action,
      entityType: r.entityType ?? null,
      entityId: r.entityId ?? null,
      outcome: r.outcome ?? 'success',
      details: (r.details ?? null) as AuditEvent['details'] & object,
      actorId: r.actorId !== undefined ? r.actorId : (ctx?.user?.id ?? null),
      actorUsername: r.actorUsername !== undefined ? r.actorUsername : (ctx?.user?.username ?? null),
      clientIp: ctx?.clientIp ?? null,
      correlationId: ctx?.correlationId ?? null,
    });
    this.logger.debug({ action: r.action, entityType: r.entityType, outcome: r.outcome ?? 'success' }, 'audit event recorded');
  }
}
