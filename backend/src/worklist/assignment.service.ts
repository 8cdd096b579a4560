import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../platform/audit/audit.service';
import { departmentFilter } from '../platform/context/access-scope';
import { currentUser, requestContext } from '../platform/context/request-context';
import { AppError, ErrorCode, FieldErrors } from '../platform/errors/app-error';
import { AssignmentRule } from './assignment.entities';
import { CreateRuleDto, ReassignDto, ReassignFilterDto, ReassignTargetDto, UpdateRuleDto } from './assignment.dto';
import { applyAssignmentRules, OPEN_TASK, TASK_DEPARTMENT, TASK_FROM, taskInScope, userSeesTask } from './assignment-sql';

export class AssignmentError extends AppError {
  static outOfScope(): AssignmentError {
    return new AssignmentError(HttpStatus.FORBIDDEN, ErrorCode.DEPARTMENT_NOT_ALLOWED, 'This department is outside your scope');
  }
  static taskNotOpen(): AssignmentError {
    return new AssignmentError(HttpStatus.CONFLICT, 'TASK_NOT_OPEN', 'Only open tasks can be reassigned');
  }
}

/** A staff member as the assignment screens show them. */
interface StaffRow {
  id: string;
  display_name: string;
  username: string;
  roles: string[];
  active: boolean;
  department_ids: string[];
}

/** A SQL condition over k/p/e/pt plus its parameters, built from a reassignment filter. */
class TaskSelection {
  readonly params: unknown[] = [];
  private readonly conds: string[] = [OPEN_TASK];

  add(v: unknown): string {
    this.params.push(v);
    return `$${this.params.length}`;
  }

  where(cond: string): this {
    this.conds.push(cond);
    return this;
  }

  sql(): string {
    return this.conds.join(' AND ');
  }
}

/**
 * Who works which follow-up task. Rules give new tasks to a nurse (applied in the statement after the
 * tasks are inserted, see applyAssignmentRules); a manager can re-apply them to open unassigned tasks,
 * reassign in bulk (a nurse on leave) or one task at a time. Every change of assignee is a row in
 * task_assignment_history written by the same statement that makes it; bulk changes are audited.
 * Everything is limited to the caller's department scope (switcher included).
 */
