import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { AppDatePipe, LocalizedPipe, TranslateOrPipe } from '../../core/i18n/locale.pipes';
import { CodeLabelPipe } from './code-lists';
import { Encounter } from './patients.models';

/** A patient's encounters, newest first, each with its diagnoses. */
@Component({
  selector: 'app-patient-encounters',
  imports: [TranslocoPipe, AppDatePipe, LocalizedPipe, TranslateOrPipe, CodeLabelPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @for (encounter of encounters(); track encounter.id) {
      <article class="encounter" [attr.data-testid]="'encounter-' + encounter.id">
        <header>
          <span class="type">{{ encounter.type | translateOr: 'patients.encounterTypes.' }}</span>
          <span>{{ encounter.department?.name | localized: encounter.department?.nameEn }}</span>
          @if (encounter.ward) {
            <span class="muted">{{ encounter.ward.name }}</span>
          }
          <span class="spacer"></span>
          <span class="muted dates">
            {{ encounter.admittedAt | appDate: 'mediumDate' }}
            @if (encounter.dischargedAt) {
              – {{ encounter.dischargedAt | appDate: 'mediumDate' }}
            }
          </span>
        </header>
        <dl class="facts">
          <dt>{{ 'patients.encounters.doctor' | transloco }}</dt>
          <dd>{{ encounter.attendingDoctor ?? '—' }}</dd>
          <dt>{{ 'patients.encounters.visitNumber' | transloco }}</dt>
          <dd class="mono">{{ encounter.visitNumber ?? '—' }}</dd>
          @if (encounter.dischargeDisposition) {
            <dt>{{ 'patients.encounters.disposition' | transloco }}</dt>
            <dd>{{ encounter.dischargeDisposition | codeLabel: 'discharge_disposition' }}</dd>
          }
          <dt>{{ 'patients.encounters.source' | transloco }}</dt>
          <dd>{{ encounter.sourceSystem ?? '—' }}</dd>
        </dl>
        @if (encounter.diagnoses.length > 0) {
          <ul class="diagnoses">
            @for (diagnosis of encounter.diagnoses; track $index) {
              <li>
                <span class="mono code">{{ diagnosis.code }}</span>
                {{ diagnosis.text }}
                <span class="muted">· {{ diagnosis.type | translateOr: 'patients.diagnosisTypes.' }}</span>
              </li>
            }
          </ul>
        } @else {
          <p class="muted">{{ 'patients.encounters.noDiagnoses' | transloco }}</p>
        }
      </article>
    } @empty {
      <p class="empty">{{ 'patients.encounters.empty' | transloco }}</p>
    }
  `,
  styles: `
    .encounter {
      padding: 12px 16px;
      margin-bottom: 12px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
    }
    header {
      display: flex;
      flex-wrap: wrap;
      gap: 12px;
      align-items: baseline;
      margin-bottom: 8px;
    }
    .type {
      font: var(--mat-sys-title-small);
    }
    .spacer {
      flex: 1;
    }
    .facts {
      grid-template-columns: max-content 1fr max-content 1fr;
      margin-bottom: 8px;
    }
    .diagnoses {
      margin: 0;
      padding-left: 0;
      list-style: none;
    }
    .code {
      display: inline-block;
      min-width: 56px;
      font-weight: 500;
    }
  `,
})
export class PatientEncounters {
  readonly encounters = input.required<Encounter[]>();
}
