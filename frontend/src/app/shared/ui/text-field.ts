import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe } from '@jsverse/transloco';
import { controlErrors } from '../../core/forms/control-errors';
import { FieldErrorPipe } from '../../core/forms/field-error.pipe';

/**
 * A labelled Material text input bound to a form control, showing the control's first error
 * (client-side or from the API) in the active language.
 */
@Component({
  selector: 'app-text-field',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, TranslocoPipe, FieldErrorPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-form-field subscriptSizing="dynamic">
      <mat-label>{{ label() | transloco }}</mat-label>
      @if (rows()) {
        <textarea matInput [formControl]="control()" [rows]="rows()" [attr.data-testid]="testId()"></textarea>
      } @else {
        <input
          matInput
          [type]="type()"
          [formControl]="control()"
          [attr.autocomplete]="autocomplete()"
          [attr.lang]="lang()"
          [attr.data-testid]="testId()"
        />
      }
      @if (hint()) {
        <mat-hint>{{ hint() | transloco }}</mat-hint>
      }
      <mat-error>{{ errors() | fieldError }}</mat-error>
    </mat-form-field>
  `,
  styleUrl: './form-field.scss',
})
export class TextField {
  readonly control = input.required<FormControl<string> | FormControl<number>>();
  /** Translation keys. */
  readonly label = input.required<string>();
  readonly hint = input<string>();
  readonly type = input<'text' | 'password' | 'number' | 'tel'>('text');
  readonly autocomplete = input('off');
  readonly lang = input<string>();
  /** Set for a multi-line field. */
  readonly rows = input<number>();
  readonly testId = input<string>();

  /** Follows the control's status, so that errors set later (by the API) are shown at once. */
  protected readonly errors = controlErrors(this.control);
}
