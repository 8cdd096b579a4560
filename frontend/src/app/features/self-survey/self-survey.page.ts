import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, input, OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { TranslocoPipe } from '@jsverse/transloco';
import { Subject, catchError, debounceTime, map, of, switchMap } from 'rxjs';
import { toApiError } from '../../core/api/api-error';
import { LanguageSwitch } from '../../core/i18n/language-switch';
import { LanguageService } from '../../core/i18n/language.service';
import { isLang } from '../../core/i18n/languages';
import { AnswerChange, QuestionnaireForm } from '../../shared/questionnaire/questionnaire-form';
import { Answers, textIn } from '../../shared/questionnaire/questionnaire.models';
import { PublicPreview, PublicSurvey, SelfSurveyApi } from './self-survey.api';

type Phase = 'loading' | 'answering' | 'sending' | 'thanks' | 'closed';

/** Link problems the page explains (anything else is "could not load, try again"). */
const CLOSED_CODES = ['SURVEY_LINK_NOT_FOUND', 'SURVEY_LINK_EXPIRED', 'SURVEY_ALREADY_SUBMITTED'];

/**
 * `/s/:token` — the questionnaire a patient answers on their phone from a self-survey link: no sign-in,
 * no staff navigation, large touch targets, the link's language first (switchable). Branching comes
 * from the server, as on the call screen; missing answers are pointed out before sending; the link
 * works once.
 */
