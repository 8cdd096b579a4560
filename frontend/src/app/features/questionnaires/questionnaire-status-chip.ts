import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { ChipTone, StatusChip } from '../../shared/ui/status-chip';
import { QuestionnaireStatus } from './questionnaires.models';

const TONES: Record<QuestionnaireStatus, ChipTone> = { draft: 'warn', published: 'ok', retired: 'neutral' };

/** Draft / published / retired. */
@Component({
  selector: 'app-questionnaire-status-chip',
  imports: [StatusChip, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<app-status-chip [tone]="tones[status()]">{{ 'questionnaires.status.' + status() | transloco }}</app-status-chip>`,
})
export class QuestionnaireStatusChip {
  readonly status = input.required<QuestionnaireStatus>();
  protected readonly tones = TONES;
}
