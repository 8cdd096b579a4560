import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule } from '@angular/material/dialog';
import { TranslocoPipe } from '@jsverse/transloco';

/**
 * The frame of a form dialog: title, projected fields, cancel and submit buttons.
 * Labels are translation keys. Fields bind their controls directly (`[formControl]`).
 */
@Component({
  selector: 'app-form-dialog',
  imports: [MatDialogModule, MatButtonModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ title() | transloco }}</h2>
    <form class="dialog-form" novalidate (submit)="$event.preventDefault(); submitted.emit()">
      <mat-dialog-content>
        <ng-content />
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>{{ cancelLabel() | transloco }}</button>
        <button mat-flat-button type="submit" [disabled]="saving()" [attr.data-testid]="submitTestId()">
          {{ submitLabel() | transloco }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
})
export class FormDialog {
  readonly title = input.required<string>();
  readonly saving = input(false);
  /** Closes the dialog without a result. */
  readonly cancelLabel = input('common.cancel');
  readonly submitLabel = input('common.save');
  readonly submitTestId = input<string>();
  readonly submitted = output<void>();
}
