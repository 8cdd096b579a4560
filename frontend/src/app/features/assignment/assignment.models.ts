/** A nurse that rules and reassignments may name (`GET /api/assignment/staff`). */
export interface StaffMember {
  id: string;
  displayName: string;
  username: string;
  active: boolean;
  departmentIds: string[];
}

export type AssignmentTeam = 'centre' | 'department';
export const ASSIGNMENT_TEAMS: readonly AssignmentTeam[] = ['centre', 'department'];
export const CHANNELS = ['phone', 'sms', 'email', 'letter', 'self_survey'] as const;

/** An assignment rule as listed (`GET /api/assignment/rules`). */
export interface AssignmentRule {
  id: string;
  name: string;
  priority: number;
  departmentId: string | null;
  department: { name: string; nameEn: string | null } | null;
  wardId: string | null;
  ward: { name: string; nameEn: string | null } | null;
  icdPrefixes: string[];
  templateId: string | null;
  template: { nameZh: string; nameEn: string } | null;
  channel: string | null;
  assigneeId: string | null;
  assignee: { displayName: string; active: boolean } | null;
  targetTeam: AssignmentTeam | null;
  active: boolean;
  disabledAt: string | null;
}

export interface RuleBody {
  name: string;
  priority: number;
  departmentId: string | null;
  wardId: string | null;
  icdPrefixes: string[];
  templateId: string | null;
  channel: string | null;
  assigneeId: string | null;
  targetTeam: AssignmentTeam | null;
}

/** Which open tasks a bulk reassignment moves, and where to. */
export interface ReassignBody {
  fromUserId?: string;
  departmentId?: string;
  wardId?: string;
  templateId?: string;
  dueFrom?: string;
  dueTo?: string;
  toUserId?: string;
  toPool?: boolean;
  reason?: string;
}

export interface ReassignPreview {
  tasks: number;
  patients: number;
  claimsToRelease: number;
  outsideTargetDepartments: number;
}

export interface ReassignResult {
  batchId: string;
  moved: number;
  releasedClaims: number;
}

/** One change of a task's assignee (`GET /api/tasks/:id/assignment-history`). */
export interface AssignmentChange {
  id: string;
  at: string;
  source: 'rule' | 'bulk' | 'manual';
  reason: string | null;
  rule: { id: string; name: string } | null;
  from: { id: string; displayName: string } | null;
  to: { id: string; displayName: string } | null;
  by: { id: string; displayName: string } | null;
}
