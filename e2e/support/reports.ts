import { sql } from './db';

/** The hospital date (China time) `days` from today, YYYY-MM-DD. */
export function hospitalDate(days = 0): string {
  return new Date(Date.now() + 8 * 3600_000 + days * 86400_000).toISOString().slice(0, 10);
}

/** A Beijing wall-clock time `days` from today at `hour`:00, as an instant. */
const at = (days: number, hour = 10) => `${hospitalDate(days)} ${String(hour).padStart(2, '0')}:00+08:00`;

/** Where the demo patients live (GB/T 2260) and what they were treated for (ICD-10), in turn. */
const REGIONS = ['440106', '440304', '110105', '310104', '440106', null];
const DIAGNOSES = [
  ['I10', '原发性高血压'],
  ['I21.9', '急性心肌梗死'],
  ['I50.9', '心力衰竭'],
  ['I10', '原发性高血压'],
  ['E11.9', '2型糖尿病'],
];

const GOOD = { fft: 'very_good', doctor: '5', nurse: '5', environment: '4', food: '4', discharge: '5' };
const MIXED = { fft: 'good', doctor: '4', nurse: '4', environment: '3', food: '3', discharge: '4' };
const POOR = {
  fft: 'poor',
  doctor: '2',
  nurse: '3',
  environment: '2',
  food: '1',
  discharge: '2',
  suggestion: '出院指导讲得太快，没听明白',
};

/**
 * A month of 心内科 follow-up work for the reports page (and one 肿瘤科 answer today), made once per e2e database (template
 * 报表演示): tasks done on time and late, lost, overdue, due next week, calls, escalations, phone and
 * self-survey satisfaction answers, and two earlier months of answers for the trend. Direct SQL: the
 * history of past months cannot be made through the API, which only works "now".
 */
