import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { filter } from 'rxjs';
import { toApiError } from '../../core/api/api-error';
import { ErrorText } from '../../core/i18n/error-text';
import { LanguageService } from '../../core/i18n/language.service';
import { AppDatePipe, LocalizedPipe } from '../../core/i18n/locale.pipes';
import { Notifier } from '../../core/notify/notifier';
import { QuestionnaireForm } from '../../shared/questionnaire/questionnaire-form';
import { AnswerChange } from '../../shared/questionnaire/questionnaire-form';
import { ConfirmData, ConfirmDialog } from '../../shared/ui/confirm.dialog';
import { StatusChip } from '../../shared/ui/status-chip';
import { CodeLists } from '../patients/code-lists';
import { WorkbenchContext } from './workbench-context';
import { WorkbenchPatient } from './workbench-patient';
import { WorkbenchStore } from './workbench.store';
import { DialTarget } from './calls.api';
import { WorklistApi } from './worklist.api';
import { AttemptBody, OUTCOMES, Outcome } from './worklist.models';

/** Outcomes that end the patient's follow-up for good: asked again before they are recorded. */
const FINAL: readonly Outcome[] = ['refused', 'deceased'];

/** mm:ss (or h:mm:ss) of a number of seconds. */
export function clock(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mm = String(m).padStart(h ? 2 : 1, '0');
  return `${h ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/** A datetime-local value (local time, minutes) `hours` from now. */
function localInput(hours: number): string {
  const d = new Date(Date.now() + hours * 3600_000);
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/**
 * The call screen: claims the task on open, shows the patient and everything known about them next
 * to the questionnaire (live branching by the server's rules), times the call, records the outcome
 * and completes the task; "next task" opens the next one in place. Keyboard: Alt+1…9 outcomes,
 * Ctrl+Enter save, Alt+N next task, Alt+P reveal the phone numbers.
 */
@Component({
  selector: 'app-workbench-page',
  providers: [WorkbenchStore],
  imports: [
    FormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    MatTooltipModule,
    TranslocoPipe,
    AppDatePipe,
    LocalizedPipe,
    StatusChip,
    QuestionnaireForm,
    WorkbenchPatient,
    WorkbenchContext,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(document:keydown)': 'onKey($event)' },
  templateUrl: './workbench.page.html',
  styleUrl: './workbench.page.scss',
})
export class WorkbenchPage {
  /** Route parameter: the task opened. */
  readonly id = input.required<string>();

  protected readonly store = inject(WorkbenchStore);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);
  private readonly dialog = inject(MatDialog);
  private readonly language = inject(LanguageService);
  private readonly errorText = inject(ErrorText);
  protected readonly relations = inject(CodeLists).items('relation');
  protected readonly outcomes = OUTCOMES;

  private readonly patientHeader = viewChild(WorkbenchPatient);

  /** The outcome whose extra input (who answered, when to call back) is open. */
  protected readonly pending = signal<'reached_family' | 'callback' | null>(null);
  protected answeredBy = '';
  protected callbackAt = localInput(2);
  protected notes = '';

  private readonly now = signal(Date.now());
  protected readonly timer = computed(() => clock(this.store.elapsed(this.now())));
  protected readonly live = computed(() => ['calling', 'reached'].includes(this.store.phase()));
  protected readonly canAnswer = computed(() => this.live() && !this.store.busy());
  protected readonly errorMessage = computed(() => {
    const e = this.store.error();
    return e ? this.errorText.describe(e) : null;
  });
  protected readonly showKeys = signal(false);
  /** The self-survey link just made for the patient (its token is shown only this once). */
  protected readonly surveyLink = signal<{ url: string; expiresAt: string } | null>(null);
  protected readonly makingLink = signal(false);
  private readonly api = inject(WorklistApi);

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => {
        this.pending.set(null);
        this.notes = '';
        this.store.open(id);
      });
    });
    const tick = setInterval(() => {
      if (this.live()) this.now.set(Date.now());
    }, 1000);
    inject(DestroyRef).onDestroy(() => clearInterval(tick));
  }

  protected answer(change: AnswerChange): void {
    this.store.answer(change.questionId, change.value);
  }

  protected choose(outcome: Outcome): void {
    if (!this.live() || this.store.busy()) return;
    if (outcome === 'reached_family' || outcome === 'callback') {
      this.pending.set(outcome);
      return;
    }
    if (FINAL.includes(outcome)) {
      const data: ConfirmData = {
        title: this.language.t(`workbench.outcomes.${outcome}`),
        message: this.language.t(`workbench.confirm.${outcome}`),
        confirm: this.language.t('workbench.confirm.ok'),
        cancel: this.language.t('common.cancel'),
      };
      this.dialog
        .open<ConfirmDialog, ConfirmData, boolean>(ConfirmDialog, { data, width: '420px' })
        .afterClosed()
        .pipe(filter((ok) => ok === true))
        .subscribe(() => this.record({ outcome }));
      return;
    }
    this.record({ outcome });
  }

  protected confirmFamily(): void {
    if (this.answeredBy) this.record({ outcome: 'reached_family', answeredBy: this.answeredBy });
  }

  protected confirmCallback(): void {
    const at = new Date(this.callbackAt);
    if (!Number.isNaN(at.getTime())) this.record({ outcome: 'callback', callbackAt: at.toISOString() });
  }

  private record(body: AttemptBody): void {
    const notes = this.notes.trim();
    this.store.record(notes ? { ...body, notes } : body).subscribe(() => {
      this.pending.set(null);
      this.notifier.success('workbench.recorded', { outcome: this.language.t(`workbench.outcomes.${body.outcome}`) });
    });
  }

  protected complete(): void {
    if (!this.canAnswer()) return;
    // Saving the answers means the patient (or family) was reached.
    const reached = this.store.phase() === 'reached' ? null : this.store.record({ outcome: 'reached' });
    const save = () =>
      this.store.complete().subscribe({
        next: (result) => {
          if (!result) {
            this.notifier.warn('workbench.fixAnswers');
            return;
          }
          this.notifier.success(result.escalationIds.length ? 'workbench.savedEscalated' : 'workbench.saved', {
            count: result.escalationIds.length,
          });
        },
        error: (e: unknown) => this.notifier.error(toApiError(e)),
      });
    if (reached) reached.subscribe(save);
    else save();
  }

  /** Dials through the telephony adapter: the CTI places the call, or the desk phone gets the tel: link. */
  protected dial(target: DialTarget): void {
    this.store.dial(target).subscribe({
      next: (call) => {
        if (call.telUri) {
          const link = document.createElement('a');
          link.href = call.telUri;
          link.click();
        }
      },
      error: (e: unknown) => this.notifier.error(toApiError(e)),
    });
  }

  protected hangUp(): void {
    this.store.hangUp().subscribe();
  }

  protected makeSurveyLink(taskId: string): void {
    this.makingLink.set(true);
    this.api.surveyLink(taskId, this.language.active()).subscribe({
      next: (link) => {
        this.makingLink.set(false);
        this.surveyLink.set({ url: `${location.origin}${link.path}`, expiresAt: link.expiresAt });
      },
      error: () => this.makingLink.set(false),
    });
  }

  protected copyLink(url: string): void {
    void navigator.clipboard?.writeText(url).then(
      () => this.notifier.success('survey.link.copied'),
      () => undefined,
    );
  }

  protected next(): void {
    if (this.store.busy()) return;
    this.store.nextTask().subscribe((taskId) => {
      if (taskId) void this.router.navigate(['/worklist/tasks', taskId]);
      else {
        this.notifier.success('workbench.noMoreTasks');
        void this.router.navigate(['/worklist']);
      }
    });
  }

  protected release(): void {
    this.store.release().subscribe({ complete: () => void this.router.navigate(['/worklist']) });
  }

  protected onKey(event: KeyboardEvent): void {
    if (this.dialog.openDialogs.length) return;
    if ((event.ctrlKey || event.metaKey) && (event.key === 'Enter' || event.key.toLowerCase() === 's')) {
      event.preventDefault();
      this.complete();
      return;
    }
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    const digit = /^Digit([1-9])$/.exec(event.code)?.[1];
    if (digit) {
      event.preventDefault();
      this.choose(OUTCOMES[Number(digit) - 1]);
    } else if (event.code === 'KeyN') {
      event.preventDefault();
      this.next();
    } else if (event.code === 'KeyP') {
      event.preventDefault();
      this.patientHeader()?.reveal();
    }
  }
}
