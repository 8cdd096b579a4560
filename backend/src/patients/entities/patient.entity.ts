import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type PatientStatus = 'active' | 'do_not_contact' | 'lost_to_follow_up' | 'deceased';

/** Core patient record. Issue #3 (patient records) extends this model; the spine needs it for demo data. */
@Entity({ name: 'patient' })
@Check('ck_patient_status', `"status" IN ('active', 'do_not_contact', 'lost_to_follow_up', 'deceased')`)
export class Patient {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_patient_name')
  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** GB/T 2261.1: 0 unknown, 1 male, 2 female, 9 unspecified. */
  @Column({ name: 'sex_code', type: 'varchar', length: 1 })
  sexCode: string;

  @Column({ name: 'birth_date', type: 'date', nullable: true })
  birthDate: string | null;

  /** Resident ID number (GB 11643, ISO 7064 MOD 11-2 checksum). */
  @Index('ix_patient_id_number')
  @Column({ name: 'id_number', type: 'varchar', length: 18, nullable: true })
  idNumber: string | null;

  @Column({ name: 'ethnicity_code', type: 'varchar', length: 8, nullable: true })
  ethnicityCode: string | null;

  @Column({ name: 'insurance_type_code', type: 'varchar', length: 16, nullable: true })
  insuranceTypeCode: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  address: string | null;

  @Column({ name: 'region_code', type: 'varchar', length: 6, nullable: true })
  regionCode: string | null;

  @Column({ type: 'varchar', length: 24, default: 'active' })
  status: PatientStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity({ name: 'patient_identifier' })
@Index('uq_patient_identifier', ['type', 'authority', 'value'], { unique: true })
export class PatientIdentifier {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_patient_identifier_patient')
  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_patient_identifier_patient' })
  patient?: Patient;

  /** his_id, inpatient_no (住院号), outpatient_no (门诊号), health_card, id_number … */
  @Column({ type: 'varchar', length: 32 })
  type: string;

  @Column({ type: 'varchar', length: 64, default: '' })
  authority: string;

  @Column({ type: 'varchar', length: 64 })
  value: string;
}

@Entity({ name: 'patient_phone' })
export class PatientPhone {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_patient_phone_patient')
  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_patient_phone_patient' })
  patient?: Patient;

  @Index('ix_patient_phone_number')
  @Column({ type: 'varchar', length: 32 })
  number: string;

  /** self, or the relation of the contact person who owns the phone. */
  @Column({ type: 'varchar', length: 32, default: 'self' })
  owner: string;

  @Column({ name: 'is_primary', type: 'boolean', default: false })
  isPrimary: boolean;
}
