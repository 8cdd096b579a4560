import type { RowProblem } from './import-mapping';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Relation,
  UpdateDateColumn,
} from 'typeorm';

export type ImportStatus = 'uploaded' | 'validating' | 'validated' | 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/**
 * One uploaded HIS export and its processing. The file itself is kept (import_file) before any row
 * is processed, so nothing received is lost and an interrupted import resumes from `processedRows`.
 */
@Entity({ name: 'import_job' })
@Index('ix_import_job_status', ['status', 'heartbeatAt'])
export class ImportJob {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'file_name', type: 'varchar', length: 255 })
  fileName: string;

  @Index('ix_import_job_sha256')
  @Column({ name: 'file_sha256', type: 'varchar', length: 64 })
  fileSha256: string;

  @Column({ type: 'varchar', length: 8 })
  format: 'csv' | 'xlsx';

  @Column({ type: 'varchar', length: 16, nullable: true })
  encoding: string | null;

  /** Source name: the saved mapping and the identifiers' assigning authority. */
  @Column({ name: 'source_name', type: 'varchar', length: 64 })
  sourceName: string;

  @Column({ type: 'text', array: true })
  columns: string[];

  @Column({ type: 'jsonb', nullable: true })
  mapping: Record<string, string> | null;

  @Column({ type: 'varchar', length: 16 })
  status: ImportStatus;

  @Column({ name: 'total_rows', type: 'int', default: 0 })
  totalRows: number;

  @Column({ name: 'processed_rows', type: 'int', default: 0 })
  processedRows: number;

  @Column({ name: 'created_patients', type: 'int', default: 0 })
  createdPatients: number;

  @Column({ name: 'matched_patients', type: 'int', default: 0 })
  matchedPatients: number;

  @Column({ name: 'created_encounters', type: 'int', default: 0 })
  createdEncounters: number;

  @Column({ name: 'error_rows', type: 'int', default: 0 })
  errorRows: number;

  /** New patients that look like a patient already on file (name + birth date or name + phone). */
  @Column({ name: 'duplicate_rows', type: 'int', default: 0 })
  duplicateRows: number;

  @Column({ type: 'text', nullable: true })
  message: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  /** Set by the instance working on the job; a stale heartbeat lets another instance resume it. */
  @Column({ name: 'heartbeat_at', type: 'timestamptz', nullable: true })
  heartbeatAt: Date | null;
}

@Entity({ name: 'import_file' })
export class ImportFile {
  @PrimaryColumn({ name: 'job_id', type: 'uuid' })
  jobId: string;

  @OneToOne(() => ImportJob)
  @JoinColumn({ name: 'job_id', foreignKeyConstraintName: 'fk_import_file_job' })
  job?: Relation<ImportJob>;

  @Column({ type: 'bytea' })
  content: Buffer;
}

/** A row that could not be imported, with its number in the file and the reason. */
@Entity({ name: 'import_row_error' })
export class ImportRowError {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Index('ix_import_row_error_job')
  @Column({ name: 'job_id', type: 'uuid' })
  jobId: string;

  @ManyToOne(() => ImportJob)
  @JoinColumn({ name: 'job_id', foreignKeyConstraintName: 'fk_import_row_error_job' })
  job?: Relation<ImportJob>;

  /** 1-based line/row number in the file, counting the header row. */
  @Column({ name: 'row_number', type: 'int' })
  rowNumber: number;

  /** The problems in English, joined (also in the errors CSV). */
  @Column({ type: 'text' })
  reason: string;

  /** The same problems as codes with the values they quote, for the console to translate. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  problems: RowProblem[];

  /** The row as read, so it can be downloaded, fixed and imported again. */
  @Column({ type: 'jsonb' })
  raw: Record<string, string>;

  /** 'dry_run' errors are replaced by each validation; 'import' errors are the final ones. */
  @Column({ type: 'varchar', length: 8 })
  phase: 'dry_run' | 'import';
}

/**
 * A patient created by an import that probably duplicates another record (same name and birth date,
 * or same name and a phone number) — including two rows of one file with different identifiers.
 * The import does not guess: it creates the record and lists the pair here for review and merge.
 */
@Entity({ name: 'import_duplicate' })
@Index('ux_import_duplicate_pair', { synchronize: false })
export class ImportDuplicate {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Index('ix_import_duplicate_job')
  @Column({ name: 'job_id', type: 'uuid' })
  jobId: string;

  @ManyToOne(() => ImportJob)
  @JoinColumn({ name: 'job_id', foreignKeyConstraintName: 'fk_import_duplicate_job' })
  job?: Relation<ImportJob>;

  @Column({ name: 'row_number', type: 'int' })
  rowNumber: number;

  /** The record this import created. */
  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  /** The record it resembles. */
  @Column({ name: 'candidate_id', type: 'uuid' })
  candidateId: string;

  @Column({ type: 'text', array: true })
  reasons: string[];
}

/** Column mapping saved per source (HIS view), so the next file from it maps itself. */
@Entity({ name: 'import_mapping' })
export class ImportMapping {
  @PrimaryColumn({ name: 'source_name', type: 'varchar', length: 64 })
  sourceName: string;

  @Column({ type: 'jsonb' })
  mapping: Record<string, string>;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
