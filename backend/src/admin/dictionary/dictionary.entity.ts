import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/** A code list (sex, ethnicity, insurance type, contact outcome, …) editable without code changes. */
@Entity({ name: 'dict_type' })
export class DictType {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ name: 'name_en', type: 'varchar', length: 100, nullable: true })
  nameEn: string | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** Built-in lists that code relies on; their items may be edited, the type cannot be renamed away. */
  @Column({ type: 'boolean', default: false })
  system: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity({ name: 'dict_item' })
@Index('uq_dict_item_type_code', ['typeCode', 'code'], { unique: true })
export class DictItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'type_code', type: 'varchar', length: 64 })
  typeCode: string;

  @ManyToOne(() => DictType)
  @JoinColumn({ name: 'type_code', foreignKeyConstraintName: 'fk_dict_item_type' })
  type?: DictType;

  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  label: string;

  @Column({ name: 'label_en', type: 'varchar', length: 200, nullable: true })
  labelEn: string | null;

  @Column({ name: 'sort_order', type: 'int', default: 0 })
  sortOrder: number;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
