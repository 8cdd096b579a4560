import {
  CHOICE_TYPES,
  Condition,
  NUMERIC_TYPES,
  Question,
  QuestionnaireDefinition,
  QUESTION_TYPES,
} from '../../shared/questionnaire/questionnaire.models';

/** A problem of the definition: a translation key under `questionnaires.problems.` and its parameters. */
export interface Problem {
  key: string;
  params?: Record<string, string>;
}

/** `path` (as the API's `definition.<path>` field errors, without the prefix) → problems. */
export type Problems = Record<string, Problem[]>;

export const QUESTION_ID = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/**
 * The rules the server applies to a definition (validateDefinition in
 * backend/src/followup/questionnaire/definition.ts), checked as the doctor edits so that logic
 * pointing to a later, deleted or unanswerable question is refused before anything is sent.
 * Paths and rules must stay in step with the server's.
 */
export function definitionProblems(def: QuestionnaireDefinition): Problems {
  const problems: Problems = {};
  const add = (path: string, key: string, params?: Record<string, string>) => (problems[path] ??= []).push({ key, params });
  const seen = new Map<string, Question>();
  const all = new Set(def.sections.flatMap((s) => s.questions.map((q) => q.id)));
  const sectionIds = new Set<string>();
  if (!def.sections.length) add('sections', 'noSections');

  const checkConditions = (path: string, conditions: Condition[] | undefined, selfId?: string) => {
    conditions?.forEach((c, i) => {
      const at = `${path}.showIf.${i}`;
      const target = seen.get(c.question);
      if (!target) {
        if (!c.question) add(at, 'conditionQuestion');
        else if (c.question === selfId) add(at, 'conditionSelf');
        else if (all.has(c.question)) add(at, 'conditionLater', { question: c.question });
        else add(at, 'conditionMissing', { question: c.question });
        return;
      }
      if (target.type === 'instruction') add(at, 'conditionInstruction', { question: c.question });
      if (['gt', 'gte', 'lt', 'lte'].includes(c.op) && !NUMERIC_TYPES.includes(target.type)) {
        add(at, 'conditionNotNumeric', { question: c.question });
      }
      const codes = target.options?.map((o) => o.code);
      if (codes && c.op === 'in' && (c.values ?? []).some((v) => !codes.includes(String(v)))) {
        add(at, 'conditionOption', { question: c.question });
      }
      if (codes && (c.op === 'equals' || c.op === 'notEquals') && !codes.includes(String(c.value))) {
        add(at, 'conditionOption', { question: c.question });
      }
      if (!codes && (c.op === 'equals' || c.op === 'notEquals') && (c.value === undefined || c.value === '')) {
        add(at, 'conditionValue');
      }
      if (c.op === 'in' && !c.values?.length) add(at, 'conditionValue');
      if (['gt', 'gte', 'lt', 'lte'].includes(c.op) && typeof c.value !== 'number') add(at, 'conditionValue');
    });
  };

  def.sections.forEach((s, si) => {
    const sp = `sections.${si}`;
    if (!s.id) add(`${sp}.id`, 'sectionId');
    else if (sectionIds.has(s.id)) add(`${sp}.id`, 'duplicateSectionId', { id: s.id });
    sectionIds.add(s.id);
    if (!s.title.zh.trim() || !s.title.en.trim()) add(`${sp}.title`, 'sectionTitle');
    checkConditions(sp, s.showIf);
    if (!s.questions.length) add(`${sp}.questions`, 'noQuestions');
    s.questions.forEach((q, qi) => {
      const qp = `${sp}.questions.${qi}`;
      if (!QUESTION_ID.test(q.id ?? '')) add(`${qp}.id`, 'questionId');
      else if (seen.has(q.id)) add(`${qp}.id`, 'duplicateQuestionId', { id: q.id });
      if (!QUESTION_TYPES.includes(q.type)) add(`${qp}.type`, 'questionType');
      if (!q.text?.zh?.trim() || !q.text?.en?.trim()) add(`${qp}.text`, 'questionText');
      checkConditions(qp, q.showIf, q.id);
      if (CHOICE_TYPES.includes(q.type)) {
        if (!q.options || q.options.length < 2) add(`${qp}.options`, 'twoOptions');
        const codes = new Set<string>();
        q.options?.forEach((o, oi) => {
          if (!o.code) add(`${qp}.options.${oi}.code`, 'optionCode');
          else if (codes.has(o.code)) add(`${qp}.options.${oi}.code`, 'duplicateOptionCode', { code: o.code });
          codes.add(o.code);
          if (!o.label?.zh?.trim() || !o.label?.en?.trim()) add(`${qp}.options.${oi}.label`, 'optionLabel');
        });
      } else if (q.options?.length) add(`${qp}.options`, 'noOptions');
      if (q.type === 'instruction' && q.required) add(`${qp}.required`, 'instructionRequired');
      if (q.type === 'number' && q.normalMin !== undefined && q.normalMax !== undefined && q.normalMin > q.normalMax) {
        add(`${qp}.normalMin`, 'normalRange');
      }
      if (q.weight !== undefined && !(q.weight > 0)) add(`${qp}.weight`, 'weight');
      if (!seen.has(q.id)) seen.set(q.id, q);
    });
  });
  return problems;
}

