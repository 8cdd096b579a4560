import { checkAnswers, QuestionnaireDefinition, score, validateDefinition, visibleQuestions } from './definition';

const t = (zh: string, en: string) => ({ zh, en });
const yesNo = [
  { code: 'yes', label: t('是', 'Yes'), attention: true },
  { code: 'no', label: t('否', 'No') },
];

/** A small post-discharge questionnaire with a branch, a number with a range and two dimensions. */
const DEF: QuestionnaireDefinition = {
  scoring: 'sum',
  sections: [
    {
      id: 'health',
      title: t('健康状况', 'Health'),
      questions: [
        { id: 'script', type: 'instruction', text: t('您好，我是医院随访护士……', 'Hello, this is the follow-up nurse…') },
        {
          id: 'chestPain',
          type: 'single',
          text: t('出院后是否有胸痛？', 'Any chest pain since discharge?'),
          required: true,
          options: yesNo,
        },
        {
          id: 'painScore',
          type: 'rating',
          text: t('疼痛程度', 'Pain level'),
          required: true,
          showIf: [{ question: 'chestPain', op: 'equals', value: 'yes' }],
        },
        { id: 'sbp', type: 'number', text: t('收缩压', 'Systolic pressure'), unit: 'mmHg', normalMin: 90, normalMax: 140 },
      ],
    },
    {
      id: 'satisfaction',
      title: t('满意度', 'Satisfaction'),
      questions: [
        { id: 'doctorRating', type: 'rating', text: t('对医生的满意度', 'Satisfaction with doctors'), dimension: 'doctor', weight: 2 },
        { id: 'nurseRating', type: 'rating', text: t('对护士的满意度', 'Satisfaction with nurses'), dimension: 'nurse' },
      ],
    },
  ],
};

describe('questionnaire definitions', () => {
  it('accepts a valid definition', () => {
    expect(validateDefinition(DEF)).toEqual({});
  });

  it('refuses logic pointing to a later, missing or own question, and other mistakes', () => {
    const bad: QuestionnaireDefinition = {
      sections: [
        {
          id: 's',
          title: t('x', 'x'),
          questions: [
            { id: 'a', type: 'yesno', text: t('甲', 'A'), showIf: [{ question: 'b', op: 'answered' }] },
            { id: 'b', type: 'yesno', text: t('乙', 'B'), showIf: [{ question: 'b', op: 'answered' }] },
            { id: 'c', type: 'single', text: t('丙', 'C'), options: [{ code: 'x', label: t('x', 'x') }] },
            { id: 'c', type: 'yesno', text: t('', 'D'), showIf: [{ question: 'a', op: 'gt', value: 3 }] },
          ],
        },
      ],
    };
    expect(validateDefinition(bad)).toEqual({
      'sections.0.questions.0.showIf.0': ['refers to "b", which is not an earlier question'],
      'sections.0.questions.1.showIf.0': ['a question cannot depend on itself'],
      'sections.0.questions.2.options': ['a choice question needs at least two options'],
      'sections.0.questions.3.id': ['duplicate question id "c"'],
      'sections.0.questions.3.text': ['question text is required in Chinese and English'],
      'sections.0.questions.3.showIf.0': ['"a" is not numeric'],
    });
    expect(validateDefinition({ sections: [] })).toEqual({ sections: ['a questionnaire needs at least one section'] });
  });
});

describe('answering', () => {
  it('shows the branch only when its condition holds', () => {
    expect(visibleQuestions(DEF, { chestPain: 'no' }).map((q) => q.id)).toEqual([
      'script',
      'chestPain',
      'sbp',
      'doctorRating',
      'nurseRating',
    ]);
    expect(visibleQuestions(DEF, { chestPain: 'yes' }).map((q) => q.id)).toContain('painScore');
  });

  it('requires visible required questions only, checks types, flags attention and out-of-range numbers', () => {
    expect(checkAnswers(DEF, { chestPain: 'no', sbp: 120 }).errors).toEqual({});
    const c = checkAnswers(DEF, { chestPain: 'yes', sbp: 165, nurseRating: 7 });
    expect(c.errors).toEqual({ painScore: ['an answer is required'], nurseRating: ['a rating is a whole number from 1 to 5'] });
    expect(c.attention.sort()).toEqual(['chestPain', 'sbp']);
    expect(c.outOfRange).toEqual(['sbp']);
    expect(checkAnswers(DEF, { chestPain: 'maybe', ghost: 1 }).errors).toEqual({
      chestPain: ['choose one of the options'],
      ghost: ['unknown question'],
    });
  });

  it('drops answers to questions the branch hides', () => {
    expect(checkAnswers(DEF, { chestPain: 'no', painScore: 4 }).kept).toEqual({ chestPain: 'no' });
  });

  it('scores as a sum or as a weighted percentage, per dimension', () => {
    const answers = { chestPain: 'no', doctorRating: 5, nurseRating: 3 };
    expect(score(DEF, answers)).toEqual({ total: 8, dimensions: { doctor: 5, nurse: 3 } });
    // weighted: (5/5·2 + 3/5·1) / 3 = 86.7 %
    expect(score({ ...DEF, scoring: 'weighted' }, answers)).toEqual({ total: 86.7, dimensions: { doctor: 100, nurse: 60 } });
    expect(score(DEF, {})).toEqual({ total: null, dimensions: {} });
  });
});
