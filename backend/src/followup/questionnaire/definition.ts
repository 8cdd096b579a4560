/**
 * Questionnaire definitions (what a published version stores as JSON) and the rules that run on
 * them: validation of the definition, which questions are shown for given answers (branching),
 * validation of answers, flags (out of range, needs attention) and scores per dimension.
 * Pure functions, shared by the builder API, the nurse's call screen and the patient self-survey.
 */

export const QUESTION_TYPES = [
  'single',
  'multiple',
  'dropdown',
  'rating',
  'nps',
  'number',
  'date',
  'yesno',
  'text',
  'instruction',
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const DIMENSIONS = ['doctor', 'nurse', 'environment', 'food', 'discharge', 'overall'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Text in both console languages. */
export interface I18nText {
  zh: string;
  en: string;
}

export interface Option {
  code: string;
  label: I18nText;
  /** Points this option contributes to scores. */
  score?: number;
  /** Choosing it flags the answer for escalation (e.g. "chest pain: yes"). */
  attention?: boolean;
}

export type Condition =
  | { question: string; op: 'equals' | 'notEquals'; value: string | number | boolean }
  | { question: string; op: 'in'; values: Array<string | number> }
  | { question: string; op: 'gt' | 'gte' | 'lt' | 'lte'; value: number }
  | { question: string; op: 'answered' | 'notAnswered' };

export interface Question {
  id: string;
  type: QuestionType;
  text: I18nText;
  required?: boolean;
  options?: Option[];
  /** number: unit and normal range; answers outside are flagged. */
  unit?: string;
  normalMin?: number;
  normalMax?: number;
  /** Shown only when ALL conditions hold (conditions may only refer to earlier questions). */
  showIf?: Condition[];
  /** Satisfaction dimension this question's score counts towards. */
  dimension?: Dimension;
  /** Weight in weighted scores (default 1). */
  weight?: number;
}

export interface Section {
  id: string;
  title: I18nText;
  showIf?: Condition[];
  questions: Question[];
}

export interface QuestionnaireDefinition {
  sections: Section[];
  /** How the total and per-dimension scores combine question scores. */
  scoring?: 'sum' | 'weighted';
}

export type AnswerValue = string | number | boolean | string[] | null;
export type Answers = Record<string, AnswerValue>;

const CHOICE_TYPES: QuestionType[] = ['single', 'multiple', 'dropdown'];

/** Problems in a definition, as `path → messages` (empty when valid). */
export function validateDefinition(def: QuestionnaireDefinition): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  const add = (path: string, msg: string) => (problems[path] ??= []).push(msg);
  const seen = new Map<string, Question>();
  const sectionIds = new Set<string>();
  if (!def.sections?.length) add('sections', 'a questionnaire needs at least one section');

  const checkConditions = (path: string, conditions: Condition[] | undefined, selfId?: string) => {
    conditions?.forEach((c, i) => {
      const target = seen.get(c.question);
      if (!target) {
        add(
          `${path}.showIf.${i}`,
          c.question === selfId ? 'a question cannot depend on itself' : `refers to "${c.question}", which is not an earlier question`,
        );
        return;
      }
      if (target.type === 'instruction') add(`${path}.showIf.${i}`, `"${c.question}" is an instruction and has no answer`);
      if ((c.op === 'gt' || c.op === 'gte' || c.op === 'lt' || c.op === 'lte') && !['number', 'rating', 'nps'].includes(target.type)) {
        add(`${path}.showIf.${i}`, `"${c.question}" is not numeric`);
      }
      const codes = target.options?.map((o) => o.code);
      if (codes && c.op === 'in' && c.values.some((v) => !codes.includes(String(v))))
        add(`${path}.showIf.${i}`, `unknown option of "${c.question}"`);
      if (codes && (c.op === 'equals' || c.op === 'notEquals') && !codes.includes(String(c.value)))
        add(`${path}.showIf.${i}`, `unknown option of "${c.question}"`);
    });
  };

  def.sections?.forEach((s, si) => {
    const sp = `sections.${si}`;
    if (!s.id) add(`${sp}.id`, 'section id is required');
    else if (sectionIds.has(s.id)) add(`${sp}.id`, `duplicate section id "${s.id}"`);
    sectionIds.add(s.id);
    checkConditions(sp, s.showIf);
    if (!s.questions?.length) add(`${sp}.questions`, 'a section needs at least one question');
    s.questions?.forEach((q, qi) => {
      const qp = `${sp}.questions.${qi}`;
      if (!/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(q.id ?? ''))
        add(`${qp}.id`, 'question id must be a letter followed by letters, digits or _');
      if (seen.has(q.id)) add(`${qp}.id`, `duplicate question id "${q.id}"`);
      if (!QUESTION_TYPES.includes(q.type)) add(`${qp}.type`, `unknown question type "${q.type}"`);
      if (!q.text?.zh?.trim() || !q.text?.en?.trim()) add(`${qp}.text`, 'question text is required in Chinese and English');
      checkConditions(qp, q.showIf, q.id);
      if (CHOICE_TYPES.includes(q.type)) {
        if (!q.options || q.options.length < 2) add(`${qp}.options`, 'a choice question needs at least two options');
        const codes = new Set<string>();
        q.options?.forEach((o, oi) => {
          if (!o.code) add(`${qp}.options.${oi}.code`, 'option code is required');
          if (codes.has(o.code)) add(`${qp}.options.${oi}.code`, `duplicate option code "${o.code}"`);
          codes.add(o.code);
          if (!o.label?.zh?.trim() || !o.label?.en?.trim())
            add(`${qp}.options.${oi}.label`, 'option label is required in Chinese and English');
        });
      } else if (q.options?.length) add(`${qp}.options`, `a ${q.type} question has no options`);
      if (q.type === 'number' && q.normalMin !== undefined && q.normalMax !== undefined && q.normalMin > q.normalMax) {
        add(`${qp}.normalMin`, 'normal range minimum is above its maximum');
      }
      if (q.type === 'instruction' && q.required) add(`${qp}.required`, 'an instruction cannot be required');
      if (q.weight !== undefined && !(q.weight > 0)) add(`${qp}.weight`, 'weight must be positive');
      seen.set(q.id, q);
    });
  });
  return problems;
}

function holds(c: Condition, answers: Answers): boolean {
  const v = answers[c.question];
  const answered = v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);
  switch (c.op) {
    case 'answered':
      return answered;
    case 'notAnswered':
      return !answered;
    case 'equals':
      return answered && (Array.isArray(v) ? v.includes(String(c.value)) : String(v) === String(c.value));
    case 'notEquals':
      return !answered || (Array.isArray(v) ? !v.includes(String(c.value)) : String(v) !== String(c.value));
    case 'in':
      return answered && (Array.isArray(v) ? v.some((x) => c.values.map(String).includes(x)) : c.values.map(String).includes(String(v)));
    case 'gt':
      return answered && Number(v) > c.value;
    case 'gte':
      return answered && Number(v) >= c.value;
    case 'lt':
      return answered && Number(v) < c.value;
    case 'lte':
      return answered && Number(v) <= c.value;
  }
}

