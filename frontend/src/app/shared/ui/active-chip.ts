import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { StatusChip } from './status-chip';

/** "Active" / "Inactive" as a coloured chip. */
@Component({
  selector: 'app-active-chip',
  imports: [StatusChip, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <app-status-chip [tone]="active() ? 'ok' : 'bad'">
      {{ (active() ? 'common.active' : 'common.inactive') | transloco }}
    </app-status-chip>
  `,
})
export class ActiveChip {
  readonly active = input.required<boolean>();
}
