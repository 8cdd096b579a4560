import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, Validators } from '@angular/forms';
import { MatDialogRef } from '@angular/material/dialog';
import { formSubmit } from '../../core/forms/form-submit';
import { FormDialog } from '../../shared/ui/form-dialog';
import { TextField } from '../../shared/ui/text-field';
import { DictionaryApi } from './dictionary.api';
import { DictionaryType } from './dictionary.models';

/** Adds a dictionary type; closes with the new type. */
@Component({
  selector: 'app-dictionary-type-dialog',
  imports: [FormDialog, TextField],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <app-form-dialog title="dictionary.type.create" [saving]="saving()" submitTestId="type-form-submit" (submitted)="save()">
      <app-text-field
        [control]="form.controls.code"
        label="dictionary.code"
        hint="dictionary.type.codeHint"
        testId="type-form-code"
      />
      <div class="row">
        <app-text-field [control]="form.controls.name" label="dictionary.type.name" testId="type-form-name" />
        <app-text-field
          [control]="form.controls.nameEn"
          label="dictionary.type.nameEn"
          lang="en"
          testId="type-form-name-en"
        />
      </div>
      <app-text-field
        [control]="form.controls.description"
        label="dictionary.type.description"
        [rows]="2"
        testId="type-form-description"
      />
    </app-form-dialog>
  `,
})
export class DictionaryTypeDialog {
  private readonly api = inject(DictionaryApi);
  private readonly dialogRef = inject(MatDialogRef<DictionaryTypeDialog, DictionaryType>);

  protected readonly form = inject(NonNullableFormBuilder).group({
    code: ['', [Validators.required, Validators.maxLength(64), Validators.pattern(/^[a-z][a-z0-9_.-]*$/)]],
    name: ['', [Validators.required, Validators.maxLength(100)]],
    nameEn: ['', Validators.maxLength(100)],
    description: ['', Validators.maxLength(500)],
  });
  private readonly submitter = formSubmit(this.form, { CONFLICT: 'code' });
  protected readonly saving = this.submitter.saving;

  protected save(): void {
    const { code, name, nameEn, description } = this.form.getRawValue();
    this.submitter.submit(
      () =>
        this.api.createType({
          code: code.trim(),
          name: name.trim(),
          nameEn: nameEn.trim() || undefined,
          description: description.trim() || undefined,
        }),
      (type) => this.dialogRef.close(type),
    );
  }
}
