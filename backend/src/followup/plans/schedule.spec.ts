import type { PlanStep } from './plan.entities';
import { addDays, changedStepKeys, cstDate, scheduleTasks } from './schedule';

const step = (key: string, offsetDays: number, extra: Partial<PlanStep> = {}): PlanStep => ({
  key,
  anchor: 'discharge',
  offsetDays,
  questionnaireId: 'q',
  channel: 'phone',
  team: 'centre',
  windowBeforeDays: 0,
  windowAfterDays: 2,
  ...extra,
});

describe('task scheduling', () => {
  it('uses the China calendar date of the anchor', () => {
    expect(cstDate(new Date('2026-11-21T17:30:00Z'))).toBe('2026-11-22'); // 01:30 in Beijing
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
  });

  it('makes +1/+7/+30 tasks with their windows, and repeats every 90 days N times', () => {
    const discharge = new Date('2026-11-20T02:00:00Z');
    const tasks = scheduleTasks([step('d1', 1), step('d7', 7), step('d30', 30), step('q', 120, { repeat: { everyDays: 90, times: 3 } })], {
      discharge,
      admission: null,
      enrolment: discharge,
    });
    expect(tasks.map((t) => `${t.stepKey}#${t.sequence} ${t.dueDate} [${t.windowStart}..${t.windowEnd}]`)).toEqual([
      'd1#1 2026-11-21 [2026-11-21..2026-11-23]',
      'd7#1 2026-11-27 [2026-11-27..2026-11-29]',
      'd30#1 2026-12-20 [2026-12-20..2026-12-22]',
      'q#1 2027-03-20 [2027-03-20..2027-03-22]',
      'q#2 2027-06-18 [2027-06-18..2027-06-20]',
      'q#3 2027-09-16 [2027-09-16..2027-09-18]',
    ]);
  });

  it('skips steps whose anchor is unknown', () => {
    expect(scheduleTasks([step('a', 1, { anchor: 'admission' })], { discharge: null, admission: null, enrolment: new Date() })).toEqual([]);
  });

  it('names the steps an edit changes: added, removed, or with a field that decides their tasks (not their order)', () => {
    const before = [step('d1', 1), step('d7', 7), step('d30', 30), step('q', 120, { repeat: { everyDays: 90, times: 3 } })];
    expect(changedStepKeys(before, [...before].reverse())).toEqual([]);
    expect(
      changedStepKeys(
        before,
        before.map((s) => ({ ...s })),
      ),
    ).toEqual([]);
    const after = [
      step('d7', 7, { windowAfterDays: 3 }),
      step('d1', 1),
      step('q', 120, { repeat: { everyDays: 90, times: 4 } }),
      step('d60', 60),
    ];
    expect(changedStepKeys(before, after)).toEqual(['d30', 'd60', 'd7', 'q']);
    for (const change of [
      { anchor: 'admission' },
      { offsetDays: 2 },
      { questionnaireId: 'q2' },
      { channel: 'sms' },
      { team: 'department' },
      { windowBeforeDays: 1 },
      { repeat: { everyDays: 30, times: 1 } },
    ] as Array<Partial<PlanStep>>)
      expect(changedStepKeys([step('d1', 1)], [step('d1', 1, change)])).toEqual(['d1']);
  });
});
