import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { MatTabsModule } from '@angular/material/tabs';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { debounceTime, filter, switchMap } from 'rxjs';
import { latestValue, pagedList } from '../../core/api/paged';
import { AuthStore } from '../../core/auth/auth.store';
import { LanguageService } from '../../core/i18n/language.service';
import { AppDatePipe } from '../../core/i18n/locale.pipes';
import { provideTranslatedPaginator } from '../../core/i18n/paginator-intl';
import { Notifier } from '../../core/notify/notifier';
import { ConfirmData, ConfirmDialog } from '../../shared/ui/confirm.dialog';
import { Hl7Api } from './hl7.api';
import { Hl7Chart } from './hl7-chart';
import { Hl7Sources } from './hl7-sources';
import { Hl7StatusChip } from './hl7-status-chip';
import { Hl7Upload } from './hl7-upload';
import { HL7_STATUSES, Hl7MessageItem, Hl7Status, MessageQuery, PERIODS, Period } from './hl7.models';

const INITIAL_PERIOD: Period = '24h';

function sinceIso(period: Period, now: number): string {
  return new Date(now - PERIODS[period].ms).toISOString();
}

/** The HL7 interface monitor: messages, throughput and errors, sources and upload (admin). */
@Component({
  selector: 'app-interface-page',
  providers: [provideTranslatedPaginator()],
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatSelectModule,
    MatTableModule,
    MatTabsModule,
    TranslocoPipe,
    AppDatePipe,
    Hl7Chart,
    Hl7StatusChip,
    Hl7Sources,
    Hl7Upload,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './interface.page.html',
  styleUrl: './interface.page.scss',
})
export class InterfacePage {
  private readonly api = inject(Hl7Api);
  private readonly router = inject(Router);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  private readonly language = inject(LanguageService);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly canManage = inject(AuthStore).hasPermission('hl7.manage');

  private readonly now = signal(Date.now());
  protected readonly period = signal<Period>(INITIAL_PERIOD);
  protected readonly periods = Object.keys(PERIODS) as Period[];
  protected readonly statuses = HL7_STATUSES;

  protected readonly messages = pagedList<Hl7MessageItem, MessageQuery>('/api/hl7/messages', {
    page: 1,
    pageSize: 20,
    status: '',
    sourceId: '',
    type: '',
    controlId: '',
    patientId: '',
    q: '',
    from: sinceIso(INITIAL_PERIOD, Date.now()),
    to: '',
  });

  private readonly statsResource = this.api.statsResource(() => ({
    from: sinceIso(this.period(), this.now()),
    to: new Date(this.now()).toISOString(),
    bucket: PERIODS[this.period()].bucket,
  }));
  protected readonly stats = latestValue(this.statsResource);
  private readonly sourceList = this.api.sourcesResource();
  protected readonly sources = computed(() => (this.sourceList.hasValue() ? this.sourceList.value() : []));

  protected readonly columns = ['receivedAt', 'source', 'type', 'controlId', 'status', 'error', 'patient'];
  protected readonly bulkBusy = signal(false);

  protected readonly filters = inject(NonNullableFormBuilder).group({
    status: ['' as Hl7Status | ''],
    sourceId: [''],
    type: ['', Validators.pattern(/^\s*[A-Za-z0-9]{3}(\^[A-Za-z0-9]{3})?\s*$/)],
    controlId: [''],
    patientId: ['', Validators.pattern(/^\s*[0-9a-fA-F-]{36}\s*$/)],
    q: [''],
    period: [INITIAL_PERIOD as Period],
  });

  constructor() {
    this.filters.valueChanges.pipe(debounceTime(400), takeUntilDestroyed(this.destroyRef)).subscribe(() => this.applyFilters());
  }

  protected count(status: Hl7Status): number {
    return this.stats()?.totals.byStatus[status] ?? 0;
  }

  protected filterStatus(status: Hl7Status): void {
    this.filters.controls.status.setValue(this.filters.controls.status.value === status ? '' : status);
  }

  protected refresh(): void {
    this.now.set(Date.now());
    this.applyFilters();
    this.messages.reload();
  }

  protected page(event: PageEvent): void {
    this.messages.goTo(event.pageIndex + 1, event.pageSize);
  }

  protected open(message: Hl7MessageItem): void {
    void this.router.navigate(['/interface/messages', message.id]);
  }

  protected clearFilters(): void {
    this.filters.reset();
  }

  /** Replays every failed, unresolved message (of the chosen source), after saying how many. */
  protected bulkReplay(): void {
    const sourceId = this.filters.controls.sourceId.value;
    const source = this.sources().find((s) => s.id === sourceId);
    this.bulkBusy.set(true);
    this.api
      .failed(sourceId)
      .pipe(
        switchMap((page) => {
          this.bulkBusy.set(false);
          const open = page.items.filter((m) => !m.resolvedBy && !m.replayOf).length;
          if (open === 0) {
            this.notifier.warn('interface.bulk.none');
            return [];
          }
          const data: ConfirmData = {
            title: this.language.t('interface.bulk.title'),
            message: this.language.t(page.total > page.items.length ? 'interface.bulk.confirmMore' : 'interface.bulk.confirm', {
              count: open,
              source: source ? source.code : this.language.t('interface.allSources'),
            }),
            confirm: this.language.t('interface.bulk.ok'),
            cancel: this.language.t('common.cancel'),
          };
          return this.dialog.open(ConfirmDialog, { data }).afterClosed();
        }),
        filter((ok) => ok === true),
        switchMap(() => {
          this.bulkBusy.set(true);
          return this.api.bulkReplay(sourceId);
        }),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: (result) => {
          this.bulkBusy.set(false);
          this.notifier.success('interface.bulk.done', { ...result });
          this.refresh();
        },
        error: () => this.bulkBusy.set(false),
      });
  }

  private applyFilters(): void {
    if (this.filters.invalid) {
      return;
    }
    const v = this.filters.getRawValue();
    if (v.period !== this.period()) {
      this.period.set(v.period);
      this.now.set(Date.now());
    }
    this.messages.filter({
      status: v.status,
      sourceId: v.sourceId,
      type: v.type.trim().toUpperCase(),
      controlId: v.controlId.trim(),
      patientId: v.patientId.trim(),
      q: v.q.trim(),
      from: sinceIso(v.period, this.now()),
    });
  }
}
