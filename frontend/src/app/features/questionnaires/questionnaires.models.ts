import { QuestionnaireDefinition } from '../../shared/questionnaire/questionnaire.models';

export const QUESTIONNAIRE_STATUSES = ['draft', 'published', 'retired'] as const;
export type QuestionnaireStatus = (typeof QUESTIONNAIRE_STATUSES)[number];

/** An item of `GET /questionnaires`. */
export interface QuestionnaireItem {
  id: string;
  code: string;
  version: number;
  titleZh: string;
  titleEn: string;
  status: QuestionnaireStatus;
  /** Shipped with the product. */
  library: boolean;
  publishedAt: string | null;
  updatedAt: string;
}

/** `GET /questionnaires/:id`. */
export interface Questionnaire extends QuestionnaireItem {
  description: string | null;
  definition: QuestionnaireDefinition;
}

export interface QuestionnaireCreate {
  code: string;
  titleZh: string;
  titleEn: string;
  description?: string;
  definition: QuestionnaireDefinition;
}

export type QuestionnaireUpdate = Partial<Omit<QuestionnaireCreate, 'code'>>;

export type QuestionnaireCopy = Pick<QuestionnaireCreate, 'code' | 'titleZh' | 'titleEn'>;

/** `code` rule of the API: 2–64 lower-case letters, digits or underscores, starting with a letter. */
export const QUESTIONNAIRE_CODE = /^[a-z][a-z0-9_]{1,63}$/;
