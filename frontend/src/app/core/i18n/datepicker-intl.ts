import { Injectable, Provider, inject } from '@angular/core';
import { MatDatepickerIntl } from '@angular/material/datepicker';
import { TranslocoService } from '@jsverse/transloco';
import { followLanguage } from './material-intl';

/** Date picker labels in the active language. */
@Injectable()
export class TranslatedDatepickerIntl extends MatDatepickerIntl {
  private readonly transloco = inject(TranslocoService);

  constructor() {
    super();
    followLanguage(this, 'datepicker', this.transloco);
  }

  override formatYearRangeLabel(start: string, end: string): string {
    return this.transloco.translate('datepicker.yearRange', { start, end });
  }
}

export function provideTranslatedDatepicker(): Provider {
  return { provide: MatDatepickerIntl, useClass: TranslatedDatepickerIntl };
}
