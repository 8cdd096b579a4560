import { ChangeDetectionStrategy, Component, input } from '@angular/core';

export type ChipTone = 'ok' | 'bad' | 'warn' | 'neutral';

/** A small coloured status label; the text is projected. */
@Component({
  selector: 'app-status-chip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[class]': '"chip " + tone()' },
  template: '<ng-content />',
  styles: `
    :host {
      display: inline-block;
      padding: 2px 10px;
      border-radius: 12px;
      font: var(--mat-sys-label-medium);
      white-space: nowrap;
      background: var(--mat-sys-surface-container-high);
      color: var(--mat-sys-on-surface-variant);
    }
    :host(.ok) { background: #d7f5dd; color: #0d5b1f; }
    :host(.bad) { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    :host(.warn) { background: #fff0c7; color: #6b4b00; }
  `,
})
export class StatusChip {
  readonly tone = input<ChipTone>('neutral');
}
