import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Relation,
  UpdateDateColumn,
} from 'typeorm';
import type { SourceMapping } from '../mapping/contract';

export type Hl7SourceTransport = 'mllp' | 'file';
export type Hl7MessageTransport = 'mllp' | 'file' | 'upload' | 'replay';
export type Hl7MessageStatus = 'received' | 'processed' | 'ignored' | 'failed' | 'rejected' | 'duplicate';
export const HL7_MESSAGE_STATUSES: readonly Hl7MessageStatus[] = ['received', 'processed', 'ignored', 'failed', 'rejected', 'duplicate'];

/** A sending system: an MLLP peer or a file-drop folder, with its default charset and code mapping. */
@Entity({ name: 'hl7_source' })
export class Hl7Source {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_hl7_source' })
  id: string;

  /** Short code, e.g. 'HIS'; also the identifier authority when PID-3.4 is empty. */
  @Index('ux_hl7_source_code', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 128 })
  name: string;

  @Column({ type: 'varchar', length: 8 })
  transport: Hl7SourceTransport;

  /** Charset when MSH-18 is empty. */
  @Column({ name: 'default_charset', type: 'varchar', length: 32, default: 'UTF-8' })
  defaultCharset: string;

  /** File drop: the folder polled for files (processed/ and failed/ are created beside them). */
  @Column({ name: 'inbound_dir', type: 'text', nullable: true })
  inboundDir: string | null;

  @Column({ type: 'jsonb', default: {} })
  mapping: SourceMapping;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * Every HL7 message received, stored (raw bytes as received) before it is acknowledged; never deleted.
 * A repeated control id from the same sender hits `ux_hl7_message_control` (partial, hand-made).
 */
@Entity({ name: 'hl7_message' })
@Index('ux_hl7_message_control', { synchronize: false })
@Index('ix_hl7_message_status', ['status', 'receivedAt'])
export class Hl7MessageRow {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_hl7_message' })
  id: string;

  @Column({ name: 'source_id', type: 'uuid' })
  sourceId: string;

  @ManyToOne(() => Hl7Source)
  @JoinColumn({ name: 'source_id', foreignKeyConstraintName: 'fk_hl7_message_source' })
  source?: Relation<Hl7Source>;

  @Column({ type: 'varchar', length: 8 })
  transport: Hl7MessageTransport;

  @Index('ix_hl7_message_received')
  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;

  /** Exactly the bytes received (one message, after batch splitting / MLLP unframing). */
  @Column({ type: 'bytea' })
  raw: Buffer;

  /** The charset the message was decoded with (HL7 0211 name); null when it could not be read. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  charset: string | null;

  @Index('ix_hl7_message_control_id')
  @Column({ name: 'control_id', type: 'varchar', length: 199, default: '' })
  controlId: string;

  @Column({ name: 'sending_application', type: 'varchar', length: 227, default: '' })
  sendingApplication: string;

  @Column({ name: 'sending_facility', type: 'varchar', length: 227, default: '' })
  sendingFacility: string;

  /** e.g. 'ADT^A01' */
  @Column({ name: 'message_type', type: 'varchar', length: 32, nullable: true })
  messageType: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  version: string | null;

  @Column({ type: 'varchar', length: 12 })
  status: Hl7MessageStatus;

  /** HL7 table 0357 code. */
  @Column({ name: 'error_code', type: 'int', nullable: true })
  errorCode: number | null;

  @Column({ name: 'error_reason', type: 'text', nullable: true })
  errorReason: string | null;

  @Column({ name: 'error_location', type: 'text', nullable: true })
  errorLocation: string | null;

  @Column({ name: 'ack_code', type: 'varchar', length: 2, nullable: true })
  ackCode: 'AA' | 'AE' | 'AR' | null;

  /** The ACK bytes sent (or, for a message applied by recovery, the ACK a repeat would get). */
  @Column({ type: 'bytea', nullable: true })
  ack: Buffer | null;

  @Column({ name: 'patient_key', type: 'text', nullable: true })
  patientKey: string | null;

  @Index('ix_hl7_message_patient')
  @Column({ name: 'patient_id', type: 'uuid', nullable: true })
  patientId: string | null;

  @Column({ type: 'text', nullable: true })
  summary: string | null;

  /** How many times this message arrived (repeats of the control id increment it). */
  @Column({ type: 'int', default: 1 })
  attempts: number;

  @Column({ name: 'last_seen_at', type: 'timestamptz', nullable: true })
  lastSeenAt: Date | null;

  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true })
  processedAt: Date | null;

  /** The message this row replays (replay or edit-and-replay); the original stays untouched. */
  @Column({ name: 'replay_of', type: 'uuid', nullable: true })
  replayOf: string | null;

  @ManyToOne(() => Hl7MessageRow)
  @JoinColumn({ name: 'replay_of', foreignKeyConstraintName: 'fk_hl7_message_replay_of' })
  replayOfMessage?: Relation<Hl7MessageRow>;

  /** Set on a failed/rejected message when a replay of it succeeded: shown as resolved. */
  @Column({ name: 'resolved_by', type: 'uuid', nullable: true })
  resolvedBy: string | null;

  @Column({ name: 'file_name', type: 'text', nullable: true })
  fileName: string | null;

  @Column({ name: 'remote_address', type: 'varchar', length: 64, nullable: true })
  remoteAddress: string | null;
}
