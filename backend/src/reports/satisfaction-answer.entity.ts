import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Relation } from 'typeorm';
import { QuestionnaireResponse } from '../worklist/worklist.entities';

/**
 * One scored satisfaction answer of a questionnaire response (a question with a dimension and a score:
 * rating, NPS, or a choice whose options carry scores), written by the trigger
 * `tr_questionnaire_response_satisfaction` when the response is stored. It keeps what reports group by,
 * as it was when the answer was given (docs/reports.md, "Satisfaction"). `score` is null for an answer
 * without a score ("don't know").
 */
@Entity({ name: 'satisfaction_answer' })
@Index('ix_satisfaction_answer_day', ['day'])
@Index('ix_satisfaction_answer_department_day', ['departmentId', 'day'])
export class SatisfactionAnswer {
  @PrimaryColumn({ name: 'response_id', type: 'uuid', primaryKeyConstraintName: 'pk_satisfaction_answer' })
  responseId: string;

  @ManyToOne(() => QuestionnaireResponse)
  @JoinColumn({ name: 'response_id', foreignKeyConstraintName: 'fk_satisfaction_answer_response' })
  response?: Relation<QuestionnaireResponse>;

  @PrimaryColumn({ name: 'question_id', type: 'varchar', length: 64, primaryKeyConstraintName: 'pk_satisfaction_answer' })
  questionId: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId: string;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @Column({ name: 'questionnaire_id', type: 'uuid' })
  questionnaireId: string;

  @Column({ type: 'varchar', length: 16 })
  dimension: string;

  /** The question type: rating, nps, single or dropdown. */
  @Column({ type: 'varchar', length: 16 })
  kind: string;

  /** The best score of the question (5 for ratings, 10 for NPS, else the highest option score). */
  @Column({ name: 'scale_max', type: 'numeric' })
  scaleMax: string;

  @Column({ type: 'numeric', nullable: true })
  score: string | null;

  /** One of the two best scores (NPS: a promoter, 9–10); null for "don't know". */
  @Column({ type: 'boolean', nullable: true })
  positive: boolean | null;

  /** Hospital day (China time) the response was submitted. */
  @Column({ type: 'date' })
  day: string;

  @Column({ type: 'varchar', length: 8 })
  mode: string;

  @Column({ name: 'department_id', type: 'uuid', nullable: true })
  departmentId: string | null;

  @Column({ name: 'ward_id', type: 'uuid', nullable: true })
  wardId: string | null;

  /** The anchor encounter's attending doctor (a name from HIS). */
  @Column({ type: 'varchar', length: 100, nullable: true })
  doctor: string | null;

  /** The staff member who entered the answers; null for a self-survey. */
  @Column({ name: 'nurse_id', type: 'uuid', nullable: true })
  nurseId: string | null;
}

/**
 * Daily satisfaction totals per department, mode, dimension, scale and questionnaire, added to by the
 * trigger `tr_satisfaction_answer_daily` (docs/reports.md): what department-, period- and
 * hospital-level satisfaction reports read. `departmentKey` is the department or the zero uuid.
 */
@Entity({ name: 'satisfaction_daily' })
export class SatisfactionDaily {
  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'pk_satisfaction_daily' })
  day: string;

  @PrimaryColumn({ name: 'department_key', type: 'uuid', primaryKeyConstraintName: 'pk_satisfaction_daily' })
  departmentKey: string;

  @Column({ name: 'department_id', type: 'uuid', nullable: true })
  departmentId: string | null;

  @PrimaryColumn({ type: 'varchar', length: 8, primaryKeyConstraintName: 'pk_satisfaction_daily' })
  mode: string;

  @PrimaryColumn({ type: 'varchar', length: 16, primaryKeyConstraintName: 'pk_satisfaction_daily' })
  dimension: string;

  @PrimaryColumn({ name: 'scale_max', type: 'numeric', primaryKeyConstraintName: 'pk_satisfaction_daily' })
  scaleMax: string;

  @PrimaryColumn({ name: 'questionnaire_id', type: 'uuid', primaryKeyConstraintName: 'pk_satisfaction_daily' })
  questionnaireId: string;

  @Column({ type: 'int' }) responses: number;
  @Column({ type: 'int' }) valid: number;
  @Column({ name: 'dont_know', type: 'int' }) dontKnow: number;
  @Column({ name: 'score_sum', type: 'numeric' }) scoreSum: string;
  @Column({ type: 'int' }) top: number;
  @Column({ type: 'int' }) positive: number;
  @Column({ type: 'int' }) promoters: number;
  @Column({ type: 'int' }) detractors: number;
}
