import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe } from '@jsverse/transloco';
import { controlErrors } from '../../core/forms/control-errors';
import { FieldErrorPipe } from '../../core/forms/field-error.pipe';
import { provideTranslatedDatepicker } from '../../core/i18n/datepicker-intl';

/**
 * A labelled date input with a calendar, bound to a `Date | null` control: typed in the active
 * language's format (or as 1960-03-01), with the control's first error underneath.
 */
@Component({
  selector: 'app-date-field',
  providers: [provideTranslatedDatepicker()],
  imports: [ReactiveFormsModule, MatDatepickerModule, MatFormFieldModule, MatInputModule, TranslocoPipe, FieldErrorPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-form-field subscriptSizing="dynamic">
      <mat-label>{{ label() | transloco }}</mat-label>
      <input matInput [matDatepicker]="picker" [formControl]="control()" [max]="max()" autocomplete="off" [attr.data-testid]="testId()" />
      <mat-datepicker-toggle matIconSuffix [for]="picker" />
      <mat-datepicker #picker [startView]="startView()" />
      @if (hint()) {
        <mat-hint>{{ hint() | transloco }}</mat-hint>
      }
      <mat-error>{{ errors() | fieldError }}</mat-error>
    </mat-form-field>
  `,
  styleUrl: './form-field.scss',
})
export class DateField {
  readonly control = input.required<FormControl<Date | null>>();
  /** Translation keys. */
  readonly label = input.required<string>();
  readonly hint = input<string>();
  readonly max = input<Date | null>(null);
  /** `multi-year` for dates long ago, such as a birth date. */
  readonly startView = input<'month' | 'year' | 'multi-year'>('month');
  readonly testId = input<string>();

  protected readonly errors = controlErrors(this.control);
}
