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
import { Department, Ward } from '../admin/departments/department.entity';
import { User } from '../admin/users/user.entity';
import { FollowupTask, FollowupTemplate } from '../followup/plans/plan.entities';

export const ASSIGNMENT_TEAMS = ['centre', 'department'] as const;
export type AssignmentTeam = (typeof ASSIGNMENT_TEAMS)[number];
export const ASSIGNMENT_SOURCES = ['rule', 'bulk', 'manual'] as const;
export type AssignmentSource = (typeof ASSIGNMENT_SOURCES)[number];

/**
 * Who gets a new follow-up task: the first active rule (lowest `priority`, then oldest) whose
 * conditions all hold for the task's anchor encounter (department, ward, discharge-diagnosis ICD-10
 * prefixes) and the task itself (template, channel). The target is a staff member, or a team pool
 * (the task stays unassigned; lower rules are not tried). Rules are never deleted, only disabled.
 */
@Entity({ name: 'assignment_rule' })
@Index('ix_assignment_rule_active', ['active', 'priority'])
@Check('ck_assignment_rule_target', `("assignee_id" IS NOT NULL) <> ("target_team" IS NOT NULL)`)
@Check('ck_assignment_rule_team', `"target_team" IN ('centre', 'department')`)
export class AssignmentRule {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** Lower numbers are tried first. */
  @Column({ type: 'int' })
  priority: number;

  @Column({ name: 'department_id', type: 'uuid', nullable: true })
  departmentId: string | null;

  @ManyToOne(() => Department)
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'fk_assignment_rule_department' })
  department?: Relation<Department>;

  @Column({ name: 'ward_id', type: 'uuid', nullable: true })
  wardId: string | null;

  @ManyToOne(() => Ward)
  @JoinColumn({ name: 'ward_id', foreignKeyConstraintName: 'fk_assignment_rule_ward' })
  ward?: Relation<Ward>;

  /** Upper-case ICD-10 prefixes; any discharge diagnosis of the anchor encounter starting with one matches. Empty: any. */
  @Column({ name: 'icd_prefixes', type: 'text', array: true, default: () => "'{}'" })
  icdPrefixes: string[];

  @Column({ name: 'template_id', type: 'uuid', nullable: true })
  templateId: string | null;

  @ManyToOne(() => FollowupTemplate)
  @JoinColumn({ name: 'template_id', foreignKeyConstraintName: 'fk_assignment_rule_template' })
  template?: Relation<FollowupTemplate>;

  @Column({ type: 'varchar', length: 16, nullable: true })
  channel: string | null;

  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId: string | null;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'assignee_id', foreignKeyConstraintName: 'fk_assignment_rule_assignee' })
  assignee?: Relation<User>;

  @Column({ name: 'target_team', type: 'varchar', length: 16, nullable: true })
  targetTeam: AssignmentTeam | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @Column({ name: 'disabled_by', type: 'uuid', nullable: true })
  disabledBy: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** Every change of a task's assignee: by a rule, a bulk reassignment or a manual one. Append-only. */
@Entity({ name: 'task_assignment_history' })
@Index('ix_task_assignment_history_task', ['taskId', 'createdAt'])
@Check('ck_task_assignment_history_source', `"source" IN ('rule', 'bulk', 'manual')`)
export class TaskAssignmentHistory {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId: string;

  @ManyToOne(() => FollowupTask)
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'fk_task_assignment_history_task' })
  task?: Relation<FollowupTask>;

  /** Null: the task was in the pool. */
  @Column({ name: 'from_user_id', type: 'uuid', nullable: true })
  fromUserId: string | null;

  /** Null: the task went back to the pool. */
  @Column({ name: 'to_user_id', type: 'uuid', nullable: true })
  toUserId: string | null;

  /** The staff member who made the change; null when a rule applied at task generation. */
  @Column({ name: 'changed_by', type: 'uuid', nullable: true })
  changedBy: string | null;

  @Column({ type: 'varchar', length: 8 })
  source: AssignmentSource;

  @Column({ name: 'rule_id', type: 'uuid', nullable: true })
  ruleId: string | null;

  @ManyToOne(() => AssignmentRule)
  @JoinColumn({ name: 'rule_id', foreignKeyConstraintName: 'fk_task_assignment_history_rule' })
  rule?: Relation<AssignmentRule>;

  /** Groups the rows of one bulk reassignment (also the audit event's entity id). */
  @Index('ix_task_assignment_history_batch')
  @Column({ name: 'batch_id', type: 'uuid', nullable: true })
  batchId: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
