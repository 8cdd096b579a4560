import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Hl7Message } from '../parser';
import type { ApplyResult, Hl7Applier, Hl7SourceConfig } from '../mapping/contract';

/**
 * Placeholder bound to HL7_APPLIER until the domain mapping (`Hl7MappingService`,
 * backend/src/hl7/mapping/mapping.service.ts) is merged: it changes no patient data and marks every
 * supported message 'ignored' (stored, acknowledged AA, visible in the monitor, replayable later).
 * Its patient key follows the contract (first PID-3 as authority|type|value, MRG-1 for A40).
 */
@Injectable()
export class StoreOnlyApplier implements Hl7Applier {
  apply(_m: EntityManager, message: Hl7Message): Promise<ApplyResult> {
    const h = message.msh;
    return Promise.resolve({
      outcome: 'ignored',
      patientId: null,
      summary: `stored only: ${h.messageType}^${h.triggerEvent} (the domain mapping is not installed)`,
    });
  }

  patientKey(message: Hl7Message, source: Hl7SourceConfig): string | null {
    const path = message.msh.triggerEvent === 'A40' && message.segment('MRG') ? 'MRG-1' : 'PID-3';
    const value = message.get(`${path}.1`);
    if (!value) return null;
    return `${message.get(`${path}.4`) || source.code}|${message.get(`${path}.5`)}|${value}`;
  }
}
