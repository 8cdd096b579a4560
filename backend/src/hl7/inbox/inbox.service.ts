import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError, TypeORMError } from 'typeorm';
import { isDatabaseUnavailable } from '../../platform/errors/http-exception.filter';
import { Hl7ApplyError, type Hl7Applier, type Hl7SourceConfig } from '../mapping/contract';
import { ack, formatLocation, Hl7ErrorCode, splitBatch, tryParseMessage, type AckCode, type Hl7Location, type Hl7Message } from '../parser';
import type { Hl7MessageStatus, Hl7MessageTransport, Hl7Source } from './hl7.entities';
import { HL7_APPLIER } from './tokens';
import { DomainEvent, DomainEvents } from '../../platform/events/domain-events';

/** Events we accept per message type (MSH-9.1 → MSH-9.2); anything else is refused with AR. */
export const SUPPORTED_EVENTS: Readonly<Record<string, ReadonlySet<string>>> = {
  ADT: new Set(['A01', 'A02', 'A03', 'A04', 'A05', 'A08', 'A11', 'A13', 'A28', 'A31', 'A40']),
  SIU: new Set(['S12', 'S13', 'S14', 'S15', 'S26']),
};
/** HL7 v2.1 – v2.8 (the parser reads v2.1–2.9; the mapping is written against 2.3–2.8). */
const SUPPORTED_VERSION = /^2\.[1-8](\.\d+)*$/;

export interface ReceiveContext {
  source: Hl7Source;
  transport: Hl7MessageTransport;
  remoteAddress?: string;
  fileName?: string;
}

export interface ReceiveError {
  code: Hl7ErrorCode;
  reason: string;
  location: string;
}

/** What happened to one message: the ACK sent and where it is stored. */
export interface ReceiveOutcome {
  /** hl7_message id; null when the message could not be stored (database unavailable). */
  messageId: string | null;
  status: Hl7MessageStatus | 'not_stored';
  ackCode: AckCode;
  ack: Buffer;
  controlId: string;
  messageType: string;
  /** True when the control id was already stored (the message was acknowledged again, not applied again). */
  repeat: boolean;
  error?: ReceiveError;
}

interface Header {
  charset: string | null;
  controlId: string;
  sendingApplication: string;
  sendingFacility: string;
  messageType: string | null;
  version: string | null;
}

interface StoredRow {
  id: string;
  status: Hl7MessageStatus;
  ack: Buffer | null;
  ack_code: AckCode | null;
  error_code: number | null;
  error_reason: string | null;
  error_location: string | null;
}

/** A new inbox row: what is known when it is first stored. */
interface NewRow {
  status: Hl7MessageStatus;
  error?: ReceiveError;
  ackCode?: AckCode;
  ack?: Buffer;
  patientKey?: string | null;
  replayOf: string | null;
}

/** A message's own final outcome, kept when its control id turns out to be taken by another message. */
interface OwnOutcome {
  error: ReceiveError;
  ackCode: AckCode;
  ack: Buffer;
}

/** The repeat key (index ux_hl7_message_control), $1–$4. */
const REPEAT_KEY = `source_id = $1 AND sending_application = $2 AND sending_facility = $3 AND control_id = $4 AND status NOT IN ('rejected', 'duplicate') AND replay_of IS NULL`;

const INSERT_COLUMNS = `id, source_id, transport, raw, charset, control_id, sending_application, sending_facility, message_type,
  version, status, error_code, error_reason, error_location, ack_code, ack, patient_key, file_name, remote_address, replay_of, processed_at`;
/** Parameters per row: the 20 columns before processed_at, then a boolean "set processed_at". */
const PARAMS_PER_ROW = 21;
const ON_CONFLICT = `ON CONFLICT (source_id, sending_application, sending_facility, control_id)
  WHERE control_id <> '' AND status NOT IN ('rejected', 'duplicate') AND replay_of IS NULL DO NOTHING`;
/** Rows written by one INSERT at most (group commit). */
const MAX_BATCH = 64;

