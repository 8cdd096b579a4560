import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { filter, switchMap } from 'rxjs';
import { AuthStore } from '../../core/auth/auth.store';
import { AppDatePipe } from '../../core/i18n/locale.pipes';
import { LanguageService } from '../../core/i18n/language.service';
import { Notifier } from '../../core/notify/notifier';
import { ConfirmData, ConfirmDialog } from '../../shared/ui/confirm.dialog';
import { StatusChip } from '../../shared/ui/status-chip';
import { MergeApi } from './merge.api';
import { MergeRecord } from './patients.models';

/** The merges a record took part in, newest first; an administrator may revert one. */
@Component({
  selector: 'app-merge-history',
  imports: [MatButtonModule, MatIconModule, RouterLink, TranslocoPipe, AppDatePipe, StatusChip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (merges().length > 0) {
      <section class="history" data-testid="patient-merge-history">
        <h3>{{ 'patients.merge.history' | transloco }}</h3>
        <ul class="line-list">
          @for (merge of merges(); track merge.id) {
            <li [attr.data-testid]="'merge-' + merge.id">
              <span>{{ merge.mergedAt | appDate: 'medium' }}</span>
              @if (merge.survivorId === patientId()) {
                <span>{{ 'patients.merge.mergedFrom' | transloco }}</span>
                <a [routerLink]="['/patients', merge.mergedId]">{{ 'patients.merge.otherRecord' | transloco }}</a>
              } @else {
                <span>{{ 'patients.merge.mergedInto' | transloco }}</span>
                <a [routerLink]="['/patients', merge.survivorId]">{{ 'patients.merge.otherRecord' | transloco }}</a>
              }
              @if (merge.revertedAt) {
                <app-status-chip data-testid="merge-reverted">
                  {{ 'patients.merge.revertedAt' | transloco: { date: (merge.revertedAt | appDate: 'medium') } }}
                </app-status-chip>
              } @else if (canMerge) {
                <button mat-stroked-button type="button" (click)="revert(merge)" [attr.data-testid]="'merge-revert-' + merge.id">
                  <mat-icon svgIcon="undo" />
                  {{ 'patients.merge.revert' | transloco }}
                </button>
              }
            </li>
          }
        </ul>
      </section>
    }
  `,
  styles: `
    h3 {
      margin: 0 0 4px;
      font: var(--mat-sys-title-small);
    }
  `,
})
export class MergeHistory {
  readonly patientId = input.required<string>();
  /** A merge was reverted: the records should be loaded again. */
  readonly reverted = output<void>();

  private readonly api = inject(MergeApi);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  private readonly language = inject(LanguageService);
  protected readonly canMerge = inject(AuthStore).hasPermission('patient.merge');

  private readonly history = this.api.historyResource(this.patientId);
  protected readonly merges = computed<MergeRecord[]>(() => (this.history.hasValue() ? this.history.value() : []));

  /** Loads the history again (after a merge on the page that shows it). */
  reload(): void {
    this.history.reload();
  }

  protected revert(merge: MergeRecord): void {
    const data: ConfirmData = {
      title: this.language.t('patients.merge.revertTitle'),
      message: this.language.t('patients.merge.revertMessage'),
      confirm: this.language.t('patients.merge.revert'),
      cancel: this.language.t('common.cancel'),
    };
    this.dialog
      .open<ConfirmDialog, ConfirmData, boolean>(ConfirmDialog, { data, width: '440px' })
      .afterClosed()
      .pipe(
        filter(Boolean),
        switchMap(() => this.api.revert(merge.id)),
      )
      .subscribe(() => {
        this.notifier.success('patients.merge.revertDone');
        this.history.reload();
        this.reverted.emit();
      });
  }
}
