import { ageOf } from './age';
import { articleLines } from './workbench-context';
import { clock } from './workbench.page';
import { answerErrors } from './workbench.store';

describe('call screen helpers', () => {
  it('maps the API field errors of complete onto question ids', () => {
    expect(
      answerErrors({
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'x',
        fields: { 'answers.newSymptoms': ['an answer is required'], 'answers.medication': ['choose one of the options'] },
      }),
    ).toEqual({ newSymptoms: ['an answer is required'], medication: ['choose one of the options'] });
  });

  it('shows the call timer as m:ss, and h:mm:ss after an hour', () => {
    expect(clock(0)).toBe('0:00');
    expect(clock(75)).toBe('1:15');
    expect(clock(3725)).toBe('1:02:05');
  });

  it('reads a Markdown knowledge article as plain lines without rendering HTML', () => {
    expect(articleLines('# Title\n- **Target** below 140/90\n\nAsk about <b>dizziness</b>')).toEqual([
      { bullet: false, text: 'Title' },
      { bullet: true, text: 'Target below 140/90' },
      { bullet: false, text: 'Ask about <b>dizziness</b>' },
    ]);
  });

  it('computes the age in whole years', () => {
    const today = new Date(2025, 5, 15);
    expect(ageOf('1950-06-15', today)).toBe(75);
    expect(ageOf('1950-06-16', today)).toBe(74);
    expect(ageOf(null, today)).toBeNull();
  });
});
