import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { ChipTone, StatusChip } from '../../shared/ui/status-chip';
import { ImportStatus } from './imports.models';

const TONES: Record<ImportStatus, ChipTone> = {
  uploaded: 'neutral',
  validating: 'warn',
  validated: 'ok',
  queued: 'warn',
  running: 'warn',
  done: 'ok',
  failed: 'bad',
  cancelled: 'bad',
};

/** An import's status as a coloured chip. */
@Component({
  selector: 'app-import-status-chip',
  imports: [StatusChip, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <app-status-chip [tone]="tones[status()]" [attr.data-status]="status()">
      {{ 'imports.statuses.' + status() | transloco }}
    </app-status-chip>
  `,
})
export class ImportStatusChip {
  readonly status = input.required<ImportStatus>();
  protected readonly tones = TONES;
}
