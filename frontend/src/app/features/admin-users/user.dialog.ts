import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { TranslocoPipe } from '@jsverse/transloco';
import { Observable } from 'rxjs';
import { ROLES } from '../../core/auth/auth.models';
import { AuthStore } from '../../core/auth/auth.store';
import { FieldErrorPipe } from '../../core/forms/field-error.pipe';
import { formSubmit } from '../../core/forms/form-submit';
import { LocalizedPipe } from '../../core/i18n/locale.pipes';
import { FormDialog } from '../../shared/ui/form-dialog';
import { TextField } from '../../shared/ui/text-field';
import { DepartmentsApi } from '../admin-departments/departments.api';
import { UserItem } from './users.models';
import { UsersApi } from './users.api';

export interface UserDialogData {
  /** Absent: create a new user. */
  user?: UserItem;
}

/** Create or edit a user; closes with the saved user. */
@Component({
  selector: 'app-user-dialog',
  imports: [
    ReactiveFormsModule,
    MatFormFieldModule,
    MatSelectModule,
    MatSlideToggleModule,
    TranslocoPipe,
    FieldErrorPipe,
    LocalizedPipe,
    FormDialog,
    TextField,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './user.dialog.html',
})
export class UserDialog {
  private readonly data = inject<UserDialogData>(MAT_DIALOG_DATA);
  private readonly api = inject(UsersApi);
  private readonly dialogRef = inject(MatDialogRef<UserDialog, UserItem>);

  protected readonly user = this.data.user;
  protected readonly roles = ROLES;
  /** Needs `department.read`; without it the user's current departments stay as they are. */
  private readonly departmentList = inject(DepartmentsApi).listResource(inject(AuthStore).hasPermission('department.read'));
  /** Active departments, plus any inactive one the user still belongs to. */
  protected readonly departments = computed(() => {
    const current = new Set(this.user?.departments.map((d) => d.id) ?? []);
    const all = this.departmentList.hasValue() ? this.departmentList.value() : [];
    return all.filter((d) => d.active || current.has(d.id));
  });

  protected readonly form = inject(NonNullableFormBuilder).group({
    username: [
      { value: this.user?.username ?? '', disabled: !!this.user },
      [Validators.required, Validators.minLength(3), Validators.maxLength(64), Validators.pattern(/^[A-Za-z0-9._-]+$/)],
    ],
    displayName: [this.user?.displayName ?? '', [Validators.required, Validators.maxLength(100)]],
    password: [{ value: '', disabled: !!this.user }, [Validators.required, Validators.minLength(8)]],
    roles: [this.user?.roles ?? [], Validators.required],
    departmentIds: [this.user?.departments.map((d) => d.id) ?? []],
    active: [this.user?.active ?? true],
    phoneExtension: [this.user?.phoneExtension ?? '', [Validators.maxLength(32), Validators.pattern(/^[0-9*#]*$/)]],
  });
  private readonly submitter = formSubmit(this.form, { CONFLICT: 'username' });
  protected readonly saving = this.submitter.saving;

  protected save(): void {
    const value = this.form.getRawValue();
    const user = this.user;
    const request: () => Observable<UserItem> = user
      ? () =>
          this.api.update(user.id, {
            displayName: value.displayName.trim(),
            roles: value.roles,
            departmentIds: value.departmentIds,
            active: value.active,
            phoneExtension: value.phoneExtension.trim() || null,
          })
      : () =>
          this.api.create({
            username: value.username.trim(),
            displayName: value.displayName.trim(),
            password: value.password,
            roles: value.roles,
            departmentIds: value.departmentIds,
            active: value.active,
            phoneExtension: value.phoneExtension.trim() || null,
          });
    this.submitter.submit(request, (saved) => this.dialogRef.close(saved));
  }
}
