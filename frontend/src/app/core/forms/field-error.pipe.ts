import { Pipe, PipeTransform, inject } from '@angular/core';
import { ValidationErrors } from '@angular/forms';
import { LanguageService } from '../i18n/language.service';
import { ServerFieldError } from './server-errors';

/** Common class-validator sentences, so that API field errors read in the active language too. */
const SERVER_PATTERNS: { pattern: RegExp; key: string }[] = [
  { pattern: /current password is wrong/i, key: 'validation.wrongPassword' },
  { pattern: /must differ from the current/i, key: 'validation.samePassword' },
  { pattern: /should not be empty|must not be empty/i, key: 'validation.required' },
  { pattern: /longer than or equal to (\d+)/i, key: 'validation.minlength' },
  { pattern: /shorter than or equal to (\d+)/i, key: 'validation.maxlength' },
  // Patient records (docs/api.md, "Patients") and the import mapping.
  { pattern: /check character is wrong/i, key: 'validation.idChecksum' },
  { pattern: /must be 17 digits/i, key: 'validation.idFormat' },
  { pattern: /impossible birth date/i, key: 'validation.idBirthDate' },
  { pattern: /birthDate does not match the ID number \(([\d-]+)\)/i, key: 'validation.birthDateMismatch' },
  { pattern: /sexCode does not match the ID number/i, key: 'validation.sexMismatch' },
  { pattern: /cannot be in the future/i, key: 'validation.future' },
  { pattern: /must be a date|must be a real date/i, key: 'validation.date' },
  { pattern: /mainland mobile/i, key: 'validation.phone' },
  { pattern: /unknown \S+ code/i, key: 'validation.unknownCode' },
  { pattern: /letters, digits, dots, underscores or hyphens/i, key: 'validation.code' },
  { pattern: /identifier already belongs to another patient/i, key: 'validation.identifierTaken' },
  { pattern: /record already has this identifier/i, key: 'validation.identifierOnRecord' },
  { pattern: /only one phone can be primary/i, key: 'validation.onePrimary' },
  { pattern: /choose the department registering/i, key: 'validation.chooseDepartment' },
  { pattern: /register patients in your own departments/i, key: 'validation.ownDepartment' },
  { pattern: /deceasedDate is required/i, key: 'validation.deceasedDate' },
  { pattern: /ICD-10 code or prefix/i, key: 'validation.icd' },
  { pattern: /map the patient name column/i, key: 'validation.mapName' },
  { pattern: /map at least one identifying column/i, key: 'validation.mapIdentifier' },
  { pattern: /is not in the file/i, key: 'validation.mapColumn' },
];

/** API error codes that have one fixed sentence. */
const CODE_KEYS: Partial<Record<string, string>> = {
  CONFLICT: 'validation.conflict',
  PASSWORD_TOO_WEAK: 'validation.passwordRules',
  AUTH_INVALID_CREDENTIALS: 'validation.wrongPassword',
};

/**
 * `control.errors | fieldError` — the first error of a control as a translated sentence
 * (for `<mat-error>`). Impure so that it follows the active language.
 */
@Pipe({ name: 'fieldError', pure: false })
export class FieldErrorPipe implements PipeTransform {
  private readonly language = inject(LanguageService);

  transform(errors: ValidationErrors | null | undefined): string {
    if (!errors) {
      return '';
    }
    this.language.active();
    const server = errors['server'] as ServerFieldError | undefined;
    if (server) {
      return this.serverText(server);
    }
    const [name, value] = Object.entries(errors)[0];
    switch (name) {
      case 'minlength':
      case 'maxlength':
        return this.language.t(`validation.${name}`, { n: (value as { requiredLength: number }).requiredLength });
      case 'min':
        return this.language.t('validation.min', { n: (value as { min: number }).min });
      case 'matDatepickerParse':
        return this.language.t('validation.date');
      case 'matDatepickerMax':
        return this.language.t('validation.future');
      case 'required':
      case 'pattern':
      case 'mismatch':
      case 'passwordRules':
        return this.language.t(`validation.${name}`);
      default:
        return this.language.t('validation.invalid');
    }
  }

  private serverText(error: ServerFieldError): string {
    const message = error.messages[0] ?? '';
    for (const { pattern, key } of SERVER_PATTERNS) {
      const match = pattern.exec(message);
      if (match) {
        return this.language.t(key, { n: match[1], value: match[1] });
      }
    }
    const codeKey = CODE_KEYS[error.code];
    if (codeKey) {
      return this.language.t(codeKey);
    }
    return this.language.t('validation.server', { message });
  }
}
