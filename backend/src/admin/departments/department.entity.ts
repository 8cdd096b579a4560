import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/** Columns shared by departments and wards: a code, a Chinese and an English name, and an active flag. */
abstract class OrganisationUnit {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ name: 'name_en', type: 'varchar', length: 100, nullable: true })
  nameEn: string | null;

  /** Units are deactivated, never deleted, so history keeps its labels. */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity({ name: 'department' })
@Index('uq_department_code', ['code'], { unique: true })
export class Department extends OrganisationUnit {
  @OneToMany(() => Ward, (w) => w.department)
  wards?: Ward[];
}

@Entity({ name: 'ward' })
@Index('uq_ward_code', ['code'], { unique: true })
export class Ward extends OrganisationUnit {
  @Index('ix_ward_department')
  @Column({ name: 'department_id', type: 'uuid' })
  departmentId: string;

  @ManyToOne(() => Department, (d) => d.wards)
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'fk_ward_department' })
  department?: Department;
}
