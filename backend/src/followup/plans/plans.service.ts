import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../platform/audit/audit.service';
import { Clock, hospitalDay } from '../../platform/clock';
import { departmentFilter } from '../../platform/context/access-scope';
import { currentUser, requestContext } from '../../platform/context/request-context';
import { AppError } from '../../platform/errors/app-error';
import { PatientQuery } from '../../patients/patient-search';
import { PatientFilter } from '../../patients/patients.dto';
import { insertAssignedTasks } from '../../worklist/assignment-sql';
import { EnrolmentRules, FollowupTemplate, PlanStep } from './plan.entities';
import { changedStepKeys, scheduleTasks, stepOccurrences } from './schedule';
import { ENDED_PATIENT, TASK_COLUMNS, TaskHorizon } from './task-horizon';
import { CreateTemplateDto, EnrolDto, UpdateTemplateDto } from './templates.dto';

/** Do-not-contact purpose that blocks each template purpose. */
const RESTRICTION_FOR: Record<FollowupTemplate['purpose'], string> = {
  clinical: 'clinical_followup',
  chronic: 'clinical_followup',
  research: 'research',
  satisfaction: 'satisfaction',
};

/** Desired task rows per regeneration batch (plans × tasks of the changed steps); each batch is one transaction. */
const REGEN_BATCH_ROWS = 10_000;
/** How long a regeneration lease lasts without a finished round of batches before another process may take it over. */
const REGEN_LEASE_SECONDS = 300;
/**
 * The plan id space is cut in slices (lower bounds) that are worked at the same time, one batch of
 * each per round on its own connection: the batches are index-maintenance bound, so two of them keep
 * both cores of a small server busy. A slice's cursor is the last plan id done, or REGEN_DONE.
 */
const REGEN_SLICES = ['00000000-0000-0000-0000-000000000000', '80000000-0000-0000-0000-000000000000'];
const REGEN_DONE = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

/**
 * One regeneration batch, set-based in one statement: the next `$3` active plans of template `$1`
 * after plan id `$2` (keyset) in the slice of plan ids [`$17`, `$18`), and the tasks that the occurrences `$4`–`$12` of the changed steps
 * schedule for them (`stepOccurrences`, expanded in Node so that the planner knows how many rows
 * there are): the anchor's China date + the occurrence's offset, with the step's window around it,
 * as `scheduleTasks` computes. Then, touching only pending tasks of the changed steps `$13`: re-date /
 * re-point those that differ, cancel those no longer scheduled (the reason names version `$14`;
 * `$15` are the current step keys), and add missing ones whose window has not closed before `$16`
 * (hospital today: an added step does not create tasks already past) and that are due by `$19` (the
 * horizon's end: later ones are created by the daily generation, TaskHorizon). Done, in-progress and
 * other non-pending tasks are never touched; running it again changes nothing.
 */
const REGEN_BATCH_SQL = `
WITH plans AS MATERIALIZED (
  SELECT p.id, p.patient_id, p.discharged_at, p.admitted_at, p.enrolled_at, p.encounter_id
    FROM followup_plan p
   WHERE p.template_id = $1 AND p.status = 'active' AND ($2::uuid IS NULL OR p.id > $2::uuid)
     AND p.id >= $17::uuid AND ($18::uuid IS NULL OR p.id < $18::uuid)
   ORDER BY p.id LIMIT $3),
desired AS MATERIALIZED (
  SELECT p.id AS plan_id, p.patient_id, s.key AS step_key, s.seq AS sequence, d.due AS due_date, d.due - s.before AS window_start,
         d.due + s.after AS window_end, s.questionnaire_id, s.channel, s.team,
         CASE WHEN s.team = 'department' THEN (SELECT e.department_id FROM encounter e WHERE e.id = p.encounter_id) END AS department_id
    FROM plans p
    CROSS JOIN unnest($4::text[], $5::int[], $6::text[], $7::int[], $8::int[], $9::int[], $10::uuid[], $11::text[], $12::text[])
               AS s(key, seq, anchor, offset_days, before, after, questionnaire_id, channel, team)
    CROSS JOIN LATERAL (SELECT CASE s.anchor WHEN 'discharge' THEN p.discharged_at WHEN 'admission' THEN p.admitted_at ELSE p.enrolled_at END AS at) a
    CROSS JOIN LATERAL (SELECT (a.at AT TIME ZONE 'Asia/Shanghai')::date + s.offset_days AS due) d
   WHERE a.at IS NOT NULL),
moved AS (
  UPDATE followup_task k
     SET due_date = d.due_date, window_start = d.window_start, window_end = d.window_end, questionnaire_id = d.questionnaire_id,
         channel = d.channel, team = d.team, department_id = d.department_id, template_version = $14, updated_at = now()
    FROM desired d
   WHERE k.plan_id = d.plan_id AND k.step_key = d.step_key AND k.sequence = d.sequence AND k.status = 'pending'
     AND (k.due_date, k.window_start, k.window_end, k.questionnaire_id, k.channel, k.team, k.department_id)
         IS DISTINCT FROM (d.due_date, d.window_start, d.window_end, d.questionnaire_id, d.channel, d.team, d.department_id)
  RETURNING 1),
cancelled AS (
  UPDATE followup_task k
     SET status = 'cancelled', updated_at = now(),
         cancel_reason = CASE WHEN k.step_key = ANY($15::text[]) THEN 'no longer scheduled by the template (version ' || $14 || ')'
                              ELSE 'step removed from the template (version ' || $14 || ')' END
    FROM plans p
   WHERE k.plan_id = p.id AND k.status = 'pending' AND k.step_key = ANY($13::text[])
     AND NOT EXISTS (SELECT 1 FROM desired d WHERE d.plan_id = k.plan_id AND d.step_key = k.step_key AND d.sequence = k.sequence)
  RETURNING 1),
created AS (
  INSERT INTO followup_task (plan_id, patient_id, step_key, sequence, due_date, window_start, window_end, questionnaire_id, channel, team, department_id, template_version)
  SELECT d.plan_id, d.patient_id, d.step_key, d.sequence, d.due_date, d.window_start, d.window_end, d.questionnaire_id, d.channel, d.team, d.department_id, $14
    FROM desired d WHERE d.window_end >= $16::date AND d.due_date <= $19::date
  ON CONFLICT (plan_id, step_key, sequence) DO NOTHING
  RETURNING 1)
SELECT (SELECT count(*) FROM plans)::int AS plans, (SELECT id FROM plans ORDER BY id DESC LIMIT 1) AS last,
       (SELECT count(*) FROM moved)::int AS moved, (SELECT count(*) FROM cancelled)::int AS cancelled, (SELECT count(*) FROM created)::int AS created`;

