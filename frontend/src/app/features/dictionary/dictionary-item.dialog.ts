import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { TranslocoPipe } from '@jsverse/transloco';
import { formSubmit } from '../../core/forms/form-submit';
import { FormDialog } from '../../shared/ui/form-dialog';
import { TextField } from '../../shared/ui/text-field';
import { DictionaryApi } from './dictionary.api';
import { DictionaryItem } from './dictionary.models';

export interface DictionaryItemDialogData {
  typeCode: string;
  /** Absent: add a new item. */
  item?: DictionaryItem;
  /** Suggested sort order for a new item. */
  nextSortOrder: number;
}

/** Add or edit a dictionary item; closes with the saved item. */
@Component({
  selector: 'app-dictionary-item-dialog',
  imports: [ReactiveFormsModule, MatSlideToggleModule, FormDialog, TextField, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <app-form-dialog
      [title]="item ? 'dictionary.item.edit' : 'dictionary.item.create'"
      [saving]="saving()"
      submitTestId="item-form-submit"
      (submitted)="save()"
    >
      <div class="row">
        <app-text-field [control]="form.controls.code" label="dictionary.code" testId="item-form-code" />
        <app-text-field
          [control]="form.controls.sortOrder"
          label="dictionary.sortOrder"
          type="number"
          testId="item-form-sort-order"
        />
      </div>
      <app-text-field [control]="form.controls.label" label="dictionary.label" testId="item-form-label" />
      <app-text-field [control]="form.controls.labelEn" label="dictionary.labelEn" lang="en" testId="item-form-label-en" />
      @if (item) {
        <mat-slide-toggle [formControl]="form.controls.active" data-testid="item-form-active">
          {{ 'common.active' | transloco }}
        </mat-slide-toggle>
      }
    </app-form-dialog>
  `,
})
export class DictionaryItemDialog {
  private readonly data = inject<DictionaryItemDialogData>(MAT_DIALOG_DATA);
  private readonly api = inject(DictionaryApi);
  private readonly dialogRef = inject(MatDialogRef<DictionaryItemDialog, DictionaryItem>);

  protected readonly item = this.data.item;
  protected readonly form = inject(NonNullableFormBuilder).group({
    code: [
      { value: this.item?.code ?? '', disabled: !!this.item },
      [Validators.required, Validators.maxLength(64), Validators.pattern(/^[A-Za-z0-9_.-]+$/)],
    ],
    label: [this.item?.label ?? '', [Validators.required, Validators.maxLength(100)]],
    labelEn: [this.item?.labelEn ?? '', Validators.maxLength(100)],
    sortOrder: [this.item?.sortOrder ?? this.data.nextSortOrder, [Validators.required, Validators.min(0)]],
    active: [this.item?.active ?? true],
  });
  private readonly submitter = formSubmit(this.form, { CONFLICT: 'code' });
  protected readonly saving = this.submitter.saving;

  protected save(): void {
    const { code, label, labelEn, sortOrder, active } = this.form.getRawValue();
    const item = this.item;
    this.submitter.submit(
      () =>
        item
          ? this.api.updateItem(item.id, { label: label.trim(), labelEn: labelEn.trim(), sortOrder, active })
          : this.api.createItem(this.data.typeCode, {
              code: code.trim(),
              label: label.trim(),
              labelEn: labelEn.trim() || undefined,
              sortOrder,
            }),
      (saved) => this.dialogRef.close(saved),
    );
  }
}