@Component({
  selector: 'app-self-survey-page',
  imports: [MatButtonModule, MatIconModule, MatProgressBarModule, TranslocoPipe, LanguageSwitch, QuestionnaireForm],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <main class="survey" data-testid="survey-page">
      <header>
        <span class="brand">{{ 'survey.brand' | transloco }}</span>
        <app-language-switch />
      </header>
      @switch (phase()) {
        @case ('loading') {
          <mat-progress-bar mode="indeterminate" />
        }
        @case ('closed') {
          <section class="message" role="alert" data-testid="survey-closed">
            <mat-icon svgIcon="info" />
            <h1>{{ 'survey.closed.' + closedCode() + '.title' | transloco }}</h1>
            <p>{{ 'survey.closed.' + closedCode() + '.text' | transloco }}</p>
          </section>
        }
        @case ('thanks') {
          <section class="message ok" role="status" data-testid="survey-thanks">
            <mat-icon svgIcon="check-circle" />
            <h1>{{ 'survey.thanks.title' | transloco }}</h1>
            <p>{{ 'survey.thanks.text' | transloco }}</p>
          </section>
        }
        @default {
          @if (survey(); as s) {
            <h1 data-testid="survey-title">{{ title() }}</h1>
            <p class="intro">{{ 'survey.intro' | transloco }}</p>
            <app-questionnaire-form
              [definition]="s.questionnaire.definition"
              [answers]="answers()"
              [visible]="visible()"
              [outOfRange]="preview()?.outOfRange ?? []"
              [errors]="shownErrors()"
              [showErrors]="showErrors()"
              (answerChange)="answer($event)"
              data-testid="survey-form"
            />
            @if (showErrors() && hasErrors()) {
              <p class="problem" role="alert" data-testid="survey-missing">{{ 'survey.missing' | transloco }}</p>
            }
            @if (sendError()) {
              <p class="problem" role="alert" data-testid="survey-error">{{ 'survey.sendFailed' | transloco }}</p>
            }
            <button
              mat-flat-button
              type="button"
              class="send"
              [disabled]="phase() === 'sending'"
              (click)="send()"
              data-testid="survey-submit"
            >
              {{ 'survey.submit' | transloco }}
            </button>
          }
        }
      }
    </main>
  `,
  styles: `
    :host {
      display: block;
      min-height: 100vh;
      background: var(--mat-sys-surface-container-low);
    }
    .survey {
      max-width: 560px;
      margin: 0 auto;
      padding: 12px 16px 48px;
      background: var(--mat-sys-surface);
      min-height: 100vh;
      box-sizing: border-box;
    }
    header {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 8px;
      padding-bottom: 12px;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .brand {
      font: var(--mat-sys-title-medium);
      color: var(--mat-sys-primary);
    }
    h1 {
      font: var(--mat-sys-headline-small);
      margin: 16px 0 4px;
    }
    .intro {
      color: var(--mat-sys-on-surface-variant);
      margin: 0 0 12px;
    }
    .send {
      width: 100%;
      height: 48px;
      margin-top: 16px;
      font-size: 16px;
    }
    .problem {
      color: var(--mat-sys-error);
      margin: 12px 0 0;
    }
    .message {
      text-align: center;
      padding: 48px 8px;
    }
    .message mat-icon {
      width: 48px;
      height: 48px;
      color: var(--mat-sys-on-surface-variant);
    }
    .message.ok mat-icon {
      color: #1b7f3b;
    }
  `,
})
export class SelfSurveyPage implements OnInit {
  /** From the route (`/s/:token`, component input binding). */
  readonly token = input.required<string>();

  private readonly api = inject(SelfSurveyApi);
  private readonly language = inject(LanguageService);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly phase = signal<Phase>('loading');
  protected readonly closedCode = signal('SURVEY_LINK_NOT_FOUND');
  protected readonly survey = signal<PublicSurvey | null>(null);
  protected readonly answers = signal<Answers>({});
  /** The server's check and the answers it was made for. */
  private readonly checked = signal<{ answers: Answers; result: PublicPreview } | null>(null);
  protected readonly preview = computed(() => this.checked()?.result ?? null);
  /** The check is for the answers on screen (not an earlier state still being re-checked). */
  private readonly current = computed(() => this.checked()?.answers === this.answers());
  protected readonly showErrors = signal(false);
  protected readonly sendError = signal(false);
  private readonly serverErrors = signal<Record<string, string[]>>({});
  private readonly previews = new Subject<Answers>();

  protected readonly title = computed(() => {
    const q = this.survey()?.questionnaire;
    return q ? textIn({ zh: q.titleZh, en: q.titleEn }, this.language.active()) : '';
  });
  /** The server's visible questions, without instruction blocks: those are scripts the nurse reads out on a call. */
  protected readonly visible = computed(() => {
    const definition = this.survey()?.questionnaire.definition;
    if (!definition) return null;
    const scripts = new Set(definition.sections.flatMap((s) => s.questions.filter((q) => q.type === 'instruction').map((q) => q.id)));
    const shown = this.preview()?.visible ?? definition.sections.flatMap((s) => s.questions.map((q) => q.id));
    return shown.filter((id) => !scripts.has(id));
  });
  protected readonly shownErrors = computed(() => ({ ...(this.preview()?.errors ?? {}), ...this.serverErrors() }));
  protected readonly hasErrors = computed(() => Object.keys(this.shownErrors()).length > 0);

  ngOnInit(): void {
    this.previews
      .pipe(
        debounceTime(150),
        switchMap((answers) =>
          this.api.preview(this.token(), answers).pipe(
            map((result) => ({ answers, result })),
            catchError((e: unknown) => {
              // Answered meanwhile (e.g. the link open twice), expired or revoked: say so now.
              if (CLOSED_CODES.includes(toApiError(e).code)) this.close(e);
              return of(null);
            }),
          ),
        ),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((p) => p && this.checked.set(p));
    this.api.open(this.token()).subscribe({
      next: (s) => {
        this.survey.set(s);
        if (isLang(s.lang)) void this.language.use(s.lang);
        this.phase.set('answering');
        this.previews.next({});
      },
      error: (e: unknown) => this.close(e),
    });
  }

  protected answer(change: AnswerChange): void {
    this.answers.update((a) => ({ ...a, [change.questionId]: change.value }));
    this.serverErrors.set({});
    this.previews.next(this.answers());
  }

  protected send(): void {
    this.sendError.set(false);
    // Known problems are shown at once; with a check still on its way the server decides (and answers field errors).
    if (this.current() && this.hasErrors()) {
      this.showErrors.set(true);
      return;
    }
    this.phase.set('sending');
    this.api.submit(this.token(), this.answers()).subscribe({
      next: () => this.phase.set('thanks'),
      error: (e: unknown) => {
        const error = toApiError(e);
        if (error.fields) {
          // `answers.<question>` → the question's messages.
          const byQuestion = Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [k.replace(/^answers\./, ''), v]));
          this.serverErrors.set(byQuestion);
          this.showErrors.set(true);
          this.phase.set('answering');
        } else if (CLOSED_CODES.includes(error.code)) this.close(e);
        else {
          this.sendError.set(true);
          this.phase.set('answering');
        }
      },
    });
  }

  private close(e: unknown): void {
    const code = toApiError(e).code;
    this.closedCode.set(CLOSED_CODES.includes(code) ? code : 'LOAD_FAILED');
    this.phase.set('closed');
  }
}
