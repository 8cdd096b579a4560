import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Clock, hospitalDay } from '../../platform/clock';
import { insertAssignedTasks } from '../../worklist/assignment-sql';
import { PlanStep } from './plan.entities';
import { addDays, stepOccurrences } from './schedule';

/** The `app_setting` row holding the last due day up to which every active plan has its tasks (the generation's lock, too). */
const SETTING = 'followup.tasks_generated_through';
/** Due days per generation transaction: a normal night is one day; a catch-up after downtime goes in steps of a week. */
const DAYS_PER_STEP = 7;

/** The columns of a new task row, in the order of the row sources given to insertAssignedTasks (generation and enrolment). */
export const TASK_COLUMNS = [
  'plan_id',
  'patient_id',
  'step_key',
  'sequence',
  'due_date',
  'window_start',
  'window_end',
  'questionnaire_id',
  'channel',
  'team',
  'department_id',
  'template_version',
] as const;

/**
 * Patients who get no new follow-up: a death (HL7 PID-30 or a call outcome) or "lost to follow-up"
 * cancels their open tasks but leaves their plans as they were, so no later occurrence may become a
 * task either (the same statuses enrolment leaves out; merged records are left out too).
 */
export const ENDED_PATIENT = `('deceased', 'lost_to_follow_up')`;

/**
 * The tasks coming into the horizon, set-based in one statement for every active template: each
 * occurrence of each step (`$1`–`$11`, one array element per template × occurrence, expanded in Node
 * so the planner knows how many there are) joined to the template's active plans (index-only scan of
 * ix_followup_plan_template_active), due day = anchor's China date + offset, kept when it falls in
 * (`$12`, `$13`], for patients still followed up. The insert (ON CONFLICT DO NOTHING) is insertAssignedTasks', which gives each new
 * task to a nurse by the assignment rules, as at enrolment.
 */
const COMING_INTO_HORIZON = `(
  SELECT p.id, p.patient_id, s.key, s.seq, d.due, d.due - s.before, d.due + s.after, s.questionnaire_id, s.channel, s.team,
         CASE WHEN s.team = 'department' THEN (SELECT e.department_id FROM encounter e WHERE e.id = p.encounter_id) END, s.version
    FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::int[], $6::int[], $7::int[], $8::uuid[], $9::text[], $10::text[], $11::int[])
         AS s(template_id, key, seq, anchor, offset_days, before, after, questionnaire_id, channel, team, version)
    JOIN followup_plan p ON p.template_id = s.template_id AND p.status = 'active'
    CROSS JOIN LATERAL (SELECT CASE s.anchor WHEN 'discharge' THEN p.discharged_at WHEN 'admission' THEN p.admitted_at ELSE p.enrolled_at END AS at) a
    CROSS JOIN LATERAL (SELECT (a.at AT TIME ZONE 'Asia/Shanghai')::date + s.offset_days AS due) d
   WHERE a.at IS NOT NULL AND d.due > $12::date AND d.due <= $13::date
     AND EXISTS (SELECT 1 FROM patient pt WHERE pt.id = p.patient_id AND pt.merged_into_id IS NULL AND pt.status NOT IN ${ENDED_PATIENT}))`;

export interface HorizonRun {
  /** Due days generated: after `from`, up to and including `through`. */
  from: string;
  through: string;
  templates: number;
  created: number;
  seconds: number;
}

/**
 * Tasks are materialised only up to a horizon (`FOLLOWUP_HORIZON_DAYS` after the hospital's today,
 * 62 by default): enrolment and template edits create the tasks due by then, and this generation
 * creates, for all active plans, the tasks that come into the horizon as the days pass, from the
 * template's current steps. Occurrences further out are shown on the patient record as planned
 * (PlansService.patientPlans), computed from the steps.
 *
 * The generation runs at the first tick after the hospital day changes (the tick runs every ten
 * minutes and does nothing while the horizon is up to date), and catches up after downtime. Several
 * instances are safe: each step holds the row lock on its watermark (FOR UPDATE SKIP LOCKED; another
 * instance skips), and moves the watermark in the same transaction as its inserts, which are
 * ON CONFLICT DO NOTHING anyway.
 */