function insertSql(rows: number, repeatKey: boolean): string {
  const values: string[] = [];
  for (let r = 0; r < rows; r++) {
    const o = r * PARAMS_PER_ROW;
    const ps = Array.from({ length: PARAMS_PER_ROW - 1 }, (_, i) => `$${o + i + 1}`);
    values.push(`(${ps.join(',')}, CASE WHEN $${o + PARAMS_PER_ROW}::boolean THEN now() END)`);
  }
  return `INSERT INTO hl7_message (${INSERT_COLUMNS}) VALUES ${values.join(', ')} ${repeatKey ? ON_CONFLICT : ''} RETURNING id`;
}

interface QueuedInsert {
  params: unknown[];
  resolve: (inserted: boolean) => void;
  reject: (e: unknown) => void;
}

/** Values for text columns: no NUL (PostgreSQL refuses it in text), at most `max` characters. */
function clean(s: string | undefined | null, max: number): string {
  if (!s) return '';
  const v = s.includes('\u0000') ? s.split('\u0000').join('\uFFFD') : s;
  return v.length > max ? v.slice(0, max) : v;
}

export function sourceConfig(s: Hl7Source): Hl7SourceConfig {
  return { id: s.id, code: s.code, defaultCharset: s.defaultCharset, mapping: s.mapping ?? {} };
}

function headerOf(m: Hl7Message | undefined): Header {
  if (!m) return { charset: null, controlId: '', sendingApplication: '', sendingFacility: '', messageType: null, version: null };
  try {
    const h = m.msh;
    return {
      charset: clean(m.charset.name, 32) || null,
      controlId: clean(h.controlId, 199),
      sendingApplication: clean(h.sendingApplication, 227),
      sendingFacility: clean(h.sendingFacility, 227),
      messageType: clean(h.messageType ? (h.triggerEvent ? `${h.messageType}^${h.triggerEvent}` : h.messageType) : '', 32) || null,
      version: clean(h.version, 16) || null,
    };
  } catch {
    // A partial message whose header cannot be read further.
    return {
      charset: clean(m.charset?.name, 32) || null,
      controlId: '',
      sendingApplication: '',
      sendingFacility: '',
      messageType: null,
      version: null,
    };
  }
}

/** The supported-message check: version, message type, event. Undefined when we take the message. */
function unsupported(m: Hl7Message): { code: Hl7ErrorCode; reason: string; location: Hl7Location } | undefined {
  const h = m.msh;
  const at = (field: number, component?: number): Hl7Location => ({ segment: 'MSH', sequence: 1, line: 1, field, component });
  if (!SUPPORTED_VERSION.test(h.version)) {
    return {
      code: Hl7ErrorCode.UnsupportedVersionId,
      reason: `version ${clean(h.version, 12)} is not supported (2.1–2.8)`,
      location: at(12),
    };
  }
  const events = SUPPORTED_EVENTS[h.messageType];
  if (!events) {
    return {
      code: Hl7ErrorCode.UnsupportedMessageType,
      reason: `message type ${clean(h.messageType, 8) || '(empty)'} is not supported (ADT, SIU)`,
      location: at(9, 1),
    };
  }
  if (!events.has(h.triggerEvent)) {
    return {
      code: Hl7ErrorCode.UnsupportedEventCode,
      reason: `event ${h.messageType}^${clean(h.triggerEvent, 8) || '(empty)'} is not supported`,
      location: at(9, 2),
    };
  }
  return undefined;
}

/** Short, PHI-free description of an unexpected error for the log. */
function describe(e: unknown): string {
  const err = e as { name?: string; code?: string; message?: string };
  return `${err.name ?? 'Error'}${err.code ? ` ${err.code}` : ''}`;
}

/**
 * Errors of the database (down, a lock timeout, a deadlock, a failing statement): the sender should retry (AR), the
 * row stays 'received'. Anything else thrown while applying is a bug in the mapping: the message is marked failed
 * (AE 207) so it does not block the sender's queue forever, and can be replayed once the bug is fixed.
 */
export function isDatabaseError(e: unknown): boolean {
  if (e instanceof QueryFailedError || e instanceof TypeORMError || isDatabaseUnavailable(e)) return true;
  const code = (e as { code?: unknown } | null)?.code;
  // a PostgreSQL SQLSTATE (e.g. 40P01) or a socket errno (ECONNRESET); not Node's own ERR_* codes
  return typeof code === 'string' && (/^[0-9A-Z]{5}$/.test(code) || /^E[A-Z]+$/.test(code));
}

