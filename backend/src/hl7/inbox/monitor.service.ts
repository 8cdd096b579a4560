import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../platform/audit/audit.service';
import { AppError } from '../../platform/errors/app-error';
import type { Page } from '../../platform/http/paging';
import { decodeBytes, LATIN1, resolveCharset, tryParseMessage, UTF8, type Hl7Message } from '../parser';
import type { Hl7MessageStatus } from './hl7.entities';
import { Hl7InboxError } from './hl7.errors';

export interface MessageFilter {
  status?: Hl7MessageStatus;
  sourceId?: string;
  /** 'ADT' (every ADT event) or 'ADT^A01'. */
  type?: string;
  controlId?: string;
  patientId?: string;
  /** Control id, file name or summary contains. */
  q?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export interface MessageListItem {
  id: string;
  sourceId: string;
  sourceCode: string;
  transport: string;
  receivedAt: Date;
  controlId: string;
  sendingApplication: string;
  sendingFacility: string;
  messageType: string | null;
  version: string | null;
  status: Hl7MessageStatus;
  errorCode: number | null;
  errorReason: string | null;
  errorLocation: string | null;
  ackCode: string | null;
  patientId: string | null;
  summary: string | null;
  attempts: number;
  processedAt: Date | null;
  replayOf: string | null;
  resolvedBy: string | null;
  fileName: string | null;
}

export interface SegmentTree {
  name: string;
  fields: Array<{ n: number; value: string; components: string[] }>;
}

const LIST_COLUMNS = `m.id, m.source_id AS "sourceId", s.code AS "sourceCode", m.transport, m.received_at AS "receivedAt",
  m.control_id AS "controlId", m.sending_application AS "sendingApplication", m.sending_facility AS "sendingFacility",
  m.message_type AS "messageType", m.version, m.status, m.error_code AS "errorCode", m.error_reason AS "errorReason",
  m.error_location AS "errorLocation", m.ack_code AS "ackCode", m.patient_id AS "patientId", m.summary, m.attempts,
  m.processed_at AS "processedAt", m.replay_of AS "replayOf", m.resolved_by AS "resolvedBy", m.file_name AS "fileName"`;

const BUCKETS = { minute: 60, hour: 3600, day: 86400 } as const;
export type StatsBucket = keyof typeof BUCKETS;
const MAX_BUCKETS = 2000;

/** Decodes stored bytes for people: in the message's charset; UTF-8, else Latin-1, when it is unknown. */
export function decodeForDisplay(bytes: Buffer | null, charset: string | null): string {
  if (!bytes) return '';
  const cs = (charset && resolveCharset(charset)) || undefined;
  if (cs) return decodeBytes(bytes, cs).text;
  const utf8 = decodeBytes(bytes, UTF8);
  return utf8.invalidAt < 0 ? utf8.text : decodeBytes(bytes, LATIN1).text;
}

function tree(m: Hl7Message): SegmentTree[] {
  const out: SegmentTree[] = [];
  for (let i = 0; i < m.segmentCount; i++) {
    const seg = m.segmentAt(i);
    if (!seg) continue;
    const fields: SegmentTree['fields'] = [];
    for (let n = 1; n <= seg.fieldCount; n++) {
      const value = seg.field(n) ?? '';
      if (value === '') continue;
      const isHeader = (seg.name === 'MSH' || seg.name === 'FHS' || seg.name === 'BHS') && n <= 2;
      const components = isHeader ? [] : seg.components(n);
      fields.push({ n, value, components: components.length > 1 ? components : [] });
    }
    out.push({ name: seg.name, fields });
  }
  return out;
}

/** The interface monitor: paged message list, one message opened (audited), throughput and error counts. */
@Injectable()
export class Hl7MonitorService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(f: MessageFilter): Promise<Page<MessageListItem>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.status) add('m.status = ?', f.status);
    if (f.sourceId) add('m.source_id = ?', f.sourceId);
    if (f.type) {
      if (f.type.includes('^')) add('m.message_type = ?', f.type);
      else add(`split_part(m.message_type, '^', 1) = ?`, f.type);
    }
    if (f.controlId) add('m.control_id = ?', f.controlId);
    if (f.patientId) add('m.patient_id = ?', f.patientId);
    if (f.q) {
      params.push(`%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      const p = `$${params.length}`;
      where.push(`(m.control_id ILIKE ${p} OR m.file_name ILIKE ${p} OR m.summary ILIKE ${p})`);
    }
    if (f.from) add('m.received_at >= ?', f.from);
    if (f.to) add('m.received_at < ?', f.to);
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }]: Array<{ total: number }> = await this.db.query(`SELECT count(*)::int AS total FROM hl7_message m ${w}`, params);
    const items: MessageListItem[] = await this.db.query(
      `SELECT ${LIST_COLUMNS} FROM hl7_message m JOIN hl7_source s ON s.id = m.source_id ${w}
       ORDER BY m.received_at DESC, m.id DESC LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`,
      params,
    );
    return { items, total, page: f.page, pageSize: f.pageSize };
  }

  /** One row as in the list (no raw bytes). */
  async item(id: string): Promise<MessageListItem> {
    const rows: MessageListItem[] = await this.db.query(
      `SELECT ${LIST_COLUMNS} FROM hl7_message m JOIN hl7_source s ON s.id = m.source_id WHERE m.id = $1`,
      [id],
    );
    if (!rows[0]) throw Hl7InboxError.messageNotFound();
    return rows[0];
  }

  /** One message with its raw text, segment tree, ACK and replays. Audited: it holds patient data. */
  async detail(id: string) {
    const rows: Array<
      MessageListItem & { raw: Buffer; ack: Buffer | null; charset: string | null; defaultCharset: string; remoteAddress: string | null }
    > = await this.db.query(
      `SELECT ${LIST_COLUMNS}, m.raw, m.ack, m.charset, m.remote_address AS "remoteAddress", s.default_charset AS "defaultCharset"
         FROM hl7_message m JOIN hl7_source s ON s.id = m.source_id WHERE m.id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) throw Hl7InboxError.messageNotFound();
    const { raw, ack, defaultCharset, ...rest } = row;
    const parsed = tryParseMessage(raw, { defaultCharset: row.charset ?? defaultCharset });
    const replays = await this.db.query(
      `SELECT id, status, received_at AS "receivedAt", error_code AS "errorCode", error_reason AS "errorReason" FROM hl7_message WHERE replay_of = $1 ORDER BY received_at`,
      [id],
    );
    await this.audit.record({ action: 'hl7.message_read', entityType: 'hl7_message', entityId: id, details: { patientId: row.patientId } });
    return {
      ...rest,
      bytes: raw.length,
      rawText: decodeForDisplay(raw, row.charset),
      segments: parsed.ok ? tree(parsed.message) : null,
      parseError: parsed.ok ? null : { code: parsed.error.code, reason: parsed.error.reason },
      ackText: decodeForDisplay(ack, row.charset),
      replays,
    };
  }

  /** Counts per bucket, status and source, computed in SQL. Default: the last 24 hours by hour. */
  async stats(fromIso: string | undefined, toIso: string | undefined, bucket: StatsBucket = 'hour') {
    const to = toIso ? new Date(toIso) : new Date();
    const from = fromIso ? new Date(fromIso) : new Date(to.getTime() - 86400_000);
    if (!(from < to)) throw AppError.validation({ from: ['from must be before to'] });
    if ((to.getTime() - from.getTime()) / 1000 / BUCKETS[bucket] > MAX_BUCKETS) {
      throw AppError.validation({ bucket: [`too many ${bucket} buckets for this range (at most ${MAX_BUCKETS}); choose a larger bucket`] });
    }
    const rows: Array<{ at: Date; sourceCode: string; status: string; n: number }> = await this.db.query(
      `SELECT date_trunc($1, m.received_at, 'Asia/Shanghai') AS at, s.code AS "sourceCode", m.status, count(*)::int AS n
       FROM hl7_message m JOIN hl7_source s ON s.id = m.source_id
       WHERE m.received_at >= $2 AND m.received_at < $3
       GROUP BY 1, 2, 3 ORDER BY 1`,
      [bucket, from, to],
    );
    const series = new Map<number, { at: Date; total: number; byStatus: Record<string, number>; bySource: Record<string, number> }>();
    const totals = { total: 0, byStatus: {} as Record<string, number>, bySource: {} as Record<string, number> };
    for (const r of rows) {
      const key = new Date(r.at).getTime();
      let b = series.get(key);
      if (!b) series.set(key, (b = { at: new Date(r.at), total: 0, byStatus: {}, bySource: {} }));
      b.total += r.n;
      b.byStatus[r.status] = (b.byStatus[r.status] ?? 0) + r.n;
      b.bySource[r.sourceCode] = (b.bySource[r.sourceCode] ?? 0) + r.n;
      totals.total += r.n;
      totals.byStatus[r.status] = (totals.byStatus[r.status] ?? 0) + r.n;
      totals.bySource[r.sourceCode] = (totals.bySource[r.sourceCode] ?? 0) + r.n;
    }
    return { from, to, bucket, series: [...series.values()], totals };
  }
}