@Injectable()
export class TaskHorizon implements OnApplicationShutdown {
  private readonly logger = new Logger(TaskHorizon.name);
  private running = false;
  private stopping = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  get days(): number {
    return this.config.followupHorizonDays;
  }

  /** The last due day materialised today: the hospital's today + the horizon. */
  end(): string {
    return addDays(hospitalDay(this.clock.now()).date, this.days);
  }

  /**
   * The last due day up to which every active plan has its tasks: the generation's watermark, or the
   * horizon's end before its first run. Occurrences due later are still to come (planned); earlier
   * ones without a task will not be created any more (e.g. they came into range while the patient was
   * recorded deceased).
   */
  async generatedThrough(): Promise<string> {
    const [row]: Array<{ value: string }> = await this.db.query(`SELECT value FROM app_setting WHERE key = $1`, [SETTING]);
    return row?.value ?? this.end();
  }

  onApplicationShutdown(): void {
    this.stopping = true;
  }

  @Interval('followup-horizon', 600_000)
  async tick(): Promise<void> {
    if (this.running || this.stopping || !this.db.isInitialized) return;
    this.running = true;
    try {
      const r = await this.generate();
      if (r?.created) this.logger.log({ ...r }, 'generated the tasks coming into the horizon');
    } catch (e) {
      this.logger.warn({ err: (e as Error).message }, 'task generation failed; it will run again');
    } finally {
      this.running = false;
    }
  }

  /**
   * Brings every active plan's tasks up to the horizon's end, in steps of at most DAYS_PER_STEP due
   * days, each one transaction. Answers what it did, or undefined when another instance holds the
   * generation. The first run ever only records the horizon: enrolment had already created every
   * task up to it (before the horizon existed, all of them).
   */
  async generate(): Promise<HorizonRun | undefined> {
    const started = performance.now();
    const target = this.end();
    let run: HorizonRun | undefined;
    for (;;) {
      const step = await this.db.transaction(async (m) => {
        await m.query(`INSERT INTO app_setting (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [SETTING, target]);
        const [row]: Array<{ value: string }> = await m.query(`SELECT value FROM app_setting WHERE key = $1 FOR UPDATE SKIP LOCKED`, [
          SETTING,
        ]);
        if (!row) return undefined;
        const from = row.value;
        if (from >= target) return { from, through: from, templates: 0, created: 0, done: true };
        const through = [addDays(from, DAYS_PER_STEP), target].sort()[0];
        // The templates under FOR NO KEY UPDATE: this waits for enrolments in flight (they hold FOR SHARE
        // while inserting a plan and its tasks up to *their* horizon end), so their plans are seen by the
        // insert below; an enrolment that starts meanwhile waits, and then computes the new horizon end.
        // Edits and regeneration batches are serialised with this step too: it reads the current steps.
        const templates: Array<{ id: string; steps: PlanStep[]; version: number }> = await m.query(
          `SELECT id, steps, version FROM followup_template WHERE active ORDER BY id FOR NO KEY UPDATE`,
        );
        const rows = templates.flatMap((t) => stepOccurrences(t.steps).map((o) => ({ t, o })));
        const params = [
          rows.map((r) => r.t.id),
          rows.map((r) => r.o.step.key),
          rows.map((r) => r.o.sequence),
          rows.map((r) => r.o.step.anchor),
          rows.map((r) => r.o.offsetDays),
          rows.map((r) => r.o.step.windowBeforeDays),
          rows.map((r) => r.o.step.windowAfterDays),
          rows.map((r) => r.o.step.questionnaireId),
          rows.map((r) => r.o.step.channel),
          rows.map((r) => r.o.step.team),
          rows.map((r) => r.t.version),
          from,
          through,
        ];
        const created = rows.length ? await insertAssignedTasks(m, TASK_COLUMNS, COMING_INTO_HORIZON, params) : 0;
        await m.query(`UPDATE app_setting SET value = $2, updated_at = now() WHERE key = $1`, [SETTING, through]);
        return { from, through, templates: templates.length, created, done: through >= target };
      });
      if (!step) return run;
      run = {
        from: run?.from ?? step.from,
        through: step.through,
        templates: step.templates,
        created: (run?.created ?? 0) + step.created,
        seconds: Math.round(performance.now() - started) / 1000,
      };
      if (step.done || this.stopping) return run;
    }
  }
}
