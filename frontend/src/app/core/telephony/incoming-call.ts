import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { Router } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { AuthStore } from '../auth/auth.store';
import { AppDatePipe, LocalizedPipe } from '../i18n/locale.pipes';
import { CallEvents } from './call-events';

/**
 * The screen-pop of an incoming call, over any page of the console: the caller's (masked) number and
 * the patients who have it (within the nurse's departments), each with a link to the record and to
 * their open follow-up task; an unknown number offers the patient search. Not modal: the nurse may
 * be in the middle of another call's form.
 */
@Component({
  selector: 'app-incoming-call',
  imports: [MatButtonModule, MatIconModule, TranslocoPipe, AppDatePipe, LocalizedPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (events.incoming(); as pop) {
      <section class="pop" role="alert" aria-live="assertive" data-testid="incoming-call">
        <header>
          <mat-icon svgIcon="phone" class="ring" [class.ended]="pop.ended" />
          <div class="title">
            <strong>{{ (pop.ended ? 'telephony.incoming.ended' : 'telephony.incoming.title') | transloco }}</strong>
            <span class="mono" data-testid="incoming-number">{{ pop.call.number }}</span>
            <span class="muted">
              {{ 'telephony.incoming.extension' | transloco: { ext: pop.call.extension } }} · {{ pop.call.at | appDate: 'shortTime' }}
            </span>
          </div>
          <button
            mat-icon-button
            type="button"
            (click)="events.dismiss()"
            [attr.aria-label]="'common.close' | transloco"
            data-testid="incoming-dismiss"
          >
            <mat-icon svgIcon="close" />
          </button>
        </header>
        @if (pop.patients.length) {
          @if (pop.patients.length > 1) {
            <p class="muted">{{ 'telephony.incoming.several' | transloco: { count: pop.patients.length } }}</p>
          }
          <ul>
            @for (p of pop.patients; track p.id) {
              <li [attr.data-testid]="'incoming-patient-' + p.id">
                <div>
                  <strong data-testid="incoming-patient-name">{{ p.name }}</strong>
                  @if (p.age !== null) {
                    <span class="muted"> · {{ 'patients.ageValue' | transloco: { age: p.age } }}</span>
                  }
                  <span class="mono muted"> · {{ p.phone }}</span>
                </div>
                @if (p.openTask; as task) {
                  <div class="muted small">
                    {{ task.templateName | localized: task.templateNameEn }} ·
                    {{ 'worklist.due' | transloco: { date: (task.dueDate | appDate: 'mediumDate') } }}
                  </div>
                }
                <div class="actions">
                  <button mat-stroked-button type="button" (click)="open(['/patients', p.id])" data-testid="incoming-open-record">
                    {{ 'telephony.incoming.openRecord' | transloco }}
                  </button>
                  @if (p.openTask; as task) {
                    <button mat-flat-button type="button" (click)="open(['/worklist/tasks', task.id])" data-testid="incoming-open-task">
                      {{ 'telephony.incoming.openTask' | transloco }}
                    </button>
                  }
                </div>
              </li>
            }
          </ul>
        } @else {
          <p data-testid="incoming-unknown">{{ 'telephony.incoming.unknown' | transloco }}</p>
        }
        @if (pop.hiddenMatches) {
          <p class="muted small" data-testid="incoming-hidden">
            {{ 'telephony.incoming.hidden' | transloco: { count: pop.hiddenMatches } }}
          </p>
        } @else if (!pop.patients.length && canSearch) {
          <div class="actions">
            <button mat-stroked-button type="button" (click)="search(pop.call.number)" data-testid="incoming-search">
              <mat-icon svgIcon="search" />
              {{ 'telephony.incoming.search' | transloco }}
            </button>
          </div>
        }
      </section>
    }
  `,
  styles: `
    .pop {
      position: fixed;
      top: 72px;
      right: 16px;
      z-index: 1000;
      width: 360px;
      max-height: calc(100vh - 96px);
      overflow: auto;
      padding: 12px 16px;
      border-radius: 12px;
      background: var(--mat-sys-surface-container-high);
      color: var(--mat-sys-on-surface);
      box-shadow: var(--mat-sys-level3);
      border-left: 4px solid var(--mat-sys-primary);
    }
    header {
      display: flex;
      align-items: flex-start;
      gap: 8px;
    }
    .title {
      flex: 1;
      display: flex;
      flex-direction: column;
    }
    .ring {
      margin-top: 4px;
      color: var(--mat-sys-primary);
    }
    .ring.ended {
      color: var(--mat-sys-outline);
    }
    ul {
      list-style: none;
      margin: 8px 0 0;
      padding: 0;
    }
    li {
      padding: 8px 0;
      border-top: 1px solid var(--mat-sys-outline-variant);
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      margin-top: 6px;
    }
    .small {
      font-size: 12px;
    }
    p {
      margin: 8px 0 0;
    }
  `,
})
export class IncomingCallPop {
  protected readonly events = inject(CallEvents);
  private readonly router = inject(Router);
  private readonly auth = inject(AuthStore);

  /**
   * Closes the pop-up and opens the record or task inside the console. Navigating from the handler (not a
   * `routerLink` on an element the same click removes) never falls back to a full page load.
   */
  protected open(commands: string[]): void {
    this.events.dismiss();
    void this.router.navigate(commands);
  }

  /** Opens the patient search for a number no patient has (the search box takes phone numbers). */
  protected search(number: string): void {
    this.events.dismiss();
    void this.router.navigate(['/patients'], { state: { search: number } });
  }

  protected readonly canSearch = this.auth.hasPermission('patient.read');
}
