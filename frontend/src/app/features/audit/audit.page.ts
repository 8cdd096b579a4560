import { httpResource } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { TranslocoPipe } from '@jsverse/transloco';
import { debounceTime } from 'rxjs';
import { pagedList } from '../../core/api/paged';
import { provideTranslatedDatepicker } from '../../core/i18n/datepicker-intl';
import { provideTranslatedPaginator } from '../../core/i18n/paginator-intl';
import { AppDatePipe, TranslateOrPipe } from '../../core/i18n/locale.pipes';
import { JsonView } from '../../shared/ui/json-view';
import { StatusChip } from '../../shared/ui/status-chip';
import { AuditEvent, AuditQuery, INITIAL_AUDIT_QUERY, endOfDay, startOfDay } from './audit.models';

@Component({
  selector: 'app-audit-page',
  providers: [provideTranslatedPaginator(), provideTranslatedDatepicker()],
  imports: [
    ReactiveFormsModule,
    MatTableModule,
    MatPaginatorModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatDatepickerModule,
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    TranslocoPipe,
    AppDatePipe,
    TranslateOrPipe,
    StatusChip,
    JsonView,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './audit.page.html',
  styleUrl: './audit.page.scss',
})
export class AuditPage {
  protected readonly events = pagedList<AuditEvent, AuditQuery>('/api/audit-events', INITIAL_AUDIT_QUERY);
  private readonly actionList = httpResource<string[]>(() => '/api/audit-events/actions');
  protected readonly actions = computed(() => (this.actionList.hasValue() ? this.actionList.value() : []));
  protected readonly columns = ['expand', 'occurredAt', 'actor', 'action', 'entity', 'outcome', 'clientIp'];
  protected readonly expanded = signal<string | null>(null);

  protected readonly filters = inject(NonNullableFormBuilder).group({
    from: [null as Date | null],
    to: [null as Date | null],
    actor: [''],
    action: [''],
    entityType: [''],
    outcome: ['' as AuditQuery['outcome']],
  });

  constructor() {
    this.filters.valueChanges
      .pipe(debounceTime(400), takeUntilDestroyed(inject(DestroyRef)))
      .subscribe(() => this.applyFilters());
  }

  protected page(event: PageEvent): void {
    this.events.goTo(event.pageIndex + 1, event.pageSize);
  }

  protected toggle(event: AuditEvent): void {
    this.expanded.update((id) => (id === event.id ? null : event.id));
  }

  protected clearFilters(): void {
    this.filters.reset();
  }

  private applyFilters(): void {
    if (this.filters.invalid) {
      return;
    }
    const value = this.filters.getRawValue();
    this.events.filter({
      from: startOfDay(value.from),
      to: endOfDay(value.to),
      actor: value.actor.trim(),
      action: value.action,
      entityType: value.entityType.trim(),
      outcome: value.outcome,
    });
  }
}
