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
import { Patient } from '../../patients/entities/patient.entity';
import { Questionnaire } from '../questionnaire/questionnaire.entity';

export const PURPOSES = ['clinical', 'research', 'satisfaction', 'chronic'] as const;
export const MODES = ['centre', 'department', 'linked'] as const;
export const ANCHORS = ['discharge', 'admission', 'enrolment'] as const;
export const CHANNELS = ['phone', 'sms', 'email', 'letter', 'self_survey'] as const;
export const TEAMS = ['centre', 'department'] as const;
export const TASK_STATUSES = ['pending', 'due', 'overdue', 'in_progress', 'done', 'failed', 'cancelled', 'lost'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Which discharges a template enrols. Empty lists mean "any". */
export interface EnrolmentRules {
  departmentIds?: string[];
  wardIds?: string[];
  icdPrefixes?: string[];
  procedureCodes?: string[];
  ageMin?: number;
  ageMax?: number;
  /** Encounter types: inpatient, day_surgery, outpatient, emergency. Default: inpatient + day_surgery. */
  patientClasses?: string[];
  /** Discharge disposition codes to enrol; deaths (5) are never enrolled. */
  dispositions?: string[];
}

/** One step: an offset from the anchor, optionally repeated. */
export interface PlanStep {
  key: string;
  anchor: (typeof ANCHORS)[number];
  offsetDays: number;
  repeat?: { everyDays: number; times: number };
  questionnaireId: string;
  channel: (typeof CHANNELS)[number];
  team: (typeof TEAMS)[number];
  windowBeforeDays: number;
  windowAfterDays: number;
}

@Entity({ name: 'followup_template' })
@Check('ck_followup_template_purpose', `"purpose" IN ('clinical', 'research', 'satisfaction', 'chronic')`)
export class FollowupTemplate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'name_zh', type: 'varchar', length: 200 })
  nameZh: string;

  @Column({ name: 'name_en', type: 'varchar', length: 200 })
  nameEn: string;

  @Column({ type: 'varchar', length: 16 })
  purpose: (typeof PURPOSES)[number];

  @Column({ type: 'varchar', length: 16 })
  mode: (typeof MODES)[number];

  @Column({ name: 'owner_department_id', type: 'uuid', nullable: true })
  ownerDepartmentId: string | null;

  @Column({ type: 'jsonb' })
  rules: EnrolmentRules;

  @Column({ type: 'jsonb' })
  steps: PlanStep[];

  /** Increases on every edit; pending tasks of the steps that changed follow the current steps. */
  @Column({ type: 'int', default: 1 })
  version: number;

  /**
   * An unfinished regeneration (see PlansService.update): the keys of the steps whose pending tasks
   * still follow an older version (null when there is nothing left to do), the last plan id done in
   * each slice of plan ids, and the lease of the process working on it. Not part of the API answers.
   */
  @Column({ name: 'regen_steps', type: 'text', array: true, nullable: true, select: false })
  regenSteps?: string[] | null;

  @Column({ name: 'regen_after', type: 'uuid', array: true, nullable: true, select: false })
  regenAfter?: Array<string | null> | null;

  @Column({ name: 'regen_lease', type: 'uuid', nullable: true, select: false })
  regenLease?: string | null;

  @Column({ name: 'regen_lease_until', type: 'timestamptz', nullable: true, select: false })
  regenLeaseUntil?: Date | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** A patient's enrolment in a template for one anchor encounter (unique: enrolment is idempotent). */
@Entity({ name: 'followup_plan' })
@Index('uq_followup_plan', ['patientId', 'templateId', 'anchorKey'], { unique: true })
@Index('ix_followup_plan_template_active', { synchronize: false })
export class FollowupPlan {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_followup_plan_patient')
  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_followup_plan_patient' })
  patient?: Relation<Patient>;

  @Column({ name: 'template_id', type: 'uuid' })
  templateId: string;

  @ManyToOne(() => FollowupTemplate)
  @JoinColumn({ name: 'template_id', foreignKeyConstraintName: 'fk_followup_plan_template' })
  template?: Relation<FollowupTemplate>;

  @Column({ name: 'encounter_id', type: 'uuid', nullable: true })
  encounterId: string | null;

  /** The encounter id, or 'manual:<date>' for enrolments without an encounter. */
  @Column({ name: 'anchor_key', type: 'varchar', length: 64 })
  anchorKey: string;

  @Column({ name: 'discharged_at', type: 'timestamptz', nullable: true })
  dischargedAt: Date | null;

  @Column({ name: 'admitted_at', type: 'timestamptz', nullable: true })
  admittedAt: Date | null;

  @Column({ name: 'enrolled_at', type: 'timestamptz', default: () => 'now()' })
  enrolledAt: Date;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: 'active' | 'completed' | 'cancelled';

