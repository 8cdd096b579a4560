import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { AppDatePipe } from '../../core/i18n/locale.pipes';
import { AssignmentApi } from './assignment.api';

/** A task's assignment history, newest first: when, from whom to whom, how (rule, bulk, by hand), by whom, why. */
@Component({
  selector: 'app-assignment-history',
  imports: [TranslocoPipe, AppDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ul class="changes" data-testid="assignment-history">
      @for (h of changes(); track h.id) {
        <li>
          <span class="muted">{{ h.at | appDate: 'short' }}</span>
          {{ h.from?.displayName ?? ('assignment.history.pool' | transloco) }} →
          <strong>{{ h.to?.displayName ?? ('assignment.history.pool' | transloco) }}</strong>
          <span class="muted">
            · {{ 'assignment.history.sources.' + h.source | transloco }}
            @if (h.rule) {
              ({{ h.rule.name }})
            }
            · {{ 'assignment.history.by' | transloco: { name: h.by?.displayName ?? ('assignment.history.system' | transloco) } }}
            @if (h.reason) {
              · {{ h.reason }}
            }
          </span>
        </li>
      } @empty {
        <li class="muted">{{ (history.isLoading() ? 'common.loading' : 'assignment.history.none') | transloco }}</li>
      }
    </ul>
  `,
  styles: `
    .changes {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    li {
      padding: 2px 0;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class AssignmentHistory {
  readonly taskId = input.required<string>();
  protected readonly history = inject(AssignmentApi).historyResource(this.taskId);
  protected readonly changes = computed(() => (this.history.hasValue() ? this.history.value() : []));
}
