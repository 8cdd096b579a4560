import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Department } from '../../admin/departments/department.entity';
import { Patient } from '../../patients/entities/patient.entity';

export const APPOINTMENT_STATUSES = ['booked', 'rescheduled', 'modified', 'cancelled', 'no_show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/**
 * An appointment booked in the HIS (SIU S12–S15/S26), stored for the appointments feature. Keyed per
 * sending system by the filler (SCH-2) and the placer (SCH-1) appointment id (partial unique indexes,
 * created in the migration). Never deleted: a cancellation or a no-show is a status.
 */
@Entity({ name: 'appointment' })
@Check('ck_appointment_status', `"status" IN ('booked', 'rescheduled', 'modified', 'cancelled', 'no_show')`)
@Index('uq_appointment_source_filler', { synchronize: false })
@Index('uq_appointment_source_placer', { synchronize: false })
@Index('ix_appointment_department_start', ['departmentId', 'startAt'])
export class Appointment {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_appointment' })
  id: string;

  @Index('ix_appointment_patient')
  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_appointment_patient' })
  patient?: Patient;

  /** The sending system's code (`hl7_source.code`), e.g. 'HIS'. */
  @Column({ name: 'source_system', type: 'varchar', length: 64 })
  sourceSystem: string;

  /** SCH-1.1 */
  @Column({ name: 'placer_appointment_id', type: 'varchar', length: 64, nullable: true })
  placerAppointmentId: string | null;

  /** SCH-2.1 */
  @Column({ name: 'filler_appointment_id', type: 'varchar', length: 64, nullable: true })
  fillerAppointmentId: string | null;

  @Column({ name: 'start_at', type: 'timestamptz', nullable: true })
  startAt: Date | null;

  @Column({ name: 'end_at', type: 'timestamptz', nullable: true })
  endAt: Date | null;

  @Column({ name: 'duration_minutes', type: 'int', nullable: true })
  durationMinutes: number | null;

  @Column({ name: 'department_id', type: 'uuid', nullable: true })
  departmentId: string | null;

  @ManyToOne(() => Department)
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'fk_appointment_department' })
  department?: Department;

  /** Clinic or room as the HIS names it (AIL-3), e.g. '心内科门诊2诊室'. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  location: string | null;

  /** AIP-3 (else SCH-16 / SCH-12) as text, e.g. '王伟'. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  doctor: string | null;

  /** SCH-7 text, e.g. '复诊'. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  reason: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: AppointmentStatus;

  /** The trigger event that last changed the appointment: S12, S13, S14, S15 or S26. */
  @Column({ name: 'last_event', type: 'varchar', length: 8 })
  lastEvent: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