/** Ids of the questions shown for these answers (a hidden question's answer does not count). */
export function visibleQuestions(def: QuestionnaireDefinition, answers: Answers): Question[] {
  const effective: Answers = {};
  const shown: Question[] = [];
  for (const s of def.sections) {
    if (!(s.showIf ?? []).every((c) => holds(c, effective))) continue;
    for (const q of s.questions) {
      if (!(q.showIf ?? []).every((c) => holds(c, effective))) continue;
      shown.push(q);
      if (q.id in answers) effective[q.id] = answers[q.id];
    }
  }
  return shown;
}

export interface AnswerCheck {
  /** Field errors: question id → messages. */
  errors: Record<string, string[]>;
  /** Question ids whose answers need attention (an attention option, or a number out of range). */
  attention: string[];
  outOfRange: string[];
  /** The answers of visible questions only. */
  kept: Answers;
}

/** Validates answers against the definition: required, type, option codes, ranges; flags attention. */
export function checkAnswers(def: QuestionnaireDefinition, answers: Answers): AnswerCheck {
  const result: AnswerCheck = { errors: {}, attention: [], outOfRange: [], kept: {} };
  const err = (id: string, m: string) => (result.errors[id] ??= []).push(m);
  const visible = visibleQuestions(def, answers);
  const visibleIds = new Set(visible.map((q) => q.id));
  for (const id of Object.keys(answers))
    if (!visibleIds.has(id) && !def.sections.some((s) => s.questions.some((q) => q.id === id))) err(id, 'unknown question');
  for (const q of visible) {
    const v = answers[q.id];
    const empty = v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
    if (q.type === 'instruction') continue;
    if (empty) {
      if (q.required) err(q.id, 'an answer is required');
      continue;
    }
    const codes = q.options?.map((o) => o.code) ?? [];
    switch (q.type) {
      case 'single':
      case 'dropdown':
        if (typeof v !== 'string' || !codes.includes(v)) err(q.id, 'choose one of the options');
        else if (q.options!.find((o) => o.code === v)?.attention) result.attention.push(q.id);
        break;
      case 'multiple':
        if (!Array.isArray(v) || v.some((x) => !codes.includes(x))) err(q.id, 'choose from the options');
        else if (v.some((x) => q.options!.find((o) => o.code === x)?.attention)) result.attention.push(q.id);
        break;
      case 'rating':
        if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > 5) err(q.id, 'a rating is a whole number from 1 to 5');
        break;
      case 'nps':
        if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 10) err(q.id, 'a score is a whole number from 0 to 10');
        break;
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v)) err(q.id, 'a number is expected');
        else if ((q.normalMin !== undefined && v < q.normalMin) || (q.normalMax !== undefined && v > q.normalMax)) {
          result.outOfRange.push(q.id);
          result.attention.push(q.id);
        }
        break;
      case 'date':
        if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v)))
          err(q.id, 'a date YYYY-MM-DD is expected');
        break;
      case 'yesno':
        if (typeof v !== 'boolean') err(q.id, 'yes or no is expected');
        break;
      case 'text':
        if (typeof v !== 'string' || v.length > 2000) err(q.id, 'text of at most 2000 characters is expected');
        break;
    }
    result.kept[q.id] = v;
  }
  return result;
}

