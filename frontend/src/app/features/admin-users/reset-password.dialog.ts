import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, Validators } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { TranslocoPipe } from '@jsverse/transloco';
import { formSubmit } from '../../core/forms/form-submit';
import { Notifier } from '../../core/notify/notifier';
import { FormDialog } from '../../shared/ui/form-dialog';
import { TextField } from '../../shared/ui/text-field';
import { UserItem } from './users.models';
import { UsersApi } from './users.api';

/** An administrator sets a new password for a user. */
@Component({
  selector: 'app-reset-password-dialog',
  imports: [FormDialog, TextField, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <app-form-dialog
      title="users.resetPassword.title"
      submitLabel="users.resetPassword.submit"
      submitTestId="reset-password-submit"
      [saving]="saving()"
      (submitted)="save()"
    >
      <p>{{ 'users.resetPassword.message' | transloco: { name: user.displayName, username: user.username } }}</p>
      <app-text-field
        [control]="form.controls.newPassword"
        label="users.resetPassword.newPassword"
        hint="validation.passwordRules"
        type="password"
        autocomplete="new-password"
        testId="reset-password-new"
      />
    </app-form-dialog>
  `,
})
export class ResetPasswordDialog {
  protected readonly user = inject<UserItem>(MAT_DIALOG_DATA);
  private readonly api = inject(UsersApi);
  private readonly notifier = inject(Notifier);
  private readonly dialogRef = inject(MatDialogRef<ResetPasswordDialog>);

  protected readonly form = inject(NonNullableFormBuilder).group({
    newPassword: ['', [Validators.required, Validators.minLength(8)]],
  });
  private readonly submitter = formSubmit(this.form);
  protected readonly saving = this.submitter.saving;

  protected save(): void {
    const { newPassword } = this.form.getRawValue();
    this.submitter.submit(
      () => this.api.resetPassword(this.user.id, newPassword),
      () => {
        this.notifier.success('users.resetPassword.done', { name: this.user.displayName });
        this.dialogRef.close(true);
      },
    );
  }
}
