import {
  CHOICE_TYPES,
  Condition,
  ConditionOp,
  NUMERIC_TYPES,
  Question,
  QuestionType,
  QuestionnaireDefinition,
  Section,
} from '../../shared/questionnaire/questionnaire.models';

/** The two languages every text is written in: key of I18nText, `lang` attribute, suffix of the label keys. */
export const TEXT_LANGS = [
  { key: 'zh', lang: 'zh-CN', suffix: 'Zh' },
  { key: 'en', lang: 'en', suffix: 'En' },
] as const;

/*
 * Editing helpers of the questionnaire builder. The builder edits one plain definition object in
 * place; these functions create, rename and tidy its parts.
 */

/** What a new questionnaire starts with: one section with the greeting the nurse reads out. */
export function starterDefinition(): QuestionnaireDefinition {
  return {
    scoring: 'sum',
    sections: [
      {
        id: 's1',
        title: { zh: '第一部分', en: 'Part 1' },
        questions: [
          {
            id: 'q1',
            type: 'instruction',
            text: {
              zh: '您好，我是医院随访中心的工作人员，想了解一下您出院后的恢复情况，大约需要几分钟。',
              en: 'Hello, this is the hospital follow-up centre. We would like to ask a few minutes about how you are recovering since discharge.',
            },
          },
        ],
      },
    ],
  };
}

export function allQuestions(def: QuestionnaireDefinition): Question[] {
  return def.sections.flatMap((s) => s.questions);
}

/** The first free id of the form `<prefix><n>`. */
function freeId(prefix: string, taken: Set<string>): string {
  let n = taken.size + 1;
  while (taken.has(`${prefix}${n}`)) n += 1;
  return `${prefix}${n}`;
}

export function newQuestion(def: QuestionnaireDefinition, type: QuestionType = 'single'): Question {
  const question: Question = { id: freeId('q', new Set(allQuestions(def).map((q) => q.id))), type, text: { zh: '', en: '' } };
  setType(question, type);
  return question;
}

export function newSection(def: QuestionnaireDefinition): Section {
  const id = freeId('s', new Set(def.sections.map((s) => s.id)));
  return { id, title: { zh: '', en: '' }, questions: [newQuestion(def)] };
}

/** Changes a question's type, keeping what still applies (options only for choices, range only for numbers). */
export function setType(q: Question, type: QuestionType): void {
  q.type = type;
  if (CHOICE_TYPES.includes(type)) {
    q.options ??= [
      { code: 'a', label: { zh: '', en: '' } },
      { code: 'b', label: { zh: '', en: '' } },
    ];
  } else {
    delete q.options;
  }
  if (type !== 'number') {
    delete q.unit;
    delete q.normalMin;
    delete q.normalMax;
  }
  if (type === 'instruction') {
    delete q.required;
    delete q.dimension;
    delete q.weight;
  }
}

/** Renames a question and every condition that refers to it. */
export function renameQuestion(def: QuestionnaireDefinition, from: string, to: string): void {
  const conditions = def.sections.flatMap((s) => [...(s.showIf ?? []), ...s.questions.flatMap((q) => q.showIf ?? [])]);
  for (const c of conditions) {
    if (c.question === from) c.question = to;
  }
}

/** Questions a condition at this place may refer to: earlier ones that have an answer. */
export function earlierQuestions(def: QuestionnaireDefinition, sectionIndex: number, questionIndex: number | null): Question[] {
  const before: Question[] = [];
  def.sections.forEach((s, si) => {
    s.questions.forEach((q, qi) => {
      const earlier = si < sectionIndex || (si === sectionIndex && questionIndex !== null && qi < questionIndex);
      if (earlier && q.type !== 'instruction') before.push(q);
    });
  });
  return before;
}

/** Operators that make sense for a question of this type. */
export function opsFor(type: QuestionType | undefined): ConditionOp[] {
  if (!type) return ['answered', 'notAnswered'];
  if (CHOICE_TYPES.includes(type)) return ['equals', 'notEquals', 'in', 'answered', 'notAnswered'];
  if (NUMERIC_TYPES.includes(type)) return ['equals', 'notEquals', 'gt', 'gte', 'lt', 'lte', 'answered', 'notAnswered'];
  if (type === 'yesno') return ['equals', 'notEquals', 'answered', 'notAnswered'];
  return ['answered', 'notAnswered'];
}

/** A condition on `target` with the first sensible operator and value. */
export function conditionOn(target: Question): Condition {
  const condition: Condition = { question: target.id, op: opsFor(target.type)[0] };
  fitValue(condition, target);
  return condition;
}

/** Sets a value the operator needs (and drops what it does not). */
export function fitValue(c: Condition, target: Question | undefined): void {
  if (c.op === 'answered' || c.op === 'notAnswered') {
    delete c.value;
    delete c.values;
  } else if (c.op === 'in') {
    delete c.value;
    c.values ??= [];
  } else {
    delete c.values;
    if (target?.options) {
      if (!target.options.some((o) => o.code === c.value)) c.value = target.options[0]?.code;
    } else if (target?.type === 'yesno') {
      if (typeof c.value !== 'boolean') c.value = true;
    } else if (typeof c.value !== 'number') {
      c.value = target?.type === 'nps' ? 6 : target?.type === 'rating' ? 3 : 0;
    }
  }
}

/** A copy without the empty parts the editor leaves behind (blank units, no conditions…), as the API stores it. */
export function tidy(def: QuestionnaireDefinition): QuestionnaireDefinition {
  const copy = cloneDefinition(def);
  for (const s of copy.sections) {
    if (!s.showIf?.length) delete s.showIf;
    for (const q of s.questions) {
      if (!q.showIf?.length) delete q.showIf;
      if (!q.required) delete q.required;
      if (!q.unit?.trim()) delete q.unit;
      for (const key of ['normalMin', 'normalMax', 'weight'] as const) {
        const value = q[key];
        if (value === undefined || value === null || typeof value !== 'number' || Number.isNaN(value)) delete q[key];
      }
      if (!q.dimension) delete q.dimension;
      for (const o of q.options ?? []) {
        if (typeof o.score !== 'number' || Number.isNaN(o.score)) delete o.score;
        if (!o.attention) delete o.attention;
      }
    }
  }
  return copy;
}

/** A deep copy (definitions are plain JSON). */
export function cloneDefinition(def: QuestionnaireDefinition): QuestionnaireDefinition {
  return JSON.parse(JSON.stringify(def)) as QuestionnaireDefinition;
}
