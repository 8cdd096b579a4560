import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PlansService } from '../../followup/plans/plans.service';
import { CreateTemplateDto, StepDto } from '../../followup/plans/templates.dto';
import { addDays } from '../../followup/plans/schedule';
import { QuestionnaireDefinition } from '../../followup/questionnaire/definition';
import { atClockTime, Clock, hospitalDay } from '../../platform/clock';
import type { Role } from '../../platform/auth/permissions';
import { requestContext } from '../../platform/context/request-context';
import { WorklistService } from '../../worklist/worklist.service';
import type { Outcome } from '../../worklist/worklist.entities';
import { demoAnswers, Mood } from './demo-answers';
import { between, createRng, pick } from './synthetic';

/** Days of discharges enrolled (and of nurses' work simulated) before today. */
export const DEMO_HISTORY_DAYS = 45;
const LOCK = 'hcrm.demo_followup';
/** app_setting key written when the history is made: it is made once per database. */
export const DEMO_FOLLOWUP_MARKER = 'demo.followup';

export interface DemoFollowupSummary {
  templates: number;
  plans: number;
  tasks: number;
  done: number;
  open: number;
  calls: number;
  escalations: number;
  seconds: number;
}

interface Staff {
  id: string;
  username: string;
  roles: Role[];
  departmentIds: string[];
}

interface DemoStaff {
  doctor: Staff;
  manager: Staff;
  nurses: Staff[];
}

interface OpenTask {
  id: string;
  patient_id: string;
  due_date: string;
  window_end: string;
  scope_department_id: string | null;
  purpose: string;
  definition: QuestionnaireDefinition;
}

/** One thing a member of staff does, at a time of the hospital's past. */
type Action =
  | { kind: 'call'; outcome: Outcome; seconds: number; notes?: string; callbackAt?: Date; answeredBy?: string }
  | { kind: 'complete'; answers: Record<string, unknown> };

interface TaskScript {
  task: OpenTask;
  nurse: Staff;
  steps: Array<{ at: Date; action: Action }>;
}

/** How many patients' (or days') work is replayed at the same time. */
const LANES = 4;

/** Runs `fn` over the items, `n` at a time. */
async function inLanes<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, lane));
}

/** China wall-clock time of a hospital day as an instant. */
const cst = (day: string, minutes: number) =>
  new Date(`${day}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00+08:00`);

const REPLIES = [
  '已电话联系患者，建议明日来院门诊复诊，届时复查心电图。',
  '已查看，属出院后常见反应，继续按医嘱用药，症状加重随时就诊。',
  '请通知患者本周内来院复查，已预约门诊号。',
  '已与患者家属沟通，调整用药方案，一周后再次随访。',
];
const FAMILY = ['配偶', '儿子', '女儿', '老伴'];

/**
 * A demo follow-up history for the demo hospital, made through the real services as the demo staff
 * would have made it: the demo doctor creates four templates from the shipped library questionnaires
 * (PlansService.create), the discharges of the last DEMO_HISTORY_DAYS days are enrolled day by day as
 * the enrolment path does (PlansService.enrolDischarges), and the nurses' work on every task due
 * before today is replayed with WorklistService (claim, calls with outcomes, completion with answers
 * valid for the questionnaire; escalations raised from answers needing attention, answered by the
 * doctor or manager, closed by the nurse) — each action with the application clock set to its time
 * that day (atClockTime), so the reports count it on that day. About 15 % of past tasks are left
 * open (overdue), a few have a call back today, today's tasks are pending. Deterministic (seeded RNG).
 *
 * Made once per database: under an advisory lock, and only when the marker setting is absent.
 */
