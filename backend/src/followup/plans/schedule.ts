import { hospitalDay } from '../../platform/clock';
import type { PlanStep } from './plan.entities';

/** Calendar date (YYYY-MM-DD) in China Standard Time of an instant. */
export function cstDate(d: Date): string {
  return hospitalDay(d).date;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export interface Anchors {
  discharge: Date | null;
  admission: Date | null;
  enrolment: Date;
}

export interface ScheduledTask {
  stepKey: string;
  sequence: number;
  dueDate: string;
  windowStart: string;
  windowEnd: string;
  step: PlanStep;
}

/** One task a step schedules: its number in the step's series and its offset in days from the anchor day. */
export interface StepOccurrence {
  step: PlanStep;
  sequence: number;
  offsetDays: number;
}

/**
 * Every task the steps schedule, relative to the anchor day: a step's offset, and for a repeated step
 * every `everyDays` after that, `times` times in all. In step order, then by number.
 */
export function stepOccurrences(steps: PlanStep[]): StepOccurrence[] {
  return steps.flatMap((step) =>
    Array.from({ length: step.repeat ? step.repeat.times : 1 }, (_, i) => ({
      step,
      sequence: i + 1,
      offsetDays: step.offsetDays + i * (step.repeat?.everyDays ?? 0),
    })),
  );
}

/**
 * The tasks a plan's steps produce: each occurrence's offset from its step's anchor date (in China
 * time), with the step's window around it. A step whose anchor is unknown (e.g. no discharge yet)
 * produces nothing.
 */
export function scheduleTasks(steps: PlanStep[], anchors: Anchors): ScheduledTask[] {
  const out: ScheduledTask[] = [];
  for (const { step, sequence, offsetDays } of stepOccurrences(steps)) {
    const anchor = step.anchor === 'discharge' ? anchors.discharge : step.anchor === 'admission' ? anchors.admission : anchors.enrolment;
    if (!anchor) continue;
    const due = addDays(cstDate(anchor), offsetDays);
    out.push({
      stepKey: step.key,
      sequence,
      dueDate: due,
      windowStart: addDays(due, -step.windowBeforeDays),
      windowEnd: addDays(due, step.windowAfterDays),
      step,
    });
  }
  return out;
}

/** What decides a step's tasks: two steps with the same signature schedule the same tasks. */
function stepSignature(s: PlanStep): string {
  return JSON.stringify([
    s.anchor,
    s.offsetDays,
    s.repeat?.everyDays ?? null,
    s.repeat?.times ?? null,
    s.questionnaireId,
    s.channel,
    s.team,
    s.windowBeforeDays,
    s.windowAfterDays,
  ]);
}

/**
 * The keys of the steps whose tasks an edit changes: steps added, removed, or with any field that
 * decides their tasks changed (anchor, offset, repeat, questionnaire, channel, team, window). The
 * order of the steps does not matter. Sorted.
 */
export function changedStepKeys(before: PlanStep[], after: PlanStep[]): string[] {
  const old = new Map(before.map((s) => [s.key, stepSignature(s)]));
  const now = new Map(after.map((s) => [s.key, stepSignature(s)]));
  const keys = new Set<string>();
  for (const [key, sig] of now) if (old.get(key) !== sig) keys.add(key);
  for (const key of old.keys()) if (!now.has(key)) keys.add(key);
  return [...keys].sort();
}
