import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { filter, switchMap } from 'rxjs';
import { AuthStore } from '../../core/auth/auth.store';
import { AppDatePipe, LocalizedPipe } from '../../core/i18n/locale.pipes';
import { LanguageService } from '../../core/i18n/language.service';
import { Notifier } from '../../core/notify/notifier';
import { ConfirmData, ConfirmDialog } from '../../shared/ui/confirm.dialog';
import { IconAction } from '../../shared/ui/icon-action';
import { QuestionnaireMetaData, QuestionnaireMetaDialog } from './questionnaire-meta.dialog';
import { QuestionnaireStatusChip } from './questionnaire-status-chip';
import { QuestionnaireVersions } from './questionnaire-versions';
import { QuestionnairesApi } from './questionnaires.api';
import { QUESTIONNAIRE_STATUSES, Questionnaire, QuestionnaireItem, QuestionnaireStatus } from './questionnaires.models';

/** The questionnaire library: every version by status, with new, copy, new version, publish and retire. */
@Component({
  selector: 'app-questionnaires-page',
  imports: [
    RouterLink,
    MatButtonModule,
    MatButtonToggleModule,
    MatIconModule,
    MatProgressBarModule,
    MatTableModule,
    TranslocoPipe,
    AppDatePipe,
    LocalizedPipe,
    IconAction,
    QuestionnaireStatusChip,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './questionnaires.page.html',
  styleUrl: './questionnaires.page.scss',
})
export class QuestionnairesPage {
  private readonly api = inject(QuestionnairesApi);
  private readonly dialog = inject(MatDialog);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);
  private readonly language = inject(LanguageService);
  private readonly versions = inject(QuestionnaireVersions);

  protected readonly canManage = inject(AuthStore).hasPermission('questionnaire.manage');
  protected readonly statuses = QUESTIONNAIRE_STATUSES;
  protected readonly status = signal<QuestionnaireStatus | ''>('');
  private readonly list = this.api.listResource(this.status);
  protected readonly items = computed(() => (this.list.hasValue() ? this.list.value() : []));
  protected readonly loading = this.list.isLoading;
  protected readonly columns = ['title', 'code', 'version', 'status', 'updatedAt', 'actions'];

  protected create(source?: QuestionnaireItem): void {
    this.dialog
      .open<QuestionnaireMetaDialog, QuestionnaireMetaData, Questionnaire>(QuestionnaireMetaDialog, { data: { source }, width: '520px' })
      .afterClosed()
      .pipe(filter(Boolean))
      .subscribe((created) => {
        this.notifier.success('questionnaires.created', { code: created.code });
        void this.router.navigate(['/questionnaires', created.id]);
      });
  }

  protected newVersion(item: QuestionnaireItem): void {
    this.versions.newVersion(item.id).subscribe((draft) => void this.router.navigate(['/questionnaires', draft.id]));
  }

  protected publish(item: QuestionnaireItem): void {
    this.versions.publish(item).subscribe(() => this.list.reload());
  }

  protected retire(item: QuestionnaireItem): void {
    const data: ConfirmData = {
      title: this.language.t('questionnaires.retire.title'),
      message: this.language.t('questionnaires.retire.message', { code: item.code, version: item.version }),
      confirm: this.language.t('questionnaires.retire.confirm'),
      cancel: this.language.t('common.cancel'),
    };
    this.dialog
      .open<ConfirmDialog, ConfirmData, boolean>(ConfirmDialog, { data, width: '420px' })
      .afterClosed()
      .pipe(
        filter(Boolean),
        switchMap(() => this.api.retire(item.id)),
      )
      .subscribe(() => {
        this.notifier.success('questionnaires.retire.done', { code: item.code, version: item.version });
        this.list.reload();
      });
  }
}
