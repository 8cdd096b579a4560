import { Injectable, Provider, inject } from '@angular/core';
import { MatPaginatorIntl } from '@angular/material/paginator';
import { TranslocoService } from '@jsverse/transloco';
import { formatNumber } from '@angular/common';

interface PaginatorTexts {
  itemsPerPage: string;
  nextPage: string;
  previousPage: string;
  firstPage: string;
  lastPage: string;
}

/** Material paginator labels in the active language. */
@Injectable()
export class TranslatedPaginatorIntl extends MatPaginatorIntl {
  private readonly transloco = inject(TranslocoService);

  constructor() {
    super();
    this.transloco.selectTranslateObject<PaginatorTexts>('paginator').subscribe((texts) => {
      this.itemsPerPageLabel = texts.itemsPerPage;
      this.nextPageLabel = texts.nextPage;
      this.previousPageLabel = texts.previousPage;
      this.firstPageLabel = texts.firstPage;
      this.lastPageLabel = texts.lastPage;
      this.changes.next();
    });
  }

  override getRangeLabel = (page: number, pageSize: number, length: number): string => {
    const lang = this.transloco.getActiveLang();
    if (length === 0 || pageSize === 0) {
      return this.transloco.translate('paginator.rangeEmpty', { total: formatNumber(length, lang) });
    }
    const start = page * pageSize;
    const end = Math.min(start + pageSize, length);
    return this.transloco.translate('paginator.range', {
      start: formatNumber(start + 1, lang),
      end: formatNumber(end, lang),
      total: formatNumber(length, lang),
    });
  };
}

/**
 * Provide on the components that show a paginator: kept out of the app config so that the paginator
 * (and what it pulls in) stays in the lazy page chunks.
 */
export function provideTranslatedPaginator(): Provider {
  return { provide: MatPaginatorIntl, useClass: TranslatedPaginatorIntl };
}
