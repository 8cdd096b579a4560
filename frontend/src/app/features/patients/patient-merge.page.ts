import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatRadioModule } from '@angular/material/radio';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { filter, switchMap, tap } from 'rxjs';
import { AppDatePipe, AppNumberPipe } from '../../core/i18n/locale.pipes';
import { LanguageService } from '../../core/i18n/language.service';
import { ConfirmData, ConfirmDialog } from '../../shared/ui/confirm.dialog';
import { CodeLabelPipe } from './code-lists';
import { MergeApi } from './merge.api';
import { MergeHistory } from './merge-history';
import { PatientStatusChip } from './patient-status-chip';
import { PatientsApi } from './patients.api';
import { MergeResult, PatientDetail } from './patients.models';

/**
 * Two records of (probably) the same person side by side: the administrator picks the record that
 * survives, confirms, and sees what moved; the merge history offers the revert.
 */
@Component({
  selector: 'app-patient-merge-page',
  imports: [
    RouterLink,
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    MatRadioModule,
    TranslocoPipe,
    AppDatePipe,
    AppNumberPipe,
    CodeLabelPipe,
    PatientStatusChip,
    MergeHistory,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './patient-merge.page.html',
  styleUrl: './patient-merge.page.scss',
})
export class PatientMergePage {
  /** Route parameters: the record the review started from, and its probable duplicate. */
  readonly id = input.required<string>();
  readonly otherId = input.required<string>();

  private readonly api = inject(MergeApi);
  private readonly dialog = inject(MatDialog);
  private readonly language = inject(LanguageService);

  private readonly first = inject(PatientsApi).detailResource(this.id);
  private readonly second = inject(PatientsApi).detailResource(this.otherId);
  protected readonly records = computed<PatientDetail[] | null>(() =>
    this.first.hasValue() && this.second.hasValue() ? [this.first.value(), this.second.value()] : null,
  );
  protected readonly loading = computed(() => this.first.isLoading() || this.second.isLoading());
  protected readonly failed = computed(() => !!this.first.error() || !!this.second.error());
  /** A record that is already merged cannot take part in another merge. */
  protected readonly blocked = computed(() => this.records()?.some((r) => r.mergedIntoId) ?? false);

  /** The surviving record; by default the one the review started from. */
  protected readonly survivorId = linkedSignal(() => this.id());
  protected readonly mergedId = computed(() => (this.survivorId() === this.id() ? this.otherId() : this.id()));
  protected readonly merging = signal(false);
  protected readonly result = signal<MergeResult | null>(null);
  protected readonly movedRows = computed(() => Object.entries(this.result()?.moved ?? {}).filter(([, count]) => count > 0));

  private readonly history = viewChild(MergeHistory);

  protected merge(): void {
    const records = this.records();
    const survivor = records?.find((r) => r.id === this.survivorId());
    const merged = records?.find((r) => r.id === this.mergedId());
    if (!survivor || !merged) {
      return;
    }
    const data: ConfirmData = {
      title: this.language.t('patients.merge.confirmTitle'),
      message: this.language.t('patients.merge.confirmMessage', { merged: merged.name, survivor: survivor.name }),
      confirm: this.language.t('patients.merge.submit'),
      cancel: this.language.t('common.cancel'),
    };
    this.dialog
      .open<ConfirmDialog, ConfirmData, boolean>(ConfirmDialog, { data, width: '480px' })
      .afterClosed()
      .pipe(
        filter(Boolean),
        tap(() => this.merging.set(true)),
        switchMap(() => this.api.merge(survivor.id, merged.id)),
      )
      .subscribe({
        next: (result) => {
          this.merging.set(false);
          this.result.set(result);
          this.reload();
        },
        error: () => this.merging.set(false),
      });
  }

  protected reverted(): void {
    this.result.set(null);
    this.reload();
  }

  private reload(): void {
    this.first.reload();
    this.second.reload();
    this.history()?.reload();
  }
}
