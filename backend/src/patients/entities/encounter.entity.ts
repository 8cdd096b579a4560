import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Department, Ward } from '../../admin/departments/department.entity';
import { Patient } from './patient.entity';

export type EncounterType = 'outpatient' | 'emergency' | 'inpatient' | 'day_surgery';

@Entity({ name: 'encounter' })
@Check('ck_encounter_type', `"type" IN ('outpatient', 'emergency', 'inpatient', 'day_surgery')`)
@Index('ix_encounter_department_discharged', ['departmentId', 'dischargedAt'])
@Index('uq_encounter_source_visit', { synchronize: false })
export class Encounter {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_encounter_patient')
  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_encounter_patient' })
  patient?: Patient;

  @Column({ type: 'varchar', length: 16 })
  type: EncounterType;

  @Column({ name: 'department_id', type: 'uuid', nullable: true })
  departmentId: string | null;

  @ManyToOne(() => Department)
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'fk_encounter_department' })
  department?: Department;

  @Column({ name: 'ward_id', type: 'uuid', nullable: true })
  wardId: string | null;

  @ManyToOne(() => Ward)
  @JoinColumn({ name: 'ward_id', foreignKeyConstraintName: 'fk_encounter_ward' })
  ward?: Ward;

  @Column({ name: 'attending_doctor', type: 'varchar', length: 100, nullable: true })
  attendingDoctor: string | null;

  @Column({ name: 'admitted_at', type: 'timestamptz', nullable: true })
  admittedAt: Date | null;

  @Column({ name: 'discharged_at', type: 'timestamptz', nullable: true })
  dischargedAt: Date | null;

  @Column({ name: 'discharge_disposition', type: 'varchar', length: 32, nullable: true })
  dischargeDisposition: string | null;

  @Column({ name: 'visit_number', type: 'varchar', length: 64, nullable: true })
  visitNumber: string | null;

  @Column({ name: 'source_system', type: 'varchar', length: 64, nullable: true })
  sourceSystem: string | null;

  /** Set when the HIS cancelled the admission or registration (HL7 A11); the row is kept. */
  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  /**
   * The last transaction that changed what enrolment rules look at (this row's placement, dates,
   * disposition, cancellation, diagnoses or procedures); kept by the column default and triggers
   * (migration 1764630000000) on every write path. The enrolment scan reads encounters by it.
   */
  @Index('ix_encounter_change_xid', { where: '"change_xid" IS NOT NULL' })
  @Column({
    name: 'change_xid',
    type: 'bigint',
    nullable: true,
    select: false,
    insert: false,
    update: false,
    default: () => 'current_xid()',
  })
  changeXid?: string | null;
}

@Entity({ name: 'encounter_diagnosis' })
export class EncounterDiagnosis {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_encounter_diagnosis_encounter')
  @Column({ name: 'encounter_id', type: 'uuid' })
  encounterId: string;

  @ManyToOne(() => Encounter)
  @JoinColumn({ name: 'encounter_id', foreignKeyConstraintName: 'fk_encounter_diagnosis_encounter' })
  encounter?: Encounter;

  @Index('ix_encounter_diagnosis_code')
  @Column({ name: 'icd10_code', type: 'varchar', length: 16 })
  icd10Code: string;

  @Column({ type: 'varchar', length: 200 })
  text: string;

  /** admitting, discharge, primary, secondary */
  @Column({ type: 'varchar', length: 16 })
  type: string;
}

/** Operation or procedure during an encounter (ICD-9-CM-3 code and name). */
@Entity({ name: 'encounter_procedure' })
export class EncounterProcedure {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_encounter_procedure_encounter')
  @Column({ name: 'encounter_id', type: 'uuid' })
  encounterId: string;

  @ManyToOne(() => Encounter)
  @JoinColumn({ name: 'encounter_id', foreignKeyConstraintName: 'fk_encounter_procedure_encounter' })
  encounter?: Encounter;

  @Column({ type: 'varchar', length: 16, nullable: true })
  code: string | null;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'performed_at', type: 'timestamptz', nullable: true })
  performedAt: Date | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  surgeon: string | null;
}

/** Key lab result (code, value, unit, reference range, abnormal flag). */
@Entity({ name: 'lab_result' })
@Index('ix_lab_result_patient_observed', ['patientId', 'observedAt'])
export class LabResult {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_lab_result_patient' })
  patient?: Patient;

  @Column({ name: 'encounter_id', type: 'uuid', nullable: true })
  encounterId: string | null;

  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 64 })
  value: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  unit: string | null;

  @Column({ name: 'reference_range', type: 'varchar', length: 64, nullable: true })
  referenceRange: string | null;

  /** HL7 abnormal flag: N normal, H high, L low, A abnormal, HH / LL critical. */
  @Column({ name: 'abnormal_flag', type: 'varchar', length: 4, nullable: true })
  abnormalFlag: string | null;

  @Column({ name: 'observed_at', type: 'timestamptz' })
  observedAt: Date;
}
