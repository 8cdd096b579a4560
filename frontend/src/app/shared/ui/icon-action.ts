import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';
import { TranslocoPipe } from '@jsverse/transloco';

/** An icon button for a table row, labelled (tooltip and aria-label) by a translation key. */
@Component({
  selector: 'app-icon-action',
  imports: [MatButtonModule, MatIconModule, MatTooltipModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <button
      mat-icon-button
      type="button"
      [matTooltip]="label() | transloco"
      [attr.aria-label]="label() | transloco"
      [attr.data-testid]="testId()"
      (click)="pressed.emit()"
    >
      <mat-icon [svgIcon]="icon()" />
    </button>
  `,
  styles: ':host { display: inline-block; }',
})
export class IconAction {
  readonly icon = input.required<string>();
  readonly label = input.required<string>();
  readonly testId = input<string>();
  readonly pressed = output<void>();
}
