import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { ValidationErrors } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { TranslocoPipe } from '@jsverse/transloco';
import { FieldErrorPipe } from '../../core/forms/field-error.pipe';

/**
 * A titled group of repeated form rows (phones, identifiers…): the projected rows, the error of the
 * whole list (e.g. from the API) and an "add" button. Labels are translation keys.
 */
@Component({
  selector: 'app-row-group',
  imports: [MatButtonModule, MatFormFieldModule, MatIconModule, TranslocoPipe, FieldErrorPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h3>{{ title() | transloco }}</h3>
    <ng-content />
    @if (errors(); as listErrors) {
      <mat-error class="list-error">{{ listErrors | fieldError }}</mat-error>
    }
    <button mat-button type="button" (click)="add.emit()" [attr.data-testid]="addTestId()">
      <mat-icon svgIcon="add" />
      {{ addLabel() | transloco }}
    </button>
  `,
  styles: `
    :host {
      display: block;
      margin: 4px 0 12px;
      padding: 8px 12px 4px;
      border-radius: 8px;
      background: var(--mat-sys-surface-container-low);
    }
    h3 {
      margin: 0 0 8px;
      font: var(--mat-sys-title-small);
    }
    .list-error {
      display: block;
      font-size: 12px;
    }
  `,
})
export class RowGroup {
  readonly title = input.required<string>();
  readonly addLabel = input.required<string>();
  readonly addTestId = input<string>();
  readonly errors = input<ValidationErrors | null>(null);
  readonly add = output<void>();
}