/** The parameters $4–$12 of REGEN_BATCH_SQL: the occurrences of these steps, as column arrays. */
function occurrenceColumns(steps: PlanStep[]): unknown[] {
  const o = stepOccurrences(steps);
  return [
    o.map((x) => x.step.key),
    o.map((x) => x.sequence),
    o.map((x) => x.step.anchor),
    o.map((x) => x.offsetDays),
    o.map((x) => x.step.windowBeforeDays),
    o.map((x) => x.step.windowAfterDays),
    o.map((x) => x.step.questionnaireId),
    o.map((x) => x.step.channel),
    o.map((x) => x.step.team),
  ];
}

/** What a regeneration did; `complete` is false when another edit or process took it over. */
export interface RegenerationResult {
  steps: string[];
  plans: number;
  moved: number;
  cancelled: number;
  created: number;
  batches: number;
  complete: boolean;
}

interface PlanRow {
  id: string;
  patient_id: string;
  discharged_at: Date | null;
  admitted_at: Date | null;
  enrolled_at: Date;
  department_id: string | null;
}

export interface Candidate {
  patient_id: string;
  encounter_id: string | null;
  discharged_at: Date | null;
  admitted_at: Date | null;
  department_id: string | null;
}

/**
 * Follow-up templates and the enrolment engine. Matching discharges are found with one query per
 * template; plans are inserted with ON CONFLICT DO NOTHING (unique patient + template + anchor) and
 * their tasks with ON CONFLICT DO NOTHING (unique plan + step + sequence), so every path —
 * event, scheduled scan, manual, segment — can run again without duplicating anything.
 */