const RETRY_TEXT = 'The message could not be processed now; resend it (a resend is safe)';

/**
 * The store-before-acknowledge inbox (issue #4). Every message is written to `hl7_message` and committed before
 * its ACK is built; only then is it applied (`HL7_APPLIER`) in a second transaction that holds a per-patient
 * advisory lock and the row lock, so a message is applied at most once even when a repeat, a recovery run and
 * the first delivery race. ACK rules: docs/hl7-interface.md, "Inbox and ACK rules".
 */
@Injectable()
export class Hl7InboxService {
  private readonly logger = new Logger(Hl7InboxService.name);
  private readonly insertQueue: QueuedInsert[] = [];
  private flushing = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(HL7_APPLIER) private readonly applier: Hl7Applier,
    private readonly domainEvents: DomainEvents,
  ) {}

  /** One ACK per message of `bytes` (a single message, a batch, or messages back to back), in order. */
  async receive(bytes: Buffer, ctx: ReceiveContext): Promise<Buffer[]> {
    return (await this.receiveDetailed(bytes, ctx)).map((o) => o.ack);
  }

  async receiveDetailed(bytes: Buffer, ctx: ReceiveContext): Promise<ReceiveOutcome[]> {
    const { messages } = splitBatch(bytes);
    const parts = messages.length ? messages : [bytes];
    const out: ReceiveOutcome[] = [];
    for (const part of parts) out.push(await this.receiveOne(part, ctx));
    return out;
  }

  /** Handles one message; `replayOf` makes it a replay row (outside the repeat check, original untouched). */
  async receiveOne(bytes: Buffer, ctx: ReceiveContext, replayOf: string | null = null): Promise<ReceiveOutcome> {
    const raw = Buffer.from(bytes); // a slice of a larger frame/file must not pin it, and is stored as is
    const parsed = tryParseMessage(raw, { defaultCharset: ctx.source.defaultCharset });
    if (!parsed.ok) {
      const e = parsed.error;
      const rejected = e.code >= 200 || !e.partial;
      const code: AckCode = rejected ? 'AR' : 'AE';
      const error = { code: e.code, reason: clean(e.reason, 2000), location: formatLocation(e.location) };
      return this.storeFinal(raw, ctx, replayOf, e.partial, rejected ? 'rejected' : 'failed', error, ack(e.partial, code, { error: e }));
    }
    const m = parsed.message;
    const bad = unsupported(m);
    if (bad) {
      const error = { code: bad.code, reason: bad.reason, location: formatLocation(bad.location) };
      return this.storeFinal(raw, ctx, replayOf, m, 'rejected', error, ack(m, 'AR', { error: { ...bad, message: bad.reason } }));
    }
    if (!ctx.source.enabled && ctx.transport !== 'replay') {
      const error = { code: Hl7ErrorCode.ApplicationInternalError, reason: `source ${ctx.source.code} is disabled`, location: '' };
      return this.storeFinal(
        raw,
        ctx,
        replayOf,
        m,
        'rejected',
        error,
        ack(m, 'AR', { error: { code: error.code, message: error.reason } }),
      );
    }

    const cfg = sourceConfig(ctx.source);
    const h = headerOf(m);
    let patientKey: string | null = null;
    try {
      patientKey = this.applier.patientKey(m, cfg);
    } catch {
      patientKey = null; // the mapping will report the problem when it applies the message
    }

    let id: string;
    try {
      const inserted = await this.insert(raw, ctx, h, { status: 'received', patientKey, replayOf });
      if (!inserted) return await this.repeat(raw, ctx, m, h);
      id = inserted;
    } catch (e) {
      this.logger.error(`HL7 message not stored (${describe(e)}); answered AR so the sender retries`);
      return this.notStored(m, h);
    }
    return this.apply(id, m, cfg, patientKey, h, false);
  }

  /** A message that ends here (rejected, or a content error found while parsing): stored with its ACK. */
  private async storeFinal(
    raw: Buffer,
    ctx: ReceiveContext,
    replayOf: string | null,
    m: Hl7Message | undefined,
    status: 'rejected' | 'failed',
    error: ReceiveError,
    ackBytes: Buffer,
  ): Promise<ReceiveOutcome> {
    const h = headerOf(m);
    const ackCode: AckCode = status === 'rejected' ? 'AR' : 'AE';
    try {
      const id = await this.insert(raw, ctx, h, { status, error, ackCode, ack: ackBytes, replayOf });
      if (!id && m) return await this.repeat(raw, ctx, m, h, { error, ackCode, ack: ackBytes });
      this.logger.warn(`HL7 message ${id} ${status}: ${error.code} at ${error.location || '-'}`);
      return {
        messageId: id ?? null,
        status,
        ackCode,
        ack: ackBytes,
        controlId: h.controlId,
        messageType: h.messageType ?? '',
        repeat: false,
        error,
      };
    } catch (e) {
      this.logger.error(`HL7 message not stored (${describe(e)}); answered AR so the sender retries`);
      return this.notStored(m, h);
    }
  }

  /**
   * Bytes that never became a complete message (an MLLP frame cut off by a new start block or by the connection
   * closing): kept as 'rejected' with the reason, so nothing received is lost. No ACK goes with them — the sender
   * is still waiting for the ACK of the message it resends.
   */
  async storeBroken(raw: Buffer, ctx: ReceiveContext, reason: string): Promise<string | null> {
    const parsed = tryParseMessage(raw, { defaultCharset: ctx.source.defaultCharset });
    const h = headerOf(parsed.ok ? parsed.message : parsed.error.partial);
    try {
      const error = { code: Hl7ErrorCode.SegmentSequenceError, reason: clean(reason, 2000), location: '' };
      const id = await this.insert(raw, ctx, h, { status: 'rejected', error, replayOf: null }, false);
      this.logger.warn(`HL7 incomplete frame stored as ${id}: ${reason}`);
      return id ?? null;
    } catch (e) {
      this.logger.error(`HL7 incomplete frame (${raw.length} bytes) could not be stored (${describe(e)})`);
      return null;
    }
  }

  /**
   * Stores one row; returns its id, or undefined when the repeat key says the control id is taken. Rows with the
   * repeat key go through a group commit: inserts that arrive while the previous INSERT is in flight (from any
   * connection) are written by the next one together — one statement and one WAL flush for all of them, each
   * caller answered only after that commit.
   */
  private async insert(raw: Buffer, ctx: ReceiveContext, h: Header, r: NewRow, repeatKey = true): Promise<string | undefined> {
    const id = randomUUID();
    const params = [
      id,
      ctx.source.id,
      ctx.transport,
      raw,
      h.charset,
      h.controlId,
      h.sendingApplication,
      h.sendingFacility,
      h.messageType,
      h.version,
      r.status,
      r.error?.code ?? null,
      r.error?.reason ?? null,
      r.error?.location || null,
      r.ackCode ?? null,
      r.ack ?? null,
      r.patientKey ? clean(r.patientKey, 1000) : null,
      clean(ctx.fileName, 1000) || null,
      clean(ctx.remoteAddress, 64) || null,
      r.replayOf,
      r.status !== 'received',
    ];
    if (!repeatKey) {
      await this.db.query(insertSql(1, false), params);
      return id;
    }
    const inserted = await new Promise<boolean>((resolve, reject) => {
      this.insertQueue.push({ params, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flushInserts());
      }
    });
    return inserted ? id : undefined;
  }

  private async insertRows(batch: QueuedInsert[]): Promise<Set<string>> {
    const rows: Array<{ id: string }> = await this.db.query(
      insertSql(batch.length, true),
      batch.flatMap((b) => b.params),
    );
    return new Set(rows.map((r) => r.id));
  }

  private async flushInserts(): Promise<void> {
    while (this.insertQueue.length) {
      const batch = this.insertQueue.splice(0, MAX_BATCH);
      try {
        const ids = await this.insertRows(batch);
        for (const b of batch) b.resolve(ids.has(b.params[0] as string));
      } catch (e) {
        // One bad row must not fail the others: each on its own (unless the database is down).
        if (batch.length === 1 || isDatabaseUnavailable(e)) {
          for (const b of batch) b.reject(e);
          continue;
        }
        for (const b of batch) {
          try {
            b.resolve((await this.insertRows([b])).size > 0);
          } catch (one) {
            b.reject(one);
          }
        }
      }
    }
    this.flushing = false;
  }

  private notStored(m: Hl7Message | undefined, h: Header): ReceiveOutcome {
    const error = { code: Hl7ErrorCode.ApplicationInternalError, reason: RETRY_TEXT, location: '' };
    return {
      messageId: null,
      status: 'not_stored',
      ackCode: 'AR',
      ack: ack(m, 'AR', { error: { code: error.code, message: RETRY_TEXT } }),
      controlId: h.controlId,
      messageType: h.messageType ?? '',
      repeat: false,
      error,
    };
  }

  /** The control id from this sender is already stored: acknowledge as before, never apply twice. */
  private async repeat(raw: Buffer, ctx: ReceiveContext, m: Hl7Message, h: Header, own?: OwnOutcome): Promise<ReceiveOutcome> {
    const key = [ctx.source.id, h.sendingApplication, h.sendingFacility, h.controlId];
    const rows: Array<StoredRow & { same: boolean }> = await this.db.query(
      `WITH u AS (
         UPDATE hl7_message SET attempts = attempts + 1, last_seen_at = now()
         WHERE ${REPEAT_KEY} AND raw = $5
         RETURNING id, status, ack, ack_code, error_code, error_reason, error_location)
       SELECT * FROM u`,
      [...key, raw],
    );
    const row = rows[0];
    if (!row) return this.sameIdOtherContent(raw, ctx, m, h, own);
    const base = { messageId: row.id, controlId: h.controlId, messageType: h.messageType ?? '', repeat: true };
    switch (row.status) {
      case 'received':
        // Stored but not applied (a crash, or the database failed after the insert): apply it now.
        return { ...(await this.apply(row.id, m, sourceConfig(ctx.source), null, h, false)), repeat: true };
      case 'processed':
      case 'ignored':
      case 'duplicate':
        return { ...base, status: row.status, ackCode: 'AA', ack: row.ack ?? ack(m, 'AA') };
      case 'failed':
      case 'rejected': {
        const error = {
          code: (row.error_code ?? Hl7ErrorCode.ApplicationInternalError) as Hl7ErrorCode,
          reason: row.error_reason ?? '',
          location: row.error_location ?? '',
        };
        const code: AckCode = row.ack_code ?? 'AE';
        return {
          ...base,
          status: row.status,
          ackCode: code,
          ack: row.ack ?? ack(m, code, { error: { code: error.code, message: error.reason } }),
          error,
        };
      }
    }
  }

  /**
   * The control id is taken by a DIFFERENT message from the same sender (an HIS bug, or a test system reusing ids).
   * Not a repeat: it is stored as its own row, never applied automatically. A message that failed on its own
   * (parse error) keeps its own outcome; a readable one is stored as 'duplicate' (205) and answered AA so the
   * sender's queue does not stall — visible in the monitor and replayable if it should have been applied.
   */
  private async sameIdOtherContent(raw: Buffer, ctx: ReceiveContext, m: Hl7Message, h: Header, own?: OwnOutcome): Promise<ReceiveOutcome> {
    const [original]: Array<{ id: string }> = await this.db.query(`SELECT id FROM hl7_message WHERE ${REPEAT_KEY}`, [
      ctx.source.id,
      h.sendingApplication,
      h.sendingFacility,
      h.controlId,
    ]);
    const base = { controlId: h.controlId, messageType: h.messageType ?? '', repeat: false };
    if (own) {
      const id = await this.insert(
        raw,
        ctx,
        h,
        { status: 'rejected', error: own.error, ackCode: own.ackCode, ack: own.ack, replayOf: null },
        false,
      );
      return { ...base, messageId: id ?? null, status: 'rejected', ackCode: own.ackCode, ack: own.ack, error: own.error };
    }
    const error = {
      code: Hl7ErrorCode.DuplicateKeyIdentifier,
      reason: `control id already used by message ${original?.id ?? '?'} with different content; stored, not applied`,
      location: 'MSH-10',
    };
    const ackBytes = ack(m, 'AA');
    const id = await this.insert(raw, ctx, h, { status: 'duplicate', error, ackCode: 'AA', ack: ackBytes, replayOf: null }, false);
    this.logger.warn(
      `HL7 message ${id}: control id reused with different content (first: ${original?.id}); stored as duplicate, not applied`,
    );
    return { ...base, messageId: id ?? null, status: 'duplicate', ackCode: 'AA', ack: ackBytes, error };
  }

  /**
   * Applies a stored 'received' message: row lock (skipped when `skipLocked` and someone else has it), patient
   * lock, the mapping, and the row's outcome, all in one transaction. A row that is no longer 'received' is not
   * applied again; its stored outcome is answered.
   */
  async apply(
    id: string,
    m: Hl7Message,
    cfg: Hl7SourceConfig,
    knownKey: string | null,
    h: Header = headerOf(m),
    skipLocked = false,
  ): Promise<ReceiveOutcome & { skipped?: boolean }> {
    const base = { messageId: id, controlId: h.controlId, messageType: h.messageType ?? '', repeat: false };
    let events: DomainEvent[] = [];
    try {
      const outcome = await this.db.transaction(async (em) => {
        let key = knownKey;
        if (key === null) {
          try {
            key = this.applier.patientKey(m, cfg);
          } catch {
            key = null;
          }
        }
        // One round trip: the patient lock (messages for one patient applied in order), the row lock (never
        // applied twice) and asynchronous commit. The row was committed durably before this transaction began,
        // so this one may commit asynchronously: if PostgreSQL itself crashed and lost it, the row would be
        // 'received' again and the recovery job would apply it then — still exactly once. Every path that
        // applies uses this statement, so the two locks are always taken in the same order.
        const rows: StoredRow[] = await em.query(
          `SELECT set_config('synchronous_commit', 'off', true) AS sc,
                  CASE WHEN $2::text IS NULL THEN NULL ELSE pg_advisory_xact_lock(hashtext($2::text)) END AS pl,
                  id, status, ack, ack_code, error_code, error_reason, error_location
           FROM hl7_message WHERE id = $1 FOR UPDATE${skipLocked ? ' SKIP LOCKED' : ''}`,
          [id, key ? clean(key, 1000) : null],
        );
        const row = rows[0];
        if (!row) return { ...base, status: 'received' as const, ackCode: 'AR' as const, ack: Buffer.alloc(0), skipped: true };
        if (row.status !== 'received') {
          const code: AckCode = row.ack_code ?? (row.status === 'failed' ? 'AE' : 'AA');
          return {
            ...base,
            status: row.status,
            ackCode: code,
            ack: row.ack ?? ack(m, code),
            error:
              row.error_code !== null
                ? { code: row.error_code as Hl7ErrorCode, reason: row.error_reason ?? '', location: row.error_location ?? '' }
                : undefined,
          };
        }
        const result = await this.applier.apply(em, m, cfg);
        events = result.events ?? [];
        const status: Hl7MessageStatus = result.outcome === 'applied' ? 'processed' : 'ignored';
        const ackBytes = ack(m, 'AA');
        await em.query(
          `UPDATE hl7_message SET status = $2, patient_id = $3, summary = $4, ack_code = 'AA', ack = $5, processed_at = now(), patient_key = COALESCE(patient_key, $6) WHERE id = $1`,
          [id, status, result.patientId, clean(result.summary, 2000), ackBytes, key ? clean(key, 1000) : null],
        );
        return { ...base, status, ackCode: 'AA' as const, ack: ackBytes };
      });
      // After the commit: other features react (a discharge starts follow-up at once).
      if (events.length) this.domainEvents.publish(events);
      return outcome;
    } catch (e) {
      if (e instanceof Hl7ApplyError) return this.markFailed(id, m, e, base);
      if (!isDatabaseError(e)) {
        const where = ((e as Error).stack ?? '').split('\n').find((l) => l.trim().startsWith('at ')) ?? '';
        this.logger.error(`HL7 message ${id}: the mapping threw ${(e as Error).name} ${where.trim()}; stored as failed (AE 207)`);
        const bug = new Hl7ApplyError(
          Hl7ErrorCode.ApplicationInternalError,
          `internal error while applying (${(e as Error).name}); see the server log`,
        );
        return this.markFailed(id, m, bug, base);
      }
      this.logger.error(`HL7 message ${id} stored but not applied (${describe(e)}); answered AR, it will be retried`);
      const error = { code: Hl7ErrorCode.ApplicationInternalError, reason: RETRY_TEXT, location: '' };
      return { ...base, status: 'received', ackCode: 'AR', ack: ack(m, 'AR', { error: { code: error.code, message: RETRY_TEXT } }), error };
    }
  }

  private async markFailed(
    id: string,
    m: Hl7Message,
    e: Hl7ApplyError,
    base: { messageId: string; controlId: string; messageType: string; repeat: boolean },
  ): Promise<ReceiveOutcome> {
    const error = { code: e.code, reason: clean(e.reason, 2000), location: formatLocation(e.location) };
    const ackBytes = ack(m, 'AE', { error: { code: e.code, location: e.location, message: error.reason } });
    try {
      await this.db.query(
        `UPDATE hl7_message SET status = 'failed', error_code = $2, error_reason = $3, error_location = $4, ack_code = 'AE', ack = $5, processed_at = now()
         WHERE id = $1 AND status = 'received'`,
        [id, error.code, error.reason, error.location || null, ackBytes],
      );
    } catch (dbError) {
      this.logger.error(`HL7 message ${id}: could not record its failure (${describe(dbError)}); answered AR`);
      return {
        ...base,
        status: 'received',
        ackCode: 'AR',
        ack: ack(m, 'AR', { error: { code: Hl7ErrorCode.ApplicationInternalError, message: RETRY_TEXT } }),
      };
    }
    this.logger.warn(`HL7 message ${id} failed: ${error.code} at ${error.location || '-'}`);
    return { ...base, status: 'failed', ackCode: 'AE', ack: ackBytes, error };
  }

  /**
   * Applies messages left 'received' (a crash between store and apply, or the database failing in between),
   * oldest first. Safe with several instances: each row is taken with FOR UPDATE SKIP LOCKED.
   * Returns how many were settled.
   */
  async recoverPending(limit = 500): Promise<number> {
    const rows: Array<{ id: string; raw: Buffer; source_id: string }> = await this.db.query(
      `SELECT id, raw, source_id FROM hl7_message WHERE status = 'received' ORDER BY received_at, id LIMIT $1`,
      [limit],
    );
    if (!rows.length) return 0;
    const sources = new Map<string, Hl7Source>();
    let settled = 0;
    for (const r of rows) {
      let source = sources.get(r.source_id);
      if (!source) {
        const s: Hl7Source[] = await this.db.query(
          `SELECT id, code, name, transport, default_charset AS "defaultCharset", inbound_dir AS "inboundDir", mapping, enabled FROM hl7_source WHERE id = $1`,
          [r.source_id],
        );
        source = s[0];
        sources.set(r.source_id, source);
      }
      const parsed = tryParseMessage(r.raw, { defaultCharset: source.defaultCharset });
      if (!parsed.ok) {
        // Parsed when stored; the source's charset has been changed since. Keep it visible as failed.
        const e = parsed.error;
        await this.db.query(
          `UPDATE hl7_message SET status = 'failed', error_code = $2, error_reason = $3, error_location = $4, processed_at = now() WHERE id = $1 AND status = 'received'`,
          [r.id, e.code, clean(e.reason, 2000), formatLocation(e.location) || null],
        );
        settled++;
        continue;
      }
      const o = await this.apply(r.id, parsed.message, sourceConfig(source), null, undefined, true);
      if (!o.skipped && o.status !== 'received') settled++;
      if (o.status === 'received' && !o.skipped) break; // the database is failing: try again on the next tick
    }
    if (settled) this.logger.log(`HL7 recovery: ${settled} stored message(s) applied`);
    return settled;
  }
}
