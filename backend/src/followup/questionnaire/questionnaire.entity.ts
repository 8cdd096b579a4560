import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { QuestionnaireDefinition } from './definition';

export type QuestionnaireStatus = 'draft' | 'published' | 'retired';

/**
 * One version of a questionnaire. A published version is immutable (a database trigger refuses
 * changes to its definition); editing creates a new draft version with the same code. Answers
 * always point to the version row that was asked.
 */
@Entity({ name: 'questionnaire' })
@Index('uq_questionnaire_code_version', ['code', 'version'], { unique: true })
@Check('ck_questionnaire_status', `"status" IN ('draft', 'published', 'retired')`)
export class Questionnaire {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'int' })
  version: number;

  @Column({ name: 'title_zh', type: 'varchar', length: 200 })
  titleZh: string;

  @Column({ name: 'title_en', type: 'varchar', length: 200 })
  titleEn: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 16, default: 'draft' })
  status: QuestionnaireStatus;

  @Column({ type: 'jsonb' })
  definition: QuestionnaireDefinition;

  /** Shipped with the product (library), as opposed to made by a hospital. */
  @Column({ type: 'boolean', default: false })
  library: boolean;

  @Column({ name: 'owner_department_id', type: 'uuid', nullable: true })
  ownerDepartmentId: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt: Date | null;
}