@Injectable()
export class PlansService {
  private readonly logger = new Logger(PlansService.name);
  /** Desired task rows per regeneration batch (the API tests lower it to cross batch boundaries on a small database). */
  regenBatchRows = REGEN_BATCH_ROWS;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly horizon: TaskHorizon,
  ) {}

  // ---- templates ----------------------------------------------------------------------------------

  private async checkQuestionnaires(steps: PlanStep[] | CreateTemplateDto['steps']) {
    const ids = [...new Set(steps.map((s) => s.questionnaireId))];
    const rows: Array<{ id: string; status: string }> = await this.db.query(
      `SELECT id, status FROM questionnaire WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    const fields: Record<string, string[]> = {};
    steps.forEach((s, i) => {
      const q = rows.find((r) => r.id === s.questionnaireId);
      if (!q) fields[`steps.${i}.questionnaireId`] = ['unknown questionnaire'];
      else if (q.status !== 'published') fields[`steps.${i}.questionnaireId`] = ['the questionnaire must be published'];
    });
    const keys = new Set<string>();
    steps.forEach((s, i) => {
      if (keys.has(s.key)) (fields[`steps.${i}.key`] ??= []).push(`duplicate step key "${s.key}"`);
      keys.add(s.key);
    });
    if (Object.keys(fields).length) throw AppError.validation(fields);
  }

  private checkRules(rules: EnrolmentRules) {
    if (rules.ageMin !== undefined && rules.ageMax !== undefined && rules.ageMin > rules.ageMax)
      throw AppError.validation({ 'rules.ageMin': ['ageMin is above ageMax'] });
  }

  /** Active departments with their active wards, by code. */
  async orgUnits(): Promise<
    Array<{
      id: string;
      code: string;
      name: string;
      nameEn: string | null;
      wards: Array<{ id: string; code: string; name: string; nameEn: string | null }>;
    }>
  > {
    return this.db.query(
      `SELECT d.id, d.code, d.name, d.name_en AS "nameEn",
              COALESCE(json_agg(json_build_object('id', w.id, 'code', w.code, 'name', w.name, 'nameEn', w.name_en) ORDER BY w.code)
                       FILTER (WHERE w.id IS NOT NULL), '[]') AS wards
         FROM department d LEFT JOIN ward w ON w.department_id = d.id AND w.active
        WHERE d.active GROUP BY d.id ORDER BY d.code`,
    );
  }

  list() {
    return this.db.getRepository(FollowupTemplate).find({ order: { active: 'DESC', nameZh: 'ASC' } });
  }

  async get(id: string) {
    const t = await this.db.getRepository(FollowupTemplate).findOneBy({ id });
    if (!t) throw AppError.notFound('Follow-up template');
    return t;
  }

  async create(dto: CreateTemplateDto) {
    this.checkRules(dto.rules);
    await this.checkQuestionnaires(dto.steps);
    const repo = this.db.getRepository(FollowupTemplate);
    const t = await repo.save(
      repo.create({ ...dto, ownerDepartmentId: dto.ownerDepartmentId ?? null, createdBy: currentUser().id, version: 1, active: true }),
    );
    await this.audit.record({ action: 'template.create', entityType: 'followup_template', entityId: t.id, details: { name: t.nameZh } });
    return t;
  }

  /**
   * Edits a template. Done and in-progress tasks are never touched; pending tasks of active plans
   * follow the new steps — but only the steps that changed (added, removed, or with a different
   * anchor, offset, repeat, questionnaire, channel, team or window): their pending tasks are re-dated
   * and re-pointed in place, cancelled with a reason when no longer scheduled, and added when new.
   * Tasks of unchanged steps keep their rows (and the template version that made them).
   *
   * The template row is saved together with what is left to regenerate (the changed step keys); the
   * regeneration then runs in this request in batches of plans, each its own transaction, so no
   * transaction spans the whole template. Should the process stop half-way, the minute job finishes
   * it (`resumeRegenerations`); an edit made meanwhile takes it over, adding its own changed steps.
   */
  async update(id: string, dto: UpdateTemplateDto) {
    await this.get(id);
    if (dto.rules) this.checkRules(dto.rules);
    if (dto.steps) await this.checkQuestionnaires(dto.steps);
    const lease = randomUUID();
    const { t, steps } = await this.db.transaction(async (m) => {
      // FOR NO KEY UPDATE: waits for a running regeneration batch or enrolment, not for plan inserts' key-share locks.
      const [locked]: Array<{ regen_steps: string[] | null }> = await m.query(
        `SELECT regen_steps FROM followup_template WHERE id = $1 FOR NO KEY UPDATE`,
        [id],
      );
      const t = await m.getRepository(FollowupTemplate).findOneByOrFail({ id });
      const changed = dto.steps ? changedStepKeys(t.steps, dto.steps) : [];
      Object.assign(t, dto);
      t.version += 1;
      await m.save(t);
      const steps = [...new Set([...(locked.regen_steps ?? []), ...changed])].sort();
      if (steps.length)
        await m.query(
          `UPDATE followup_template SET regen_steps = $2, regen_after = NULL, regen_lease = $3, regen_lease_until = now() + make_interval(secs => $4)
            WHERE id = $1`,
          [id, steps, lease, REGEN_LEASE_SECONDS],
        );
      return { t, steps };
    });
    const regeneration = steps.length ? await this.regenerate(id, lease) : undefined;
    await this.audit.record({
      action: 'template.update',
      entityType: 'followup_template',
      entityId: id,
      details: { fields: Object.keys(dto), version: t.version, ...(regeneration ? { regeneration } : {}) },
    });
    return t;
  }

  /**
   * Works off a template's unfinished regeneration while this process holds its lease, in rounds:
   * one batch (REGEN_BATCH_SQL) of every unfinished slice at the same time, each in its own
   * transaction, then one short transaction that moves the slices' cursors (and renews the lease).
   * A slice is finished when its batch finds fewer plans than it asked for. Stops early when the lease
   * is gone (a newer edit restarted the regeneration, or another process took over an expired lease).
   * A round whose cursors were not saved (the process stopped) is simply done again: batches only
   * write what differs.
   */
  async regenerate(id: string, lease: string): Promise<RegenerationResult> {
    const started = performance.now();
    const total: RegenerationResult = { steps: [], plans: 0, moved: 0, cancelled: 0, created: 0, batches: 0, complete: false };
    const today = hospitalDay(this.clock.now()).date;
    const horizonEnd = this.horizon.end();
    const finish = (complete: boolean) => {
      total.complete = complete;
      this.logger.log({ templateId: id, ...total, seconds: Math.round(performance.now() - started) / 1000 }, 'regenerated pending tasks');
      return total;
    };
    for (;;) {
      const [state]: Array<{ steps: PlanStep[]; version: number; regen_steps: string[]; regen_after: Array<string | null> | null }> =
        await this.db.query(
          `SELECT steps, version, regen_steps, regen_after FROM followup_template WHERE id = $1 AND regen_lease = $2 AND regen_steps IS NOT NULL`,
          [id, lease],
        );
      if (!state) return finish(false);
      const cursors = REGEN_SLICES.map((_, i) => state.regen_after?.[i] ?? null);
      const open = REGEN_SLICES.map((_, i) => i).filter((i) => cursors[i] !== REGEN_DONE);
      const changed = state.steps.filter((x) => state.regen_steps.includes(x.key));
      const limit = Math.max(1, Math.floor(this.regenBatchRows / Math.max(1, stepOccurrences(changed).length)));
      const params = [...occurrenceColumns(changed), state.regen_steps, state.version, state.steps.map((x) => x.key), today];
      const results = await Promise.all(
        open.map((i) =>
          this.db.transaction(async (m) => {
            // The lease, under a share lock: an edit (FOR NO KEY UPDATE) waits for this batch, and a batch never runs on replaced steps.
            const held = await m.query(`SELECT 1 FROM followup_template WHERE id = $1 AND regen_lease = $2 FOR SHARE`, [id, lease]);
            if (!held.length) return null;
            const [r]: Array<{ plans: number; last: string | null; moved: number; cancelled: number; created: number }> = await m.query(
              REGEN_BATCH_SQL,
              [id, cursors[i], limit, ...params, REGEN_SLICES[i], REGEN_SLICES[i + 1] ?? null, horizonEnd],
            );
            return r;
          }),
        ),
      );
      total.steps = state.regen_steps;
      results.forEach((r, k) => {
        if (!r) return;
        cursors[open[k]] = r.plans < limit ? REGEN_DONE : r.last;
        total.plans += r.plans;
        total.moved += r.moved;
        total.cancelled += r.cancelled;
        total.created += r.created;
        total.batches += 1;
      });
      if (results.some((r) => !r)) return finish(false);
      const done = cursors.every((c) => c === REGEN_DONE);
      const [saved]: [Array<{ id: string }>, number] = await this.db.query(
        done
          ? `UPDATE followup_template SET regen_steps = NULL, regen_after = NULL, regen_lease = NULL, regen_lease_until = NULL
              WHERE id = $1 AND regen_lease = $2 RETURNING id`
          : `UPDATE followup_template SET regen_after = $3, regen_lease_until = now() + make_interval(secs => $4)
              WHERE id = $1 AND regen_lease = $2 RETURNING id`,
        done ? [id, lease] : [id, lease, cursors, REGEN_LEASE_SECONDS],
      );
      if (!saved.length) return finish(false);
      if (done) return finish(true);
    }
  }

  /**
   * Finishes regenerations left unfinished by a process that stopped (its lease expired): claims each
   * with a new lease and runs it. Called by the minute job; answers how many it finished.
   */
  async resumeRegenerations(): Promise<number> {
    const open: Array<{ id: string }> = await this.db.query(
      `SELECT id FROM followup_template WHERE regen_steps IS NOT NULL AND (regen_lease_until IS NULL OR regen_lease_until < now())`,
    );
    let finished = 0;
    for (const { id } of open) {
      const lease = randomUUID();
      const [claimed]: [Array<{ id: string }>, number] = await this.db.query(
        `UPDATE followup_template SET regen_lease = $2, regen_lease_until = now() + make_interval(secs => $3)
          WHERE id = $1 AND regen_steps IS NOT NULL AND (regen_lease_until IS NULL OR regen_lease_until < now()) RETURNING id`,
        [id, lease, REGEN_LEASE_SECONDS],
      );
      if (claimed.length && (await this.regenerate(id, lease)).complete) finished++;
    }
    return finished;
  }

  /** Stops new enrolments and cancels pending tasks, with a reason. */
  async disable(id: string, reason: string) {
    const t = await this.get(id);
    await this.db.transaction(async (m) => {
      await m.query(`UPDATE followup_template SET active = false WHERE id = $1`, [id]);
      await m.query(
        `UPDATE followup_task k SET status = 'cancelled', cancel_reason = $2 FROM followup_plan p
          WHERE k.plan_id = p.id AND p.template_id = $1 AND k.status = 'pending'`,
        [id, reason],
      );
      await m.query(`UPDATE followup_plan SET status = 'cancelled', cancel_reason = $2 WHERE template_id = $1 AND status = 'active'`, [
        id,
        reason,
      ]);
    });
    await this.audit.record({
      action: 'template.disable',
      entityType: 'followup_template',
      entityId: id,
      details: { name: t.nameZh, reason },
    });
    return this.get(id);
  }

  // ---- matching ----------------------------------------------------------------------------------

  /** SQL + params selecting discharges a template's rules match (never deaths, merged or do-not-contact patients). */
  private matchSql(t: FollowupTemplate, where: string, params: unknown[]): { sql: string; params: unknown[] } {
    const r = t.rules ?? {};
    const p = [...params];
    const add = (v: unknown) => {
      p.push(v);
      return `$${p.length}`;
    };
    const cond: string[] = [
      'e.discharged_at IS NOT NULL',
      'e.cancelled_at IS NULL',
      'pt.merged_into_id IS NULL',
      "pt.status NOT IN ('deceased', 'lost_to_follow_up')",
      "COALESCE(e.discharge_disposition, '') <> '5'",
      `e.type = ANY(${add(r.patientClasses?.length ? r.patientClasses : ['inpatient', 'day_surgery'])}::text[])`,
      `NOT EXISTS (SELECT 1 FROM patient_contact_restriction cr WHERE cr.patient_id = pt.id AND cr.lifted_at IS NULL AND cr.purpose = ${add(RESTRICTION_FOR[t.purpose])})`,
      where,
    ];
    if (r.departmentIds?.length) cond.push(`e.department_id = ANY(${add(r.departmentIds)}::uuid[])`);
    if (r.wardIds?.length) cond.push(`e.ward_id = ANY(${add(r.wardIds)}::uuid[])`);
    if (r.dispositions?.length) cond.push(`e.discharge_disposition = ANY(${add(r.dispositions)}::text[])`);
    if (r.icdPrefixes?.length) {
      cond.push(
        `EXISTS (SELECT 1 FROM encounter_diagnosis d WHERE d.encounter_id = e.id AND d.icd10_code LIKE ANY(${add(r.icdPrefixes.map((x) => x.toUpperCase() + '%'))}::text[]))`,
      );
    }
    if (r.procedureCodes?.length)
      cond.push(
        `EXISTS (SELECT 1 FROM encounter_procedure pr WHERE pr.encounter_id = e.id AND pr.code = ANY(${add(r.procedureCodes)}::text[]))`,
      );
    if (r.ageMin !== undefined)
      cond.push(`pt.birth_date <= (e.discharged_at AT TIME ZONE 'Asia/Shanghai')::date - make_interval(years => ${add(r.ageMin)})`);
    if (r.ageMax !== undefined)
      cond.push(`pt.birth_date > (e.discharged_at AT TIME ZONE 'Asia/Shanghai')::date - make_interval(years => ${add(r.ageMax + 1)})`);
    return {
      sql: `SELECT e.patient_id, e.id AS encounter_id, e.discharged_at, e.admitted_at, e.department_id
              FROM encounter e JOIN patient pt ON pt.id = e.patient_id
             WHERE ${cond.join(' AND ')}`,
      params: p,
    };
  }

  /** "Which discharges of the last N days would this template enrol?" — counts and a sample. */
  async test(id: string, days: number) {
    const t = await this.get(id);
    const { sql, params } = this.matchSql(t, `e.discharged_at >= now() - make_interval(days => $1)`, [days]);
    const [{ total, enrolled }]: Array<{ total: string; enrolled: string }> = await this.db.query(
      `SELECT count(*) AS total, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM followup_plan f WHERE f.template_id = $${params.length + 1} AND f.anchor_key = m.encounter_id::text)) AS enrolled FROM (${sql}) m`,
      [...params, id],
    );
    const sample: Array<Record<string, unknown>> = await this.db.query(
      `SELECT m.patient_id, pt.name, m.discharged_at, d.name AS department_name, d.name_en AS department_name_en FROM (${sql}) m JOIN patient pt ON pt.id = m.patient_id
         LEFT JOIN department d ON d.id = m.department_id ORDER BY m.discharged_at DESC LIMIT 10`,
      params,
    );
    return {
      days,
      matching: Number(total),
      alreadyEnrolled: Number(enrolled),
      sample: sample.map((s) => ({
        patientId: s['patient_id'],
        name: s['name'],
        dischargedAt: s['discharged_at'],
        departmentName: s['department_name'],
        departmentNameEn: s['department_name_en'],
      })),
    };
  }

  // ---- enrolment -----------------------------------------------------------------------------------

  /** Enrols candidates (idempotent) and generates their tasks. Returns the number of new plans. */
  private async enrolCandidates(
    m: EntityManager,
    t: FollowupTemplate,
    candidates: Candidate[],
    by: 'rule' | 'manual' | 'segment',
  ): Promise<number> {
    if (!candidates.length) return 0;
    // The steps are read again under a share lock: an edit of the template (FOR NO KEY UPDATE) waits for
    // this enrolment to commit, or this enrolment reads the edited steps — so a new plan never gets tasks
    // of an older version that the edit's regeneration, running over the plans it can see, would miss.
    const [current]: Array<Pick<FollowupTemplate, 'steps' | 'version' | 'active'>> = await m.query(
      `SELECT steps, version, active FROM followup_template WHERE id = $1 FOR SHARE`,
      [t.id],
    );
    if (!current?.active) return 0;
    const enrolledAt = this.clock.now();
    const enrolDay = hospitalDay(enrolledAt).date;
    const plans: Array<{
      id: string;
      patient_id: string;
      encounter_id: string | null;
      discharged_at: Date | null;
      admitted_at: Date | null;
      enrolled_at: Date;
    }> = await m.query(
      `INSERT INTO followup_plan (patient_id, template_id, encounter_id, anchor_key, discharged_at, admitted_at, enrolled_by, enrolled_at)
       SELECT DISTINCT ON (x.p, COALESCE(x.e::text, 'manual:' || $5)) x.p, $1, x.e, COALESCE(x.e::text, 'manual:' || $5), x.d, x.a, $6, $8
         FROM unnest($2::uuid[], $3::uuid[], $4::timestamptz[], $7::timestamptz[]) AS x(p, e, d, a)
       ON CONFLICT (patient_id, template_id, anchor_key) DO NOTHING
       RETURNING id, patient_id, encounter_id, discharged_at, admitted_at, enrolled_at`,
      [
        t.id,
        candidates.map((c) => c.patient_id),
        candidates.map((c) => c.encounter_id),
        candidates.map((c) => c.discharged_at),
        enrolDay,
        by,
        candidates.map((c) => c.admitted_at),
        enrolledAt,
      ],
    );
    const deptOf = new Map(candidates.map((c) => [`${c.patient_id}:${c.encounter_id}`, c.department_id]));
    await this.insertTasks(
      m,
      current,
      plans.map((p) => ({ ...p, department_id: deptOf.get(`${p.patient_id}:${p.encounter_id}`) ?? null })),
    );
    return plans.length;
  }

  private async insertTasks(m: EntityManager, t: Pick<FollowupTemplate, 'steps' | 'version'>, plans: PlanRow[]): Promise<void> {
    await this.insertTaskRows(m, this.taskRows(t, plans));
  }

  /** Inserts the task rows that are new, each given to a nurse by the assignment rules in the same statement. */
  private async insertTaskRows(m: EntityManager, rows: unknown[][]): Promise<void> {
    if (!rows[0].length) return;
    await insertAssignedTasks(
      m,
      TASK_COLUMNS,
      `unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $5::date[], $6::date[], $7::date[], $8::uuid[], $9::text[], $10::text[], $11::uuid[], $12::int[])`,
      rows,
    );
  }

  /**
   * Task rows for plans under the template's steps (scheduleTasks) that are due by the horizon's end
   * (later ones are created by the daily generation, TaskHorizon), as column arrays for unnest.
   */
  private taskRows(t: Pick<FollowupTemplate, 'steps' | 'version'>, plans: PlanRow[]): unknown[][] {
    const rows: unknown[][] = [[], [], [], [], [], [], [], [], [], [], [], []];
    const horizonEnd = this.horizon.end();
    for (const p of plans) {
      const anchors = {
        discharge: p.discharged_at ? new Date(p.discharged_at) : null,
        admission: p.admitted_at ? new Date(p.admitted_at) : null,
        enrolment: new Date(p.enrolled_at),
      };
      for (const s of scheduleTasks(t.steps, anchors)) {
        if (s.dueDate > horizonEnd) continue;
        const vals = [
          p.id,
          p.patient_id,
          s.stepKey,
          s.sequence,
          s.dueDate,
          s.windowStart,
          s.windowEnd,
          s.step.questionnaireId,
          s.step.channel,
          s.step.team,
          s.step.team === 'department' ? p.department_id : null,
          t.version,
        ];
        vals.forEach((v, i) => rows[i].push(v));
      }
    }
    return rows;
  }

  /**
   * Enrols matching discharges into every active template with rules: the encounters `encounterIds`
   * (the discharge event), or those changed since a watermark (`changed`: `change_xid >= xid`, only
   * discharges at or after `dischargedAfter`; the scan), or those discharged since `since` (the scan's
   * first run after an upgrade, and a rescan from a date).
   */
  async enrolDischarges(filter: {
    since?: Date;
    encounterIds?: string[];
    changed?: { xid: string; dischargedAfter: Date };
  }): Promise<{ templates: number; plans: number }> {
    // A template without any enrolment rule is for manual enrolment only: it must never enrol every
    // discharge of the hospital.
    const templates = (await this.db.getRepository(FollowupTemplate).findBy({ active: true })).filter((t) => hasRules(t.rules));
    const [which, values] = filter.encounterIds
      ? [`e.id = ANY($1::uuid[])`, [filter.encounterIds]]
      : filter.changed
        ? [`e.change_xid >= $1::bigint AND e.discharged_at >= $3`, [filter.changed.xid, filter.changed.dischargedAfter]]
        : [`e.discharged_at >= $1`, [filter.since ?? new Date(0)]];
    let plans = 0;
    for (const t of templates) {
      // Discharges this template already enrolled are left out here (served by uq_followup_plan); the
      // insert stays ON CONFLICT DO NOTHING for concurrent scans.
      const where = `${which}
        AND NOT EXISTS (SELECT 1 FROM followup_plan f WHERE f.patient_id = e.patient_id AND f.template_id = $2 AND f.anchor_key = e.id::text)`;
      const [first, ...rest] = values;
      const { sql, params } = this.matchSql(t, where, [first, t.id, ...rest]);
      plans += await this.db.transaction(async (m) => this.enrolCandidates(m, t, await m.query(sql, params), 'rule'));
    }
    return { templates: templates.length, plans };
  }

  /** Manual enrolment: patients, a segment, or a department/ward's recent discharges. */
  async enrol(id: string, dto: EnrolDto) {
    const t = await this.get(id);
    if (!t.active) throw new AppError(HttpStatus.CONFLICT, 'TEMPLATE_DISABLED', 'This template is disabled');
    const scope = departmentFilter(requestContext.get()?.scope);
    let patientIds: string[] = dto.patientIds ?? [];
    let by: 'manual' | 'segment' = 'manual';
    if (dto.segmentId) {
      const seg: Array<{ filter: PatientFilter }> = await this.db.query(`SELECT filter FROM patient_segment WHERE id = $1`, [
        dto.segmentId,
      ]);
      if (!seg.length) throw AppError.notFound('Segment');
      const q = PatientQuery.build(seg[0].filter, scope);
      patientIds = (await this.db.query(q.candidates('NULL'), q.params)).map((r: { id: string }) => r.id);
      by = 'segment';
    }
    let candidates: Candidate[];
    if (dto.departmentId || dto.wardId) {
      const days = dto.days ?? 30;
      candidates = await this.db.query(
        `SELECT e.patient_id, e.id AS encounter_id, e.discharged_at, e.admitted_at, e.department_id FROM encounter e JOIN patient pt ON pt.id = e.patient_id
          WHERE e.discharged_at >= now() - make_interval(days => $1) AND pt.merged_into_id IS NULL AND pt.status NOT IN ('deceased')
            AND ($2::uuid IS NULL OR e.department_id = $2) AND ($3::uuid IS NULL OR e.ward_id = $3) AND COALESCE(e.discharge_disposition, '') <> '5'`,
        [days, dto.departmentId ?? null, dto.wardId ?? null],
      );
    } else {
      if (!patientIds.length) throw AppError.validation({ patientIds: ['give patients, a segment, or a department/ward'] });
      // Anchor on each patient's latest discharge when there is one, else on the enrolment date. A
      // department-scoped user anchors on the latest discharge from their own departments, so the
      // tasks and any escalation land in the department that enrolled the patient.
      const visible = PatientQuery.build({}, scope);
      const n = visible.params.length;
      candidates = await this.db.query(
        `SELECT p.id AS patient_id, lv.id AS encounter_id, lv.discharged_at, lv.admitted_at, lv.department_id
           FROM patient p LEFT JOIN LATERAL (SELECT e.id, e.discharged_at, e.admitted_at, e.department_id FROM encounter e
                                              WHERE e.patient_id = p.id AND e.discharged_at IS NOT NULL
                                                AND ($${n + 2}::uuid[] IS NULL OR e.department_id = ANY($${n + 2}::uuid[]))
                                              ORDER BY e.discharged_at DESC LIMIT 1) lv ON true
          WHERE p.id = ANY($${n + 1}::uuid[]) AND ${visible.sql()} AND p.status NOT IN ('deceased')`,
        [...visible.params, patientIds, scope],
      );
    }
    const created = await this.db.transaction(async (m) => this.enrolCandidates(m, t, candidates, by));
    await this.audit.record({
      action: 'template.enrol',
      entityType: 'followup_template',
      entityId: id,
      details: { candidates: candidates.length, newPlans: created, by },
    });
    return { candidates: candidates.length, newPlans: created };
  }

  /**
   * A patient's plans with their tasks and, for an active plan, the occurrences its template's current
   * steps schedule after the day the daily generation has reached (TaskHorizon.generatedThrough) that
   * have no task yet, marked as planned: what the patient can expect, though not yet a task.
   * Nothing is planned for a patient who is deceased, lost to follow-up or merged into another record.
   */
  async patientPlans(patientId: string) {
    const plans: Array<Record<string, unknown>> = await this.db.query(
      `SELECT p.id, p.template_id, t.name_zh, t.name_en, t.steps, p.status, p.enrolled_at,
              EXISTS (SELECT 1 FROM patient pt WHERE pt.id = p.patient_id AND (pt.merged_into_id IS NOT NULL OR pt.status IN ${ENDED_PATIENT})) AS ended, p.discharged_at, p.admitted_at, p.enrolled_by, p.cancel_reason,
              COALESCE(json_agg(json_build_object('id', k.id, 'stepKey', k.step_key, 'sequence', k.sequence, 'dueDate', k.due_date, 'windowStart', k.window_start,
                 'windowEnd', k.window_end, 'status', k.status, 'channel', k.channel, 'team', k.team, 'questionnaireId', k.questionnaire_id, 'cancelReason', k.cancel_reason)
                 ORDER BY k.due_date, k.step_key) FILTER (WHERE k.id IS NOT NULL), '[]') AS tasks
         FROM followup_plan p JOIN followup_template t ON t.id = p.template_id LEFT JOIN followup_task k ON k.plan_id = p.id
        WHERE p.patient_id = $1 GROUP BY p.id, t.id ORDER BY p.enrolled_at DESC`,
      [patientId],
    );
    const through = [hospitalDay(this.clock.now()).date, await this.horizon.generatedThrough()].sort()[1];
    return plans.map((p) => {
      const tasks = p['tasks'] as Array<{ stepKey: string; sequence: number }>;
      return {
        id: p['id'],
        templateId: p['template_id'],
        nameZh: p['name_zh'],
        nameEn: p['name_en'],
        status: p['status'],
        enrolledAt: p['enrolled_at'],
        dischargedAt: p['discharged_at'],
        enrolledBy: p['enrolled_by'],
        cancelReason: p['cancel_reason'],
        tasks,
        planned: p['status'] === 'active' && !p['ended'] ? plannedOccurrences(p, tasks, through) : [],
      };
    });
  }
}

/** The occurrences the plan's template schedules after `after` that have no task row (see patientPlans). */
function plannedOccurrences(p: Record<string, unknown>, tasks: Array<{ stepKey: string; sequence: number }>, after: string) {
  const have = new Set(tasks.map((k) => `${k.stepKey}#${k.sequence}`));
  const at = (v: unknown) => (v ? new Date(v as string) : null);
  return scheduleTasks(p['steps'] as PlanStep[], {
    discharge: at(p['discharged_at']),
    admission: at(p['admitted_at']),
    enrolment: new Date(p['enrolled_at'] as string),
  })
    .filter((o) => o.dueDate > after && !have.has(`${o.stepKey}#${o.sequence}`))
    .map((o) => ({
      stepKey: o.stepKey,
      sequence: o.sequence,
      dueDate: o.dueDate,
      windowStart: o.windowStart,
      windowEnd: o.windowEnd,
      channel: o.step.channel,
      team: o.step.team,
      questionnaireId: o.step.questionnaireId,
    }));
}

