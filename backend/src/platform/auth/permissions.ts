/**
 * Roles and permissions: the ONE place that says who may do what.
 * Every non-public route declares a permission with @RequirePermission (or @Authenticated for
 * routes every signed-in user may call, such as /auth/me); the global guard checks it here.
 */
export const ROLES = ['admin', 'manager', 'doctor', 'nurse', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'user.read',
  'user.manage',
  'department.read',
  'department.manage',
  'dictionary.read',
  'dictionary.manage',
  'audit.read',
  'patient.read',
  'patient.write',
  'patient.reveal',
  'patient.merge',
  'patient.import',
  'segment.manage',
  'organisation.manage',
  'questionnaire.read',
  'questionnaire.manage',
  'template.read',
  'template.manage',
  'worklist.work',
  'escalation.read',
  'escalation.reply',
  'recording.play',
  'hl7.read',
  'hl7.manage',
  'assignment.read',
  'assignment.manage',
  'report.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  // System administrator: accounts, organisation, code lists. Does not read the audit trail
  // (separation of duties: 系统管理员 / 安全审计员).
  admin: [
    'user.read',
    'user.manage',
    'department.read',
    'department.manage',
    'dictionary.read',
    'dictionary.manage',
    'patient.read',
    'patient.write',
    'patient.merge',
    'patient.import',
    'organisation.manage',
    'questionnaire.read',
    'template.read',
    // The HL7 interface monitor (messages hold patient data; opening one is audited), replay, sources.
    'hl7.read',
    'hl7.manage',
    // Who works which follow-up tasks: assignment rules and reassignment (with history).
    'assignment.read',
    'assignment.manage',
    // Reports (statistics over the whole hospital; drill-down rows are masked).
    'report.read',
  ],
  // Managers segment patients for plans and campaigns; they see masked contact data only.
  manager: [
    'department.read',
    'dictionary.read',
    'patient.read',
    'segment.manage',
    'organisation.manage',
    'questionnaire.read',
    'questionnaire.manage',
    'template.read',
    'template.manage',
    'escalation.read',
    'escalation.reply',
    'recording.play',
    'assignment.read',
    'assignment.manage',
    'report.read',
  ],
  // Clinical staff call patients: they may reveal a phone number (each reveal is audited).
  doctor: [
    'dictionary.read',
    'patient.read',
    'patient.write',
    'patient.reveal',
    'questionnaire.read',
    'questionnaire.manage',
    'template.read',
    'template.manage',
    'worklist.work',
    'escalation.read',
    'escalation.reply',
    'recording.play',
    'assignment.read',
    // Department leaders read their own departments' reports (scope: their departments).
    'report.read',
  ],
  nurse: [
    'dictionary.read',
    'patient.read',
    'patient.write',
    'patient.reveal',
    'questionnaire.read',
    'template.read',
    'worklist.work',
    'escalation.read',
    'recording.play',
    'assignment.read',
  ],
  // Auditor: reads the audit trail and who has which account; changes nothing.
  auditor: ['audit.read', 'user.read', 'department.read', 'dictionary.read'],
};

/** Roles whose data access is not limited to their own departments. */
export const ALL_DEPARTMENT_ROLES: readonly Role[] = ['admin', 'manager', 'auditor'];

export function permissionsFor(roles: readonly string[]): Permission[] {
  const set = new Set<Permission>();
  for (const r of roles) for (const p of ROLE_PERMISSIONS[r as Role] ?? []) set.add(p);
  return PERMISSIONS.filter((p) => set.has(p));
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
