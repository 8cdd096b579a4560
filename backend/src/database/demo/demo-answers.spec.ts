// eslint-disable-next-line @nx/enforce-module-boundaries
import { LIBRARY } from '../../../../migrations/data/questionnaire-library';
import { checkAnswers, QuestionnaireDefinition } from '../../followup/questionnaire/definition';
import { demoAnswers, Mood } from './demo-answers';
import { createRng } from './synthetic';

function library(code: string): QuestionnaireDefinition {
  const found = LIBRARY.find((l) => l.code === code);
  if (!found) throw new Error(`no library questionnaire ${code}`);
  return found.definition as QuestionnaireDefinition;
}

describe('demo answers', () => {
  const moods: Mood[] = ['good', 'mixed', 'poor', 'flag'];

  it.each(LIBRARY.map((l) => [l.code, l.definition as QuestionnaireDefinition] as const))(
    '%s: answers of every mood are valid for the definition',
    (_code, def) => {
      const rng = createRng(7);
      for (const mood of moods) for (let i = 0; i < 50; i++) expect(checkAnswers(def, demoAnswers(def, rng, mood)).errors).toEqual({});
    },
  );

  it('a clinical "flag" answer needs attention on exactly one question; "good" answers never do', () => {
    const def = library('lib_post_discharge_general');
    const rng = createRng(11);
    for (let i = 0; i < 50; i++) {
      expect(checkAnswers(def, demoAnswers(def, rng, 'flag')).attention).toHaveLength(1);
      expect(checkAnswers(def, demoAnswers(def, rng, 'good')).attention).toEqual([]);
    }
  });

  it('satisfaction answers lean positive when good and score low when poor', () => {
    const def = library('lib_inpatient_satisfaction');
    const rng = createRng(3);
    const fft = (mood: Mood) => Array.from({ length: 200 }, () => demoAnswers(def, rng, mood)['fft']);
    const good = fft('good');
    expect(good.filter((v) => v === 'very_good' || v === 'good').length).toBeGreaterThan(170);
    expect(good).not.toContain('very_poor');
    expect(fft('poor').filter((v) => v === 'poor' || v === 'very_poor' || v === 'neither').length).toBeGreaterThan(140);
  });

  it('is deterministic for a seed', () => {
    const def = library('lib_diabetes');
    expect(demoAnswers(def, createRng(5), 'flag')).toEqual(demoAnswers(def, createRng(5), 'flag'));
  });
});
