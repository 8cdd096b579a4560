import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { NonNullableFormBuilder, Validators } from '@angular/forms';
import { MAT_DIALOG_DATA } from '@angular/material/dialog';
import { FormDialog } from '../../shared/ui/form-dialog';
import { SelectField, codeOptions } from '../../shared/ui/select-field';
import { TextField } from '../../shared/ui/text-field';
import { CodeLists } from './code-lists';
import { DetailDialogData, DetailProblem, detailSave } from './detail-dialog';
import { IDENTIFIER_VALUE } from './patient-form.dialog';
import { PatientsApi } from './patients.api';
import { PatientIdentifier } from './patients.models';

/**
 * Adds an identifier (住院号, HIS ID…). Identifiers are not changed in place: a wrong one is replaced
 * by adding the correct one and removing it. A number that belongs to another patient (409) shows on
 * the number field.
 */
@Component({
  selector: 'app-identifier-dialog',
  imports: [FormDialog, TextField, SelectField, DetailProblem],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <app-form-dialog
      title="patients.details.addIdentifier"
      [saving]="saving()"
      submitTestId="identifier-dialog-submit"
      (submitted)="save()"
    >
      <app-detail-problem [text]="problem()" />
      <app-select-field
        [control]="form.controls.type"
        label="patients.form.identifierType"
        [options]="types()"
        testId="identifier-dialog-type"
      />
      <app-text-field [control]="form.controls.value" label="patients.form.identifierValue" testId="identifier-dialog-value" />
      <app-text-field [control]="form.controls.authority" label="patients.form.authority" testId="identifier-dialog-authority" />
    </app-form-dialog>
  `,
})
export class IdentifierDialog {
  private readonly api = inject(PatientsApi);
  private readonly codeLists = inject(CodeLists);
  protected readonly types = computed(() => codeOptions(this.codeLists.items('identifier_type')()));

  private readonly data = inject<DetailDialogData<PatientIdentifier>>(MAT_DIALOG_DATA);

  protected readonly form = inject(NonNullableFormBuilder).group({
    type: ['', Validators.required],
    value: ['', [Validators.required, Validators.pattern(IDENTIFIER_VALUE)]],
    authority: ['', Validators.maxLength(64)],
  });
  private readonly saver = detailSave(this.form);
  protected readonly saving = this.saver.saving;
  protected readonly problem = this.saver.problem;

  protected save(): void {
    const v = this.form.getRawValue();
    const body = { type: v.type, value: v.value.trim(), authority: v.authority.trim() || undefined };
    this.saver.save(() => this.api.addDetail(this.data.patientId, 'identifier', body));
  }
}