@Injectable()
export class AssignmentService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  private scope(): string[] | null {
    return departmentFilter(requestContext.get()?.scope);
  }

  /** 403 unless the department lies in the caller's scope. */
  private assertDepartmentInScope(departmentId: string): void {
    const scope = this.scope();
    if (scope && !scope.includes(departmentId)) throw AssignmentError.outOfScope();
  }

  // ---- staff ---------------------------------------------------------------------------------------

  /** Users with their department ids. */
  private staffRows(where: string, params: unknown[]): Promise<StaffRow[]> {
    return this.db.query(
      `SELECT u.id, u.display_name, u.username, u.roles, u.active,
              COALESCE(array_agg(ud.department_id) FILTER (WHERE ud.department_id IS NOT NULL), '{}') AS department_ids
         FROM app_user u LEFT JOIN user_department ud ON ud.user_id = u.id
        WHERE ${where} GROUP BY u.id ORDER BY u.active DESC, u.display_name`,
      params,
    );
  }

  /** Nurses (the ones rules and reassignments may target) with their departments; disabled ones are flagged. */
  async staff() {
    const rows = await this.staffRows(`'nurse' = ANY(u.roles)`, []);
    return rows.map((r) => ({
      id: r.id,
      displayName: r.display_name,
      username: r.username,
      active: r.active,
      departmentIds: r.department_ids,
    }));
  }

  private async staffMember(id: string): Promise<StaffRow | undefined> {
    return (await this.staffRows(`u.id = $1`, [id]))[0];
  }

  /** Field errors for a staff member who cannot be given tasks: unknown, disabled, not a nurse. */
  private async checkNurse(id: string, field: string, fields: FieldErrors): Promise<StaffRow | undefined> {
    const u = await this.staffMember(id);
    if (!u) fields[field] = ['unknown user'];
    else if (!u.active) fields[field] = [`${u.display_name} is disabled`];
    else if (!u.roles.includes('nurse')) fields[field] = [`${u.display_name} does not have the nurse role`];
    else return u;
    return undefined;
  }

  // ---- rules ---------------------------------------------------------------------------------------

  async listRules(includeInactive: boolean, id?: string) {
    const scope = this.scope();
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT r.id, r.name, r.priority, r.department_id, d.name AS department_name, d.name_en AS department_name_en,
              r.ward_id, w.name AS ward_name, w.name_en AS ward_name_en, r.icd_prefixes, r.template_id, t.name_zh AS template_name,
              t.name_en AS template_name_en, r.channel, r.assignee_id, u.display_name AS assignee_name, u.active AS assignee_active,
              r.target_team, r.active, r.disabled_at, r.created_at, r.updated_at
         FROM assignment_rule r LEFT JOIN department d ON d.id = r.department_id LEFT JOIN ward w ON w.id = r.ward_id
         LEFT JOIN followup_template t ON t.id = r.template_id LEFT JOIN app_user u ON u.id = r.assignee_id
        WHERE ($1 OR r.active) AND ($2::uuid[] IS NULL OR r.department_id = ANY($2::uuid[])) AND ($3::uuid IS NULL OR r.id = $3)
        ORDER BY r.active DESC, r.priority, r.created_at, r.id`,
      [includeInactive, scope, id ?? null],
    );
    return rows.map((r) => ({
      id: r['id'],
      name: r['name'],
      priority: r['priority'],
      departmentId: r['department_id'],
      department: r['department_id'] ? { name: r['department_name'], nameEn: r['department_name_en'] } : null,
      wardId: r['ward_id'],
      ward: r['ward_id'] ? { name: r['ward_name'], nameEn: r['ward_name_en'] } : null,
      icdPrefixes: r['icd_prefixes'],
      templateId: r['template_id'],
      template: r['template_id'] ? { nameZh: r['template_name'], nameEn: r['template_name_en'] } : null,
      channel: r['channel'],
      assigneeId: r['assignee_id'],
      assignee: r['assignee_id'] ? { displayName: r['assignee_name'], active: r['assignee_active'] } : null,
      targetTeam: r['target_team'],
      active: r['active'],
      disabledAt: r['disabled_at'],
      createdAt: r['created_at'],
      updatedAt: r['updated_at'],
    }));
  }

  private async ruleView(id: string) {
    const [rule] = await this.listRules(true, id);
    if (!rule) throw AppError.notFound('Assignment rule');
    return rule;
  }

  /** Checks a whole rule (after applying an edit): references exist, the target is a nurse of the rule's department. */
  private async checkRule(r: Omit<AssignmentRule, 'id' | 'createdAt' | 'updatedAt' | 'createdBy' | 'disabledAt' | 'disabledBy'>) {
    const fields: FieldErrors = {};
    let departmentId = r.departmentId;
    if (r.departmentId) {
      const d = await this.db.query(`SELECT active FROM department WHERE id = $1`, [r.departmentId]);
      if (!d.length) fields['departmentId'] = ['unknown department'];
      else if (!d[0].active) fields['departmentId'] = ['this department is inactive'];
    }
    if (r.wardId) {
      const w: Array<{ department_id: string; active: boolean }> = await this.db.query(
        `SELECT department_id, active FROM ward WHERE id = $1`,
        [r.wardId],
      );
      if (!w.length) fields['wardId'] = ['unknown ward'];
      else if (!w[0].active) fields['wardId'] = ['this ward is inactive'];
      else if (r.departmentId && w[0].department_id !== r.departmentId) fields['wardId'] = ['this ward belongs to another department'];
      else departmentId ??= w[0].department_id;
    }
    if (r.templateId && !(await this.db.query(`SELECT 1 FROM followup_template WHERE id = $1`, [r.templateId])).length)
      fields['templateId'] = ['unknown follow-up template'];
    if (!r.departmentId && !r.wardId && !r.icdPrefixes.length && !r.templateId && !r.channel)
      fields['departmentId'] = ['give at least one condition: department, ward, ICD-10 prefix, template or channel'];
    if (!!r.assigneeId === !!r.targetTeam) fields['assigneeId'] = ['give either a nurse or a team pool'];
    else if (r.assigneeId) {
      const u = await this.checkNurse(r.assigneeId, 'assigneeId', fields);
      if (u && departmentId && !u.department_ids.includes(departmentId))
        fields['assigneeId'] = [`${u.display_name} does not work in this department`];
    }
    if (Object.keys(fields).length) throw AppError.validation(fields);
    // A department-scoped manager writes rules for their departments only.
    const scope = this.scope();
    if (scope && (!departmentId || !scope.includes(departmentId))) throw AssignmentError.outOfScope();
    if (departmentId && !r.departmentId) r.departmentId = departmentId;
  }

  async createRule(dto: CreateRuleDto) {
    const repo = this.db.getRepository(AssignmentRule);
    const rule = repo.create({
      name: dto.name.trim(),
      priority: dto.priority,
      departmentId: dto.departmentId ?? null,
      wardId: dto.wardId ?? null,
      icdPrefixes: [...new Set((dto.icdPrefixes ?? []).map((x) => x.toUpperCase()))],
      templateId: dto.templateId ?? null,
      channel: dto.channel ?? null,
      assigneeId: dto.assigneeId ?? null,
      targetTeam: dto.targetTeam ?? null,
      active: true,
      createdBy: currentUser().id,
    });
    await this.checkRule(rule);
    const saved = await repo.save(rule);
    await this.audit.record({
      action: 'assignment.rule.create',
      entityType: 'assignment_rule',
      entityId: saved.id,
      details: { name: saved.name, priority: saved.priority, assigneeId: saved.assigneeId, targetTeam: saved.targetTeam },
    });
    return this.ruleView(saved.id);
  }

  /** Edits a rule; `active: false` disables it (kept, with who and when), `active: true` enables it again. */
  async updateRule(id: string, dto: UpdateRuleDto) {
    const repo = this.db.getRepository(AssignmentRule);
    const rule = await repo.findOneBy({ id });
    if (!rule) throw AppError.notFound('Assignment rule');
    // Out-of-scope rules cannot be edited from a narrower scope.
    if (rule.departmentId) this.assertDepartmentInScope(rule.departmentId);
    const before = { ...rule };
    if (dto.name !== undefined) rule.name = dto.name.trim();
    if (dto.priority !== undefined) rule.priority = dto.priority;
    if (dto.departmentId !== undefined) rule.departmentId = dto.departmentId;
    if (dto.wardId !== undefined) rule.wardId = dto.wardId;
    if (dto.icdPrefixes !== undefined) rule.icdPrefixes = [...new Set(dto.icdPrefixes.map((x) => x.toUpperCase()))];
    if (dto.templateId !== undefined) rule.templateId = dto.templateId;
    if (dto.channel !== undefined) rule.channel = dto.channel;
    if (dto.assigneeId !== undefined) rule.assigneeId = dto.assigneeId;
    if (dto.targetTeam !== undefined) rule.targetTeam = dto.targetTeam;
    // Choosing one kind of target clears the other.
    if (dto.assigneeId && dto.targetTeam === undefined) rule.targetTeam = null;
    if (dto.targetTeam && dto.assigneeId === undefined) rule.assigneeId = null;
    if (dto.active === false && rule.active) Object.assign(rule, { active: false, disabledAt: new Date(), disabledBy: currentUser().id });
    if (dto.active === true && !rule.active) Object.assign(rule, { active: true, disabledAt: null, disabledBy: null });
    // A disabled rule may keep a target that is no longer valid (a nurse who left); enabling re-checks it.
    if (rule.active) await this.checkRule(rule);
    await repo.save(rule);
    const changed = Object.keys(dto).filter(
      (k) => JSON.stringify(before[k as keyof AssignmentRule]) !== JSON.stringify(rule[k as keyof AssignmentRule]),
    );
    const action =
      dto.active === false && before.active
        ? 'assignment.rule.disable'
        : dto.active && !before.active
          ? 'assignment.rule.enable'
          : 'assignment.rule.update';
    await this.audit.record({ action, entityType: 'assignment_rule', entityId: id, details: { name: rule.name, changed } });
    return this.ruleView(id);
  }

  /** Applies the active rules to every open unassigned task in the caller's scope. */
  async applyRules() {
    const scope = this.scope();
    const assigned = await this.db.transaction((m) => applyAssignmentRules(m, scope, currentUser().id));
    await this.audit.record({ action: 'assignment.rules.apply', entityType: 'assignment_rule', details: { assigned, scope } });
    return { assigned };
  }

  // ---- reassignment --------------------------------------------------------------------------------

  /** Validates a filter (400/403) and turns it into a selection of open tasks in the caller's scope. */
  private async selection(f: ReassignFilterDto, taskId?: string): Promise<TaskSelection> {
    const fields: FieldErrors = {};
    if (!taskId && !f.fromUserId && !f.departmentId && !f.wardId && !f.templateId)
      fields['fromUserId'] = ['give a staff member, or a department, ward or template to select the tasks'];
    if (f.dueFrom && f.dueTo && f.dueFrom > f.dueTo) fields['dueTo'] = ['the end of the due-date range is before its start'];
    if (f.fromUserId && !(await this.staffMember(f.fromUserId))) fields['fromUserId'] = ['unknown user'];
    if (f.departmentId && !(await this.db.query(`SELECT 1 FROM department WHERE id = $1`, [f.departmentId])).length)
      fields['departmentId'] = ['unknown department'];
    if (f.wardId) {
      const w: Array<{ department_id: string }> = await this.db.query(`SELECT department_id FROM ward WHERE id = $1`, [f.wardId]);
      if (!w.length) fields['wardId'] = ['unknown ward'];
      else if (f.departmentId && w[0].department_id !== f.departmentId) fields['wardId'] = ['this ward belongs to another department'];
    }
    if (f.templateId && !(await this.db.query(`SELECT 1 FROM followup_template WHERE id = $1`, [f.templateId])).length)
      fields['templateId'] = ['unknown follow-up template'];
    if (Object.keys(fields).length) throw AppError.validation(fields);
    if (f.departmentId) this.assertDepartmentInScope(f.departmentId);

    const s = new TaskSelection();
    s.where(taskInScope(s.add(this.scope())));
    if (taskId) s.where(`k.id = ${s.add(taskId)}`);
    if (f.fromUserId) s.where(`k.assigned_to = ${s.add(f.fromUserId)}`);
    if (f.departmentId) s.where(`${TASK_DEPARTMENT} = ${s.add(f.departmentId)}`);
    if (f.wardId) s.where(`e.ward_id = ${s.add(f.wardId)}`);
    if (f.templateId) s.where(`p.template_id = ${s.add(f.templateId)}`);
    if (f.dueFrom) s.where(`k.due_date >= ${s.add(f.dueFrom)}::date`);
    if (f.dueTo) s.where(`k.due_date <= ${s.add(f.dueTo)}::date`);
    return s;
  }

  /** The target: a nurse (400 unless an active nurse) or the pool (null). */
  private async target(t: ReassignTargetDto): Promise<StaffRow | null> {
    const fields: FieldErrors = {};
    if (t.toPool && t.toUserId) fields['toUserId'] = ['give either a nurse or the pool, not both'];
    else if (!t.toPool && !t.toUserId) fields['toUserId'] = ['give the nurse who takes the tasks, or the pool'];
    else if (t.toUserId && t.toUserId === t.fromUserId) fields['toUserId'] = ['the tasks are already assigned to this nurse'];
    const u = t.toUserId && !fields['toUserId'] ? await this.checkNurse(t.toUserId, 'toUserId', fields) : undefined;
    if (Object.keys(fields).length) throw AppError.validation(fields);
    return u ?? null;
  }

  /** Counts what a reassignment would do: tasks moved, claims released, tasks the target may not see. */
  private async count(m: EntityManager | DataSource, s: TaskSelection, to: StaffRow | null) {
    const params = [...s.params, to?.id ?? null];
    const toParam = `$${params.length}::uuid`;
    const [r]: Array<{ tasks: number; claims: number; patients: number; unreachable: number }> = await m.query(
      `SELECT count(*)::int AS tasks, count(DISTINCT k.patient_id)::int AS patients,
              count(*) FILTER (WHERE k.claimed_by = k.assigned_to AND k.claim_expires_at > now())::int AS claims,
              count(*) FILTER (WHERE u.id IS NOT NULL AND NOT ${userSeesTask('u')})::int AS unreachable
         FROM ${TASK_FROM} LEFT JOIN app_user u ON u.id = ${toParam}
        WHERE ${s.sql()} AND k.assigned_to IS DISTINCT FROM ${toParam}`,
      params,
    );
    return r;
  }

  async preview(dto: ReassignTargetDto) {
    const s = await this.selection(dto);
    const to = dto.toUserId || dto.toPool ? await this.target(dto) : null;
    const r = await this.count(this.db, s, to);
    return { tasks: r.tasks, patients: r.patients, claimsToRelease: r.claims, outsideTargetDepartments: r.unreachable };
  }

  /**
   * Moves the selected open tasks to the target in ONE transaction and ONE statement: locks them,
   * sets the assignee, releases the claims the old assignee holds on them, and writes a history row
   * per task. Refused (400, nothing moved) when the target may not see some of the tasks' departments.
   */
  private async move(s: TaskSelection, to: StaffRow | null, how: { source: 'bulk' | 'manual'; reason?: string; batchId: string | null }) {
    return this.db.transaction(async (m) => {
      const check = await this.count(m, s, to);
      if (to && check.unreachable > 0)
        throw AppError.validation({
          toUserId: [`${to.display_name} does not work in the department of ${check.unreachable} of these ${check.tasks} tasks`],
        });
      const toParam = s.add(to?.id ?? null);
      const rows: Array<{ moved: number; released: number }> = await m.query(
        `WITH sel AS (
           SELECT k.id, k.assigned_to AS old, (k.claimed_by = k.assigned_to) AS releases, (k.claim_expires_at > now()) AS live
             FROM ${TASK_FROM} WHERE ${s.sql()} AND k.assigned_to IS DISTINCT FROM ${toParam}::uuid FOR UPDATE OF k),
         moved AS (
           UPDATE followup_task t SET assigned_to = ${toParam}::uuid,
                  status = CASE WHEN sel.releases AND t.status = 'in_progress' THEN 'pending' ELSE t.status END,
                  claimed_by = CASE WHEN sel.releases THEN NULL ELSE t.claimed_by END,
                  claim_expires_at = CASE WHEN sel.releases THEN NULL ELSE t.claim_expires_at END
             FROM sel WHERE t.id = sel.id RETURNING t.id, sel.old, sel.releases AND sel.live AS released),
         logged AS (
           INSERT INTO task_assignment_history (task_id, from_user_id, to_user_id, changed_by, source, batch_id, reason)
           SELECT id, old, ${toParam}::uuid, ${s.add(currentUser().id)}::uuid, ${s.add(how.source)}, ${s.add(how.batchId)}::uuid, ${s.add(how.reason ?? null)}
             FROM moved RETURNING 1)
         SELECT (SELECT count(*) FROM logged)::int AS moved, (SELECT count(*) FILTER (WHERE released) FROM moved)::int AS released`,
        s.params,
      );
      return rows[0];
    });
  }

  /** Bulk reassignment (e.g. a nurse on leave): audited with the filter, the target and the count. */
  async reassign(dto: ReassignDto) {
    const s = await this.selection(dto);
    const to = await this.target(dto);
    const batchId = randomUUID();
    const r = await this.move(s, to, { source: 'bulk', reason: dto.reason, batchId });
    const { reason, toUserId, toPool, ...filter } = dto;
    await this.audit.record({
      action: 'task.reassign.bulk',
      entityType: 'task_assignment_batch',
      entityId: batchId,
      details: { filter, toUserId: toUserId ?? null, toPool: !!toPool, reason: reason ?? null, moved: r.moved, releasedClaims: r.released },
    });
    return { batchId, moved: r.moved, releasedClaims: r.released };
  }

  /** Reassigns one task (to a nurse or back to the pool); 404 outside the caller's scope, 409 when it is not open. */
  async assignTask(taskId: string, toUserId: string | null, reason?: string) {
    const state: Array<{ open: boolean }> = await this.db.query(
      `SELECT ${OPEN_TASK} AS open FROM ${TASK_FROM} WHERE k.id = $1 AND ${taskInScope('$2')}`,
      [taskId, this.scope()],
    );
    if (!state.length) throw AppError.notFound('Task');
    if (!state[0].open) throw AssignmentError.taskNotOpen();
    const s = await this.selection({}, taskId);
    const to = await this.target({ toUserId, toPool: toUserId === null });
    const r = await this.move(s, to, { source: 'manual', reason, batchId: null });
    await this.audit.record({
      action: 'task.reassign',
      entityType: 'followup_task',
      entityId: taskId,
      details: { toUserId, reason: reason ?? null, changed: r.moved > 0, releasedClaims: r.released },
    });
    return { taskId, assignedTo: toUserId, changed: r.moved > 0, releasedClaims: r.released };
  }

  /** A task's assignment history, newest first (404 outside the caller's scope). */
  async history(taskId: string) {
    const visible = await this.db.query(`SELECT 1 FROM ${TASK_FROM} WHERE k.id = $1 AND ${taskInScope('$2')}`, [taskId, this.scope()]);
    if (!visible.length) throw AppError.notFound('Task');
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT h.id, h.created_at, h.source, h.reason, h.rule_id, r.name AS rule_name, h.batch_id,
              h.from_user_id, fu.display_name AS from_name, h.to_user_id, tu.display_name AS to_name, h.changed_by, bu.display_name AS by_name
         FROM task_assignment_history h LEFT JOIN assignment_rule r ON r.id = h.rule_id
         LEFT JOIN app_user fu ON fu.id = h.from_user_id LEFT JOIN app_user tu ON tu.id = h.to_user_id LEFT JOIN app_user bu ON bu.id = h.changed_by
        WHERE h.task_id = $1 ORDER BY h.created_at DESC, h.id LIMIT 100`,
      [taskId],
    );
    const person = (id: unknown, name: unknown) => (id ? { id, displayName: name } : null);
    return rows.map((r) => ({
      id: r['id'],
      at: r['created_at'],
      source: r['source'],
      reason: r['reason'],
      rule: r['rule_id'] ? { id: r['rule_id'], name: r['rule_name'] } : null,
      batchId: r['batch_id'],
      from: person(r['from_user_id'], r['from_name']),
      to: person(r['to_user_id'], r['to_name']),
      by: person(r['changed_by'], r['by_name']),
    }));
  }
}
