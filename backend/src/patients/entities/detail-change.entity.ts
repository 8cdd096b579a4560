import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const DETAIL_KINDS = ['phone', 'contact', 'identifier'] as const;
export type DetailKind = (typeof DETAIL_KINDS)[number];

/**
 * The previous state of a phone, contact person or identifier that was changed or removed after the
 * record was created. Removing a detail moves its row here, so nothing is lost and the record shows
 * who changed what and when.
 */
@Entity({ name: 'patient_detail_change' })
export class PatientDetailChange {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Index('ix_patient_detail_change_patient')
  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @Column({ type: 'varchar', length: 16 })
  kind: DetailKind;

  /** The id the detail had (or has) in its own table. */
  @Column({ name: 'detail_id', type: 'uuid' })
  detailId: string;

  @Column({ type: 'varchar', length: 16 })
  action: 'changed' | 'removed';

  /** The row as it was before the change. */
  @Column({ type: 'jsonb' })
  before: Record<string, unknown>;

  @Column({ type: 'varchar', length: 300, nullable: true })
  reason: string | null;

  @Column({ name: 'changed_by', type: 'uuid', nullable: true })
  changedBy: string | null;

  @CreateDateColumn({ name: 'changed_at', type: 'timestamptz' })
  changedAt: Date;
}
