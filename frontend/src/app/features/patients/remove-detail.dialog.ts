import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, Validators } from '@angular/forms';
import { MAT_DIALOG_DATA } from '@angular/material/dialog';
import { TranslocoPipe } from '@jsverse/transloco';
import { FormDialog } from '../../shared/ui/form-dialog';
import { TextField } from '../../shared/ui/text-field';
import { DetailProblem, detailSave } from './detail-dialog';
import { PatientsApi } from './patients.api';
import { DetailKind } from './patients.models';

export interface RemoveDetailData {
  patientId: string;
  kind: DetailKind;
  detailId: string;
  /** What is removed, as the page shows it (a masked number, a name, an identifier). */
  label: string;
}

/** Asks before a phone, contact person or identifier is removed, with an optional reason for the history. */
@Component({
  selector: 'app-remove-detail-dialog',
  imports: [TranslocoPipe, FormDialog, TextField, DetailProblem],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <app-form-dialog
      [title]="'patients.details.removeTitle.' + data.kind"
      submitLabel="patients.details.remove"
      [saving]="saving()"
      submitTestId="remove-dialog-submit"
      (submitted)="save()"
    >
      <app-detail-problem [text]="problem()" />
      <p class="what" data-testid="remove-dialog-what">{{ data.label }}</p>
      <p class="muted">{{ 'patients.details.removeKept' | transloco }}</p>
      <app-text-field [control]="form.controls.reason" label="patients.details.reason" testId="remove-dialog-reason" />
    </app-form-dialog>
  `,
  styles: `
    .what {
      margin: 0 0 8px;
      font: var(--mat-sys-title-medium);
    }
    .muted {
      margin: 0 0 16px;
    }
  `,
})
export class RemoveDetailDialog {
  private readonly api = inject(PatientsApi);
  protected readonly data = inject<RemoveDetailData>(MAT_DIALOG_DATA);

  protected readonly form = inject(NonNullableFormBuilder).group({ reason: ['', Validators.maxLength(300)] });
  private readonly saver = detailSave(this.form);
  protected readonly saving = this.saver.saving;
  protected readonly problem = this.saver.problem;

  protected save(): void {
    const { patientId, kind, detailId } = this.data;
    this.saver.save(() => this.api.removeDetail(patientId, kind, detailId, this.form.controls.reason.value.trim()));
  }
}
