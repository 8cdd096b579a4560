import { Injectable, inject } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { EMPTY, Observable, catchError, filter, map, of, switchMap, tap } from 'rxjs';
import { toApiError } from '../../core/api/api-error';
import { LanguageService } from '../../core/i18n/language.service';
import { Notifier } from '../../core/notify/notifier';
import { ConfirmData, ConfirmDialog } from '../../shared/ui/confirm.dialog';
import { QuestionnairesApi } from './questionnaires.api';
import { Questionnaire, QuestionnaireItem } from './questionnaires.models';

/** Publishing and new versions, the same from the library and the builder. */
@Injectable({ providedIn: 'root' })
export class QuestionnaireVersions {
  private readonly api = inject(QuestionnairesApi);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  private readonly language = inject(LanguageService);

  /**
   * Asks, then publishes (the previously published version of the code is retired). Emits the
   * published version; a refusal with `definition.*` field errors goes to `onInvalid` when given,
   * anything else is reported.
   */
  publish(item: QuestionnaireItem, onInvalid?: (fields: Record<string, string[]>) => void): Observable<Questionnaire> {
    const data: ConfirmData = {
      title: this.language.t('questionnaires.publish.title'),
      message: this.language.t('questionnaires.publish.message', { code: item.code, version: item.version }),
      confirm: this.language.t('questionnaires.publish.confirm'),
      cancel: this.language.t('common.cancel'),
    };
    return this.dialog
      .open<ConfirmDialog, ConfirmData, boolean>(ConfirmDialog, { data, width: '440px' })
      .afterClosed()
      .pipe(
        filter(Boolean),
        switchMap(() =>
          this.api.publish(item.id).pipe(
            catchError((error: unknown) => {
              const apiError = toApiError(error);
              if (onInvalid && apiError.fields) onInvalid(apiError.fields);
              else if (apiError.statusCode !== 401) this.notifier.error(apiError);
              return EMPTY;
            }),
          ),
        ),
        tap((published) => this.notifier.success('questionnaires.publish.done', { code: published.code, version: published.version })),
      );
  }

  /** A new draft version; when a draft of the code is already open, that one (with a note). */
  newVersion(id: string): Observable<{ id: string }> {
    return this.api.newVersion(id).pipe(
      tap((draft) => this.notifier.success('questionnaires.newVersionDone', { version: draft.version })),
      map((draft) => ({ id: draft.id })),
      catchError((error: unknown) => {
        const apiError = toApiError(error);
        const draftId = apiError.details?.['draftId'];
        if (apiError.code === 'QUESTIONNAIRE_DRAFT_EXISTS' && typeof draftId === 'string') {
          this.notifier.warn('questionnaires.draftExists');
          return of({ id: draftId });
        }
        if (apiError.statusCode !== 401) this.notifier.error(apiError);
        return EMPTY;
      }),
    );
  }
}
