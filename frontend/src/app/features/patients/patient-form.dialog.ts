import { COMMA, ENTER } from '@angular/cdk/keycodes';
import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, computed, effect, inject, signal, viewChild } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormArray, FormControl, FormGroup, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatChipInputEvent, MatChipsModule } from '@angular/material/chips';
import { MAT_DIALOG_DATA, MatDialog, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoPipe } from '@jsverse/transloco';
import { Observable, map } from 'rxjs';
import { catchApiError } from '../../core/api/api-error';
import { AuthStore } from '../../core/auth/auth.store';
import { formSubmit } from '../../core/forms/form-submit';
import { FormDialog } from '../../shared/ui/form-dialog';
import { DateField } from '../../shared/ui/date-field';
import { IconAction } from '../../shared/ui/icon-action';
import { RowGroup } from '../../shared/ui/row-group';
import { SelectField, codeOptions } from '../../shared/ui/select-field';
import { TextField } from '../../shared/ui/text-field';
import { CodeLists } from './code-lists';
import { DuplicateList } from './duplicate-list';
import { departmentOptions } from './department-options';
import { PatientsApi } from './patients.api';
import {
  DuplicateCandidate,
  PATIENT_STATUSES,
  PatientCreate,
  PatientDetail,
  PatientStatus,
  PatientUpdate,
  isoDate,
  localDate,
} from './patients.models';

export interface PatientFormData {
  /** Absent: register a new patient. */
  patient?: PatientDetail;
}

/** What the dialog closes with once saved. */
export interface PatientFormResult {
  id: string;
  name: string;
}

/** The phone pattern of the API (mainland mobile, landline, or + international). */
export const PHONE = /^(1[3-9]\d{9}|\+\d{6,15}|0\d{2,3}-?\d{7,8})$/;
const ID_NUMBER = /^\d{17}[\dXx]$/;
/** The identifier pattern of the API: 1–64 letters, digits, dots, underscores or hyphens. */
export const IDENTIFIER_VALUE = /^[A-Za-z0-9._-]{1,64}$/;

/** Opens the form; emits the saved patient, or undefined when it was cancelled. */
export function openPatientForm(dialog: MatDialog, data: PatientFormData): Observable<PatientFormResult | undefined> {
  return dialog
    .open<PatientFormDialog, PatientFormData, PatientFormResult>(PatientFormDialog, {
      data,
      width: '760px',
      maxWidth: '95vw',
      maxHeight: '90vh',
    })
    .afterClosed();
}

type PhoneRow = FormGroup<{ number: FormControl<string>; owner: FormControl<string> }>;
type IdentifierRow = FormGroup<{ type: FormControl<string>; value: FormControl<string>; authority: FormControl<string> }>;

/**
 * Registers a patient (with phones and identifiers) or edits one. API field errors show on their
 * fields (`idNumber`, `phones.0.number`, `identifiers.0.type`…); probable duplicates (409) are listed
 * with links, and the user may create the record anyway.
 */
@Component({
  selector: 'app-patient-form-dialog',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatChipsModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
    TranslocoPipe,
    FormDialog,
    TextField,
    SelectField,
    DateField,
    IconAction,
    RowGroup,
    DuplicateList,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './patient-form.dialog.html',
  styleUrl: './patient-form.dialog.scss',
})
export class PatientFormDialog {
  private readonly data = inject<PatientFormData>(MAT_DIALOG_DATA);
  private readonly api = inject(PatientsApi);
  private readonly auth = inject(AuthStore);
  protected readonly dialogRef = inject(MatDialogRef<PatientFormDialog, PatientFormResult>);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly codeLists = inject(CodeLists);

  protected readonly patient = this.data.patient;
  protected readonly statuses = PATIENT_STATUSES;
  protected readonly separators = [ENTER, COMMA];
  protected readonly today = new Date();

  protected readonly sexOptions = computed(() => codeOptions(this.codeLists.items('sex')()));
  protected readonly ethnicityOptions = computed(() => codeOptions(this.codeLists.items('ethnicity')()));
  protected readonly insuranceOptions = computed(() => codeOptions(this.codeLists.items('insurance_type')()));
  protected readonly identifierTypes = computed(() => codeOptions(this.codeLists.items('identifier_type')()));
  protected readonly owners = computed(() => codeOptions(this.codeLists.items('relation')()));
  private readonly departmentRefs = departmentOptions();
  protected readonly departments = computed(() => this.departmentRefs().map((d) => ({ value: d.id, label: d.name, labelEn: d.nameEn })));

  /** The registering department is asked for on create, and required when the user has several. */
  private readonly user = this.auth.user();
  protected readonly askDepartment = !this.patient && (!!this.user?.allDepartments || this.auth.departments().length > 1);
  private readonly departmentRequired = !this.user?.allDepartments && this.auth.departments().length > 1;

  protected readonly form = this.fb.group({
    name: [this.patient?.name ?? '', [Validators.required, Validators.maxLength(100)]],
    sexCode: [this.patient?.sexCode ?? '', Validators.required],
    birthDate: [localDate(this.patient?.birthDate)],
    /** On edit, empty keeps the current (masked) number. */
    idNumber: ['', Validators.pattern(ID_NUMBER)],
    phones: this.fb.array<PhoneRow>(this.patient ? [] : [this.phoneRow()]),
    identifiers: this.fb.array<IdentifierRow>([]),
    ethnicityCode: [this.patient?.ethnicityCode ?? ''],
    insuranceTypeCode: [this.patient?.insuranceTypeCode ?? ''],
    address: [this.patient?.address ?? '', Validators.maxLength(300)],
    tags: [this.patient?.tags ?? ([] as string[])],
    // Only asked on create (a disabled control does not count when the form is checked).
    registeredDepartmentId: [
      {
        value: this.auth.departmentId() ?? (this.auth.departments().length === 1 ? this.auth.departments()[0].id : ''),
        disabled: !this.askDepartment,
      },
      this.departmentRequired ? Validators.required : [],
    ],
    status: [(this.patient?.status ?? 'active') as PatientStatus],
    deceasedDate: [localDate(this.patient?.deceasedDate)],
  });
  private readonly submitter = formSubmit(this.form);
  protected readonly saving = this.submitter.saving;