export async function seedReportData(): Promise<void> {
  if ((await sql(`SELECT 1 FROM followup_template WHERE name_zh = '报表演示'`)).length) return;
  const one = async (text: string, params: unknown[]) => (await sql<{ id: string }>(`${text} RETURNING id`, params))[0].id;
  const [{ card, card1, card2, onc, onc1, nurse, doctor, q }] = await sql<Record<string, string>>(
    `SELECT (SELECT id FROM department WHERE code = 'CARD') AS card, (SELECT id FROM ward WHERE code = 'CARD-1') AS card1,
            (SELECT id FROM ward WHERE code = 'CARD-2') AS card2, (SELECT id FROM department WHERE code = 'ONC') AS onc,
            (SELECT id FROM ward WHERE code = 'ONC-1') AS onc1, (SELECT id FROM app_user WHERE username = 'nurse') AS nurse,
            (SELECT id FROM app_user WHERE username = 'doctor') AS doctor,
            (SELECT id FROM questionnaire WHERE code = 'lib_inpatient_satisfaction') AS q`,
  );
  const tpl = await one(
    `INSERT INTO followup_template (name_zh, name_en, purpose, mode, rules, steps, active) VALUES ('报表演示', 'Report demo', 'satisfaction', 'centre', '{}', '[]', false)`,
    [],
  );
  const org = await one(`INSERT INTO organisation (code, name) VALUES ('RPT-DEMO', '报表演示科技有限公司')`, []);
  let n = 0;
  /** A patient discharged a week before `due` with one task due `due` days from today (in 心内科 unless told). */
  const task = async (
    due: number,
    extra: { status?: string; doneAt?: number; by?: string | null; assigned?: string; department?: string; ward?: string },
  ) => {
    n += 1;
    const department = extra.department ?? card;
    const ward = extra.ward ?? (n % 2 ? card1 : card2);
    const p = await one(`INSERT INTO patient (name, sex_code, department_ids, region_code, organisation_id) VALUES ($1, $2, $3, $4, $5)`, [
      `报表演示${String(n).padStart(2, '0')}`,
      n % 2 ? '1' : '2',
      [department],
      REGIONS[n % REGIONS.length],
      n % 4 === 0 ? org : null,
    ]);
    const e = await one(
      `INSERT INTO encounter (patient_id, type, department_id, ward_id, attending_doctor, admitted_at, discharged_at) VALUES ($1, 'inpatient', $2, $3, $4, $5::timestamptz - interval '6 days', $5)`,
      [p, department, ward, n % 3 ? '刘医生' : '王医生', at(due - 7)],
    );
    const [code, text] = DIAGNOSES[n % DIAGNOSES.length];
    await sql(`INSERT INTO encounter_diagnosis (encounter_id, icd10_code, text, type) VALUES ($1, $2, $3, 'discharge')`, [e, code, text]);
    const plan = await one(
      `INSERT INTO followup_plan (patient_id, template_id, encounter_id, anchor_key, discharged_at, enrolled_at, enrolled_by) VALUES ($1, $2, $3, $6, $4, $5, 'rule')`,
      [p, tpl, e, at(due - 7), at(due - 6), e],
    );
    const k = await one(
      `INSERT INTO followup_task (plan_id, patient_id, step_key, sequence, due_date, window_start, window_end, questionnaire_id, channel, team, template_version,
                                  status, completed_at, completed_by, assigned_to)
       VALUES ($1, $2, 'd7', 1, $3, $3::date - 1, $3::date + 2, $4, 'phone', 'centre', 1, $5, $6, $7, $8)`,
      [
        plan,
        p,
        hospitalDate(due),
        q,
        extra.status ?? (extra.doneAt !== undefined ? 'done' : 'pending'),
        extra.doneAt !== undefined ? at(extra.doneAt) : null,
        extra.by ?? null,
        extra.assigned ?? null,
      ],
    );
    return { p, k };
  };
  const call = (t: { p: string; k: string }, staff: string, outcome: string, day: number, secs: number | null) =>
    sql(
      `INSERT INTO contact_attempt (task_id, patient_id, staff_id, outcome, started_at, duration_seconds) VALUES ($1, $2, $3, $4, $5, $6)`,
      [t.k, t.p, staff, outcome, at(day, 9), secs],
    );
  const answer = (t: { p: string; k: string }, answers: object, day: number, by: string | null, mode = 'phone') =>
    sql(
      `INSERT INTO questionnaire_response (task_id, patient_id, questionnaire_id, answers, scores, submitted_by, mode, submitted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [t.k, t.p, q, JSON.stringify(answers), JSON.stringify({ total: answers === POOR ? 38 : 86, dimensions: {} }), by, mode, at(day)],
    );

  const a = await task(-20, { doneAt: -19, by: nurse });
  await call(a, nurse, 'reached', -19, 240);
  await answer(a, GOOD, -19, nurse);
  const b = await task(-15, { doneAt: -10, by: nurse });
  await call(b, nurse, 'no_answer', -14, null);
  await call(b, nurse, 'reached', -10, 180);
  await answer(b, MIXED, -10, nurse);
  const c = await task(-12, { doneAt: -12, by: doctor });
  await call(c, doctor, 'reached', -12, 300);
  await answer(c, GOOD, -12, doctor);
  const d = await task(-8, { status: 'lost' });
  for (const day of [-8, -7, -6]) await call(d, doctor, 'no_answer', day, null);
  await task(-5, {});
  const f = await task(-3, { doneAt: -3, by: null });
  await answer(f, MIXED, -3, null, 'self');
  await task(3, { assigned: nurse });
  const h = await task(-2, { doneAt: -2, by: nurse });
  await call(h, nurse, 'reached', -2, 120);
  await answer(h, POOR, -2, nurse);
  const i = await task(-25, { doneAt: -24, by: nurse });
  await call(i, nurse, 'reached', -24, 200);
  await answer(i, GOOD, -24, nurse);
  await sql(
    `INSERT INTO escalation (patient_id, task_id, department_id, severity, reason, questions, due_at, raised_by, replied_at, status, created_at)
     VALUES ($1, $2, $3, 'normal', '出院指导 / discharge instructions', '{fft,discharge}', $4, $5, $6, 'answered', $7),
            ($8, $9, $3, 'normal', '用药疑问 / medication question', '{}', $10, $5, NULL, 'open', $11)`,
    [h.p, h.k, card, at(-1), nurse, at(-2, 15), at(-2), b.p, b.k, at(-9), at(-10)],
  );
  // Six phone answers on the 10th of each of the three months before this one, for the trend.
  const today = hospitalDate();
  const sets = [
    [MIXED, MIXED, GOOD, POOR, MIXED, MIXED],
    [GOOD, MIXED, GOOD, POOR, MIXED, GOOD],
    [GOOD, GOOD, MIXED, GOOD, GOOD, MIXED],
  ];
  for (const [k, set] of sets.entries()) {
    const day = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 1 - (3 - k), 10));
    const offset = Math.round((day.getTime() - Date.parse(`${today}T00:00:00Z`)) / 86400_000);
    for (const answers of set) {
      const t = await task(offset, { doneAt: offset, by: nurse });
      await call(t, nurse, 'reached', offset, 150);
      await answer(t, answers, offset, nurse);
    }
  }
  // One self-survey answer today in 肿瘤科: this month, every satisfaction group of that department is too small.
  const lone = await task(0, { doneAt: 0, by: null, department: onc, ward: onc1 });
  await answer(lone, GOOD, 0, null, 'self');
}
