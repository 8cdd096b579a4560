import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, Validators } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { formSubmit } from '../../core/forms/form-submit';
import { FormDialog } from '../../shared/ui/form-dialog';
import { TextField } from '../../shared/ui/text-field';
import { PatientFilter, Segment } from './patients.models';
import { SegmentsApi } from './segments.api';

/** Saves the current patient filter as a named segment; closes with the new segment. */
@Component({
  selector: 'app-segment-dialog',
  imports: [FormDialog, TextField],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <app-form-dialog title="patients.segments.saveTitle" [saving]="saving()" submitTestId="segment-form-submit" (submitted)="save()">
      <app-text-field [control]="form.controls.name" label="patients.segments.name" testId="segment-form-name" />
      <app-text-field
        [control]="form.controls.description"
        label="patients.segments.description"
        [rows]="2"
        testId="segment-form-description"
      />
    </app-form-dialog>
  `,
})
export class SegmentDialog {
  private readonly filter = inject<PatientFilter>(MAT_DIALOG_DATA);
  private readonly api = inject(SegmentsApi);
  private readonly dialogRef = inject(MatDialogRef<SegmentDialog, Segment>);

  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.maxLength(100)]],
    description: ['', Validators.maxLength(500)],
  });
  private readonly submitter = formSubmit(this.form, { CONFLICT: 'name' });
  protected readonly saving = this.submitter.saving;

  protected save(): void {
    const { name, description } = this.form.getRawValue();
    this.submitter.submit(
      () => this.api.create({ name: name.trim(), description: description.trim() || undefined, filter: this.filter }),
      (segment) => this.dialogRef.close(segment),
    );
  }
}
