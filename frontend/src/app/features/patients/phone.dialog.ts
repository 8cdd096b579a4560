import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { NonNullableFormBuilder, Validators } from '@angular/forms';
import { MAT_DIALOG_DATA } from '@angular/material/dialog';
import { TranslocoPipe } from '@jsverse/transloco';
import { FormDialog } from '../../shared/ui/form-dialog';
import { SelectField, codeOptions } from '../../shared/ui/select-field';
import { TextField } from '../../shared/ui/text-field';
import { CodeLists } from './code-lists';
import { DetailDialogData, DetailProblem, detailSave } from './detail-dialog';
import { PHONE } from './patient-form.dialog';
import { PatientsApi } from './patients.api';
import { PatientPhone, PhoneBody } from './patients.models';

/**
 * Adds a phone to a record or corrects one. The record shows numbers masked: unless the page shows
 * the full number, the field starts empty and an empty field keeps the number.
 */
@Component({
  selector: 'app-phone-dialog',
  imports: [TranslocoPipe, FormDialog, TextField, SelectField, DetailProblem],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <app-form-dialog
      [title]="phone ? 'patients.details.editPhone' : 'patients.details.addPhone'"
      [saving]="saving()"
      submitTestId="phone-dialog-submit"
      (submitted)="save()"
    >
      <app-detail-problem [text]="problem()" />
      @if (phone) {
        <p class="current" data-testid="phone-dialog-current">
          {{ 'patients.details.currentNumber' | transloco: { number: phone.number } }}
        </p>
      }
      <app-text-field
        [control]="form.controls.number"
        label="patients.form.phone"
        type="tel"
        [hint]="keepsNumber ? 'patients.details.emptyKeepsNumber' : undefined"
        testId="phone-dialog-number"
      />
      <app-select-field [control]="form.controls.owner" label="patients.form.owner" [options]="owners()" testId="phone-dialog-owner" />
    </app-form-dialog>
  `,
  styles: `
    .current {
      margin: 0 0 12px;
    }
  `,
})
export class PhoneDialog {
  private readonly api = inject(PatientsApi);
  private readonly codeLists = inject(CodeLists);
  protected readonly owners = computed(() => codeOptions(this.codeLists.items('relation')()));

  private readonly data = inject<DetailDialogData<PatientPhone>>(MAT_DIALOG_DATA);
  protected readonly phone = this.data.detail;
  /** Editing a masked number: the field may stay empty. */
  protected readonly keepsNumber = !!this.phone && !this.data.clearPhone;

  protected readonly form = inject(NonNullableFormBuilder).group({
    number: [this.data.clearPhone ?? '', this.keepsNumber ? Validators.pattern(PHONE) : [Validators.required, Validators.pattern(PHONE)]],
    owner: [this.phone?.owner ?? 'self', Validators.required],
  });
  private readonly saver = detailSave(this.form);
  protected readonly saving = this.saver.saving;
  protected readonly problem = this.saver.problem;

  protected save(): void {
    const { number, owner } = this.form.getRawValue();
    const body: PhoneBody = { number: number.trim() || undefined, owner };
    const phone = this.phone;
    if (phone && !body.number && owner === phone.owner) {
      this.saver.close();
      return;
    }
    this.saver.save(() =>
      phone ? this.api.changeDetail(this.data.patientId, 'phone', phone.id, body) : this.api.addDetail(this.data.patientId, 'phone', body),
    );
  }
}
