import {
  Check,
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
import { FollowupTask } from '../followup/plans/plan.entities';
import { Patient } from '../patients/entities/patient.entity';
import { CallSession } from '../telephony/call-session.entity';

export const OUTCOMES = [
  'reached',
  'reached_family',
  'no_answer',
  'busy',
  'powered_off',
  'wrong_number',
  'refused',
  'deceased',
  'callback',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Every contact attempt on any channel, linked to its task. */
@Entity({ name: 'contact_attempt' })
@Index('ix_contact_attempt_department_started', ['departmentId', 'startedAt'])
@Check(
  'ck_contact_attempt_outcome',
  `"outcome" IN ('reached', 'reached_family', 'no_answer', 'busy', 'powered_off', 'wrong_number', 'refused', 'deceased', 'callback')`,
)
export class ContactAttempt {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_contact_attempt_task')
  @Column({ name: 'task_id', type: 'uuid', nullable: true })
  taskId: string | null;

  @ManyToOne(() => FollowupTask)
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'fk_contact_attempt_task' })
  task?: Relation<FollowupTask>;

  @Index('ix_contact_attempt_patient')
  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_contact_attempt_patient' })
  patient?: Relation<Patient>;

  @Column({ name: 'staff_id', type: 'uuid' })
  staffId: string;

  @Column({ type: 'varchar', length: 16, default: 'phone' })
  channel: string;

  @Column({ type: 'varchar', length: 16 })
  outcome: Outcome;

  /** Who answered when it was not the patient (relation code). */
  @Column({ name: 'answered_by', type: 'varchar', length: 32, nullable: true })
  answeredBy: string | null;

  @Column({ name: 'started_at', type: 'timestamptz', default: () => 'now()' })
  startedAt: Date;

  @Column({ name: 'duration_seconds', type: 'int', nullable: true })
  durationSeconds: number | null;

  @Column({ name: 'callback_at', type: 'timestamptz', nullable: true })
  callbackAt: Date | null;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  /** The call (telephony adapter) this attempt records, when it was dialled from the call screen. */
  @Index('ix_contact_attempt_call_session')
  @Column({ name: 'call_session_id', type: 'uuid', nullable: true })
  callSessionId: string | null;

  @ManyToOne(() => CallSession)
  @JoinColumn({ name: 'call_session_id', foreignKeyConstraintName: 'fk_contact_attempt_call_session' })
  callSession?: Relation<CallSession>;
  /** The task's report department (docs/reports.md), set by a trigger. */
  @Column({ name: 'department_id', type: 'uuid', nullable: true })
  departmentId: string | null;
}

/** The answers given for a task's questionnaire version; one per task. */
@Entity({ name: 'questionnaire_response' })
export class QuestionnaireResponse {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('uq_questionnaire_response_task', { unique: true })
  @Column({ name: 'task_id', type: 'uuid' })
  taskId: string;

  @ManyToOne(() => FollowupTask)
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'fk_questionnaire_response_task' })
  task?: Relation<FollowupTask>;

  @Index('ix_questionnaire_response_patient')
  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @Column({ name: 'questionnaire_id', type: 'uuid' })
  questionnaireId: string;

  @Column({ type: 'jsonb' })
  answers: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  scores: Record<string, unknown>;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  attention: string[];

  /** The staff member who entered the answers; null when the patient answered a self-survey link. */
  @Column({ name: 'submitted_by', type: 'uuid', nullable: true })
  submittedBy: string | null;

  /** How the answers were collected: by phone (a nurse) or by the patient through a self-survey link. Reports never mix them. */
  @Column({ type: 'varchar', length: 8, default: 'phone' })
  mode: 'phone' | 'self';

  @CreateDateColumn({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt: Date;
}

/**
 * A self-survey link sent to a patient for one task: only the SHA-256 of the token is stored; it
 * works once (a second submit is refused), expires, and is revoked when a newer link is made.
 */
@Entity({ name: 'survey_link' })
export class SurveyLink {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_survey_link_task')
  @Column({ name: 'task_id', type: 'uuid' })
  taskId: string;

  @ManyToOne(() => FollowupTask)
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'fk_survey_link_task' })
  task?: Relation<FollowupTask>;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @Index('uq_survey_link_token', { unique: true })
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'varchar', length: 5, default: 'zh-CN' })
  lang: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'opened_at', type: 'timestamptz', nullable: true })
  openedAt: Date | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}

/** A problem found in a follow-up, routed to the doctor/department with a due time (closed loop). */
@Entity({ name: 'escalation' })
@Index('ix_escalation_open', ['status', 'dueAt'])
@Index('ix_escalation_department_created', ['departmentId', 'createdAt'])
@Check('ck_escalation_status', `"status" IN ('open', 'answered', 'closed')`)
export class Escalation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_escalation_patient')
  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_escalation_patient' })
  patient?: Relation<Patient>;

  @Column({ name: 'task_id', type: 'uuid', nullable: true })
  taskId: string | null;

  @Column({ name: 'department_id', type: 'uuid', nullable: true })
  departmentId: string | null;

  @Column({ type: 'varchar', length: 8 })
  severity: 'urgent' | 'normal';

  @Column({ type: 'text' })
  reason: string;

  /** Question ids that triggered it, when raised automatically. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  questions: string[];

  @Column({ type: 'varchar', length: 8, default: 'open' })
  status: 'open' | 'answered' | 'closed';

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ name: 'raised_by', type: 'uuid', nullable: true })
  raisedBy: string | null;

  @Column({ type: 'text', nullable: true })
  reply: string | null;

  @Column({ name: 'replied_by', type: 'uuid', nullable: true })
  repliedBy: string | null;

  @Column({ name: 'replied_at', type: 'timestamptz', nullable: true })
  repliedAt: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
