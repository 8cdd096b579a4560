import { HttpClient, httpResource } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatTabsModule } from '@angular/material/tabs';
import { TranslocoPipe } from '@jsverse/transloco';
import { debounceTime, distinctUntilChanged, map, of, switchMap } from 'rxjs';
import { FieldErrorPipe } from '../../core/forms/field-error.pipe';
import { formSubmit } from '../../core/forms/form-submit';
import { AppDatePipe, LocalizedPipe } from '../../core/i18n/locale.pipes';
import { PatientListItem, PatientPage, Segment } from '../patients/patients.models';
import { TemplatesApi } from './templates.api';
import { EnrolRequest, EnrolResult, FollowupTemplate } from './templates.models';

export interface EnrolDialogData {
  template: FollowupTemplate;
}

type Source = 'patients' | 'segment' | 'department';
const SOURCES: Source[] = ['patients', 'segment', 'department'];

/**
 * Enrols patients in a template by hand: chosen by search, a saved segment, or a department/ward's
 * recent discharges. Shows how many were candidates and how many plans are new (enrolment is
 * idempotent). Closes with `true` when something was enrolled.
 */
@Component({
  selector: 'app-enrol-dialog',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
    MatTabsModule,
    TranslocoPipe,
    FieldErrorPipe,
    AppDatePipe,
    LocalizedPipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './enrol.dialog.html',
  styleUrl: './enrol.dialog.scss',
})
export class EnrolDialog {
  protected readonly template = inject<EnrolDialogData>(MAT_DIALOG_DATA).template;
  private readonly api = inject(TemplatesApi);
  private readonly http = inject(HttpClient);
  private readonly dialogRef = inject(MatDialogRef<EnrolDialog, boolean>);

  protected readonly sources = SOURCES;
  protected readonly source = signal<Source>('patients');
  protected readonly result = signal<EnrolResult | null>(null);

  // ---- by patient ----
  protected readonly search = new FormControl('', { nonNullable: true });
  protected readonly searching = signal(false);
  protected readonly found = signal<PatientListItem[]>([]);
  protected readonly chosen = signal<PatientListItem[]>([]);
  protected readonly chosenIds = computed(() => new Set(this.chosen().map((p) => p.id)));

  // ---- by segment, by department ----
  private readonly segmentList = httpResource<Segment[]>(() => '/api/segments');
  protected readonly segments = computed(() => (this.segmentList.hasValue() ? this.segmentList.value().filter((s) => s.active) : []));
  private readonly orgUnitList = this.api.orgUnitsResource();
  protected readonly orgUnits = computed(() => (this.orgUnitList.hasValue() ? this.orgUnitList.value() : []));

  protected readonly form = inject(NonNullableFormBuilder).group({
    patientIds: [[] as string[]],
    segmentId: [''],
    departmentId: [''],
    wardId: [''],
    days: [30, [Validators.required, Validators.min(1), Validators.max(365)]],
  });
  private readonly submitter = formSubmit(this.form);
  protected readonly saving = this.submitter.saving;
  private readonly departmentId = signal('');
  protected readonly wards = computed(() => this.orgUnits().find((d) => d.id === this.departmentId())?.wards ?? []);

  constructor() {
    const destroyRef = inject(DestroyRef);
    this.search.valueChanges
      .pipe(
        map((q) => q.trim()),
        debounceTime(300),
        distinctUntilChanged(),
        switchMap((q) => {
          if (!q) return of({ items: [] as PatientListItem[] });
          this.searching.set(true);
          return this.http.get<PatientPage>('/api/patients', { params: { q, pageSize: 8 } });
        }),
        takeUntilDestroyed(destroyRef),
      )
      .subscribe((page) => {
        this.searching.set(false);
        this.found.set(page.items);
      });
    this.form.controls.departmentId.valueChanges.pipe(takeUntilDestroyed(destroyRef)).subscribe((id) => {
      this.departmentId.set(id);
      this.form.controls.wardId.setValue('');
    });
  }

  protected choose(patient: PatientListItem): void {
    if (!this.chosenIds().has(patient.id)) this.chosen.update((list) => [...list, patient]);
  }

  protected unchoose(patient: PatientListItem): void {
    this.chosen.update((list) => list.filter((p) => p.id !== patient.id));
  }

  protected canSubmit(): boolean {
    const v = this.form.getRawValue();
    switch (this.source()) {
      case 'patients':
        return this.chosen().length > 0;
      case 'segment':
        return !!v.segmentId;
      case 'department':
        return !!v.departmentId;
    }
  }

  private request(): EnrolRequest {
    const v = this.form.getRawValue();
    switch (this.source()) {
      case 'patients':
        return { patientIds: this.chosen().map((p) => p.id) };
      case 'segment':
        return { segmentId: v.segmentId };
      case 'department':
        return { departmentId: v.departmentId, wardId: v.wardId || undefined, days: Number(v.days) };
    }
  }

  protected enrol(): void {
    if (!this.canSubmit()) return;
    this.submitter.submit(
      () => this.api.enrol(this.template.id, this.request()),
      (result) => this.result.set(result),
    );
  }

  protected close(): void {
    this.dialogRef.close((this.result()?.newPlans ?? 0) > 0);
  }
}
