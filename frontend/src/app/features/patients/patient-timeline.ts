import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { TranslocoPipe } from '@jsverse/transloco';
import { AppDatePipe, TranslateOrPipe } from '../../core/i18n/locale.pipes';
import { CodeLabelPipe } from './code-lists';
import { PatientsApi } from './patients.api';
import { TimelineEntry } from './patients.models';

/**
 * One chronological view of a patient's encounters, diagnoses, procedures and lab results, newest
 * first, with an icon per kind. Loaded when shown (each load is audited as a read of the record).
 */
@Component({
  selector: 'app-patient-timeline',
  imports: [MatIconModule, MatProgressBarModule, TranslocoPipe, AppDatePipe, TranslateOrPipe, CodeLabelPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (timeline.isLoading()) {
      <mat-progress-bar mode="indeterminate" />
    }
    <ol class="timeline" data-testid="patient-timeline">
      @for (entry of entries(); track $index) {
        <li [class]="'entry ' + entry.kind" data-testid="timeline-entry" [attr.data-kind]="entry.kind">
          <span class="icon" [attr.title]="'patients.timeline.kinds.' + entry.kind | transloco">
            <mat-icon [svgIcon]="entry.kind" />
          </span>
          <div class="body">
            <div class="head">
              <span class="kind">{{ 'patients.timeline.kinds.' + entry.kind | transloco }}</span>
              <time class="muted" [attr.datetime]="entry.at">{{ entry.at | appDate: 'medium' }}</time>
            </div>
            <div class="title">
              @switch (entry.kind) {
                @case ('diagnosis') {
                  {{ entry.title }}
                  @if (entry.detail) {
                    <span class="muted">· {{ entry.detail | translateOr: 'patients.diagnosisTypes.' }}</span>
                  }
                }
                @case ('discharge') {
                  {{ entry.title | translateOr: 'patients.encounterTypes.' }}
                  @if (entry.detail) {
                    <span class="muted">· {{ entry.detail | codeLabel: 'discharge_disposition' }}</span>
                  }
                }
                @case ('lab') {
                  {{ entry.title }}: {{ entry.detail }}
                  @if (entry.flag && entry.flag !== 'N') {
                    <span class="flag">{{ entry.flag }}</span>
                  }
                }
                @case ('procedure') {
                  {{ entry.title }}
                  @if (entry.detail) {
                    <span class="muted">· {{ entry.detail }}</span>
                  }
                }
                @default {
                  {{ entry.title | translateOr: 'patients.encounterTypes.' }}
                  @if (entry.detail) {
                    <span class="muted">· {{ 'patients.timeline.doctor' | transloco: { name: entry.detail } }}</span>
                  }
                }
              }
            </div>
            @if (entry.departmentName) {
              <div class="muted">{{ entry.departmentName }}</div>
            }
          </div>
        </li>
      } @empty {
        @if (!timeline.isLoading()) {
          <li class="empty">{{ 'patients.timeline.empty' | transloco }}</li>
        }
      }
    </ol>
  `,
  styleUrl: './patient-timeline.scss',
})
export class PatientTimeline {
  readonly patientId = input.required<string>();
  protected readonly timeline = inject(PatientsApi).timelineResource(this.patientId);
  protected readonly entries = computed<TimelineEntry[]>(() => (this.timeline.hasValue() ? this.timeline.value() : []));
}