@Injectable()
export class DemoFollowupService {
  private readonly logger = new Logger('DemoFollowup');
  /** What the last `seed()` in this process made. */
  summary?: DemoFollowupSummary;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly plans: PlansService,
    private readonly worklist: WorklistService,
    private readonly clock: Clock,
  ) {}

  /** Makes the history unless it was made before (or the demo staff are missing); answers what it made. */
  async seed(): Promise<DemoFollowupSummary | undefined> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(`SELECT pg_advisory_lock(hashtext($1))`, [LOCK]);
      if ((await runner.query(`SELECT 1 FROM app_setting WHERE key = $1`, [DEMO_FOLLOWUP_MARKER])).length) return undefined;
      const staff = await this.staff();
      if (!staff) {
        this.logger.warn('no demo staff (doctor, nurse, manager): the demo follow-up history is not made');
        return undefined;
      }
      const started = performance.now();
      const summary = await this.build(staff);
      summary.seconds = Math.round(performance.now() - started) / 1000;
      await runner.query(`INSERT INTO app_setting (key, value) VALUES ($1, $2)`, [DEMO_FOLLOWUP_MARKER, JSON.stringify(summary)]);
      this.logger.log(summary, 'made the demo follow-up history');
      this.summary = summary;
      return summary;
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [LOCK]).catch(() => undefined);
      await runner.release();
    }
  }

  private async staff(): Promise<DemoStaff | undefined> {
    const rows: Staff[] = await this.db.query(
      `SELECT u.id, u.username, u.roles, COALESCE(array_agg(ud.department_id) FILTER (WHERE ud.department_id IS NOT NULL), '{}') AS "departmentIds"
         FROM app_user u LEFT JOIN user_department ud ON ud.user_id = u.id
        WHERE u.username = ANY($1) AND u.active GROUP BY u.id`,
      [['doctor', 'manager', 'nurse', 'nurse.card', 'nurse.surgery']],
    );
    const by = (name: string) => rows.find((r) => r.username === name);
    const [doctor, manager, nurse] = [by('doctor'), by('manager'), by('nurse')];
    if (!doctor || !manager || !nurse) return undefined;
    // The follow-up nurses are seeded with the demo hospital when DEMO_FOLLOWUP is on; without them only 陈护士's departments are worked.
    return { doctor, manager, nurses: [nurse, by('nurse.card'), by('nurse.surgery')].filter((n): n is Staff => !!n) };
  }

  /** Runs `fn` as `who` (a request context with their department scope) with the clock at `at`. */
  private as<T>(who: Staff, at: Date, fn: () => Promise<T>): Promise<T> {
    return atClockTime(at, () =>
      requestContext.run(
        {
          correlationId: 'demo-followup',
          user: { id: who.id, username: who.username, roles: who.roles, sessionId: 'demo-followup' },
          scope: { allDepartments: who.roles.some((r) => r === 'admin' || r === 'manager'), departmentIds: who.departmentIds },
        },
        fn,
      ),
    );
  }

  private async build(staff: DemoStaff): Promise<DemoFollowupSummary> {
    const rng = createRng(20261205);
    const realNow = this.clock.now();
    const today = hospitalDay(realNow).date;
    const first = addDays(today, -DEMO_HISTORY_DAYS);
    const latest = realNow.getTime() - 60_000;
    const past = (at: Date) => at.getTime() <= latest;

    // Older discharges are not part of the demo: the minute enrolment scan starts from now
    // (set first, so that a scan running meanwhile does not enrol them either).
    await this.db.query(
      `INSERT INTO app_setting (key, value) VALUES ('followup.enrolment_scan', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [realNow.toISOString()],
    );

    // 1. Templates, as the demo doctor, at 08:00 the day before the history starts.
    const templates = await this.templateDtos();
    for (const dto of templates) await this.as(staff.doctor, cst(addDays(first, -1), 8 * 60), () => this.plans.create(dto));

    // 2. Enrolment of each day's discharges in the evening of that day (the discharge event's path).
    const discharges: Array<{ id: string; day: string }> = await this.db.query(
      `SELECT e.id, to_char(e.discharged_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day FROM encounter e
        WHERE e.discharged_at >= ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai') AND e.discharged_at <= $2 ORDER BY e.discharged_at, e.id`,
      [first, realNow],
    );
    const days = [...new Set(discharges.map((d) => d.day))];
    let plans = 0;
    await inLanes(days, LANES, async (day) => {
      const at = cst(day, 20 * 60 + 30);
      const ids = discharges.filter((d) => d.day === day).map((d) => d.id);
      const enrolled = await atClockTime(past(at) ? at : new Date(latest), () => this.plans.enrolDischarges({ encounterIds: ids }));
      plans += enrolled.plans;
    });

    // 3. The nurses' work: scripts are planned first (deterministic), then replayed.
    const tasks: OpenTask[] = await this.db.query(
      `SELECT k.id, k.patient_id, to_char(k.due_date, 'YYYY-MM-DD') AS due_date, to_char(k.window_end, 'YYYY-MM-DD') AS window_end, k.scope_department_id,
              t.purpose, q.definition
         FROM followup_task k JOIN followup_plan p ON p.id = k.plan_id JOIN followup_template t ON t.id = p.template_id
         JOIN questionnaire q ON q.id = k.questionnaire_id
        WHERE k.status = 'pending' AND k.due_date <= $1::date
        ORDER BY k.due_date, (SELECT min(i.value) FROM patient_identifier i WHERE i.patient_id = k.patient_id AND i.type = 'his_id'), t.name_en, k.step_key, k.sequence`,
      [today],
    );
    const nurseFor = (t: OpenTask): Staff | undefined => {
      const can = staff.nurses.filter((n) => t.scope_department_id && n.departmentIds.includes(t.scope_department_id));
      return can.length ? pick(rng, can) : undefined;
    };
    const scripts: TaskScript[] = [];
    let lost = 0;
    let refused = 0;
    let callbacks = 0;
    const hour = hospitalDay(realNow).hour;
    for (const task of tasks) {
      const nurse = nurseFor(task);
      if (!nurse) continue;
      const mood: Mood =
        task.purpose === 'satisfaction' ? (rng() < 0.08 ? 'poor' : rng() < 0.18 ? 'mixed' : 'good') : rng() < 0.035 ? 'flag' : 'good';
      const steps: TaskScript['steps'] = [];
      const call = (at: Date, outcome: Outcome, extra: Partial<Extract<Action, { kind: 'call' }>> = {}) =>
        steps.push({
          at,
          action: {
            kind: 'call',
            outcome,
            seconds: outcome.startsWith('reached') ? between(rng, 120, 540) : between(rng, 15, 45),
            ...extra,
          },
        });
      let minute = between(rng, 8 * 60 + 30, 11 * 60 + 30);
      if (task.due_date === today) {
        // Today: mostly still to do; some done this morning when the morning has begun.
        if (hour >= 10 && rng() < 0.25) {
          minute = between(rng, 8 * 60 + 30, Math.min(hour * 60 - 20, 11 * 60 + 30));
          call(cst(today, minute), 'reached');
          steps.push({ at: cst(today, minute + 6), action: { kind: 'complete', answers: demoAnswers(task.definition, rng, mood) } });
        }
      } else {
        const r = rng();
        // About 15 % of past tasks stay open, most of them from the last two weeks (a nurse's backlog, not a graveyard).
        if (r < (task.due_date >= addDays(today, -14) ? 0.32 : 0.06)) {
          // Left open (overdue): never called, a wrong number to check, or a call back promised for today.
          if (callbacks < 5 && rng() < 0.35) {
            callbacks++;
            call(cst(addDays(today, -1), between(rng, 14 * 60, 17 * 60)), 'callback', {
              callbackAt: cst(today, between(rng, 14 * 60, 17 * 60 + 30)),
              notes: '患者正在外出，约今天下午回电',
            });
          } else if (rng() < 0.4) call(cst(task.due_date, minute), 'wrong_number', { notes: '号码为空号，需核实联系电话' });
        } else if (r < 0.17 && lost < 2 && addDays(task.due_date, 2) < today) {
          // Lost to follow-up: six unanswered calls over two days.
          lost++;
          for (const day of [task.due_date, addDays(task.due_date, 1)])
            for (const m of [9 * 60 + 5, 13 * 60 + 20, 17 * 60 + 35])
              call(cst(day, m + between(rng, 0, 15)), rng() < 0.7 ? 'no_answer' : 'powered_off');
        } else if (r < 0.185 && refused < 2) {
          refused++;
          call(cst(task.due_date, minute), 'refused', { notes: '患者表示不需要随访' });
        } else {
          // Done: a few unanswered calls first, reached on the due day or a little later.
          const late = rng();
          let day = late < 0.75 ? task.due_date : addDays(task.due_date, late < 0.93 ? 1 : between(rng, 3, 6));
          if (day >= today) day = task.due_date;
          const misses = rng() < 0.65 ? 0 : rng() < 0.7 ? 1 : 2;
          for (let i = 0; i < misses; i++) {
            call(cst(day, minute), pick(rng, ['no_answer', 'no_answer', 'busy', 'powered_off'] as Outcome[]));
            minute += 4 * 60 + between(rng, 5, 40);
          }
          const family = rng() < 0.15;
          call(cst(day, minute), family ? 'reached_family' : 'reached', family ? { answeredBy: pick(rng, FAMILY) } : {});
          steps.push({
            at: cst(day, minute + between(rng, 4, 9)),
            action: { kind: 'complete', answers: demoAnswers(task.definition, rng, mood) },
          });
        }
      }
      if (steps.length && steps.every((s) => past(s.at))) scripts.push({ task, nurse, steps });
    }

    let calls = 0;
    let done = 0;
    const escalations: Array<{ id: string; taskId: string; at: Date; nurse: Staff; departmentId: string | null }> = [];
    // Patients are independent: their scripts are replayed side by side, each patient's in order.
    const byPatient = new Map<string, TaskScript[]>();
    for (const s of scripts) byPatient.set(s.task.patient_id, [...(byPatient.get(s.task.patient_id) ?? []), s]);
    await inLanes([...byPatient.values()], LANES, async (patientScripts) => {
      for (const s of patientScripts)
        for (const [i, { at, action }] of s.steps.entries()) {
          await this.as(s.nurse, at, async () => {
            // The questionnaire is filled in the call that reached the patient: the claim is still held then.
            const previous = s.steps[i - 1]?.action;
            const inCall = action.kind === 'complete' && previous?.kind === 'call' && previous.outcome.startsWith('reached');
            if (!inCall) {
              const claimed = await this.worklist.claim(s.task.id);
              // A call covers the patient's other due tasks too; the demo works each task on its own day.
              for (const other of claimed.taskIds.slice(1)) await this.worklist.release(other);
            }
            if (action.kind === 'call') {
              calls++;
              await this.worklist.attempt(s.task.id, {
                outcome: action.outcome,
                durationSeconds: action.seconds,
                notes: action.notes,
                answeredBy: action.answeredBy,
                callbackAt: action.callbackAt?.toISOString(),
              });
              // Any other outcome ends the call and frees the claim (WorklistService.attempt).
            } else {
              const result = await this.worklist.complete(s.task.id, action.answers as never);
              done++;
              for (const id of result.escalationIds)
                escalations.push({ id, taskId: s.task.id, at, nurse: s.nurse, departmentId: s.task.scope_department_id });
            }
          });
        }
    });

    // 4. Escalations: answered by the doctor (心内科) or the manager, closed by the nurse after reporting back; the last two stay open.
    escalations.sort((a, b) => a.at.getTime() - b.at.getTime() || a.taskId.localeCompare(b.taskId));
    for (const e of escalations.slice(0, Math.max(0, escalations.length - 2))) {
      const replier = e.departmentId && staff.doctor.departmentIds.includes(e.departmentId) ? staff.doctor : staff.manager;
      // Mostly within the due time (urgent: 15 minutes, normal: 24 hours), some late.
      const r = rng();
      const replyAt = new Date(
        e.at.getTime() + (r < 0.6 ? between(rng, 4, 14) : r < 0.85 ? between(rng, 30, 180) : between(rng, 26 * 60, 40 * 60)) * 60_000,
      );
      if (!past(replyAt)) continue;
      await this.as(replier, replyAt, () => this.worklist.reply(e.id, pick(rng, REPLIES)));
      const closeAt = new Date(replyAt.getTime() + between(rng, 30, 20 * 60) * 60_000);
      if (past(closeAt)) await this.as(e.nurse, closeAt, () => this.worklist.close(e.id));
    }

    const [counts]: Array<{ tasks: number; open: number }> = await this.db.query(
      `SELECT count(*)::int AS tasks, count(*) FILTER (WHERE status IN ('pending', 'due', 'overdue', 'in_progress'))::int AS open FROM followup_task`,
    );
    return {
      templates: templates.length,
      plans,
      tasks: counts.tasks,
      done,
      open: counts.open,
      calls,
      escalations: escalations.length,
      seconds: 0,
    };
  }

  /** The four demo templates over the shipped library questionnaires (latest published version of each). */
  private async templateDtos(): Promise<CreateTemplateDto[]> {
    const qs: Array<{ code: string; id: string }> = await this.db.query(
      `SELECT DISTINCT ON (code) code, id FROM questionnaire WHERE library AND status = 'published' ORDER BY code, version DESC`,
    );
    const depts: Array<{ code: string; id: string }> = await this.db.query(`SELECT code, id FROM department WHERE active`);
    const q = (code: string) => {
      const found = qs.find((x) => x.code === code);
      if (!found) throw new Error(`the library questionnaire ${code} is not published`);
      return found.id;
    };
    const dept = (code: string) => depts.filter((d) => d.code === code).map((d) => d.id);
    const step = (
      key: string,
      offsetDays: number,
      questionnaire: string,
      team: StepDto['team'],
      window: [number, number],
      repeat?: StepDto['repeat'],
    ) =>
      ({
        key,
        anchor: 'discharge',
        offsetDays,
        questionnaireId: q(questionnaire),
        channel: 'phone',
        team,
        windowBeforeDays: window[0],
        windowAfterDays: window[1],
        ...(repeat ? { repeat } : {}),
      }) as StepDto;
    return [
      {
        nameZh: '心内科出院随访（+1/+7/+30天）',
        nameEn: 'Cardiology discharge follow-up (+1/+7/+30 days)',
        purpose: 'clinical',
        mode: 'department',
        ownerDepartmentId: dept('CARD')[0],
        rules: { departmentIds: dept('CARD') },
        steps: [
          step('d1', 1, 'lib_post_discharge_general', 'department', [0, 2]),
          step('d7', 7, 'lib_post_discharge_general', 'department', [1, 3]),
          step('d30', 30, 'lib_hypertension', 'department', [3, 7]),
        ],
      },
      {
        nameZh: '内分泌科糖尿病随访（每90天）',
        nameEn: 'Endocrinology diabetes follow-up (every 90 days)',
        purpose: 'chronic',
        mode: 'department',
        ownerDepartmentId: dept('ENDO')[0],
        rules: { departmentIds: dept('ENDO'), icdPrefixes: ['E11'] },
        steps: [step('q90', 7, 'lib_diabetes', 'department', [2, 7], { everyDays: 90, times: 4 })],
      },
      {
        nameZh: '住院患者满意度回访（出院+3天）',
        nameEn: 'Inpatient satisfaction call (discharge +3 days)',
        purpose: 'satisfaction',
        mode: 'centre',
        rules: { patientClasses: ['inpatient'] },
        steps: [step('sat', 3, 'lib_inpatient_satisfaction', 'centre', [0, 4])],
      },
      {
        nameZh: '日间手术随访（+1/+3/+7天）',
        nameEn: 'Day surgery follow-up (+1/+3/+7 days)',
        purpose: 'clinical',
        mode: 'centre',
        rules: { patientClasses: ['day_surgery'] },
        steps: [
          step('d1', 1, 'lib_post_surgery', 'centre', [0, 1]),
          step('d3', 3, 'lib_post_surgery', 'centre', [0, 2]),
          step('d7', 7, 'lib_post_surgery', 'centre', [1, 3]),
        ],
      },
    ];
  }
}
