import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { cancelPlansForEncounter } from '../../followup/plans/plans.service';
import { mergePatientRecords } from '../../patients/patient-merge.service';
import { AuditService } from '../../platform/audit/audit.service';
import { Hl7ErrorCode, type Hl7Message, type Hl7Segment } from '../parser';
import { ApplyContext } from './apply-context';
import { applyAppointment, SIU_STATUS } from './appointment-mapper';
import { Hl7ApplyError, type ApplyResult, type Hl7Applier, type Hl7SourceConfig } from './contract';
import {
  applyDiagnoses,
  applyObservations,
  applyProcedures,
  placeLabel,
  requireEncounter,
  upsertEncounter,
  visitNumber,
  type EncounterRow,
} from './encounter-mapper';
import { findByIdentifiers, readIdentifiers, upsertPatient, type PatientResult } from './patient-mapper';

/** The actor named in the audit trail for changes made by HL7 messages (no signed-in user). */
export const HL7_ACTOR = 'hl7';

const ADT_EVENTS = new Set(['A01', 'A02', 'A03', 'A04', 'A05', 'A08', 'A11', 'A13', 'A28', 'A31', 'A40']);

/**
 * Maps one parsed HL7 message to patients, encounters and appointments (issue #4), inside the
 * inbox's transaction. Field mapping, per-event behaviour and the rules for unknown patients and
 * out-of-order messages: docs/hl7-interface.md, "Mapping to patients, encounters and appointments".
 */
@Injectable()
export class Hl7MappingService implements Hl7Applier {
  constructor(private readonly audit: AuditService) {}

  patientKey(message: Hl7Message, source: Hl7SourceConfig): string | null {
    const pid = message.segment('PID');
    if (!pid) return null;
    const identity = readIdentifiers(pid, 3, source);
    const first = identity.ids[0];
    if (first) return `${first.authority}|${first.type}|${first.value}`;
    return identity.idNumber ? `${pid.value(3, 1, 4, 1) || source.code}|id_number|${identity.idNumber}` : null;
  }

  async apply(m: EntityManager, message: Hl7Message, source: Hl7SourceConfig): Promise<ApplyResult> {
    const ctx = new ApplyContext(m, message, source);
    const type = message.msh.messageType.toUpperCase();
    const trigger = (message.msh.triggerEvent || message.get('EVN-1')).toUpperCase();
    let patientId: string | null;
    if (type === 'ADT') {
      if (!ADT_EVENTS.has(trigger))
        throw new Hl7ApplyError(Hl7ErrorCode.UnsupportedEventCode, `unsupported event ADT^${trigger.slice(0, 8)}`, {
          segment: 'MSH',
          field: 9,
          component: 2,
        });
      patientId = await this.adt(ctx, trigger);
    } else if (type === 'SIU') {
      if (!SIU_STATUS[trigger])
        throw new Hl7ApplyError(Hl7ErrorCode.UnsupportedEventCode, `unsupported event SIU^${trigger.slice(0, 8)}`, {
          segment: 'MSH',
          field: 9,
          component: 2,
        });
      const p = await upsertPatient(ctx, message.segment('PID'));
      patientId = p.id;
      const a = await applyAppointment(ctx, p.id, trigger);
      ctx.note(
        `${a.created ? 'stored' : a.changed ? 'updated' : 'unchanged:'} ${a.label} for ${p.name} (${SIU_STATUS[trigger]})`,
        a.changed,
      );
      if (p.created) ctx.note('patient created from the SIU message');
    } else if (type === 'ORU') {
      // Results outside an admission are not mapped yet (REQUIREMENTS §10: optional); the inbox keeps the message.
      return { outcome: 'ignored', patientId: null, summary: `${type}^${trigger} stored only: results messages are not mapped` };
    } else {
      throw new Hl7ApplyError(Hl7ErrorCode.UnsupportedMessageType, `unsupported message type ${type.slice(0, 8)}`, {
        segment: 'MSH',
        field: 9,
        component: 1,
      });
    }
    const summary = [...ctx.notes, ...ctx.warnings.map((w) => `warning: ${w}`)].join('; ');
    return { outcome: ctx.changed ? 'applied' : 'ignored', patientId, summary: `${type}^${trigger}: ${summary || 'nothing to change'}` };
  }

