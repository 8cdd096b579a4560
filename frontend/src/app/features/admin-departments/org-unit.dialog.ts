import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { TranslocoPipe } from '@jsverse/transloco';
import { Observable } from 'rxjs';
import { formSubmit } from '../../core/forms/form-submit';
import { FormDialog } from '../../shared/ui/form-dialog';
import { TextField } from '../../shared/ui/text-field';
import { DepartmentsApi } from './departments.api';
import { Department, NamedCreate, NamedUpdate, Ward } from './departments.models';

/** Departments and wards have the same editable shape: code, name, English name, active. */
export type OrgUnitDialogData =
  | { kind: 'department'; department?: Department }
  | { kind: 'ward'; departmentId: string; ward?: Ward };

/** Create or edit a department or a ward; closes with `true` once saved. */
@Component({
  selector: 'app-org-unit-dialog',
  imports: [ReactiveFormsModule, MatSlideToggleModule, FormDialog, TextField, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <app-form-dialog
      [title]="'departments.' + data.kind + (existing ? '.edit' : '.create')"
      [saving]="saving()"
      submitTestId="org-form-submit"
      (submitted)="save()"
    >
      <app-text-field [control]="form.controls.code" label="departments.code" testId="org-form-code" />
      <app-text-field [control]="form.controls.name" label="departments.name" testId="org-form-name" />
      <app-text-field [control]="form.controls.nameEn" label="departments.nameEn" lang="en" testId="org-form-name-en" />
      @if (existing) {
        <mat-slide-toggle [formControl]="form.controls.active" data-testid="org-form-active">
          {{ 'common.active' | transloco }}
        </mat-slide-toggle>
      }
    </app-form-dialog>
  `,
})
export class OrgUnitDialog {
  protected readonly data = inject<OrgUnitDialogData>(MAT_DIALOG_DATA);
  private readonly api = inject(DepartmentsApi);
  private readonly dialogRef = inject(MatDialogRef<OrgUnitDialog, boolean>);

  protected readonly existing: Department | Ward | undefined =
    this.data.kind === 'department' ? this.data.department : this.data.ward;

  protected readonly form = inject(NonNullableFormBuilder).group({
    code: [
      { value: this.existing?.code ?? '', disabled: !!this.existing },
      [Validators.required, Validators.maxLength(32), Validators.pattern(/^[A-Za-z0-9_-]+$/)],
    ],
    name: [this.existing?.name ?? '', [Validators.required, Validators.maxLength(100)]],
    nameEn: [this.existing?.nameEn ?? '', Validators.maxLength(100)],
    active: [this.existing?.active ?? true],
  });
  private readonly submitter = formSubmit(this.form, { CONFLICT: 'code' });
  protected readonly saving = this.submitter.saving;

  protected save(): void {
    const { code, name, nameEn, active } = this.form.getRawValue();
    const created: NamedCreate = { code: code.trim(), name: name.trim(), nameEn: nameEn.trim() || undefined };
    const updated: NamedUpdate = { name: name.trim(), nameEn: nameEn.trim(), active };
    this.submitter.submit(() => this.request(created, updated), () => this.dialogRef.close(true));
  }

  private request(created: NamedCreate, updated: NamedUpdate): Observable<unknown> {
    const data = this.data;
    if (data.kind === 'department') {
      return data.department
        ? this.api.updateDepartment(data.department.id, updated)
        : this.api.createDepartment(created);
    }
    return data.ward ? this.api.updateWard(data.ward.id, updated) : this.api.createWard(data.departmentId, created);
  }
}
