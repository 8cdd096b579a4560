import { TranslocoService } from '@jsverse/transloco';
import { Subject } from 'rxjs';

/**
 * Keeps a Material `*Intl` object's labels in the active language. The translation section holds
 * the labels under their property names (e.g. `paginator.nextPageLabel`).
 */
export function followLanguage(intl: { changes: Subject<void> }, section: string, transloco: TranslocoService): void {
  const labels = intl as unknown as Record<string, unknown>;
  transloco.selectTranslateObject<Record<string, string>>(section).subscribe((texts) => {
    for (const [key, text] of Object.entries(texts)) {
      if (typeof labels[key] === 'string') {
        labels[key] = text;
      }
    }
    intl.changes.next();
  });
}

/*
 * The translated *Intl providers (paginator-intl.ts, datepicker-intl.ts) are provided by the
 * components that show a paginator or a date picker, not in the app config, so that those Material
 * modules stay in the lazy page chunks. One file each, so a page loads only the one it uses.
 */
