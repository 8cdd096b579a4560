import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { AuthStore } from '../../core/auth/auth.store';
import { AppDatePipe, AppNumberPipe } from '../../core/i18n/locale.pipes';
import { CodeLabelPipe } from '../patients/code-lists';
import { ImportsApi } from './imports.api';

/**
 * The probable duplicates an import created: per row, the new record next to the existing one (or
 * the earlier row) and why they look alike; "Compare and merge" opens the merge review with the
 * existing record as the survivor. Nothing is merged automatically.
 */
@Component({
  selector: 'app-import-duplicates',
  imports: [MatButtonModule, MatIconModule, MatProgressBarModule, RouterLink, TranslocoPipe, AppDatePipe, AppNumberPipe, CodeLabelPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="duplicates" data-testid="import-duplicates">
      <h3>
        <mat-icon svgIcon="warning" />
        {{ 'imports.duplicates.title' | transloco: { count: (total() | appNumber) } }}
      </h3>
      <p class="muted">{{ 'imports.duplicates.intro' | transloco }}</p>
      @if (resource.isLoading()) {
        <mat-progress-bar mode="indeterminate" />
      }
      <ul class="line-list">
        @for (pair of pairs(); track pair.rowNumber + pair.candidate.id) {
          <li [attr.data-testid]="'import-duplicate-' + pair.rowNumber">
            <span class="row">{{ 'imports.progress.row' | transloco: { n: pair.rowNumber } }}</span>
            <span class="who">
              <a [routerLink]="['/patients', pair.patient.id]">{{ pair.patient.name }}</a>
              {{ pair.patient.sexCode | codeLabel: 'sex' }} · {{ pair.patient.birthDate | appDate: 'mediumDate' }}
            </span>
            <span class="vs">≈</span>
            <span class="who">
              <a [routerLink]="['/patients', pair.candidate.id]">{{ pair.candidate.name }}</a>
              {{ pair.candidate.sexCode | codeLabel: 'sex' }} · {{ pair.candidate.birthDate | appDate: 'mediumDate' }}
            </span>
            <span class="reasons">
              @for (reason of pair.reasons; track reason) {
                <span class="reason">{{ 'patients.duplicates.reasons.' + reason | transloco }}</span>
              }
            </span>
            @if (pair.merged) {
              <span class="merged" data-testid="import-duplicate-merged">{{ 'imports.duplicates.merged' | transloco }}</span>
            } @else if (canMerge) {
              <a
                mat-stroked-button
                [routerLink]="['/patients', pair.candidate.id, 'merge', pair.patient.id]"
                data-testid="import-duplicate-compare"
              >
                {{ 'patients.duplicates.compare' | transloco }}
              </a>
            }
          </li>
        }
      </ul>
      @if (total() > pairs().length) {
        <p class="muted" data-testid="import-duplicates-more">
          {{ 'imports.duplicates.more' | transloco: { shown: (pairs().length | appNumber), total: (total() | appNumber) } }}
        </p>
      }
    </section>
  `,
  styles: `
    .duplicates {
      margin-top: 16px;
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
      margin: 8px 0 0;
      padding: 0;
      list-style: none;
    }
    li {
      display: grid;
      grid-template-columns: 5em minmax(12em, max-content) 1.5em minmax(12em, max-content) 1fr auto;
      align-items: center;
      gap: 4px 12px;
      padding: 4px 0;
    }
    .vs {
      text-align: center;
    }
    .row,
    .merged {
      color: var(--mat-sys-on-surface-variant);
    }
    .reason {
      margin-right: 6px;
      padding: 0 6px;
      border-radius: 4px;
      background: rgb(255 255 255 / 60%);
    }
  `,
})
export class ImportDuplicates {
  readonly jobId = input.required<string>();

  protected readonly canMerge = inject(AuthStore).hasPermission('patient.merge');
  protected readonly resource = inject(ImportsApi).duplicatesResource(() => this.jobId());
  protected readonly pairs = computed(() => (this.resource.hasValue() ? this.resource.value().items : []));
  protected readonly total = computed(() => (this.resource.hasValue() ? this.resource.value().total : 0));
}