  @Column({ name: 'cancel_reason', type: 'varchar', length: 200, nullable: true })
  cancelReason: string | null;

  @Column({ name: 'enrolled_by', type: 'varchar', length: 16 })
  enrolledBy: 'rule' | 'manual' | 'segment';
}

@Entity({ name: 'followup_task' })
@Index('uq_followup_task_step', ['planId', 'stepKey', 'sequence'], { unique: true })
@Index('ix_followup_task_due', ['status', 'dueDate'])
@Index('ix_followup_task_pending_plan', { synchronize: false })
@Index('ix_followup_task_claimed', { synchronize: false })
@Index('ix_followup_task_callback_day', { synchronize: false })
@Index('ix_followup_task_done_day', { synchronize: false })
@Index('ix_followup_task_scope_due', { synchronize: false })
@Index('ix_followup_task_scope_window', { synchronize: false })
@Index('ix_followup_task_assigned', { synchronize: false })
@Index('ix_followup_task_report_department_due', { synchronize: false })
export class FollowupTask {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'plan_id', type: 'uuid' })
  planId: string;

  @ManyToOne(() => FollowupPlan)
  @JoinColumn({ name: 'plan_id', foreignKeyConstraintName: 'fk_followup_task_plan' })
  plan?: Relation<FollowupPlan>;

  @Index('ix_followup_task_patient')
  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_followup_task_patient' })
  patient?: Relation<Patient>;

  @Column({ name: 'step_key', type: 'varchar', length: 32 })
  stepKey: string;

  /** 1 for a single step; 1…N for a repeated one. */
  @Column({ type: 'int' })
  sequence: number;

  @Column({ name: 'due_date', type: 'date' })
  dueDate: string;

  @Column({ name: 'window_start', type: 'date' })
  windowStart: string;

  @Column({ name: 'window_end', type: 'date' })
  windowEnd: string;

  @Column({ name: 'questionnaire_id', type: 'uuid' })
  questionnaireId: string;

  @ManyToOne(() => Questionnaire)
  @JoinColumn({ name: 'questionnaire_id', foreignKeyConstraintName: 'fk_followup_task_questionnaire' })
  questionnaire?: Relation<Questionnaire>;

  @Column({ type: 'varchar', length: 16 })
  channel: string;

  @Column({ type: 'varchar', length: 16 })
  team: string;

  @Column({ name: 'department_id', type: 'uuid', nullable: true })
  departmentId: string | null;

  /**
   * The department whose call list shows the task: `departmentId`, else the anchor encounter's
   * department, else the patient's first. Set by a database trigger (migration 1764500000000).
   */
  @Column({ name: 'scope_department_id', type: 'uuid', nullable: true, insert: false, update: false })
  scopeDepartmentId: string | null;

  /** The department reports count the task in (docs/reports.md): its own department, else its anchor encounter's; set by a trigger. */
  @Column({ name: 'report_department_id', type: 'uuid', nullable: true })
  reportDepartmentId: string | null;

  /** The staff member of the task's latest contact attempt; kept by triggers on contact_attempt (migration 1764620000000). */
  @Column({ name: 'last_caller_id', type: 'uuid', nullable: true, insert: false, update: false })
  lastCallerId: string | null;

  /** The task's owner in reports: COALESCE(completed_by, assigned_to, claimed_by, last_caller_id); set by a trigger. */
  @Column({ name: 'report_staff_id', type: 'uuid', nullable: true, insert: false, update: false })
  reportStaffId: string | null;

  /** Done, and the patient had an encounter (not cancelled) starting after the completion; kept by triggers. */
  @Column({ type: 'boolean', default: false, insert: false, update: false })
  returned: boolean;

  /** The plan's enrolment time while the plan is not cancelled (the supervisor table's new patients); kept by triggers. */
  @Column({ name: 'plan_enrolled_at', type: 'timestamptz', nullable: true, insert: false, update: false })
  planEnrolledAt: Date | null;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: TaskStatus;

  @Column({ name: 'template_version', type: 'int' })
  templateVersion: number;

  @Column({ name: 'assigned_to', type: 'uuid', nullable: true })
  assignedTo: string | null;

  @Column({ name: 'cancel_reason', type: 'varchar', length: 200, nullable: true })
  cancelReason: string | null;

  /** Claim lock: the nurse working the task, until `claimExpiresAt` (renewed while she works). */
  @Column({ name: 'claimed_by', type: 'uuid', nullable: true })
  claimedBy: string | null;

  @Column({ name: 'claim_expires_at', type: 'timestamptz', nullable: true })
  claimExpiresAt: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** Not to be called before this time (retry policy or an agreed callback). */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  @Column({ name: 'last_outcome', type: 'varchar', length: 16, nullable: true })
  lastOutcome: string | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ name: 'completed_by', type: 'uuid', nullable: true })
  completedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
