/**
 * The contract between the HL7 inbox (transport, store-before-ACK, replay: `backend/src/hl7/inbox/`)
 * and the mapping of a parsed message to patients, encounters and appointments
 * (`backend/src/hl7/mapping/`). The inbox stores every message first, then calls
 * `Hl7MappingService.apply` inside its own transaction (holding a per-patient advisory lock, so
 * messages for one patient are applied in order), and answers AA when it returns, AE when it throws
 * `Hl7ApplyError` (content error: the message stays stored as failed, with code, reason and
 * location, for fixing and replay), AR for anything else (the sender retries).
 */
import type { EntityManager } from 'typeorm';
import type { DomainEvent } from '../../platform/events/domain-events';
import { Hl7ErrorCode, type Hl7Location, type Hl7Message } from '../parser';

/** How one sending system's codes map to ours; stored per source (table `hl7_source`, column `mapping`). */
export interface SourceMapping {
  /** PID-8 value → GB/T 2261.1 sex code ('0', '1', '2', '9'); default M→1, F→2, O/U/A/N→9, and 0/1/2/9 as themselves. */
  sex?: Record<string, string>;
  /** PV1-2 value → encounter type (outpatient, emergency, inpatient, day_surgery); default I→inpatient, O→outpatient, E→emergency, P/R/B→outpatient. */
  patientClass?: Record<string, string>;
  /** PV1-3.1 / PV1-10 department code as the HIS sends it → our department code (e.g. '0301' → 'CARD'). Default: the value itself, then a department whose Chinese or English name equals it. */
  departments?: Record<string, string>;
  /** PV1-3.2 ward code → our ward code. Default: the value itself. */
  wards?: Record<string, string>;
  /** PID-3.5 identifier type code → our identifier type (his_id, inpatient_no, outpatient_no, health_card, id_number, …). Default: PI/PT/MR→his_id, PN/IN→inpatient_no, VN→outpatient_no, NI/NNCHN/CN→id_number, HC→health_card. */
  identifierTypes?: Record<string, string>;
}

/** A configured sending system (an MLLP peer or a file-drop folder). */
export interface Hl7SourceConfig {
  id: string;
  /** Short code, also the identifier authority when PID-3.4 is empty, e.g. 'HIS'. */
  code: string;
  /** Charset when MSH-18 is empty (e.g. 'GB18030'). */
  defaultCharset: string;
  mapping: SourceMapping;
}

/** What applying a message did (stored on the inbox row, shown in the monitor). */
export interface ApplyResult {
  /** 'applied': data changed; 'ignored': nothing to do (e.g. an A08 identical to what we hold, an event we store only). */
  outcome: 'applied' | 'ignored';
  /** The patient the message concerned (survivor for A40), for search by patient in the monitor. */
  patientId: string | null;
  /** One line for humans, e.g. 'discharged encounter ZY2026000101 (心内科)'. */
  summary: string;
  /** What happened, for other features (e.g. `encounter.discharged` starts follow-up); published by the inbox after its commit. */
  events?: DomainEvent[];
}

/** A content error: the message is stored as failed and answered AE with an ERR segment. */
export class Hl7ApplyError extends Error {
  constructor(
    readonly code: Hl7ErrorCode,
    readonly reason: string,
    readonly location?: Hl7Location,
  ) {
    super(reason);
    this.name = 'Hl7ApplyError';
  }
}

/** Implemented by `Hl7MappingService` (backend/src/hl7/mapping/mapping.service.ts). */
export interface Hl7Applier {
  /**
   * Applies one parsed message inside the caller's transaction `m`. Idempotent: applying the same
   * message twice leaves the data as after the first time. Must not commit, must not swallow
   * database errors (the inbox answers AR for those).
   */
  apply(m: EntityManager, message: Hl7Message, source: Hl7SourceConfig): Promise<ApplyResult>;
  /** The key for per-patient ordering: the first PID-3 identifier as `authority|type|value` (or MRG-1 for A40); null when absent. */
  patientKey(message: Hl7Message, source: Hl7SourceConfig): string | null;
}
