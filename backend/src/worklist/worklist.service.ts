import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Clock, hospitalDay } from '../platform/clock';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared';
import { AuditService } from '../platform/audit/audit.service';
import { departmentFilter } from '../platform/context/access-scope';
import { currentUser, requestContext } from '../platform/context/request-context';
import { AppError } from '../platform/errors/app-error';
import { Answers, checkAnswers, QuestionnaireDefinition, score } from '../followup/questionnaire/definition';
import { maskPhone } from '../patients/identity';
import { Outcome } from './worklist.entities';

export const VIEWS = ['today', 'overdue', 'callbacks', 'mine', 'pool', 'done'] as const;
export type View = (typeof VIEWS)[number];

const CLAIM_MINUTES = 30;
/** Retry policy defaults (per outcome): wait, attempts per day, attempts in total. */
export const RETRY = { waitHours: 4, perDay: 3, total: 6 };
const OPEN = `('pending', 'due', 'overdue', 'in_progress')`;
/** Template purpose → do-not-contact purpose that keeps its tasks off the list. */
const RESTRICTION_SQL = `CASE t.purpose WHEN 'research' THEN 'research' WHEN 'satisfaction' THEN 'satisfaction' ELSE 'clinical_followup' END`;

/** Optional narrowing of the call list (all within the caller's department scope). */
export interface WorklistFilter {
  departmentId?: string;
  wardId?: string;
  templateId?: string;
  channel?: string;
}