  /** Probable duplicates the server found (409 PATIENT_POSSIBLE_DUPLICATE); null until then. */
  protected readonly candidates = signal<DuplicateCandidate[] | null>(null);
  private readonly duplicateList = viewChild(DuplicateList, { read: ElementRef });

  constructor() {
    // The candidates sit above the fields: bring them into view when they appear.
    effect(() => (this.duplicateList()?.nativeElement as HTMLElement | undefined)?.scrollIntoView?.({ block: 'nearest' }));
    // What the candidates were found for has changed: the next save checks again.
    this.form.valueChanges.pipe(takeUntilDestroyed(inject(DestroyRef))).subscribe(() => this.candidates.set(null));
  }

  protected get phones(): FormArray<PhoneRow> {
    return this.form.controls.phones;
  }

  protected get identifiers(): FormArray<IdentifierRow> {
    return this.form.controls.identifiers;
  }

  protected addPhone(): void {
    this.phones.push(this.phoneRow());
  }

  protected addIdentifier(): void {
    this.identifiers.push(
      this.fb.group({
        type: ['', Validators.required],
        value: ['', [Validators.required, Validators.pattern(IDENTIFIER_VALUE)]],
        authority: ['', Validators.maxLength(64)],
      }),
    );
  }

  protected addTag(event: MatChipInputEvent): void {
    const tag = event.value.trim();
    const tags = this.form.controls.tags.value;
    if (tag && !tags.includes(tag)) {
      this.form.controls.tags.setValue([...tags, tag]);
    }
    event.chipInput.clear();
  }

  protected removeTag(tag: string): void {
    this.form.controls.tags.setValue(this.form.controls.tags.value.filter((t) => t !== tag));
  }

  protected save(confirmNotDuplicate = false): void {
    const patient = this.patient;
    // Empty phone rows are not sent; the others keep their row numbers for the API's field errors.
    for (let i = this.phones.length - 1; i >= 0; i--) {
      if (!this.phones.at(i).controls.number.value.trim()) {
        this.phones.removeAt(i, { emitEvent: false });
      }
    }
    const request = patient ? this.api.update(patient.id, this.updateBody()) : this.createRequest(confirmNotDuplicate);
    this.submitter.submit(
      () => request.pipe(map((saved) => ({ id: patient?.id ?? saved.id, name: this.form.controls.name.value.trim() }))),
      (result) => this.dialogRef.close(result),
    );
  }

  /** POST /patients; a 409 with probable duplicates lists them instead of failing. */
  private createRequest(confirmNotDuplicate: boolean): Observable<{ id: string }> {
    return this.api.create(this.createBody(confirmNotDuplicate)).pipe(
      catchApiError('PATIENT_POSSIBLE_DUPLICATE', (error) => {
        const found = error.details?.['candidates'];
        if (!Array.isArray(found)) {
          return false;
        }
        this.candidates.set(found as DuplicateCandidate[]);
        return true;
      }),
    );
  }

  private createBody(confirmNotDuplicate: boolean): PatientCreate {
    const v = this.form.getRawValue();
    const optional = (value: string) => value.trim() || undefined;
    return {
      name: v.name.trim(),
      sexCode: v.sexCode,
      birthDate: isoDate(v.birthDate) || undefined,
      idNumber: optional(v.idNumber.toUpperCase()),
      phones: v.phones.length ? v.phones.map((p) => ({ number: p.number.trim(), owner: p.owner || undefined })) : undefined,
      identifiers: v.identifiers.length
        ? v.identifiers.map((i) => ({ type: i.type, value: i.value.trim(), authority: optional(i.authority) }))
        : undefined,
      ethnicityCode: optional(v.ethnicityCode),
      insuranceTypeCode: optional(v.insuranceTypeCode),
      address: optional(v.address),
      tags: v.tags.length ? v.tags : undefined,
      registeredDepartmentId: this.askDepartment ? optional(v.registeredDepartmentId) : undefined,
      confirmNotDuplicate: confirmNotDuplicate || undefined,
    };
  }

  /** PATCH /patients/:id: every editable field; null clears an optional one. */
  private updateBody(): PatientUpdate {
    const v = this.form.getRawValue();
    return {
      name: v.name.trim(),
      sexCode: v.sexCode,
      birthDate: isoDate(v.birthDate) || undefined,
      idNumber: v.idNumber.trim().toUpperCase() || undefined,
      ethnicityCode: v.ethnicityCode || null,
      insuranceTypeCode: v.insuranceTypeCode || null,
      address: v.address.trim() || null,
      tags: v.tags,
      status: v.status,
      deceasedDate: v.status === 'deceased' ? isoDate(v.deceasedDate) || undefined : undefined,
    };
  }

  private phoneRow(): PhoneRow {
    return this.fb.group({ number: ['', Validators.pattern(PHONE)], owner: ['self'] });
  }
}
