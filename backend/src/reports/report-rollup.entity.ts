import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Daily task totals per department, due day and owner (`report_staff_id`), kept by statement
 * triggers on followup_task (migration 1764620000000, docs/reports.md): what the supervisor table's
 * task counts read. `departmentKey` / `staffKey` are the department / staff member or the zero uuid.
 */
@Entity({ name: 'report_task_daily' })
export class ReportTaskDaily {
  @PrimaryColumn({ name: 'department_key', type: 'uuid', primaryKeyConstraintName: 'pk_report_task_daily' })
  departmentKey: string;

  @PrimaryColumn({ name: 'due_date', type: 'date', primaryKeyConstraintName: 'pk_report_task_daily' })
  dueDate: string;

  @PrimaryColumn({ name: 'staff_key', type: 'uuid', primaryKeyConstraintName: 'pk_report_task_daily' })
  staffKey: string;

  @Column({ name: 'department_id', type: 'uuid', nullable: true }) departmentId: string | null;
  @Column({ name: 'staff_id', type: 'uuid', nullable: true }) staffId: string | null;
  /** Tasks not cancelled. */
  @Column({ type: 'int' }) due: number;
  @Column({ type: 'int' }) done: number;
  @Column({ name: 'done_on_time', type: 'int' }) doneOnTime: number;
  /** Tasks pending, due, overdue or in progress (overdue and due next week are taken from these by day). */
  @Column({ type: 'int' }) open: number;
}

/** Daily call totals per department, start day and caller, kept by statement triggers on contact_attempt. */
@Entity({ name: 'report_call_daily' })
export class ReportCallDaily {
  @PrimaryColumn({ name: 'department_key', type: 'uuid', primaryKeyConstraintName: 'pk_report_call_daily' })
  departmentKey: string;

  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'pk_report_call_daily' })
  day: string;

  @PrimaryColumn({ name: 'staff_key', type: 'uuid', primaryKeyConstraintName: 'pk_report_call_daily' })
  staffKey: string;

  @Column({ name: 'department_id', type: 'uuid', nullable: true }) departmentId: string | null;
  @Column({ name: 'staff_id', type: 'uuid', nullable: true }) staffId: string | null;
  @Column({ type: 'int' }) calls: number;
  @Column({ type: 'int' }) reached: number;
  @Column({ type: 'bigint' }) seconds: string;
  /** Calls with a duration. */
  @Column({ type: 'int' }) timed: number;
}
