import { DestroyRef, inject } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { CanDeactivateFn } from '@angular/router';
import { map } from 'rxjs';
import { LanguageService } from '../../core/i18n/language.service';
import { ConfirmData, ConfirmDialog } from './confirm.dialog';

/** A page whose edits would be lost by leaving it. */
export interface HasUnsavedChanges {
  hasUnsavedChanges(): boolean;
}

/**
 * `canDeactivate` guard for editor pages: when the page has unsaved edits, asks whether to leave
 * without saving (stays unless confirmed). Covers navigation inside the console; `warnBeforeUnload`
 * covers reloading or closing the tab.
 */
export const unsavedChangesGuard: CanDeactivateFn<HasUnsavedChanges> = (page) => {
  if (!page.hasUnsavedChanges()) return true;
  const language = inject(LanguageService);
  const data: ConfirmData = {
    title: language.t('common.unsaved.title'),
    message: language.t('common.unsaved.message'),
    confirm: language.t('common.unsaved.leave'),
    cancel: language.t('common.unsaved.stay'),
  };
  return inject(MatDialog)
    .open<ConfirmDialog, ConfirmData, boolean>(ConfirmDialog, { data, width: '420px' })
    .afterClosed()
    .pipe(map((leave) => leave === true));
};

/**
 * Call from a page's constructor: while `unsaved()` is true, the browser asks before the page is
 * reloaded or the tab closed (its own dialog; browsers do not show a custom text).
 */
export function warnBeforeUnload(unsaved: () => boolean): void {
  const listener = (event: BeforeUnloadEvent) => {
    if (!unsaved()) return;
    event.preventDefault();
    // Older browsers need a non-empty returnValue to ask.
    event.returnValue = '';
  };
  window.addEventListener('beforeunload', listener);
  inject(DestroyRef).onDestroy(() => window.removeEventListener('beforeunload', listener));
}
