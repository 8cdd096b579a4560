import { EntityManager } from 'typeorm';
import { ALL_DEPARTMENT_ROLES } from '../platform/auth/permissions';

/**
 * SQL shared by assignment: the rule engine, the task/department relations and the access checks.
 * Every query that uses these fragments names the tables the same way:
 *   k  followup_task, p  followup_plan, e  the plan's anchor encounter (LEFT JOIN), pt  patient.
 */

/** Task statuses that can still be worked (and so reassigned). */
export const OPEN_TASK = `k.status IN ('pending', 'due', 'overdue', 'in_progress')`;

/** A task's department: its team department when it has one, else its anchor encounter's. */
export const TASK_DEPARTMENT = `COALESCE(k.department_id, e.department_id)`;

/** FROM clause giving k, p, e and pt. */
export const TASK_FROM = `followup_task k JOIN followup_plan p ON p.id = k.plan_id LEFT JOIN encounter e ON e.id = p.encounter_id
  JOIN patient pt ON pt.id = k.patient_id`;

const ALL_DEPARTMENTS = `ARRAY[${ALL_DEPARTMENT_ROLES.map((r) => `'${r}'`).join(', ')}]::text[]`;

/**
 * Whether the user (alias `u`, an app_user row) may see the task: a role with every department, or
 * one of the user's departments is the task's department — or, for a task without one (a manual
 * enrolment without a discharge), one of the patient's departments (what the worklist shows them).
 */
export function userSeesTask(u: string): string {
  return `(${u}.roles && ${ALL_DEPARTMENTS} OR EXISTS (SELECT 1 FROM user_department ud WHERE ud.user_id = ${u}.id
            AND (ud.department_id = ${TASK_DEPARTMENT} OR (${TASK_DEPARTMENT} IS NULL AND ud.department_id = ANY(pt.department_ids)))))`;
}

/** The task lies in a department scope given as a uuid[] parameter (NULL: every department). */
export function taskInScope(param: string): string {
  return `(${param}::uuid[] IS NULL OR ${TASK_DEPARTMENT} = ANY(${param}::uuid[]) OR (${TASK_DEPARTMENT} IS NULL AND pt.department_ids && ${param}::uuid[]))`;
}

/**
 * The first active rule matching the task (lowest priority, then oldest): its conditions hold and,
 * for a staff target, the assignee is an active user who may see the task (otherwise the next rule
 * is tried). A lateral subquery: evaluated once per task, in the same statement as the update.
 */
const FIRST_RULE = `LEFT JOIN LATERAL (
  SELECT r.id, r.assignee_id FROM assignment_rule r
   WHERE r.active
     AND (r.department_id IS NULL OR r.department_id = ${TASK_DEPARTMENT})
     AND (r.ward_id IS NULL OR r.ward_id = e.ward_id)
     AND (r.template_id IS NULL OR r.template_id = p.template_id)
     AND (r.channel IS NULL OR r.channel = k.channel)
     AND (cardinality(r.icd_prefixes) = 0 OR EXISTS (
           SELECT 1 FROM encounter_diagnosis d, unnest(r.icd_prefixes) x
            WHERE d.encounter_id = e.id AND d.type NOT IN ('admitting', 'working') AND starts_with(upper(d.icd10_code), x)))
     AND (r.assignee_id IS NULL OR EXISTS (SELECT 1 FROM app_user u WHERE u.id = r.assignee_id AND u.active AND ${userSeesTask('u')}))
   ORDER BY r.priority, r.created_at, r.id
   LIMIT 1) r ON true`;

/**
 * Inserts new follow-up tasks already assigned by the rules, in ONE statement: each row (`k`, the
 * caller's set of rows with these columns) gets its first matching rule, the rows are inserted with
 * that rule's nurse as `assigned_to` (ON CONFLICT DO NOTHING, as before), and a history row (source
 * 'rule') is written for every inserted task a rule gave to a nurse. No second pass over the new rows.
 * Answers how many tasks it inserted.
 */
export async function insertAssignedTasks(
  m: EntityManager,
  columns: readonly string[],
  rowsSql: string,
  params: unknown[],
): Promise<number> {
  const cols = columns.join(', ');
  const [{ n }]: Array<{ n: number }> = await m.query(
    `WITH picked AS (
       SELECT k.*, r.id AS rule_id, r.assignee_id FROM ${rowsSql} AS k(${cols})
         JOIN followup_plan p ON p.id = k.plan_id LEFT JOIN encounter e ON e.id = p.encounter_id JOIN patient pt ON pt.id = k.patient_id
         ${FIRST_RULE}),
     inserted AS (
       INSERT INTO followup_task (${cols}, assigned_to) SELECT ${cols}, assignee_id FROM picked
       ON CONFLICT (plan_id, step_key, sequence) DO NOTHING
       RETURNING id, plan_id, step_key, sequence, assigned_to),
     logged AS (
       INSERT INTO task_assignment_history (task_id, from_user_id, to_user_id, changed_by, source, rule_id)
       SELECT i.id, NULL, i.assigned_to, NULL, 'rule', picked.rule_id FROM inserted i JOIN picked USING (plan_id, step_key, sequence)
        WHERE i.assigned_to IS NOT NULL)
     SELECT (SELECT count(*) FROM inserted)::int AS n`,
    params,
  );
  return n;
}

/**
 * Applies the assignment rules to every open, unassigned task in a department scope (the manager's
 * "apply rules now"), in one statement: picks each task's first matching rule, assigns the tasks whose
 * rule names a nurse and writes their history rows (source 'rule', by the manager). Tasks another
 * transaction holds are skipped. Answers how many tasks it assigned. Runs in the caller's transaction.
 */
export async function applyAssignmentRules(m: EntityManager, scope: string[] | null, by: string): Promise<number> {
  const rows: Array<{ n: number }> = await m.query(
    `WITH picked AS (
       SELECT k.id, r.id AS rule_id, r.assignee_id FROM ${TASK_FROM} ${FIRST_RULE}
        WHERE ${taskInScope('$1')} AND k.assigned_to IS NULL AND ${OPEN_TASK} AND r.assignee_id IS NOT NULL
        FOR UPDATE OF k SKIP LOCKED),
     moved AS (
       UPDATE followup_task t SET assigned_to = picked.assignee_id FROM picked
        WHERE t.id = picked.id AND t.assigned_to IS NULL RETURNING t.id, picked.rule_id, picked.assignee_id),
     logged AS (
       INSERT INTO task_assignment_history (task_id, from_user_id, to_user_id, changed_by, source, rule_id)
       SELECT id, NULL, assignee_id, $2::uuid, 'rule', rule_id FROM moved RETURNING 1)
     SELECT count(*)::int AS n FROM logged`,
    [scope, by],
  );
  return rows[0].n;
}
