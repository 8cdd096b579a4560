import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, Validators } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { TranslocoPipe } from '@jsverse/transloco';
import { formSubmit } from '../../core/forms/form-submit';
import { LocalizedPipe } from '../../core/i18n/locale.pipes';
import { FormDialog } from '../../shared/ui/form-dialog';
import { TextField } from '../../shared/ui/text-field';
import { TemplatesApi } from './templates.api';
import { FollowupTemplate } from './templates.models';

/** Disables a template with a reason: no new enrolments, pending tasks cancelled. Closes with the disabled template. */
@Component({
  selector: 'app-disable-template-dialog',
  imports: [FormDialog, TextField, TranslocoPipe, LocalizedPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <app-form-dialog
      title="templates.disable.title"
      submitLabel="templates.disable.confirm"
      [saving]="saving()"
      submitTestId="template-disable-submit"
      (submitted)="save()"
    >
      <p class="message">{{ 'templates.disable.message' | transloco: { name: (template.nameZh | localized: template.nameEn) } }}</p>
      <app-text-field [control]="form.controls.reason" label="templates.disable.reason" [rows]="2" testId="template-disable-reason" />
    </app-form-dialog>
  `,
  styles: '.message { margin: 0 0 12px; }',
})
export class DisableTemplateDialog {
  protected readonly template = inject<FollowupTemplate>(MAT_DIALOG_DATA);
  private readonly api = inject(TemplatesApi);
  private readonly dialogRef = inject(MatDialogRef<DisableTemplateDialog, FollowupTemplate>);

  protected readonly form = inject(NonNullableFormBuilder).group({
    reason: ['', [Validators.required, Validators.maxLength(200)]],
  });
  private readonly submitter = formSubmit(this.form);
  protected readonly saving = this.submitter.saving;

  protected save(): void {
    this.submitter.submit(
      () => this.api.disable(this.template.id, this.form.getRawValue().reason.trim()),
      (disabled) => this.dialogRef.close(disabled),
    );
  }
}