/** Positional parameters for hand-written SQL: `bind` appends a value and answers its placeholder. */
class SqlParams {
  readonly values: unknown[] = [];
  bind(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

export class WorklistError extends AppError {
  static claimed(holder?: { id: string; displayName: string; claimExpiresAt: Date }): WorklistError {
    return new WorklistError(
      HttpStatus.CONFLICT,
      'TASK_CLAIMED',
      holder ? `${holder.displayName} is working on this task` : 'Another nurse is working on this task',
      undefined,
      holder ? { claimedBy: { id: holder.id, displayName: holder.displayName }, claimExpiresAt: holder.claimExpiresAt } : undefined,
    );
  }
  static notClaimed(): WorklistError {
    return new WorklistError(HttpStatus.CONFLICT, 'TASK_NOT_CLAIMED', 'Claim the task before recording a call');
  }
}

/** Questions of a response with their texts and the answers given (option labels in both languages). */
function describeAnswers(def: QuestionnaireDefinition | null, answers: Answers, ids: string[]) {
  const questions = def?.sections.flatMap((s) => s.questions) ?? [];
  return ids.map((id) => {
    const q = questions.find((x) => x.id === id);
    const v = answers[id];
    const codes = Array.isArray(v) ? v : [v];
    const labels = q?.options ? codes.map((c) => q.options!.find((o) => o.code === c)?.label).filter((l) => !!l) : [];
    return { questionId: id, text: q?.text ?? null, value: v ?? null, labels, unit: q?.unit ?? null };
  });
}

/**
 * The flagged question ids plus the answered questions shown because of them (e.g. "describe the
 * symptoms" after "new symptoms: yes"), in questionnaire order: what the doctor needs to read.
 */
function withFollowUps(def: QuestionnaireDefinition | null, answers: Answers, flagged: string[]): string[] {
  if (!def) return flagged;
  const ids = new Set(flagged);
  return def.sections
    .flatMap((s) => s.questions)
    .filter((q) => ids.has(q.id) || (q.id in answers && (q.showIf ?? []).some((c) => ids.has(c.question))))
    .map((q) => q.id);
}

/**
 * The follow-up nurse's daily call list and the actions on a task: claim (a lock that expires),
 * record an attempt (retry policy), complete with the questionnaire (escalations raised from
 * flagged answers). Claims are single UPDATE statements guarded in their WHERE clause, so two nurses
 * can never hold the same task.
 */
@Injectable()
export class WorklistService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** The hospital's date today (YYYY-MM-DD) by the application clock. */
  today(): string {
    return hospitalDay(this.clock.now()).date;
  }

  /**
   * SQL conditions on `followup_task k` for one view. Every column used is in the partial index
   * `ix_followup_task_scope_open` (scope, window start INCLUDE …), so the today / overdue / pool
   * views are index-only range scans of the caller's departments; "mine", "callbacks" and "done"
   * start from their own small partial indexes.
   */
  private viewConds(view: View, sql: SqlParams, filter: WorklistFilter, quiet: boolean, common = true): string[] {
    const me = () => sql.bind(currentUser().id);
    const today = () => `${sql.bind(this.today())}::date`;
    const conds = common ? this.commonConds(sql, filter) : [];
    const actionable = () => [
      `k.status IN ${OPEN}`,
      `k.window_start <= ${today()}`,
      `(k.next_attempt_at IS NULL OR k.next_attempt_at <= now())`,
      ...(quiet ? [`k.channel <> 'phone'`] : []),
    ];
    // Free for me: nobody else holds a live claim, and it is not routed to another nurse.
    const free = () =>
      `(k.claimed_by IS NULL OR k.claim_expires_at < now() OR k.claimed_by = ${me()}) AND (k.assigned_to IS NULL OR k.assigned_to = ${me()})`;
    switch (view) {
      case 'today':
        return [...conds, ...actionable(), `k.due_date = ${today()}`, free()];
      case 'overdue':
        return [...conds, ...actionable(), `k.due_date < ${today()}`, free()];
      case 'pool':
        return [...conds, ...actionable(), `(k.claimed_by IS NULL OR k.claim_expires_at < now())`, `k.assigned_to IS NULL`];
      case 'callbacks':
        return [
          ...conds,
          `k.status IN ${OPEN}`,
          `k.last_outcome = 'callback'`,
          `(k.next_attempt_at AT TIME ZONE 'Asia/Shanghai')::date = ${today()}`,
        ];
      case 'mine':
        return [
          ...conds,
          `k.status IN ${OPEN}`,
          `((k.claimed_by = ${me()} AND k.claim_expires_at > now())
            OR (k.assigned_to = ${me()} AND k.window_start <= ${today()} AND (k.claimed_by IS NULL OR k.claim_expires_at < now() OR k.claimed_by = ${me()})))`,
        ];
      case 'done':
        return [...conds, `k.status = 'done'`, `(k.completed_at AT TIME ZONE 'Asia/Shanghai')::date = ${today()}`];
    }
  }

  /** Department scope, the list's filters, and the patient's do-not-contact for the task's purpose. */
  private commonConds(sql: SqlParams, filter: WorklistFilter): string[] {
    const conds = [
      // Restrictions are rare: a patient without any passes on one lookup in a hash of the active
      // ones (built once per statement); the plan's purpose is read only for patients who have one.
      `(k.patient_id NOT IN (SELECT cr.patient_id FROM patient_contact_restriction cr WHERE cr.lifted_at IS NULL)
        OR NOT EXISTS (SELECT 1 FROM patient_contact_restriction cr JOIN followup_plan rp ON rp.id = k.plan_id JOIN followup_template t ON t.id = rp.template_id
                        WHERE cr.patient_id = k.patient_id AND cr.lifted_at IS NULL AND cr.purpose = ${RESTRICTION_SQL}))`,
    ];
    const scope = departmentFilter(requestContext.get()?.scope);
    if (scope) conds.push(scope.length ? `k.scope_department_id = ANY(${sql.bind(scope)}::uuid[])` : 'false');
    if (filter.departmentId) conds.push(`k.scope_department_id = ${sql.bind(filter.departmentId)}::uuid`);
    if (filter.channel) conds.push(`k.channel = ${sql.bind(filter.channel)}`);
    if (filter.templateId)
      conds.push(
        `EXISTS (SELECT 1 FROM followup_plan fp WHERE fp.id = k.plan_id AND fp.template_id = ${sql.bind(filter.templateId)}::uuid)`,
      );
    if (filter.wardId)
      conds.push(
        `EXISTS (SELECT 1 FROM followup_plan fp JOIN encounter e ON e.id = fp.encounter_id WHERE fp.id = k.plan_id AND e.ward_id = ${sql.bind(filter.wardId)}::uuid)`,
      );
    return conds;
  }

  private quietNow(): boolean {
    const q = this.config.quietHours;
    const h = hospitalDay(this.clock.now()).hour;
    return !!q && (q.from > q.to ? h >= q.from || h < q.to : h >= q.from && h < q.to);
  }

  /**
   * The patients per view (one call covers all of a patient's due tasks), in one statement: the
   * three views over actionable open tasks (today, overdue, pool) are counted in one pass of the
   * scope index; mine, callbacks and done from their own indexes.
   */
  private async countViews(filter: WorklistFilter, quiet: boolean): Promise<Record<View, number>> {
    const sql = new SqlParams();
    const pass = (v: View) => `count(DISTINCT k.patient_id) FILTER (WHERE ${this.viewConds(v, sql, filter, quiet, false).join(' AND ')})`;
    const own = (v: View) =>
      `(SELECT count(DISTINCT k.patient_id) FROM followup_task k WHERE ${this.viewConds(v, sql, filter, quiet).join(' AND ')})`;
    const today = `${sql.bind(this.today())}::date`;
    const shared = [
      ...this.commonConds(sql, filter),
      `k.status IN ${OPEN}`,
      `k.window_start <= ${today}`,
      `(k.next_attempt_at IS NULL OR k.next_attempt_at <= now())`,
    ];
    const row: Record<View, string> = (
      await preparedQuery<Record<View, string>>(
        this.db,
        `SELECT ${pass('today')} AS today, ${pass('overdue')} AS overdue, ${pass('pool')} AS pool,
                ${own('mine')} AS mine, ${own('callbacks')} AS callbacks, ${own('done')} AS done
           FROM followup_task k WHERE ${shared.join(' AND ')}`,
        sql.values,
      )
    )[0];
    return Object.fromEntries(VIEWS.map((v) => [v, Number(row[v])])) as Record<View, number>;
  }

  /** Patients per view (the tabs' counts) under the same filters; `quietHours` says whether phone tasks are held back now. */
  async counts(filter: WorklistFilter = {}) {
    this.checkFilter(filter);
    const quiet = this.quietNow();
    return { quietHours: quiet, counts: await this.countViews(filter, quiet) };
  }

  private checkFilter(filter: WorklistFilter): void {
    const scope = departmentFilter(requestContext.get()?.scope);
    if (filter.departmentId && scope && !scope.includes(filter.departmentId)) {
      throw AppError.validation({ departmentId: ['not one of your departments'] });
    }
  }

  /**
   * One page of a view, grouped by patient (one call covers all of a patient's due tasks), with the
   * number of patients in the view (`total`). The tabs' counts are `counts()`, fetched alongside.
   */
  async list(view: View, page: number, pageSize: number, filter: WorklistFilter = {}) {
    this.checkFilter(filter);
    const quiet = this.quietNow();
    const sql = new SqlParams();
    const where = this.viewConds(view, sql, filter, quiet).join(' AND ');
    const today = `${sql.bind(this.today())}::date`;
    // The page is chosen from the view's task rows grouped by patient; only the page's patients,
    // phones, plans and templates are read afterwards.
    const rows = await preparedQuery<Record<string, unknown>>(
      this.db,
      `WITH v AS MATERIALIZED (SELECT k.id, k.patient_id, k.due_date, k.attempts, k.plan_id FROM followup_task k WHERE ${where}),
            g AS (SELECT v.patient_id, min(v.due_date) AS first_due, max(greatest(0, ${today} - v.due_date)) AS overdue_days, sum(v.attempts)::int AS attempts,
                         count(*) OVER () AS total
                    FROM v GROUP BY v.patient_id
                   ORDER BY 3 DESC, 2, 4, 1 LIMIT ${sql.bind(pageSize)} OFFSET ${sql.bind((page - 1) * pageSize)}),
            t AS (SELECT v.patient_id,
                         json_agg(json_build_object('id', k.id, 'stepKey', k.step_key, 'dueDate', k.due_date, 'status', k.status, 'channel', k.channel,
                           'questionnaireId', k.questionnaire_id, 'templateName', tp.name_zh, 'templateNameEn', tp.name_en, 'attempts', k.attempts,
                           'lastOutcome', k.last_outcome, 'nextAttemptAt', k.next_attempt_at, 'claimedBy', k.claimed_by, 'assignedTo', k.assigned_to) ORDER BY k.due_date, k.id) AS tasks
                    FROM v JOIN g ON g.patient_id = v.patient_id JOIN followup_task k ON k.id = v.id
                    JOIN followup_plan fp ON fp.id = k.plan_id JOIN followup_template tp ON tp.id = fp.template_id
                   GROUP BY v.patient_id)
       SELECT g.*, t.tasks, pt.name, pt.sex_code, to_char(pt.birth_date, 'YYYY-MM-DD') AS birth_date, pt.preferred_contact_time,
              (SELECT ph.number FROM patient_phone ph WHERE ph.patient_id = g.patient_id ORDER BY ph.is_primary DESC, ph.id LIMIT 1) AS phone
         FROM g JOIN t ON t.patient_id = g.patient_id JOIN patient pt ON pt.id = g.patient_id
        ORDER BY g.overdue_days DESC, g.first_due, g.attempts, g.patient_id`,
      sql.values,
    );
    return {
      view,
      quietHours: quiet,
      total: rows.length ? Number(rows[0]['total']) : 0,
      items: rows.map((r) => ({
        patientId: r['patient_id'],
        name: r['name'],
        sexCode: r['sex_code'],
        birthDate: r['birth_date'],
        preferredContactTime: r['preferred_contact_time'],
        phone: maskPhone(r['phone'] as string | null),
        overdueDays: Number(r['overdue_days']),
        attempts: r['attempts'],
        tasks: r['tasks'],
      })),
      page,
      pageSize,
    };
  }

  /**
   * Claims the task and the patient's other open tasks that are due (one call, all questionnaires).
   * Atomic: the WHERE clause only matches tasks that are free, expired, or already mine.
   */
  async claim(taskId: string) {
    const me = currentUser().id;
    const claimed: [Array<{ id: string }>, number] = await this.db.query(
      `UPDATE followup_task k SET claimed_by = $2, claim_expires_at = now() + make_interval(mins => $3), status = 'in_progress'
        WHERE k.id = $1 AND k.status IN ${OPEN} AND (k.claimed_by IS NULL OR k.claim_expires_at < now() OR k.claimed_by = $2)
        RETURNING k.id, k.patient_id`,
      [taskId, me, CLAIM_MINUTES],
    );
    const row = (claimed[0] as Array<{ id: string; patient_id: string }>)[0];
    if (!row) {
      const exists: Array<{ id: string | null; display_name: string | null; claim_expires_at: Date | null }> = await this.db.query(
        `SELECT u.id, u.display_name, k.claim_expires_at FROM followup_task k LEFT JOIN app_user u ON u.id = k.claimed_by AND k.claim_expires_at > now() WHERE k.id = $1`,
        [taskId],
      );
      if (!exists.length) throw AppError.notFound('Task');
      const h = exists[0];
      // Not open any more (done, lost…) or held by someone else: say who holds it when someone does.
      throw WorklistError.claimed(
        h.id && h.display_name && h.claim_expires_at
          ? { id: h.id, displayName: h.display_name, claimExpiresAt: h.claim_expires_at }
          : undefined,
      );
    }
    const others: [Array<{ id: string }>, number] = await this.db.query(
      `UPDATE followup_task k SET claimed_by = $2, claim_expires_at = now() + make_interval(mins => $3), status = 'in_progress'
        WHERE k.patient_id = $1 AND k.id <> $4 AND k.status IN ${OPEN} AND k.window_start <= $5::date
          AND (k.claimed_by IS NULL OR k.claim_expires_at < now() OR k.claimed_by = $2)
        RETURNING k.id`,
      [row.patient_id, me, CLAIM_MINUTES, taskId, this.today()],
    );
    return { taskIds: [taskId, ...others[0].map((o) => o.id)], claimExpiresAt: new Date(Date.now() + CLAIM_MINUTES * 60_000) };
  }

  async release(taskId: string) {
    await this.db.query(
      `UPDATE followup_task SET claimed_by = NULL, claim_expires_at = NULL, status = CASE WHEN status = 'in_progress' THEN 'pending' ELSE status END
        WHERE id = $1 AND claimed_by = $2`,
      [taskId, currentUser().id],
    );
  }

  /** The open task the caller holds the claim on (409 TASK_NOT_CLAIMED otherwise). */
  async mine(taskId: string): Promise<{
    id: string;
    patient_id: string;
    attempts: number;
    questionnaire_id: string;
    department_id: string | null;
    plan_id: string;
  }> {
    const rows = await this.db.query(
      `SELECT k.id, k.patient_id, k.attempts, k.questionnaire_id, COALESCE(k.department_id, e.department_id) AS department_id, k.plan_id
         FROM followup_task k JOIN followup_plan p ON p.id = k.plan_id LEFT JOIN encounter e ON e.id = p.encounter_id
        WHERE k.id = $1 AND k.claimed_by = $2 AND k.claim_expires_at > now() AND k.status IN ${OPEN}`,
      [taskId, currentUser().id],
    );
    if (!rows.length) throw WorklistError.notClaimed();
    return rows[0];
  }

  /** Records a call attempt and applies the retry policy for its outcome. */
  async attempt(
    taskId: string,
    a: { outcome: Outcome; notes?: string; durationSeconds?: number; callbackAt?: string; answeredBy?: string; callId?: string },
  ) {
    const task = await this.mine(taskId);
    const me = currentUser().id;
    const after = await this.db.transaction(async (m) => {
      await m.query(
        `INSERT INTO contact_attempt (task_id, patient_id, staff_id, channel, outcome, answered_by, duration_seconds, callback_at, notes, call_session_id, started_at)
         VALUES ($1, $2, $3, 'phone', $4, $5, $6, $7, $8, $9, $10)`,
        [
          taskId,
          task.patient_id,
          me,
          a.outcome,
          a.answeredBy ?? null,
          a.durationSeconds ?? null,
          a.callbackAt ?? null,
          a.notes ?? null,
          a.callId ?? null,
          this.clock.now(),
        ],
      );
      const attempts = task.attempts + 1;
      const [{ today }]: Array<{ today: string }> = await m.query(
        `SELECT count(*)::int AS today FROM contact_attempt WHERE task_id = $1 AND (started_at AT TIME ZONE 'Asia/Shanghai')::date = $2::date AND outcome IN ('no_answer', 'busy', 'powered_off')`,
        [taskId, this.today()],
      );
      // Only fixed SQL fragments are concatenated; values go in as parameters ($2 outcome, $3 callback time).
      let set = `attempts = attempts + 1, last_outcome = $2`;
      switch (a.outcome) {
        case 'reached':
        case 'reached_family':
          break; // the questionnaire follows in this call
        case 'callback':
          set += `, next_attempt_at = $3::timestamptz, status = 'pending', claimed_by = NULL, claim_expires_at = NULL`;
          break;
        case 'no_answer':
        case 'busy':
        case 'powered_off':
          if (attempts >= RETRY.total)
            set += `, status = 'lost', cancel_reason = 'not reached after ${RETRY.total} attempts', claimed_by = NULL`;
          else {
            const wait =
              Number(today) >= RETRY.perDay
                ? `date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') + interval '1 day 8 hours'`
                : `now() + interval '${RETRY.waitHours} hours'`;
            set += `, next_attempt_at = ${Number(today) >= RETRY.perDay ? `(${wait}) AT TIME ZONE 'Asia/Shanghai'` : wait}, status = 'pending', claimed_by = NULL, claim_expires_at = NULL`;
          }
          break;
        case 'wrong_number':
          set += `, status = 'pending', claimed_by = NULL, claim_expires_at = NULL`;
          break;
        case 'refused':
          set += `, status = 'failed', cancel_reason = 'patient refused', claimed_by = NULL`;
          break;
        case 'deceased':
          set += `, status = 'cancelled', cancel_reason = 'patient deceased', claimed_by = NULL`;
          break;
      }
      const values: unknown[] = [taskId, a.outcome];
      if (a.outcome === 'callback') values.push(new Date(a.callbackAt ? Date.parse(a.callbackAt) : Date.now() + 3600_000).toISOString());
      const [updated]: [Array<{ status: string; attempts: number; next_attempt_at: Date | null; last_outcome: string }>, number] =
        await m.query(`UPDATE followup_task SET ${set} WHERE id = $1 RETURNING status, attempts, next_attempt_at, last_outcome`, values);
      if (a.outcome === 'deceased') {
        // A death ends every pending follow-up and all contact.
        await m.query(`UPDATE patient SET status = 'deceased', deceased_date = COALESCE(deceased_date, $2::date) WHERE id = $1`, [
          task.patient_id,
          this.today(),
        ]);
        await m.query(
          `UPDATE followup_task SET status = 'cancelled', cancel_reason = 'patient deceased', claimed_by = NULL WHERE patient_id = $1 AND status IN ${OPEN}`,
          [task.patient_id],
        );
      }
      return updated[0];
    });
    await this.audit.record({ action: 'task.attempt', entityType: 'followup_task', entityId: taskId, details: { outcome: a.outcome } });
    const t = after;
    return { taskId, status: t.status, attempts: t.attempts, nextAttemptAt: t.next_attempt_at, lastOutcome: t.last_outcome };
  }

  /** Saves the questionnaire answers, finishes the task, and raises escalations for flagged answers. */
  async complete(taskId: string, answers: Answers) {
    const task = await this.mine(taskId);
    const me = currentUser().id;
    const result = await this.db.transaction((m) =>
      recordResponse(m, { ...task, id: taskId }, answers, { by: me, mode: 'phone', at: this.clock.now() }),
    );
    await this.audit.record({
      action: 'task.complete',
      entityType: 'followup_task',
      entityId: taskId,
      details: { escalations: result.escalationIds.length },
    });
    return { taskId, status: 'done', ...result };
  }

  /** The patient's contact log (every attempt) and questionnaire responses, newest first. */
  async patientHistory(patientId: string) {
    const contacts = await this.db.query(
      `SELECT a.id, a.task_id, a.channel, a.outcome, a.answered_by, a.started_at, a.duration_seconds, a.callback_at, a.notes, u.display_name AS staff_name,
              COALESCE((SELECT json_agg(json_build_object('id', c.id, 'durationSeconds', c.duration_seconds, 'contentType', c.content_type) ORDER BY c.created_at)
                          FROM call_recording c WHERE c.attempt_id = a.id), '[]') AS recordings
         FROM contact_attempt a LEFT JOIN app_user u ON u.id = a.staff_id WHERE a.patient_id = $1 ORDER BY a.started_at DESC LIMIT 200`,
      [patientId],
    );
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT r.id, r.task_id, r.questionnaire_id, q.title_zh, q.title_en, q.version, r.answers, r.scores, r.attention, r.submitted_at, r.mode, q.definition
         FROM questionnaire_response r JOIN questionnaire q ON q.id = r.questionnaire_id WHERE r.patient_id = $1 ORDER BY r.submitted_at DESC LIMIT 100`,
      [patientId],
    );
    // Each answer with its question text, so earlier answers read without the questionnaire at hand.
    const responses = rows.map(({ definition, ...r }) => ({
      ...r,
      items: describeAnswers(
        definition as QuestionnaireDefinition,
        r['answers'] as Answers,
        (definition as QuestionnaireDefinition).sections
          .flatMap((s) => s.questions.map((q) => q.id))
          .filter((id) => id in (r['answers'] as Answers)),
      ),
    }));
    return { contacts, responses };
  }

  /**
   * Escalations in the caller's departments, urgent first then by due time, with the flagged
   * questions and the answers given (so the doctor need not open the record to understand it).
   */
  async escalations(status: 'open' | 'answered' | 'closed') {
    const scope = departmentFilter(requestContext.get()?.scope);
    return this.escalationRows(`e.status = $1 AND ($2::uuid[] IS NULL OR e.department_id = ANY($2::uuid[]))`, [status, scope]);
  }

  /** The patient's escalations that are not closed yet (for the call screen). */
  patientEscalations(patientId: string) {
    return this.escalationRows(`e.patient_id = $1 AND e.status <> 'closed'`, [patientId]);
  }

  private async escalationRows(where: string, params: unknown[]) {
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT e.id, e.patient_id, pt.name, e.severity, e.reason, e.status, e.due_at, e.due_at < now() AND e.status = 'open' AS overdue, e.reply,
              e.created_at, e.replied_at, e.closed_at, e.task_id, e.questions, d.name AS department_name, d.name_en AS department_name_en,
              ru.display_name AS raised_by_name, pu.display_name AS replied_by_name,
              q.title_zh, q.title_en, q.definition, r.answers
         FROM escalation e JOIN patient pt ON pt.id = e.patient_id LEFT JOIN department d ON d.id = e.department_id
         LEFT JOIN app_user ru ON ru.id = e.raised_by LEFT JOIN app_user pu ON pu.id = e.replied_by
         LEFT JOIN questionnaire_response r ON r.task_id = e.task_id LEFT JOIN questionnaire q ON q.id = r.questionnaire_id
        WHERE ${where}
        ORDER BY e.status = 'open' AND e.severity = 'urgent' DESC, e.severity = 'urgent' DESC, e.due_at LIMIT 200`,
      params,
    );
    return rows.map(({ definition, answers, title_zh, title_en, ...e }) => ({
      ...e,
      questionnaire: title_zh ? { titleZh: title_zh, titleEn: title_en } : null,
      flagged: describeAnswers(
        definition as QuestionnaireDefinition | null,
        (answers ?? {}) as Answers,
        withFollowUps(definition as QuestionnaireDefinition | null, (answers ?? {}) as Answers, (e['questions'] ?? []) as string[]),
      ),
    }));
  }

