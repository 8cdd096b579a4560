import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { AuthStore } from '../../core/auth/auth.store';
import { AppDatePipe, LocalizedPipe, TranslateOrPipe } from '../../core/i18n/locale.pipes';
import { ChipTone, StatusChip } from '../../shared/ui/status-chip';
import { TemplatesApi } from './templates.api';

const TASK_TONES: Record<string, ChipTone> = {
  pending: 'neutral',
  due: 'warn',
  overdue: 'bad',
  in_progress: 'warn',
  done: 'ok',
  failed: 'bad',
  cancelled: 'neutral',
  lost: 'bad',
};
const PLAN_TONES: Record<string, ChipTone> = { active: 'ok', completed: 'neutral', cancelled: 'neutral' };

/** A patient's follow-up plans and their tasks (`GET /patients/:id/plans`), newest first; for the patient record. */
@Component({
  selector: 'app-patient-plans',
  imports: [MatProgressBarModule, RouterLink, TranslocoPipe, AppDatePipe, LocalizedPipe, TranslateOrPipe, StatusChip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (plans.isLoading() && !items().length) {
      <mat-progress-bar mode="indeterminate" />
    }
    @for (plan of items(); track plan.id) {
      <article class="plan" [attr.data-testid]="'plan-' + plan.templateId">
        <header>
          @if (canOpenTemplates) {
            <a class="name" [routerLink]="['/templates', plan.templateId]" data-testid="plan-name">{{
              plan.nameZh | localized: plan.nameEn
            }}</a>
          } @else {
            <span class="name" data-testid="plan-name">{{ plan.nameZh | localized: plan.nameEn }}</span>
          }
          <app-status-chip [tone]="planTone(plan.status)" data-testid="plan-status">{{
            plan.status | translateOr: 'templates.planStatus.'
          }}</app-status-chip>
          <span class="spacer"></span>
          <span class="muted">
            {{ 'templates.plans.enrolled' | transloco: { date: (plan.enrolledAt | appDate: 'mediumDate') } }}
            · {{ plan.enrolledBy | translateOr: 'templates.plans.by.' }}
          </span>
          @if (plan.dischargedAt) {
            <span class="muted">{{ 'templates.plans.discharged' | transloco: { date: (plan.dischargedAt | appDate: 'mediumDate') } }}</span>
          }
        </header>
        @if (plan.cancelReason) {
          <p class="reason">{{ 'templates.plans.cancelReason' | transloco: { reason: plan.cancelReason } }}</p>
        }
        <table class="tasks">
          <thead>
            <tr>
              <th>{{ 'templates.plans.due' | transloco }}</th>
              <th>{{ 'templates.plans.window' | transloco }}</th>
              <th>{{ 'templates.plans.step' | transloco }}</th>
              <th>{{ 'templates.steps.channel' | transloco }}</th>
              <th>{{ 'templates.steps.team' | transloco }}</th>
              <th>{{ 'common.status' | transloco }}</th>
            </tr>
          </thead>
          <tbody>
            @for (task of plan.tasks; track task.id) {
              <tr [attr.data-testid]="'plan-task-' + task.stepKey + '-' + task.sequence">
                <td class="nowrap" data-testid="plan-task-due">{{ task.dueDate | appDate: 'mediumDate' }}</td>
                <td class="nowrap muted">{{ task.windowStart | appDate: 'shortDate' }} – {{ task.windowEnd | appDate: 'shortDate' }}</td>
                <td class="mono">{{ task.stepKey }}{{ task.sequence > 1 ? ' #' + task.sequence : '' }}</td>
                <td>{{ 'templates.channels.' + task.channel | transloco }}</td>
                <td>{{ 'templates.teams.' + task.team | transloco }}</td>
                <td>
                  <app-status-chip [tone]="taskTone(task.status)" [attr.title]="task.cancelReason">{{
                    task.status | translateOr: 'templates.taskStatus.'
                  }}</app-status-chip>
                </td>
              </tr>
            } @empty {
              @if (!plan.planned.length) {
                <tr>
                  <td colspan="6" class="muted">{{ 'templates.plans.noTasks' | transloco }}</td>
                </tr>
              }
            }
            @for (occurrence of plan.planned; track occurrence.stepKey + '#' + occurrence.sequence) {
              <tr
                class="planned"
                [attr.data-testid]="'plan-planned-' + occurrence.stepKey + '-' + occurrence.sequence"
                [attr.title]="'templates.plans.plannedHint' | transloco"
              >
                <td class="nowrap">{{ occurrence.dueDate | appDate: 'mediumDate' }}</td>
                <td class="nowrap">
                  {{ occurrence.windowStart | appDate: 'shortDate' }} – {{ occurrence.windowEnd | appDate: 'shortDate' }}
                </td>
                <td class="mono">{{ occurrence.stepKey }}{{ occurrence.sequence > 1 ? ' #' + occurrence.sequence : '' }}</td>
                <td>{{ 'templates.channels.' + occurrence.channel | transloco }}</td>
                <td>{{ 'templates.teams.' + occurrence.team | transloco }}</td>
                <td>
                  <app-status-chip tone="neutral" data-testid="plan-planned-status">{{
                    'templates.plans.planned' | transloco
                  }}</app-status-chip>
                </td>
              </tr>
            }
          </tbody>
        </table>
      </article>
    } @empty {
      @if (!plans.isLoading()) {
        <p class="empty" data-testid="plans-empty">{{ 'templates.plans.none' | transloco }}</p>
      }
    }
  `,
  styles: `
    .plan {
      padding: 12px 16px;
      margin-bottom: 12px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
    }
    header {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 6px 12px;
      margin-bottom: 8px;
    }
    .name {
      font: var(--mat-sys-title-small);
      color: var(--mat-sys-primary);
      text-decoration: none;
    }
    .spacer {
      flex: 1;
    }
    .reason {
      margin: 0 0 8px;
      color: var(--mat-sys-on-surface-variant);
    }
    .tasks {
      width: 100%;
      border-collapse: collapse;
      th,
      td {
        padding: 6px 12px 6px 0;
        text-align: left;
        border-bottom: 1px solid var(--mat-sys-outline-variant);
      }
      th {
        color: var(--mat-sys-on-surface-variant);
        font-weight: 500;
      }
    }
    .nowrap {
      white-space: nowrap;
    }
    .planned td {
      color: var(--mat-sys-on-surface-variant);
      font-style: italic;
    }
  `,
})
export class PatientPlans {
  readonly patientId = input.required<string>();

  protected readonly plans = inject(TemplatesApi).patientPlansResource(this.patientId);
  protected readonly items = computed(() => (this.plans.hasValue() ? this.plans.value() : []));
  protected readonly canOpenTemplates = inject(AuthStore).hasPermission('template.read');

  protected taskTone(status: string): ChipTone {
    return TASK_TONES[status] ?? 'neutral';
  }

  protected planTone(status: string): ChipTone {
    return PLAN_TONES[status] ?? 'neutral';
  }

  reload(): void {
    this.plans.reload();
  }
}
