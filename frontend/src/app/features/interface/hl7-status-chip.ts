import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { ChipTone, StatusChip } from '../../shared/ui/status-chip';
import { Hl7Status } from './hl7.models';

const TONES: Record<Hl7Status | 'not_stored', ChipTone> = {
  received: 'warn',
  processed: 'ok',
  ignored: 'neutral',
  duplicate: 'neutral',
  failed: 'bad',
  rejected: 'bad',
  not_stored: 'bad',
};

/** A message's status as a coloured chip; a failed message fixed by a replay also says "resolved". */
@Component({
  selector: 'app-hl7-status-chip',
  imports: [StatusChip, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <app-status-chip [tone]="tones[status()]" [attr.data-status]="status()" data-testid="hl7-status">
      {{ 'interface.statuses.' + status() | transloco }}
    </app-status-chip>
    @if (resolved()) {
      <app-status-chip tone="ok" data-testid="hl7-resolved">{{ 'interface.resolved' | transloco }}</app-status-chip>
    }
  `,
  styles: `
    :host {
      display: inline-flex;
      flex-wrap: wrap;
      gap: 4px;
    }
  `,
})
export class Hl7StatusChip {
  readonly status = input.required<Hl7Status | 'not_stored'>();
  readonly resolved = input(false);
  protected readonly tones = TONES;
}
