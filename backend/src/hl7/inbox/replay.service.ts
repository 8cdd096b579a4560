import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../platform/audit/audit.service';
import { tryParseMessage } from '../parser';
import { Hl7MessageRow, Hl7Source } from './hl7.entities';
import { Hl7InboxError } from './hl7.errors';
import { Hl7InboxService, type ReceiveOutcome } from './inbox.service';

export interface BulkReplayInput {
  ids?: string[];
  status?: 'failed';
  sourceId?: string;
}

const BULK_LIMIT = 1000;

/**
 * Replay: the stored raw message (or corrected text) goes through the inbox again as a NEW row
 * (transport 'replay', replay_of = the original); the original row is never changed except `resolved_by`,
 * set when a replay of a failed or rejected message succeeds.
 */
@Injectable()
export class Hl7ReplayService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly inbox: Hl7InboxService,
    private readonly audit: AuditService,
  ) {}

  async replay(id: string, correctedText?: string): Promise<ReceiveOutcome> {
    const original = await this.db.getRepository(Hl7MessageRow).findOneBy({ id });
    if (!original) throw Hl7InboxError.messageNotFound();
    if (original.status === 'received') {
      throw Hl7InboxError.replayNotAllowed('This message is still waiting to be applied; it cannot be replayed now');
    }
    const source = await this.db.getRepository(Hl7Source).findOneByOrFail({ id: original.sourceId });
    let bytes = original.raw;
    if (correctedText !== undefined) {
      const parsed = tryParseMessage(correctedText, { defaultCharset: source.defaultCharset });
      if (!parsed.ok) throw Hl7InboxError.invalidMessage(parsed.error.message);
      bytes = parsed.message.encode(); // in the charset the message declares (or the source's default)
    }
    const outcome = await this.inbox.receiveOne(bytes, { source, transport: 'replay' }, original.id);
    if (outcome.messageId && (outcome.status === 'processed' || outcome.status === 'ignored')) {
      await this.db.query(`UPDATE hl7_message SET resolved_by = $2 WHERE id = $1 AND status IN ('failed', 'rejected', 'duplicate')`, [
        original.id,
        outcome.messageId,
      ]);
    }
    await this.audit.record({
      action: correctedText !== undefined ? 'hl7.message_edit_replay' : 'hl7.message_replay',
      entityType: 'hl7_message',
      entityId: original.id,
      details: { replayId: outcome.messageId, status: outcome.status },
    });
    return outcome;
  }

  /** Replays failed messages not yet resolved (after a mapping fix), oldest first; or exactly the given ids. */
  async bulk(input: BulkReplayInput) {
    let ids: string[];
    if (input.ids?.length) {
      ids = input.ids;
    } else {
      const params: unknown[] = [BULK_LIMIT];
      let extra = '';
      if (input.sourceId) {
        params.push(input.sourceId);
        extra = ' AND source_id = $2';
      }
      const rows: Array<{ id: string }> = await this.db.query(
        `SELECT id FROM hl7_message WHERE status = 'failed' AND resolved_by IS NULL AND replay_of IS NULL${extra} ORDER BY received_at, id LIMIT $1`,
        params,
      );
      ids = rows.map((r) => r.id);
    }
    const items: Array<{ id: string; replayId: string | null; status: string; error?: string }> = [];
    for (const id of ids) {
      try {
        const o = await this.replay(id);
        items.push({ id, replayId: o.messageId, status: o.status, error: o.error?.reason });
      } catch (e) {
        items.push({ id, replayId: null, status: 'not_replayed', error: (e as Error).message });
      }
    }
    const count = (pred: (s: string) => boolean) => items.filter((i) => pred(i.status)).length;
    return {
      requested: ids.length,
      resolved: count((s) => s === 'processed' || s === 'ignored'),
      failed: count((s) => s === 'failed' || s === 'rejected'),
      notReplayed: count((s) => s === 'not_replayed' || s === 'received' || s === 'not_stored'),
      items,
    };
  }
}
