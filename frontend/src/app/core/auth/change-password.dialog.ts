import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, Validators } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { TranslocoPipe } from '@jsverse/transloco';
import { formSubmit } from '../forms/form-submit';
import { matchesControl } from '../forms/server-errors';
import { Notifier } from '../notify/notifier';
import { FormDialog } from '../../shared/ui/form-dialog';
import { TextField } from '../../shared/ui/text-field';
import { AuthService } from './auth.service';

export interface ChangePasswordData {
  /** The server asks for a new password before the user may go on. */
  required: boolean;
}

/** Change own password: current + new + confirmation, with the API's field errors inline. */
@Component({
  selector: 'app-change-password-dialog',
  imports: [FormDialog, TextField, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <app-form-dialog
      title="auth.changePassword.title"
      [saving]="saving()"
      [cancelLabel]="data?.required ? 'auth.signOut' : 'common.cancel'"
      submitTestId="password-submit"
      (submitted)="save()"
    >
      @if (data?.required) {
        <p>{{ 'auth.changePassword.required' | transloco }}</p>
      }
      <app-text-field
        [control]="form.controls.currentPassword"
        label="auth.changePassword.current"
        type="password"
        autocomplete="current-password"
        testId="password-current"
      />
      <app-text-field
        [control]="form.controls.newPassword"
        label="auth.changePassword.new"
        hint="validation.passwordRules"
        type="password"
        autocomplete="new-password"
        testId="password-new"
      />
      <app-text-field
        [control]="form.controls.confirmPassword"
        label="auth.changePassword.confirm"
        type="password"
        autocomplete="new-password"
        testId="password-confirm"
      />
    </app-form-dialog>
  `,
})
export class ChangePasswordDialog {
  protected readonly data = inject<ChangePasswordData | null>(MAT_DIALOG_DATA, { optional: true });
  private readonly auth = inject(AuthService);
  private readonly notifier = inject(Notifier);
  private readonly dialogRef = inject(MatDialogRef<ChangePasswordDialog>);

  protected readonly form = inject(NonNullableFormBuilder).group({
    currentPassword: ['', Validators.required],
    newPassword: ['', [Validators.required, Validators.minLength(8)]],
    confirmPassword: ['', [Validators.required, matchesControl('newPassword')]],
  });
  private readonly submitter = formSubmit(this.form, { AUTH_INVALID_CREDENTIALS: 'currentPassword' });
  protected readonly saving = this.submitter.saving;

  constructor() {
    this.form.controls.newPassword.valueChanges.subscribe(() =>
      this.form.controls.confirmPassword.updateValueAndValidity({ emitEvent: false }),
    );
  }

  protected save(): void {
    const { currentPassword, newPassword } = this.form.getRawValue();
    this.submitter.submit(
      () => this.auth.changePassword(currentPassword, newPassword),
      () => {
        this.notifier.success('auth.changePassword.done');
        this.auth.refreshUser().subscribe({ error: () => undefined });
        this.dialogRef.close(true);
      },
    );
  }
}