  private async adt(ctx: ApplyContext, trigger: string): Promise<string | null> {
    const msg = ctx.message;
    const pv1 = msg.segment('PV1');
    switch (trigger) {
      case 'A01':
      case 'A04':
      case 'A05':
      case 'A08':
      case 'A03': {
        const p = await upsertPatient(ctx, msg.segment('PID'));
        this.notePatient(ctx, p, trigger);
        const hasVisit = pv1 && visitNumber(pv1) && pv1.value(2).toUpperCase() !== 'N';
        if (!hasVisit) {
          if (trigger === 'A03') await requireEncounter(ctx, pv1); // throws 101 (no visit number)
          if (trigger !== 'A08') ctx.warn('no visit number (PV1-19): the visit was not stored');
          return p.id;
        }
        const { row, created, visit } = await upsertEncounter(ctx, p.id, pv1, { discharge: trigger === 'A03' });
        await this.clinical(ctx, p.id, row);
        if (row.cancelled_at && trigger !== 'A08' && trigger !== 'A03') {
          await ctx.m.query(`UPDATE encounter SET cancelled_at = NULL WHERE id = $1`, [row.id]);
          ctx.note(`visit ${visit} was cancelled and is active again`);
        }
        const where = await placeLabel(ctx, row);
        if (trigger === 'A03') ctx.note(`${created ? 'created and discharged' : 'discharged'} encounter ${visit} (${where})`, ctx.changed);
        else if (created) ctx.note(`created encounter ${visit} (${where})`);
        return p.id;
      }
      case 'A02': {
        const p = await upsertPatient(ctx, msg.segment('PID'));
        this.notePatient(ctx, p, trigger);
        const before = await requireEncounter(ctx, pv1);
        const from = await placeLabel(ctx, before);
        const { row, visit } = await upsertEncounter(ctx, p.id, pv1 as Hl7Segment);
        const to = await placeLabel(ctx, row);
        if (from !== to) ctx.note(`transferred encounter ${visit} from ${from} to ${to}`);
        return p.id;
      }
      case 'A11': {
        const e = await requireEncounter(ctx, pv1);
        if (e.cancelled_at) ctx.note(`visit ${e.visit_number} already cancelled`, false);
        else {
          await ctx.m.query(`UPDATE encounter SET cancelled_at = $2 WHERE id = $1`, [e.id, ctx.eventTime()]);
          ctx.note(`cancelled visit ${e.visit_number} (${await placeLabel(ctx, e)}); the encounter is kept, marked cancelled`);
        }
        return e.patient_id;
      }
      case 'A13': {
        const e = await requireEncounter(ctx, pv1);
        if (!e.discharged_at) ctx.note(`visit ${e.visit_number} is not discharged: nothing to cancel`, false);
        else {
          await ctx.m.query(`UPDATE encounter SET discharged_at = NULL, discharge_disposition = NULL WHERE id = $1`, [e.id]);
          ctx.note(`cancelled the discharge of encounter ${e.visit_number} (open stay again)`);
          const plans = await cancelPlansForEncounter(ctx.m, e.id, 'discharge cancelled by the HIS (A13)');
          if (plans) ctx.note(`cancelled ${plans} follow-up plan(s) started by this discharge and their open tasks`);
        }
        return e.patient_id;
      }
      case 'A28':
      case 'A31': {
        const p = await upsertPatient(ctx, msg.segment('PID'));
        this.notePatient(ctx, p, trigger);
        return p.id;
      }
      case 'A40':
        return this.merge(ctx);
      default:
        throw new Hl7ApplyError(Hl7ErrorCode.UnsupportedEventCode, `unsupported event ADT^${trigger}`, {
          segment: 'MSH',
          field: 9,
          component: 2,
        });
    }
  }