/**
 * Cancels the follow-up started by an encounter's discharge when the HIS cancels that discharge
 * (ADT A13), inside the caller's transaction: active plans anchored on the encounter are cancelled
 * with the reason, their open tasks too (done ones stay). The plan keeps its row but frees its
 * anchor, so a renewed discharge of the same visit enrols again. Answers how many plans it cancelled.
 */
export async function cancelPlansForEncounter(m: EntityManager, encounterId: string, reason: string): Promise<number> {
  // An UPDATE through TypeORM answers [rows, affected].
  const [plans]: [Array<{ id: string }>, number] = await m.query(
    `UPDATE followup_plan SET status = 'cancelled', cancel_reason = $2, anchor_key = left(anchor_key || '#cancelled@' || extract(epoch FROM now())::bigint, 64)
      WHERE encounter_id = $1 AND status = 'active' RETURNING id`,
    [encounterId, reason],
  );
  if (!plans.length) return 0;
  await m.query(
    `UPDATE followup_task SET status = 'cancelled', cancel_reason = $2, claimed_by = NULL, claim_expires_at = NULL
      WHERE plan_id = ANY($1::uuid[]) AND status IN ('pending', 'due', 'overdue', 'in_progress')`,
    [plans.map((p) => p.id), reason],
  );
  return plans.length;
}

/** Whether a template's rules select anything (a template without rules is enrolled by hand only). */
export function hasRules(r: EnrolmentRules | null | undefined): boolean {
  if (!r) return false;
  const lists = [r.departmentIds, r.wardIds, r.icdPrefixes, r.procedureCodes, r.patientClasses, r.dispositions];
  return lists.some((l) => !!l?.length) || r.ageMin != null || r.ageMax != null;
}
