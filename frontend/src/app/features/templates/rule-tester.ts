import { ChangeDetectionStrategy, Component, DestroyRef, effect, inject, input, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { finalize } from 'rxjs';
import { AppDatePipe, AppNumberPipe, LocalizedPipe } from '../../core/i18n/locale.pipes';
import { TemplatesApi } from './templates.api';
import { RuleTest } from './templates.models';

const PERIODS = [7, 30, 90];

/** "Which of the last N days' discharges would this template enrol?": counts and the latest matches. */
@Component({
  selector: 'app-rule-tester',
  imports: [
    MatButtonModule,
    MatButtonToggleModule,
    MatIconModule,
    MatProgressBarModule,
    RouterLink,
    TranslocoPipe,
    AppDatePipe,
    AppNumberPipe,
    LocalizedPipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card" data-testid="rule-tester">
      <div class="head">
        <h2>{{ 'templates.tester.title' | transloco }}</h2>
        <button
          mat-icon-button
          type="button"
          (click)="run()"
          [attr.aria-label]="'common.refresh' | transloco"
          data-testid="rule-tester-run"
        >
          <mat-icon svgIcon="refresh" />
        </button>
      </div>
      <mat-button-toggle-group
        [value]="days()"
        (change)="days.set($event.value); run()"
        [attr.aria-label]="'templates.tester.period' | transloco"
        class="periods"
        data-testid="rule-tester-days"
      >
        @for (d of periods; track d) {
          <mat-button-toggle [value]="d" [attr.data-testid]="'rule-tester-days-' + d">{{
            'templates.tester.days' | transloco: { n: d }
          }}</mat-button-toggle>
        }
      </mat-button-toggle-group>
      @if (unsaved()) {
        <p class="note">{{ 'templates.tester.savedRules' | transloco }}</p>
      }
      @if (running()) {
        <mat-progress-bar mode="indeterminate" />
      }
      @if (result(); as r) {
        <div class="counts">
          <div class="count">
            <strong data-testid="rule-tester-matching">{{ r.matching | appNumber }}</strong>
            <span class="muted">{{ 'templates.tester.matching' | transloco: { n: r.days } }}</span>
          </div>
          <div class="count">
            <strong data-testid="rule-tester-enrolled">{{ r.alreadyEnrolled | appNumber }}</strong>
            <span class="muted">{{ 'templates.tester.enrolled' | transloco }}</span>
          </div>
        </div>
        @if (r.sample.length > 0) {
          <h3>{{ 'templates.tester.sample' | transloco }}</h3>
          <ul class="line-list sample" data-testid="rule-tester-sample">
            @for (s of r.sample; track $index) {
              <li [attr.data-testid]="'rule-tester-sample-' + s.patientId">
                <a [routerLink]="['/patients', s.patientId]">{{ s.name }}</a>
                <span class="muted">{{ s.departmentName | localized: s.departmentNameEn }}</span>
                <span class="muted date">{{ s.dischargedAt | appDate: 'shortDate' }}</span>
              </li>
            }
          </ul>
        } @else {
          <p class="muted" data-testid="rule-tester-none">{{ 'templates.tester.none' | transloco }}</p>
        }
      }
    </section>
  `,
  styles: `
    .card {
      padding: 12px 16px;
      border-radius: var(--mat-sys-corner-medium);
      background: var(--mat-sys-surface);
      box-shadow: var(--mat-sys-level1);
    }
    .head {
      display: flex;
      align-items: center;
      h2 {
        flex: 1;
        margin: 0;
        font: var(--mat-sys-title-medium);
      }
    }
    .periods {
      margin: 4px 0 8px;
    }
    .note {
      margin: 0 0 8px;
      font: var(--mat-sys-body-small);
      color: #6b4b00;
    }
    .counts {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(140px, 1fr));
      gap: 8px;
      margin: 8px 0;
    }
    .count {
      display: flex;
      flex-direction: column;
      padding: 8px 10px;
      border-radius: 8px;
      background: var(--mat-sys-surface-container);
      strong {
        font: var(--mat-sys-headline-small);
        color: var(--mat-sys-primary);
      }
      span {
        font: var(--mat-sys-body-small);
      }
    }
    h3 {
      margin: 8px 0 4px;
      font: var(--mat-sys-title-small);
    }
    .sample {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(260px, 1fr));
      column-gap: 24px;
    }
    .sample > li {
      min-height: 28px;
      gap: 4px 10px;
      flex-wrap: nowrap;
      white-space: nowrap;
    }
    .sample a {
      color: var(--mat-sys-primary);
    }
    .date {
      margin-left: auto;
    }
  `,
})
export class RuleTester {
  readonly templateId = input.required<string>();
  /** Changes when the template was saved or patients were enrolled: the test runs again. */
  readonly rev = input(0);
  /** The form has unsaved changes (the test uses the saved rules). */
  readonly unsaved = input(false);

  private readonly api = inject(TemplatesApi);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly periods = PERIODS;
  protected readonly days = signal(30);
  protected readonly result = signal<RuleTest | null>(null);
  protected readonly running = signal(false);

  constructor() {
    effect(() => {
      this.templateId();
      this.rev();
      untracked(() => this.run());
    });
  }

  protected run(): void {
    this.running.set(true);
    this.api
      .test(this.templateId(), this.days())
      .pipe(
        finalize(() => this.running.set(false)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((result) => this.result.set(result));
  }
}
