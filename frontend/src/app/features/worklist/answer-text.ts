import { Pipe, PipeTransform, inject } from '@angular/core';
import { LanguageService } from '../../core/i18n/language.service';
import { textIn } from '../../shared/questionnaire/questionnaire.models';
import { FlaggedAnswer } from './worklist.models';

/** `item | answerText` — an answer as read aloud: option labels, yes/no, or the value with its unit. */
@Pipe({ name: 'answerText', pure: false })
export class AnswerTextPipe implements PipeTransform {
  private readonly language = inject(LanguageService);

  transform(item: FlaggedAnswer): string {
    const lang = this.language.active();
    if (item.labels.length) {
      return item.labels.map((l) => textIn(l, lang)).join(this.language.t('common.separator'));
    }
    if (typeof item.value === 'boolean') {
      return this.language.t(item.value ? 'workbench.yes' : 'workbench.no');
    }
    if (item.value === null || item.value === undefined || item.value === '') {
      return '—';
    }
    return item.unit ? `${String(item.value)} ${item.unit}` : String(item.value);
  }
}

/** `text | i18nText` — a questionnaire text ({zh, en}) in the console language. */
@Pipe({ name: 'i18nText', pure: false })
export class I18nTextPipe implements PipeTransform {
  private readonly language = inject(LanguageService);

  transform(text: { zh: string; en: string } | null | undefined, fallback = ''): string {
    return text ? textIn(text, this.language.active()) : fallback;
  }
}
