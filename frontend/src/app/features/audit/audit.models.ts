import { PageQuery, SortOrder } from '../../core/api/paged';

export type AuditOutcome = 'success' | 'failure';

export interface AuditEvent {
  id: string;
  occurredAt: string;
  actorId: string | null;
  actorUsername: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  outcome: AuditOutcome;
  clientIp: string | null;
  correlationId: string | null;
  details: Record<string, unknown> | null;
}

export interface AuditQuery extends PageQuery {
  /** ISO instants. */
  from: string;
  to: string;
  actor: string;
  action: string;
  entityType: string;
  outcome: '' | AuditOutcome;
  /** By time; the console always asks for the newest events first. */
  order: SortOrder;
}

export const INITIAL_AUDIT_QUERY: AuditQuery = {
  from: '',
  to: '',
  actor: '',
  action: '',
  entityType: '',
  outcome: '',
  order: 'desc',
  page: 1,
  pageSize: 20,
};

/** Start of the given local day, as an ISO instant. */
export function startOfDay(date: Date | null): string {
  if (!date) {
    return '';
  }
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).toISOString();
}

/** Last millisecond of the given local day, as an ISO instant (the "to" date is inclusive). */
export function endOfDay(date: Date | null): string {
  if (!date) {
    return '';
  }
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1, 0, 0, 0, -1).toISOString();
}
