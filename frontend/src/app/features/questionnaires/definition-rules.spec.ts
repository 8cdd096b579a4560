import { QuestionnaireDefinition } from '../../shared/questionnaire/questionnaire.models';
import { earlierQuestions, renameQuestion, tidy } from './builder-model';
import { definitionProblems, serverProblems } from './definition-rules';

const t2 = (zh: string, en: string) => ({ zh, en });
const definition = (): QuestionnaireDefinition => ({
  sections: [
    {
      id: 's1',
      title: t2('随访', 'Follow-up'),
      questions: [
        { id: 'intro', type: 'instruction', text: t2('您好', 'Hello') },
        {
          id: 'pain',
          type: 'single',
          text: t2('胸痛？', 'Chest pain?'),
          options: [
            { code: 'yes', label: t2('是', 'Yes'), score: 0, attention: true },
            { code: 'no', label: t2('否', 'No'), score: 1 },
          ],
        },
        { id: 'level', type: 'rating', text: t2('程度', 'Level'), showIf: [{ question: 'pain', op: 'equals', value: 'yes' }] },
      ],
    },
  ],
});

describe('definitionProblems (the server rules, checked while editing)', () => {
  it('accepts a condition on an earlier question', () => {
    expect(definitionProblems(definition())).toEqual({});
  });

  it('refuses a condition on a later question, as after dragging the dependency below', () => {
    const def = definition();
    const [pain] = def.sections[0].questions.splice(1, 1);
    def.sections[0].questions.push(pain);
    expect(definitionProblems(def)).toEqual({
      'sections.0.questions.1.showIf.0': [{ key: 'conditionLater', params: { question: 'pain' } }],
    });
  });

  it('refuses a condition on a deleted question, on itself, on an instruction, or with an unknown option', () => {
    const def = definition();
    const level = def.sections[0].questions[2];
    level.showIf = [
      { question: 'gone', op: 'answered' },
      { question: 'level', op: 'answered' },
      { question: 'intro', op: 'answered' },
      { question: 'pain', op: 'equals', value: 'maybe' },
      { question: 'pain', op: 'gt', value: 1 },
    ];
    const problems = definitionProblems(def)['sections.0.questions.2.showIf.0'];
    expect(problems).toEqual([{ key: 'conditionMissing', params: { question: 'gone' } }]);
    const keys = (i: number) => definitionProblems(def)[`sections.0.questions.2.showIf.${i}`].map((p) => p.key);
    expect(keys(1)).toEqual(['conditionSelf']);
    expect(keys(2)).toEqual(['conditionInstruction']);
    expect(keys(3)).toEqual(['conditionOption']);
    expect(keys(4)).toEqual(['conditionNotNumeric']);
  });

  it('checks texts, options, ids and ranges like the server', () => {
    const def = definition();
    def.sections[0].questions[1].options = [{ code: 'yes', label: t2('是', '') }];
    def.sections[0].questions[2].id = '2x';
    def.sections[0].questions.push({ id: 'bp', type: 'number', text: t2('血压', ''), normalMin: 140, normalMax: 90 });
    const problems = definitionProblems(def);
    expect(Object.keys(problems).sort()).toEqual(
      [
        'sections.0.questions.1.options',
        'sections.0.questions.1.options.0.label',
        'sections.0.questions.2.id',
        'sections.0.questions.3.text',
        'sections.0.questions.3.normalMin',
      ].sort(),
    );
  });
});

describe('serverProblems', () => {
  it('turns the server sentences of definition.<path> into translatable problems', () => {
    expect(
      serverProblems({
        'definition.sections.0.questions.0.showIf.0': ['refers to "overall", which is not an earlier question'],
        'definition.sections.1.questions': ['something new'],
        titleZh: ['should not be empty'],
      }),
    ).toEqual({
      'sections.0.questions.0.showIf.0': [{ key: 'conditionLater', params: { question: 'overall', id: 'overall', code: 'overall' } }],
      'sections.1.questions': [{ key: 'server', params: { message: 'something new' } }],
    });
  });
});

describe('builder model', () => {
  it('offers only earlier questions with answers for conditions', () => {
    expect(earlierQuestions(definition(), 0, 2).map((q) => q.id)).toEqual(['pain']);
    expect(earlierQuestions(definition(), 1, null).map((q) => q.id)).toEqual(['pain', 'level']);
  });

  it('renames the conditions with the question', () => {
    const def = definition();
    def.sections[0].questions[1].id = 'chestPain';
    renameQuestion(def, 'pain', 'chestPain');
    expect(def.sections[0].questions[2].showIf).toEqual([{ question: 'chestPain', op: 'equals', value: 'yes' }]);
  });

  it('stores no empty leftovers of the editor', () => {
    const def = definition();
    def.sections[0].showIf = [];
    Object.assign(def.sections[0].questions[0], { showIf: [], required: false, weight: Number.NaN, unit: ' ' });
    expect(tidy(def).sections[0]).toEqual(definition().sections[0]);
  });
});
