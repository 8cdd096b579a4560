import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { AppDatePipe } from '../../core/i18n/locale.pipes';
import { CodeLabelPipe } from './code-lists';
import { DuplicateCandidate } from './patients.models';

/**
 * Probable duplicates in a warning box: name (a link to the record), sex, birth date, masked ID number
 * and the translated reasons; with `compareWith`, a button to compare and merge. Further content
 * (an explanation, actions) is projected below the list.
 */
@Component({
  selector: 'app-duplicate-list',
  imports: [MatButtonModule, MatIconModule, RouterLink, TranslocoPipe, AppDatePipe, CodeLabelPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="duplicates" role="alert" [attr.data-testid]="testId()">
      <h3>
        <mat-icon svgIcon="warning" />
        {{ title() | transloco }}
      </h3>
      <ul class="line-list">
        @for (candidate of candidates(); track $index) {
          @if (candidate.restricted) {
            <li class="restricted" data-testid="duplicate-restricted">
              <mat-icon svgIcon="lock" />
              <span>{{ 'patients.duplicates.restricted' | transloco }}</span>
              @for (reason of candidate.reasons; track reason) {
                <span class="reason">{{ 'patients.duplicates.reasons.' + reason | transloco }}</span>
              }
            </li>
          } @else {
            <li [attr.data-testid]="'duplicate-' + candidate.id">
              <a
                class="name"
                [routerLink]="['/patients', candidate.id]"
                (click)="opened.emit()"
                [attr.data-testid]="'duplicate-open-' + candidate.id"
                >{{ candidate.name }}</a
              >
              <span>{{ candidate.sexCode | codeLabel: 'sex' }}</span>
              <span>{{ candidate.birthDate | appDate: 'mediumDate' }}</span>
              <span class="mono">{{ candidate.idNumber ?? '—' }}</span>
              @for (reason of candidate.reasons; track reason) {
                <span class="reason">{{ 'patients.duplicates.reasons.' + reason | transloco }}</span>
              }
              @if (compareWith(); as patientId) {
                <a
                  mat-stroked-button
                  [routerLink]="['/patients', patientId, 'merge', candidate.id]"
                  [attr.data-testid]="'duplicate-merge-' + candidate.id"
                >
                  <mat-icon svgIcon="merge" />
                  {{ 'patients.duplicates.compare' | transloco }}
                </a>
              }
            </li>
          }
        }
      </ul>
      <ng-content />
    </section>
  `,
  styles: `
    .duplicates {
      padding: 12px 16px;
      border-radius: 8px;
      background: #fff0c7;
      color: #4a3400;
    }
    h3 {
      display: flex;
      align-items: center;
      gap: 8px;
      margin: 0 0 4px;
      font: var(--mat-sys-title-small);
    }
    ul {
      margin-bottom: 8px;
    }
    .name {
      font-weight: 500;
      color: inherit;
    }
    .restricted {
      display: flex;
      align-items: center;
      gap: 8px;
    }
    .reason {
      padding: 0 6px;
      border-radius: 4px;
      background: rgba(0, 0, 0, 0.08);
    }
  `,
})
export class DuplicateList {
  readonly candidates = input.required<DuplicateCandidate[]>();
  /** Translation key of the heading. */
  readonly title = input.required<string>();
  readonly testId = input<string>();
  /** The record the candidates are duplicates of: offers "compare and merge". */
  readonly compareWith = input<string>();
  /** A candidate's link was followed. */
  readonly opened = output<void>();
}