  private notePatient(ctx: ApplyContext, p: PatientResult, trigger: string): void {
    if (!p.created) return;
    const why = trigger === 'A08' || trigger === 'A31' ? ' (update for an unknown patient: the HIS is the source of truth)' : '';
    ctx.note(`created patient ${p.name}${why}`);
  }

  private async clinical(ctx: ApplyContext, patientId: string, e: EncounterRow): Promise<void> {
    const dx = await applyDiagnoses(ctx, e.id);
    const pr = await applyProcedures(ctx, e.id);
    const lab = await applyObservations(ctx, patientId, e.id);
    const parts = [dx && `${dx} diagnosis(es)`, pr && `${pr} procedure(s)`, lab && `${lab} lab result(s)`].filter(Boolean);
    if (parts.length) ctx.note(`stored ${parts.join(', ')} for ${e.visit_number}`);
  }

  /**
   * A40: each PID/MRG pair merges the record named by MRG-1 into the PID-3 survivor (created from the
   * PID when unknown). A merged record we never knew, or one already merged, is noted and skipped.
   */
  private async merge(ctx: ApplyContext): Promise<string | null> {
    const pids = ctx.message.segments('PID');
    const mrgs = ctx.message.segments('MRG');
    if (!pids.length) throw new Hl7ApplyError(Hl7ErrorCode.SegmentSequenceError, 'PID segment missing', { segment: 'PID' });
    let first: string | null = null;
    for (let i = 0; i < pids.length; i++) {
      const mrg = mrgs[i];
      if (!mrg)
        throw new Hl7ApplyError(Hl7ErrorCode.SegmentSequenceError, `MRG segment missing for PID ${i + 1}`, {
          segment: 'MRG',
          sequence: i + 1,
        });
      const merged = readIdentifiers(mrg, 1, ctx.source);
      if (!merged.ids.length && !merged.idNumber)
        throw new Hl7ApplyError(Hl7ErrorCode.RequiredFieldMissing, 'MRG-1 has no usable patient identifier', {
          segment: 'MRG',
          sequence: i + 1,
          field: 1,
        });
      // The survivor's phones are added, not replaced: the merged record's numbers move to it below.
      const survivor = await upsertPatient(ctx, pids[i], i + 1, 'add');
      this.notePatient(ctx, survivor, 'A40');
      first ??= survivor.id;
      const mergedId = await findByIdentifiers(ctx, merged.ids, false);
      if (!mergedId) {
        ctx.note(
          `merge into ${survivor.name}: the other record is unknown here (never received or already merged): nothing to move`,
          false,
        );
        continue;
      }
      const [rec]: Array<{ merged_into_id: string | null }> = await ctx.m.query(`SELECT merged_into_id FROM patient WHERE id = $1`, [
        mergedId,
      ]);
      if (mergedId === survivor.id || rec.merged_into_id) {
        ctx.note(`merge into ${survivor.name}: already merged`, false);
        continue;
      }
      const result = await mergePatientRecords(ctx.m, survivor.id, mergedId, null);
      const counts = Object.fromEntries(Object.entries(result.moved).map(([t, ids]) => [t, ids.length]));
      await this.audit.record(
        {
          action: 'patient.merge',
          entityType: 'patient',
          entityId: survivor.id,
          details: { mergeId: result.mergeId, mergedId, moved: counts, via: 'hl7', controlId: ctx.message.msh.controlId.slice(0, 64) },
          actorId: null,
          actorUsername: HL7_ACTOR,
        },
        ctx.m,
      );
      ctx.note(
        `merged a record into ${survivor.name} (${counts['encounter'] ?? 0} encounter(s), ${counts['patient_identifier'] ?? 0} identifier(s) moved)`,
      );
    }
    return first;
  }
}
