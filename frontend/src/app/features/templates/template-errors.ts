import { HttpErrorResponse } from '@angular/common/http';
import { LanguageService } from '../../core/i18n/language.service';

/** The template API's field sentences (templates.dto.ts, plans.service.ts) → translation keys. */
const SENTENCES: Array<[RegExp, string]> = [
  [/duplicate step key "(.*)"/, 'templates.errors.duplicateKey'],
  [/the questionnaire must be published/, 'templates.errors.notPublished'],
  [/unknown questionnaire/, 'templates.errors.unknownQuestionnaire'],
  [/ageMin is above ageMax/, 'templates.errors.ageRange'],
  [/at least one step/, 'templates.errors.noSteps'],
  [/each ICD-10 prefix/, 'validation.icd'],
  [/dispositions: 1, 2, 3, 4 or 9/, 'templates.errors.disposition'],
  [/key must be 1–32/, 'templates.errors.key'],
  [/cannot be negative/, 'templates.errors.negative'],
  [/must not be less than (\d+)/, 'validation.min'],
  [/must not be greater than (\d+)/, 'templates.errors.max'],
];

/**
 * The same error with the API's field messages in the console language, so that the fields show them
 * translated (unknown sentences stay as they are).
 */
export function localizeTemplateErrors(error: unknown, language: LanguageService): unknown {
  if (!(error instanceof HttpErrorResponse) || typeof error.error !== 'object' || !error.error?.fields) {
    return error;
  }
  const fields: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(error.error.fields as Record<string, string[]>)) {
    fields[field] = messages.map((message) => {
      for (const [pattern, key] of SENTENCES) {
        const match = pattern.exec(message);
        if (match) return language.t(key, { key: match[1], n: match[1] });
      }
      return message;
    });
  }
  return new HttpErrorResponse({
    error: { ...error.error, fields },
    headers: error.headers,
    status: error.status,
    statusText: error.statusText,
    url: error.url ?? undefined,
  });
}
