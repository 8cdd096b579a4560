import { formatNumber } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSortModule, Sort } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { debounceTime, distinctUntilChanged } from 'rxjs';
import { AuthStore } from '../../core/auth/auth.store';
import { provideTranslatedDatepicker } from '../../core/i18n/datepicker-intl';
import { AppDatePipe, LocalizedPipe } from '../../core/i18n/locale.pipes';
import { LanguageService } from '../../core/i18n/language.service';
import { localized } from '../../core/i18n/languages';
import { provideTranslatedPaginator } from '../../core/i18n/paginator-intl';
import { Notifier } from '../../core/notify/notifier';
import { CodeLabelPipe } from './code-lists';
import { departmentOptions } from './department-options';
import { openPatientForm } from './patient-form.dialog';
import { PatientSearchStore } from './patient-search.store';
import { PatientStatusChip } from './patient-status-chip';
import {
  PATIENT_STATUSES,
  PatientFilter,
  PatientListItem,
  PatientSortColumn,
  PatientStatus,
  Segment,
  isoDate,
  localDate,
} from './patients.models';
import { SegmentDialog } from './segment.dialog';
import { SegmentsApi } from './segments.api';

@Component({
  selector: 'app-patients-page',
  providers: [PatientSearchStore, provideTranslatedPaginator(), provideTranslatedDatepicker()],
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatTableModule,
    MatSortModule,
    MatPaginatorModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatDatepickerModule,
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    MatTooltipModule,
    TranslocoPipe,
    AppDatePipe,
    LocalizedPipe,
    CodeLabelPipe,
    PatientStatusChip,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './patients.page.html',
  styleUrl: './patients.page.scss',
})
export class PatientsPage {
  private readonly dialog = inject(MatDialog);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);
  private readonly language = inject(LanguageService);
  private readonly auth = inject(AuthStore);

  protected readonly patients = inject(PatientSearchStore);
  protected readonly canWrite = this.auth.hasPermission('patient.write');
  protected readonly canManageSegments = this.auth.hasPermission('segment.manage');
  private readonly segmentList = inject(SegmentsApi).listResource(this.canManageSegments);
  protected readonly segments = computed(() => (this.segmentList.hasValue() ? this.segmentList.value() : []));
  protected readonly departments = departmentOptions();
  protected readonly statuses = PATIENT_STATUSES;
  protected readonly columns = ['name', 'sex', 'age', 'phone', 'idNumber', 'lastVisit', 'status'];

  /** "1,000+" when the server stopped counting. */
  protected readonly totalText = computed(() => {
    const total = formatNumber(this.patients.total(), this.language.active());
    return this.patients.totalCapped() ? `${total}+` : total;
  });

  private readonly initial = this.patients.query();
  protected readonly search = new FormControl(this.initial.q ?? '', { nonNullable: true });
  protected readonly filters = inject(NonNullableFormBuilder).group({
    departmentId: [this.initial.departmentId ?? ''],
    // The API's ICD-10 prefix rule (a letter, up to two digits, an optional decimal part).
    icd: [this.initial.icd ?? '', Validators.pattern(/^\s*[A-Za-z]\d{0,2}(\.\d{0,4})?\s*$/)],
    dischargedFrom: [localDate(this.initial.dischargedFrom)],
    dischargedTo: [localDate(this.initial.dischargedTo)],
    ageMin: [this.initial.ageMin ?? (null as number | null), [Validators.min(0), Validators.max(150)]],
    ageMax: [this.initial.ageMax ?? (null as number | null), [Validators.min(0), Validators.max(150)]],
    status: [(this.initial.status ?? '') as PatientStatus | ''],
    tag: [this.initial.tag ?? ''],
  });

  constructor() {
    const destroyRef = inject(DestroyRef);
    // A search handed over by another page (the incoming-call pop for a number no patient has).
    const handed: unknown = this.router.currentNavigation()?.extras.state?.['search'];
    if (typeof handed === 'string' && handed) {
      this.search.setValue(handed, { emitEvent: false });
      this.patients.search(handed);
    }
    this.search.valueChanges
      .pipe(debounceTime(300), distinctUntilChanged(), takeUntilDestroyed(destroyRef))
      .subscribe((q) => this.patients.search(q));
    this.filters.valueChanges.pipe(debounceTime(400), takeUntilDestroyed(destroyRef)).subscribe(() => this.applyFilters());
  }

  /** The department of the last visit in the active language (the list item carries the Chinese name). */
  protected lastVisitDepartment(patient: PatientListItem): string {
    const visit = patient.lastVisit;
    const known = this.departments().find((d) => d.id === visit?.departmentId);
    return known ? localized(this.language.active(), known.name, known.nameEn) : (visit?.departmentName ?? '');
  }

  protected open(patient: PatientListItem): void {
    void this.router.navigate(['/patients', patient.id]);
  }

  protected sortBy(sort: Sort): void {
    this.patients.sortBy(sort.direction ? (sort.active as PatientSortColumn) : undefined, sort.direction || undefined);
  }

  protected page(event: PageEvent): void {
    this.patients.goTo(event.pageIndex + 1, event.pageSize);
  }

  protected clearFilters(): void {
    this.filters.reset({
      departmentId: '',
      icd: '',
      dischargedFrom: null,
      dischargedTo: null,
      ageMin: null,
      ageMax: null,
      status: '',
      tag: '',
    });
  }

  protected selectSegment(id: string): void {
    this.useSegment(this.segments().find((s) => s.id === id) ?? null);
  }

  protected useSegment(segment: Segment | null): void {
    this.patients.useSegment(segment);
    this.showFilter(this.patients.filter());
  }

  protected saveSegment(): void {
    this.dialog
      .open<SegmentDialog, PatientFilter, Segment>(SegmentDialog, { data: this.patients.filter(), width: '480px' })
      .afterClosed()
      .subscribe((segment) => {
        if (segment) {
          this.notifier.success('patients.segments.saved', { name: segment.name });
          this.segmentList.reload();
          this.patients.useSegment(segment);
        }
      });
  }

  protected create(): void {
    openPatientForm(this.dialog, {}).subscribe((created) => {
      if (created) {
        this.notifier.success('patients.created', { name: created.name });
        void this.router.navigate(['/patients', created.id]);
      }
    });
  }

  private applyFilters(): void {
    // An invalid value (shown in red) is not sent: the list keeps the last valid filter.
    if (this.filters.invalid) {
      this.filters.markAllAsTouched();
      return;
    }
    const value = this.filters.getRawValue();
    this.patients.applyFilters({
      departmentId: value.departmentId,
      icd: value.icd.trim().toUpperCase(),
      dischargedFrom: isoDate(value.dischargedFrom),
      dischargedTo: isoDate(value.dischargedTo),
      ageMin: value.ageMin ?? undefined,
      ageMax: value.ageMax ?? undefined,
      status: value.status || undefined,
      tag: value.tag.trim(),
    });
  }

  /** Shows a segment's filter in the search box and filter fields without searching again. */
  private showFilter(filter: PatientFilter): void {
    this.search.setValue(filter.q ?? '', { emitEvent: false });
    this.filters.setValue(
      {
        departmentId: filter.departmentId ?? '',
        icd: filter.icd ?? '',
        dischargedFrom: localDate(filter.dischargedFrom),
        dischargedTo: localDate(filter.dischargedTo),
        ageMin: filter.ageMin ?? null,
        ageMax: filter.ageMax ?? null,
        status: filter.status ?? '',
        tag: filter.tag ?? '',
      },
      { emitEvent: false },
    );
  }
}
