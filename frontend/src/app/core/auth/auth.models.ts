/** Permissions the console knows about (the backend maps roles to them). */
export type Permission =
  | 'user.read'
  | 'user.manage'
  | 'department.read'
  | 'department.manage'
  | 'dictionary.read'
  | 'dictionary.manage'
  | 'audit.read'
  | 'patient.read'
  | 'patient.write'
  | 'patient.reveal'
  | 'patient.merge'
  | 'patient.import'
  | 'segment.manage'
  | 'questionnaire.read'
  | 'questionnaire.manage'
  | 'template.read'
  | 'template.manage'
  | 'worklist.work'
  | 'escalation.read'
  | 'escalation.reply'
  | 'recording.play'
  | 'hl7.read'
  | 'hl7.manage'
  | 'assignment.read'
  | 'assignment.manage'
  | 'report.read';

export const ROLES = ['admin', 'manager', 'doctor', 'nurse', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export interface DepartmentRef {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
}

/** `user` in docs/api.md. */
export interface CurrentUser {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  permissions: string[];
  departments: DepartmentRef[];
  allDepartments: boolean;
  mustChangePassword: boolean;
  /** Desk-phone extension for dialling through the CTI (null: not set). */
  phoneExtension: string | null;
}

export interface LoginResponse {
  accessToken: string;
  expiresAt: string;
  user: CurrentUser;
}
