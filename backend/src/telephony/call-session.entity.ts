import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation, UpdateDateColumn } from 'typeorm';
import { User } from '../admin/users/user.entity';
import { FollowupTask } from '../followup/plans/plan.entities';
import { Patient } from '../patients/entities/patient.entity';

export const CALL_STATES = ['dialing', 'ringing', 'answered', 'ended', 'failed'] as const;
export type CallState = (typeof CALL_STATES)[number];

/**
 * One phone call placed (dial from the call screen) or received (routed to a staff member's
 * extension) through the telephony adapter. The number is kept in full for the adapter and masked in
 * every API answer. The contact attempts the nurse records for the call point at it
 * (`contact_attempt.call_session_id`); a recording the CTI reports is attached to the first of them.
 */
@Entity({ name: 'call_session' })
@Check('ck_call_session_direction', `"direction" IN ('outbound', 'inbound')`)
@Check('ck_call_session_state', `"state" IN ('dialing', 'ringing', 'answered', 'ended', 'failed')`)
@Index('uq_call_session_external', ['provider', 'externalId'], { unique: true })
@Index('ix_call_session_staff', ['staffId', 'startedAt'])
export class CallSession {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The adapter that placed or reported the call: `manual` or `cti`. */
  @Column({ type: 'varchar', length: 16 })
  provider: string;

  @Column({ type: 'varchar', length: 8 })
  direction: 'outbound' | 'inbound';

  /** The CTI server's id of the call (null for manual calls). */
  @Column({ name: 'external_id', type: 'varchar', length: 128, nullable: true })
  externalId: string | null;

  @Column({ name: 'staff_id', type: 'uuid' })
  staffId: string;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'staff_id', foreignKeyConstraintName: 'fk_call_session_staff' })
  staff?: Relation<User>;

  /** The staff member's extension at the time of the call. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  extension: string | null;

  /** The patient called, or the one caller-number match of an incoming call (null: none or several). */
  @Index('ix_call_session_patient')
  @Column({ name: 'patient_id', type: 'uuid', nullable: true })
  patientId: string | null;

  @ManyToOne(() => Patient)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_call_session_patient' })
  patient?: Relation<Patient>;

  @Column({ name: 'task_id', type: 'uuid', nullable: true })
  taskId: string | null;

  @ManyToOne(() => FollowupTask)
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'fk_call_session_task' })
  task?: Relation<FollowupTask>;

  /** The number dialled, or the caller's number; never sent to the console unmasked. */
  @Column({ type: 'varchar', length: 32 })
  number: string;

  @Column({ type: 'varchar', length: 12 })
  state: CallState;

  /** Why the call ended, as the CTI reported it (hangup, no_answer, busy, failed…). */
  @Column({ name: 'end_reason', type: 'varchar', length: 32, nullable: true })
  endReason: string | null;

  @Column({ name: 'started_at', type: 'timestamptz', default: () => 'now()' })
  startedAt: Date;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt: Date | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  /** Talk time in seconds (answered to hang-up); 0 for a call never answered. */
  @Column({ name: 'duration_seconds', type: 'int', nullable: true })
  durationSeconds: number | null;

  /** Where the CTI keeps the recording (under RECORDING_URL_PREFIXES), once it reported it. */
  @Column({ name: 'recording_url', type: 'text', nullable: true })
  recordingUrl: string | null;

  @Column({ name: 'recording_content_type', type: 'varchar', length: 100, nullable: true })
  recordingContentType: string | null;

  @Column({ name: 'recording_duration_seconds', type: 'int', nullable: true })
  recordingDurationSeconds: number | null;

  /** The call_recording made from it once a contact attempt exists for the call. */
  @Column({ name: 'recording_id', type: 'uuid', nullable: true })
  recordingId: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
