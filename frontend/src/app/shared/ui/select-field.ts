import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoPipe } from '@jsverse/transloco';
import { controlErrors } from '../../core/forms/control-errors';
import { FieldErrorPipe } from '../../core/forms/field-error.pipe';
import { LocalizedPipe } from '../../core/i18n/locale.pipes';

/** A choice of a select: a Chinese label and, where there is one, an English label. */
export interface SelectOption {
  value: string;
  label: string;
  labelEn?: string | null;
}

/** Dictionary items (or anything with a code and labels) as select options. */
export function codeOptions(items: readonly { code: string; label: string; labelEn: string | null }[]): SelectOption[] {
  return items.map((item) => ({ value: item.code, label: item.label, labelEn: item.labelEn }));
}

/**
 * A labelled Material select bound to a form control, with the options' labels in the active language
 * and the control's first error (client-side or from the API) underneath.
 */
@Component({
  selector: 'app-select-field',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatSelectModule, TranslocoPipe, FieldErrorPipe, LocalizedPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-form-field subscriptSizing="dynamic">
      <mat-label>{{ label() | transloco }}</mat-label>
      <mat-select [formControl]="control()" [attr.data-testid]="testId()">
        @if (emptyLabel(); as empty) {
          <mat-option value="">{{ empty | transloco }}</mat-option>
        }
        @for (option of options(); track option.value) {
          <mat-option [value]="option.value" [attr.data-testid]="testId() ? testId() + '-' + option.value : null">
            {{ option.label | localized: option.labelEn }}
          </mat-option>
        }
      </mat-select>
      @if (hint()) {
        <mat-hint>{{ hint() | transloco }}</mat-hint>
      }
      <mat-error>{{ errors() | fieldError }}</mat-error>
    </mat-form-field>
  `,
  styleUrl: './form-field.scss',
})
export class SelectField {
  readonly control = input.required<FormControl<string>>();
  /** Translation keys. */
  readonly label = input.required<string>();
  readonly options = input.required<readonly SelectOption[]>();
  /** Offers "no value" (the empty string) under this label. */
  readonly emptyLabel = input<string>();
  readonly hint = input<string>();
  readonly testId = input<string>();

  /** Follows the control's status, so that errors set later (by the API) are shown at once. */
  protected readonly errors = controlErrors(this.control);
}
