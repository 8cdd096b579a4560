import type { PlanStep } from '../../src/followup/plans/plan.entities';

/** A template step for tests: anchored on the discharge, by phone, follow-up centre, due day + 2 days unless overridden. */
export function planStep(questionnaireId: string, key: string, offsetDays: number, over: Partial<PlanStep> = {}): PlanStep {
  return {
    key,
    anchor: 'discharge',
    offsetDays,
    questionnaireId,
    channel: 'phone',
    team: 'centre',
    windowBeforeDays: 0,
    windowAfterDays: 2,
    ...over,
  };
}
