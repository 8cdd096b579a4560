import type { EntityManager } from 'typeorm';
import { Client } from 'pg';
import { Hl7ApplyError, type ApplyResult, type Hl7Applier, type Hl7SourceConfig } from '../../src/hl7/mapping/contract';
import { Hl7ErrorCode, type Hl7Message } from '../../src/hl7/parser';

/**
 * A test-only HL7_APPLIER: records every apply (control id), fails with Hl7ApplyError for PID-3 'FAIL'
 * (and for 'FIXME' while `broken` is true, to play a mapping bug fixed later), throws a TypeError for 'BUG', takes 500 ms for 'SLOW', and — when given a database
 * URL — checks from ANOTHER connection that the inbox row is already committed when it is applied
 * (store before apply, hence before ACK).
 */
export class TestApplier implements Hl7Applier {
  readonly applied: string[] = [];
  /** Control ids whose inbox row was NOT visible from another connection when applied (must stay empty). */
  readonly notCommitted: string[] = [];
  broken = true;
  private client: Client | undefined;

  constructor(private readonly dbUrl?: string) {}

  async connect(): Promise<void> {
    if (!this.dbUrl) return;
    this.client = new Client({ connectionString: this.dbUrl });
    this.client.on('error', () => undefined);
    await this.client.connect();
  }

  async close(): Promise<void> {
    await this.client?.end();
  }

  count(controlId: string): number {
    return this.applied.filter((c) => c === controlId).length;
  }

  patientKey(message: Hl7Message, source: Hl7SourceConfig): string | null {
    const v = message.get('PID-3.1');
    return v ? `${message.get('PID-3.4') || source.code}|${message.get('PID-3.5')}|${v}` : null;
  }

  async apply(m: EntityManager, message: Hl7Message): Promise<ApplyResult> {
    const controlId = message.msh.controlId;
    if (this.client) {
      const r = await this.client.query(`SELECT 1 FROM hl7_message WHERE control_id = $1`, [controlId]);
      if (!r.rowCount) this.notCommitted.push(controlId);
    }
    // A real statement in the inbox's transaction (rolled back with it on failure).
    await m.query('SELECT 1');
    const pid = message.get('PID-3.1');
    if (pid === 'FAIL' || (pid === 'FIXME' && this.broken)) {
      throw new Hl7ApplyError(Hl7ErrorCode.UnknownKeyIdentifier, `no patient for identifier ${pid}`, {
        segment: 'PID',
        sequence: 1,
        field: 3,
        repetition: 1,
        component: 1,
      });
    }
    if (pid === 'SLOW') await new Promise((r) => setTimeout(r, 500));
    if (pid === 'BUG') throw new TypeError("Cannot read properties of undefined (reading 'x')");
    this.applied.push(controlId);
    return {
      outcome: pid ? 'applied' : 'ignored',
      patientId: null,
      summary: `test applier: ${message.msh.messageType}^${message.msh.triggerEvent}`,
    };
  }
}