  async reply(id: string, reply: string) {
    const res: [unknown[], number] = await this.db.query(
      `UPDATE escalation SET reply = $2, replied_by = $3, replied_at = $4, status = 'answered' WHERE id = $1 AND status = 'open' RETURNING id`,
      [id, reply, currentUser().id, this.clock.now()],
    );
    if (!res[0].length) throw new AppError(HttpStatus.CONFLICT, 'ESCALATION_NOT_OPEN', 'This escalation is not open');
    await this.audit.record({ action: 'escalation.reply', entityType: 'escalation', entityId: id });
  }

  async close(id: string) {
    const res: [unknown[], number] = await this.db.query(
      `UPDATE escalation SET status = 'closed', closed_at = $2 WHERE id = $1 AND status <> 'closed' RETURNING id`,
      [id, this.clock.now()],
    );
    if (!res[0].length) throw new AppError(HttpStatus.CONFLICT, 'ESCALATION_CLOSED', 'This escalation is already closed');
    await this.audit.record({ action: 'escalation.close', entityType: 'escalation', entityId: id });
  }
}

/** The task a response answers: its patient, questionnaire version and the department escalations go to. */
export interface ResponseTask {
  id: string;
  patient_id: string;
  questionnaire_id: string;
  department_id: string | null;
}

