// eslint-disable-next-line @nx/enforce-module-boundaries
import { LIBRARY } from '../../../../migrations/data/questionnaire-library';
import { QuestionnaireDefinition, score, validateDefinition, visibleQuestions } from './definition';

describe('the shipped questionnaire library', () => {
  it('has the seven questionnaires the product promises', () => {
    expect(LIBRARY.map((l) => l.code)).toEqual([
      'lib_post_discharge_general',
      'lib_post_surgery',
      'lib_hypertension',
      'lib_diabetes',
      'lib_maternity',
      'lib_inpatient_satisfaction',
      'lib_outpatient_satisfaction',
    ]);
  });

  it.each(LIBRARY.map((l) => [l.code, l.definition] as const))('%s is a valid definition in both languages', (_code, definition) => {
    expect(validateDefinition(definition as QuestionnaireDefinition)).toEqual({});
  });

  it('inpatient satisfaction scores by dimension with the Friends-and-Family overall question', () => {
    const def = LIBRARY.find((l) => l.code === 'lib_inpatient_satisfaction')!.definition as QuestionnaireDefinition;
    const s = score(def, { fft: 'very_good', doctor: '5', nurse: '4', environment: '3' });
    expect(s.dimensions).toEqual({ overall: 100, doctor: 100, nurse: 80, environment: 60 });
  });

  it('the caesarean wound question shows only after a caesarean', () => {
    const def = LIBRARY.find((l) => l.code === 'lib_maternity')!.definition as QuestionnaireDefinition;
    expect(visibleQuestions(def, { delivery: 'vaginal' }).map((q) => q.id)).not.toContain('incision');
    expect(visibleQuestions(def, { delivery: 'caesarean' }).map((q) => q.id)).toContain('incision');
  });
});
