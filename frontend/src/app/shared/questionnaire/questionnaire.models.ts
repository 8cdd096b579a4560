/**
 * A questionnaire definition as the API stores it (docs/api.md, "Questionnaires"; the server's rules
 * live in backend/src/followup/questionnaire/definition.ts). Shared by the builder's preview and the
 * screens where nurses and patients answer.
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

/** Types whose answer is one or more option codes. */
export const CHOICE_TYPES: readonly QuestionType[] = ['single', 'multiple', 'dropdown'];
/** Types whose answer is a number (the only ones `gt`/`gte`/`lt`/`lte` conditions may test). */
export const NUMERIC_TYPES: readonly QuestionType[] = ['number', 'rating', 'nps'];

export const DIMENSIONS = ['doctor', 'nurse', 'environment', 'food', 'discharge', 'overall'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const CONDITION_OPS = ['equals', 'notEquals', 'in', 'gt', 'gte', 'lt', 'lte', 'answered', 'notAnswered'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

/** Text in both console languages. */
export interface I18nText {
  zh: string;
  en: string;
}

export interface QuestionOption {
  code: string;
  label: I18nText;
  score?: number;
  /** Choosing it flags the answer as needing attention. */
  attention?: boolean;
}

export interface Condition {
  /** Id of an earlier question. */
  question: string;
  op: ConditionOp;
  value?: string | number | boolean;
  values?: Array<string | number>;
}

export interface Question {
  id: string;
  type: QuestionType;
  text: I18nText;
  required?: boolean;
  options?: QuestionOption[];
  unit?: string;
  normalMin?: number;
  normalMax?: number;
  /** Shown only when all conditions hold. */
  showIf?: Condition[];
  dimension?: Dimension;
  weight?: number;
}

export interface Section {
  id: string;
  title: I18nText;
  showIf?: Condition[];
  questions: Question[];
}

export interface QuestionnaireDefinition {
  scoring?: 'sum' | 'weighted';
  sections: Section[];
}

export type AnswerValue = string | number | boolean | string[] | null;
export type Answers = Record<string, AnswerValue>;

/** `POST /questionnaires/:id/preview` — what the server computes for a set of answers. */
export interface PreviewResult {
  visible: string[];
  /** Question id → messages. */
  errors: Record<string, string[]>;
  attention: string[];
  outOfRange: string[];
  scores: { total: number | null; dimensions: Partial<Record<Dimension, number>> };
}

/** The text in the console language (Chinese for zh-CN, English otherwise), falling back to the other. */
export function textIn(text: I18nText | undefined, lang: string): string {
  if (!text) {
    return '';
  }
  return (lang === 'zh-CN' ? text.zh || text.en : text.en || text.zh) ?? '';
}
