import { formatNumber } from '@angular/common';
import { Injectable, Provider, inject } from '@angular/core';
import { MatPaginatorIntl } from '@angular/material/paginator';
import { TranslocoService } from '@jsverse/transloco';
import { followLanguage } from './material-intl';

/** Paginator labels in the active language. */
@Injectable()
export class TranslatedPaginatorIntl extends MatPaginatorIntl {
  private readonly transloco = inject(TranslocoService);

  constructor() {
    super();
    followLanguage(this, 'paginator', this.transloco);
  }

  override getRangeLabel = (page: number, pageSize: number, length: number): string => {
    const lang = this.transloco.getActiveLang();
    const total = formatNumber(length, lang);
    if (length === 0 || pageSize === 0) {
      return this.transloco.translate('paginator.rangeEmpty', { total });
    }
    const start = page * pageSize;
    return this.transloco.translate('paginator.range', {
      start: formatNumber(start + 1, lang),
      end: formatNumber(Math.min(start + pageSize, length), lang),
      total,
    });
  };
}

export function provideTranslatedPaginator(): Provider {
  return { provide: MatPaginatorIntl, useClass: TranslatedPaginatorIntl };
}
