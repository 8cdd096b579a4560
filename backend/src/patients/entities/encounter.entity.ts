import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Patient } from './patient.entity';

export type EncounterType = 'outpatient' | 'emergency' | 'inpatient' | 'day_surgery';

@Entity({ name: 'encounter' })
@Check('ck_encounter_type', `"type" IN ('outpatient', 'emergency', 'inpatient', 'day_surgery')`)
@Index('ix_encounter_department_discharged', ['departmentId', 'dischargedAt'])
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

  @Column({ name: 'ward_id', type: 'uuid', nullable: true })
  wardId: string | null;

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
