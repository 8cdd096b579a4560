import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Server-wide settings shared by every instance (e.g. the generated JWT signing secret). */
@Entity({ name: 'app_setting' })
export class AppSetting {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key: string;

  @Column({ type: 'text' })
  value: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
