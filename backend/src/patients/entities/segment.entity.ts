import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A saved patient filter ("segment"); members are computed when asked, so they are always current. */
@Entity({ name: 'patient_segment' })
export class PatientSegment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('uq_patient_segment_name', { unique: true })
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  description: string | null;

  /** The PatientFilter (same fields as the search query, without paging). */
  @Column({ type: 'jsonb' })
  filter: Record<string, unknown>;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * One merge of two patient records. `moved` lists the child rows re-pointed from the merged record
 * to the survivor (table → ids), so an administrator can undo the merge exactly.
 */
@Entity({ name: 'patient_merge' })
export class PatientMerge {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_patient_merge_survivor')
  @Column({ name: 'survivor_id', type: 'uuid' })
  survivorId: string;

  @Index('ix_patient_merge_merged')
  @Column({ name: 'merged_id', type: 'uuid' })
  mergedId: string;

  @Column({ type: 'jsonb' })
  moved: Record<string, string[]>;

  @Column({ name: 'merged_by', type: 'uuid', nullable: true })
  mergedBy: string | null;

  @CreateDateColumn({ name: 'merged_at', type: 'timestamptz' })
  mergedAt: Date;

  @Column({ name: 'reverted_at', type: 'timestamptz', nullable: true })
  revertedAt: Date | null;

  @Column({ name: 'reverted_by', type: 'uuid', nullable: true })
  revertedBy: string | null;
}