/** The server's sentences (validateDefinition) as problems, so that they read in the console language. */
const SERVER_SENTENCES: Array<[RegExp, string]> = [
  [/at least one section/, 'noSections'],
  [/section id is required/, 'sectionId'],
  [/duplicate section id "(.*)"/, 'duplicateSectionId'],
  [/a section needs at least one question/, 'noQuestions'],
  [/cannot depend on itself/, 'conditionSelf'],
  [/refers to "(.*)", which is not an earlier question/, 'conditionLater'],
  [/"(.*)" is an instruction/, 'conditionInstruction'],
  [/"(.*)" is not numeric/, 'conditionNotNumeric'],
  [/unknown option of "(.*)"/, 'conditionOption'],
  [/question id must be/, 'questionId'],
  [/duplicate question id "(.*)"/, 'duplicateQuestionId'],
  [/unknown question type/, 'questionType'],
  [/question text is required/, 'questionText'],
  [/needs at least two options/, 'twoOptions'],
  [/has no options/, 'noOptions'],
  [/option code is required/, 'optionCode'],
  [/duplicate option code "(.*)"/, 'duplicateOptionCode'],
  [/option label is required/, 'optionLabel'],
  [/normal range minimum/, 'normalRange'],
  [/instruction cannot be required/, 'instructionRequired'],
  [/weight must be positive/, 'weight'],
];

/** `definition.<path>` field errors of a 400 answer, as problems by path (unknown sentences kept as they are). */
export function serverProblems(fields: Record<string, string[]> | undefined): Problems {
  const problems: Problems = {};
  for (const [field, messages] of Object.entries(fields ?? {})) {
    if (!field.startsWith('definition.')) continue;
    const path = field.slice('definition.'.length);
    problems[path] = messages.map((message): Problem => {
      for (const [pattern, key] of SERVER_SENTENCES) {
        const match = pattern.exec(message);
        if (match) {
          return { key, params: { question: match[1] ?? '', id: match[1] ?? '', code: match[1] ?? '' } };
        }
      }
      return { key: 'server', params: { message } };
    });
  }
  return problems;
}

/** Problems at `path` exactly. */
export function problemsAt(problems: Problems, path: string): Problem[] {
  return problems[path] ?? [];
}

/** Problems at `path` or below it, except under the given sub-paths (shown elsewhere). */
export function problemsUnder(problems: Problems, path: string, except: string[] = []): Problem[] {
  return Object.entries(problems)
    .filter(([p]) => (p === path || p.startsWith(`${path}.`)) && !except.some((e) => p.startsWith(`${path}.${e}`)))
    .flatMap(([, list]) => list);
}
