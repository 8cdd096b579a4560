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

export type PatientStatus = 'active' | 'do_not_contact' | 'lost_to_follow_up' | 'deceased';

/** The patient master record. Never hard-deleted: status changes, and a merged record points to its survivor. */
@Entity({ name: 'patient' })
@Index('ix_patient_name_pattern', { synchronize: false })
@Index('ix_patient_pinyin_initials', { synchronize: false })
@Index('ix_patient_name_pinyin', { synchronize: false })
@Index('ix_patient_last_visit', { synchronize: false })
@Check('ck_patient_status', `"status" IN ('active', 'do_not_contact', 'lost_to_follow_up', 'deceased')`)
export class Patient {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Prefix search uses ix_patient_name_pattern (text_pattern_ops), created in the migration. */
  @Index('ix_patient_name')
  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** Full pinyin without tones, e.g. "zhangsan" (surnames read as surnames: 单 → shan). */
  @Column({ name: 'name_pinyin', type: 'varchar', length: 300, nullable: true })
  namePinyin: string | null;

  /** Pinyin initials, upper case, e.g. 张三 → "ZS"; searched by prefix (ix_patient_pinyin_initials). */
  @Column({ name: 'pinyin_initials', type: 'varchar', length: 32, nullable: true })
  pinyinInitials: string | null;

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

  @Column({ type: 'varchar', length: 200, nullable: true })
  employer: string | null;

  /** followup_channel dictionary code: phone, sms, wechat, … */
  @Column({ name: 'preferred_channel', type: 'varchar', length: 16, nullable: true })
  preferredChannel: string | null;

  /** Free text such as "工作日 18:00 以后". */
  @Column({ name: 'preferred_contact_time', type: 'varchar', length: 100, nullable: true })
  preferredContactTime: string | null;

  @Column({ name: 'deceased_date', type: 'date', nullable: true })
  deceasedDate: string | null;

  @Column({ type: 'varchar', length: 24, default: 'active' })
  status: PatientStatus;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags: string[];

  /**
   * Departments whose staff may see the patient: the registering department plus every encounter's
   * department. Kept by database triggers (migration PatientSearchScope); searched with `&&`.
   */
  @Column({ name: 'department_ids', type: 'uuid', array: true, default: () => "'{}'" })
  departmentIds: string[];

  /** Latest admission or discharge time over the encounters; kept by the same triggers. */
  @Column({ name: 'last_visit_at', type: 'timestamptz', nullable: true })
  lastVisitAt: Date | null;

  /** Department that registered the record by hand (imports and HL7 attach encounters instead). */
  @Index('ix_patient_registered_department', { where: '"registered_department_id" IS NOT NULL' })
  @Column({ name: 'registered_department_id', type: 'uuid', nullable: true })
  registeredDepartmentId: string | null;

  /** Group customer (团体客户) the patient belongs to. */
  @Index('ix_patient_organisation', { where: '"organisation_id" IS NOT NULL' })
  @Column({ name: 'organisation_id', type: 'uuid', nullable: true })
  organisationId: string | null;

  @ManyToOne(() => Organisation)
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_patient_organisation' })
  organisation?: Relation<Organisation>;

  /** Set when this record was merged into another; searches hide merged records. */
  @Column({ name: 'merged_into_id', type: 'uuid', nullable: true })
  mergedIntoId: string | null;

  @ManyToOne(() => Patient)
  @JoinColumn({ name: 'merged_into_id', foreignKeyConstraintName: 'fk_patient_merged_into' })
  mergedInto?: Patient;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity({ name: 'patient_identifier' })
@Index('uq_patient_identifier', ['type', 'authority', 'value'], { unique: true })
@Index('ix_patient_identifier_value', ['value'])
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
@Index('ix_patient_phone_tail', { synchronize: false })
export class PatientPhone {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_patient_phone_patient')
  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_patient_phone_patient' })
  patient?: Patient;

  /** Also indexed by its last four digits (ix_patient_phone_tail, created in the migration). */
  @Index('ix_patient_phone_number')
  @Column({ type: 'varchar', length: 32 })
  number: string;

  /** self, or the relation of the contact person who owns the phone. */
  @Column({ type: 'varchar', length: 32, default: 'self' })
  owner: string;

  @Column({ name: 'is_primary', type: 'boolean', default: false })
  isPrimary: boolean;
}

export const CONTACT_PURPOSES = ['clinical_followup', 'research', 'satisfaction', 'care_message'] as const;
export type ContactPurpose = (typeof CONTACT_PURPOSES)[number];

/** Do-not-contact, per purpose, with reason and date. Lifting keeps the row (history). */
@Entity({ name: 'patient_contact_restriction' })
@Check('ck_patient_contact_restriction_purpose', `"purpose" IN ('clinical_followup', 'research', 'satisfaction', 'care_message')`)
export class PatientContactRestriction {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_patient_contact_restriction_patient')
  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_patient_contact_restriction_patient' })
  patient?: Patient;

  @Column({ type: 'varchar', length: 24 })
  purpose: ContactPurpose;

  @Column({ type: 'varchar', length: 300, nullable: true })
  reason: string | null;

  @Column({ type: 'date' })
  since: string;

  @Column({ name: 'lifted_at', type: 'timestamptz', nullable: true })
  liftedAt: Date | null;
}

@Entity({ name: 'patient_email' })
export class PatientEmail {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_patient_email_patient')
  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_patient_email_patient' })
  patient?: Patient;

  @Column({ type: 'varchar', length: 200 })
  address: string;

  @Column({ name: 'is_primary', type: 'boolean', default: false })
  isPrimary: boolean;
}

/** Family member or caregiver to call when the patient cannot be reached. */
@Entity({ name: 'contact_person' })
export class ContactPerson {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_contact_person_patient')
  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_contact_person_patient' })
  patient?: Patient;

  /** relation dictionary code: spouse, child, parent, … */
  @Column({ type: 'varchar', length: 32 })
  relation: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  phone: string | null;
}

/** Group customer (团体客户): an employer, school or community whose members are patients. */
@Entity({ name: 'organisation' })
@Index('uq_organisation_code', ['code'], { unique: true })
export class Organisation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 32, default: 'company' })
  type: string;

  @Column({ name: 'contact_name', type: 'varchar', length: 100, nullable: true })
  contactName: string | null;

  @Column({ name: 'contact_phone', type: 'varchar', length: 32, nullable: true })
  contactPhone: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
