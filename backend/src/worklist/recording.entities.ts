import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A call recording attached to a contact attempt: uploaded (a desk-phone recorder's file, kept in
 * `call_recording_content`) or held by the CTI/PBX at a URL the server fetches on playback. Every
 * playback is permission-checked, scoped to the patient's departments and audited.
 */
@Entity({ name: 'call_recording' })
export class CallRecording {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_call_recording_attempt')
  @Column({ name: 'attempt_id', type: 'uuid' })
  attemptId: string;

  @Index('ix_call_recording_patient')
  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  /** 'upload': the bytes are in call_recording_content; 'url': the CTI server holds them. */
  @Column({ type: 'varchar', length: 8 })
  storage: 'upload' | 'url';

  @Column({ type: 'text', nullable: true })
  url: string | null;

  @Column({ name: 'content_type', type: 'varchar', length: 100 })
  contentType: string;

  @Column({ name: 'size_bytes', type: 'int', nullable: true })
  sizeBytes: number | null;

  @Column({ name: 'duration_seconds', type: 'int', nullable: true })
  durationSeconds: number | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** The bytes of an uploaded recording, apart from its metadata (lists never load them). */
@Entity({ name: 'call_recording_content' })
export class CallRecordingContent {
  @PrimaryColumn({ name: 'recording_id', type: 'uuid' })
  recordingId: string;

  @Column({ type: 'bytea' })
  content: Buffer;
}