export interface Scores {
  total: number | null;
  /** Per dimension, in the same unit as the total (sum, or weighted mean as a percentage). */
  dimensions: Partial<Record<Dimension, number>>;
}

function questionScore(q: Question, v: AnswerValue): { points: number; max: number } | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (q.type === 'rating' && typeof v === 'number') return { points: v, max: 5 };
  if (q.type === 'nps' && typeof v === 'number') return { points: v, max: 10 };
  if ((q.type === 'single' || q.type === 'dropdown') && typeof v === 'string') {
    const o = q.options?.find((x) => x.code === v);
    if (o?.score === undefined) return undefined;
    return { points: o.score, max: Math.max(...q.options!.map((x) => x.score ?? 0)) };
  }
  if (q.type === 'multiple' && Array.isArray(v)) {
    const pts = v.reduce((s, c) => s + (q.options?.find((x) => x.code === c)?.score ?? 0), 0);
    return { points: pts, max: q.options!.reduce((s, x) => s + Math.max(0, x.score ?? 0), 0) };
  }
  return undefined;
}

/**
 * Scores over the visible, answered, scorable questions. `sum`: total points. `weighted`: the
 * weighted share of the maximum, as a percentage (0–100), so dimensions of different sizes compare.
 */
export function score(def: QuestionnaireDefinition, answers: Answers): Scores {
  const acc = new Map<string, { points: number; max: number; wPoints: number; wMax: number }>();
  const bump = (key: string, p: { points: number; max: number }, w: number) => {
    const a = acc.get(key) ?? { points: 0, max: 0, wPoints: 0, wMax: 0 };
    a.points += p.points;
    a.max += p.max;
    a.wPoints += (p.points / (p.max || 1)) * w;
    a.wMax += w;
    acc.set(key, a);
  };
  for (const q of visibleQuestions(def, answers)) {
    const p = questionScore(q, answers[q.id]);
    if (!p) continue;
    const w = q.weight ?? 1;
    bump('__total', p, w);
    if (q.dimension) bump(q.dimension, p, w);
  }
  const value = (a: { points: number; wPoints: number; wMax: number }) =>
    def.scoring === 'weighted' ? Math.round((a.wPoints / a.wMax) * 1000) / 10 : a.points;
  const total = acc.get('__total');
  const dimensions: Partial<Record<Dimension, number>> = {};
  for (const d of DIMENSIONS) {
    const a = acc.get(d);
    if (a) dimensions[d] = value(a);
  }
  return { total: total ? value(total) : null, dimensions };
}