/**
 * Checks the answers against the questionnaire version the task asks, stores the response, finishes
 * the task and raises an escalation for answers that need attention — inside the caller's
 * transaction. Shared by the call screen (`mode: 'phone'`) and the patient's self-survey link
 * (`mode: 'self'`, no staff member). `at` is the application clock's time: the response's submission,
 * the task's completion and any escalation's creation (its due time counts from it). Throws a 400 with
 * `answers.<question>` field errors.
 */
export async function recordResponse(
  m: EntityManager,
  task: ResponseTask,
  answers: Answers,
  how: { by: string | null; mode: 'phone' | 'self'; at: Date },
) {
  const [q]: Array<{ definition: QuestionnaireDefinition }> = await m.query(`SELECT definition FROM questionnaire WHERE id = $1`, [
    task.questionnaire_id,
  ]);
  const check = checkAnswers(q.definition, answers);
  if (Object.keys(check.errors).length)
    throw AppError.validation(Object.fromEntries(Object.entries(check.errors).map(([k, v]) => [`answers.${k}`, v])));
  const scores = score(q.definition, check.kept);
  await m.query(
    `INSERT INTO questionnaire_response (task_id, patient_id, questionnaire_id, answers, scores, attention, submitted_by, mode, submitted_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      task.id,
      task.patient_id,
      task.questionnaire_id,
      JSON.stringify(check.kept),
      JSON.stringify(scores),
      check.attention,
      how.by,
      how.mode,
      how.at,
    ],
  );
  await m.query(
    `UPDATE followup_task SET status = 'done', completed_at = $3, completed_by = $2, claimed_by = NULL, claim_expires_at = NULL WHERE id = $1`,
    [task.id, how.by, how.at],
  );
  let escalationIds: string[] = [];
  if (check.attention.length) {
    const urgent = check.attention.some((id) => !check.outOfRange.includes(id));
    const rows: Array<{ id: string }> = await m.query(
      `INSERT INTO escalation (patient_id, task_id, department_id, severity, reason, questions, due_at, raised_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $9::timestamptz + $7::interval, $8, $9) RETURNING id`,
      [
        task.patient_id,
        task.id,
        task.department_id,
        urgent ? 'urgent' : 'normal',
        `需关注的回答 / answers needing attention: ${check.attention.join(', ')}${how.mode === 'self' ? ' (患者自填 / self-survey)' : ''}`,
        check.attention,
        urgent ? '15 minutes' : '24 hours',
        how.by,
        how.at,
      ],
    );
    escalationIds = rows.map((r) => r.id);
  }
  return { scores, attention: check.attention, escalationIds };
}
