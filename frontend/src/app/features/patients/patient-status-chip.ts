import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { StatusChip } from '../../shared/ui/status-chip';
import { PatientStatus, STATUS_TONES } from './patients.models';

/** A patient's status (active, do not contact, lost to follow-up, deceased) as a coloured chip. */
@Component({
  selector: 'app-patient-status-chip',
  imports: [StatusChip, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <app-status-chip [tone]="tones[status()]" [attr.data-status]="status()">
      {{ 'patients.statuses.' + status() | transloco }}
    </app-status-chip>
  `,
})
export class PatientStatusChip {
  readonly status = input.required<PatientStatus>();
  protected readonly tones = STATUS_TONES;
}
