import { Injectable, computed, inject, signal } from '@angular/core';
import { HttpClient } from '@angular/common/http';
import { EMPTY, Observable, Subject, catchError, concatMap, debounceTime, from, last, map, of, switchMap, tap, throwError } from 'rxjs';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ApiError, toApiError } from '../../core/api/api-error';
import { CallEvents } from '../../core/telephony/call-events';
import { CallView } from '../../core/telephony/telephony.models';
import { Answers, AnswerValue, PreviewResult } from '../../shared/questionnaire/questionnaire.models';
import { CallsApi, DialTarget } from './calls.api';
import { WorklistApi } from './worklist.api';
import { AttemptBody, AttemptResult, CompleteResult, ContextTask, REACHED, TaskContext, WorklistPage } from './worklist.models';

/** Where the call stands. */
export type CallPhase = 'loading' | 'calling' | 'reached' | 'ended' | 'done' | 'held' | 'error';

/** Field errors of `complete` (`answers.<questionId>`) by question id. */
export function answerErrors(error: ApiError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [path, messages] of Object.entries(error.fields ?? {})) {
    out[path.replace(/^answers\./, '')] = messages;
  }
  return out;
}

/**
 * State of the call screen for one task: claim on open, the context, the tasks worked in this call
 * (the patient's other due tasks come along), answers per task with the server's live preview
 * (branching, flags, checks), the call timer, outcomes and completion.
 */
@Injectable()
export class WorkbenchStore {
  private readonly api = inject(WorklistApi);
  private readonly http = inject(HttpClient);
  private readonly callsApi = inject(CallsApi);
  private readonly callEvents = inject(CallEvents);

  readonly taskId = signal<string | null>(null);
  readonly context = signal<TaskContext | null>(null);
  readonly phase = signal<CallPhase>('loading');
  readonly error = signal<ApiError | null>(null);
  /** Who holds the task when the claim was refused. */
  readonly holder = signal<{ displayName: string; claimExpiresAt: string | null } | null>(null);
  /** Ids of the tasks this call works (claimed by me). */
  readonly claimed = signal<string[]>([]);
  readonly activeTaskId = signal<string | null>(null);
  readonly answers = signal<Record<string, Answers>>({});
  readonly preview = signal<PreviewResult | null>(null);
  readonly showErrors = signal(false);
  readonly serverErrors = signal<Record<string, string[]>>({});
  readonly completed = signal<string[]>([]);
  readonly lastAttempt = signal<AttemptResult | null>(null);
  readonly busy = signal(false);
  readonly startedAt = signal<number>(Date.now());
  /** The call placed from this screen (telephony adapter), kept up to date by the call-event stream. */
  readonly call = signal<CallView | null>(null);
  /** A call under way: no second dial, and it can be hung up. */
  readonly callLive = computed(() => ['dialing', 'ringing', 'answered'].includes(this.call()?.state ?? ''));

  /** The tasks of this call: the opened one first, then the patient's other due tasks I hold. */
  readonly tasks = computed<ContextTask[]>(() => {
    const c = this.context();
    if (!c) return [];
    const mine = new Set(this.claimed());
    return [c.task, ...c.callTasks.filter((t) => mine.has(t.id))];
  });
  readonly activeTask = computed(() => this.tasks().find((t) => t.id === this.activeTaskId()) ?? this.tasks()[0] ?? null);
  readonly activeAnswers = computed<Answers>(() => this.answers()[this.activeTask()?.id ?? ''] ?? {});
  readonly openTasks = computed(() => this.tasks().filter((t) => !this.completed().includes(t.id)));
  /** Errors shown against the questions: the server's last answer, then the live checks. */
  readonly errors = computed(() => {
    const preview = this.preview();
    return preview && this.showErrors() ? preview.errors : this.serverErrors();
  });

  private readonly previews = new Subject<{ questionnaireId: string; answers: Answers }>();

  constructor() {
    this.previews
      .pipe(
        debounceTime(150),
        switchMap(({ questionnaireId, answers }) => this.api.preview(questionnaireId, answers).pipe(catchError(() => of(null)))),
        takeUntilDestroyed(),
      )
      .subscribe((p) => p && this.preview.set(p));
    this.callEvents.calls.pipe(takeUntilDestroyed()).subscribe((c) => {
      if (c.id === this.call()?.id) this.call.set(c);
    });
    // Events missed while the stream was down: the call is read again.
    this.callEvents.connected
      .pipe(
        switchMap(() => {
          const c = this.call();
          return c && this.callLive() ? this.callsApi.get(c.id).pipe(catchError(() => of(null))) : of(null);
        }),
        takeUntilDestroyed(),
      )
      .subscribe((c) => c && c.id === this.call()?.id && this.call.set(c));
  }

  /** Claims the task and loads its context; a task held by someone else opens read-only. */
  open(taskId: string): void {
    this.taskId.set(taskId);
    this.context.set(null);
    this.phase.set('loading');
    this.error.set(null);
    this.holder.set(null);
    this.claimed.set([]);
    this.activeTaskId.set(taskId);
    this.answers.set({});
    this.preview.set(null);
    this.showErrors.set(false);
    this.serverErrors.set({});
    this.completed.set([]);
    this.lastAttempt.set(null);
    this.startedAt.set(Date.now());
    this.call.set(null);
    this.api
      .claim(taskId)
      .pipe(
        map((claim) => ({ claim, refused: null as ApiError | null })),
        catchError((e: unknown) => {
          const error = toApiError(e);
          return error.code === 'TASK_CLAIMED' ? of({ claim: null, refused: error }) : throwError(() => error);
        }),
        switchMap(({ claim, refused }) => this.api.context(taskId).pipe(map((context) => ({ claim, refused, context })))),
      )
      .subscribe({
        next: ({ claim, refused, context }) => {
          if (this.taskId() !== taskId) return;
          this.context.set(context);
          if (claim) {
            this.claimed.set(claim.taskIds);
            this.phase.set('calling');
            this.startedAt.set(Date.now());
            this.requestPreview();
          } else {
            const by = (refused?.details?.['claimedBy'] as { displayName?: string } | undefined)?.displayName;
            this.holder.set({
              displayName: by ?? context.task.claimedBy?.displayName ?? '',
              claimExpiresAt: (refused?.details?.['claimExpiresAt'] as string | undefined) ?? context.task.claimExpiresAt,
            });
            this.phase.set(context.task.status === 'done' ? 'done' : 'held');
          }
        },
        error: (e: unknown) => {
          if (this.taskId() !== taskId) return;
          this.error.set(toApiError(e));
          this.phase.set('error');
        },
      });
  }

  select(taskId: string): void {
    this.activeTaskId.set(taskId);
    this.preview.set(null);
    this.serverErrors.set({});
    this.showErrors.set(false);
    this.requestPreview();
  }

  answer(questionId: string, value: AnswerValue): void {
    const id = this.activeTask()?.id;
    if (!id) return;
    this.answers.update((all) => ({ ...all, [id]: { ...(all[id] ?? {}), [questionId]: value } }));
    this.requestPreview();
  }

  /**
   * The call timer: the talk time a CTI reports (counting from "answered", fixed once ended); for a
   * desk-phone call the time since dialling; before any dial, the time since the screen opened.
   */
  elapsed(now = Date.now()): number {
    const call = this.call();
    if (call && call.durationSeconds !== null) return call.durationSeconds;
    if (call?.provider === 'cti') return call.answeredAt ? Math.max(0, Math.round((now - Date.parse(call.answeredAt)) / 1000)) : 0;
    return Math.max(0, Math.round((now - this.startedAt()) / 1000));
  }

  /** Dials a phone of the patient through the adapter; a desk-phone call restarts the timer. */
  dial(target: DialTarget): Observable<CallView> {
    const taskId = this.taskId();
    if (!taskId || this.callLive()) return EMPTY;
    return this.callsApi.dial(taskId, target).pipe(
      tap((call) => {
        this.call.set(call);
        if (call.provider === 'manual') this.startedAt.set(Date.now());
      }),
    );
  }

  hangUp(): Observable<CallView> {
    const call = this.call();
    if (!call || !this.callLive()) return EMPTY;
    return this.callsApi.hangUp(call.id).pipe(tap((c) => this.call.set(c)));
  }

  /** Records the outcome on every open task of this call (one call, one outcome), linked to the call placed from here. */
  record(body: AttemptBody): Observable<AttemptResult> {
    const call = this.call();
    const full: AttemptBody = {
      ...body,
      durationSeconds: Math.min(86400, this.elapsed()),
      ...(call && call.direction === 'outbound' ? { callId: call.id } : {}),
    };
    this.busy.set(true);
    return from(this.openTasks().map((t) => t.id)).pipe(
      concatMap((id) => this.api.attempt(id, full)),
      last(),
      tap({
        next: (result) => {
          this.lastAttempt.set(result);
          this.phase.set(REACHED.includes(body.outcome) ? 'reached' : 'ended');
          this.busy.set(false);
        },
        error: () => this.busy.set(false),
      }),
    );
  }

  /** Saves the active task's answers; 400 field errors land on the questions. */
  complete(): Observable<CompleteResult | null> {
    const task = this.activeTask();
    if (!task) return of(null);
    this.busy.set(true);
    return this.api.complete(task.id, this.activeAnswers()).pipe(
      tap((result) => {
        this.busy.set(false);
        this.completed.update((list) => [...list, result.taskId]);
        this.serverErrors.set({});
        this.showErrors.set(false);
        const next = this.openTasks()[0];
        if (next) this.select(next.id);
        else this.phase.set('done');
      }),
      catchError((e: unknown) => {
        this.busy.set(false);
        const error = toApiError(e);
        if (error.code !== 'VALIDATION_FAILED' || !error.fields) return throwError(() => error);
        this.serverErrors.set(answerErrors(error));
        this.showErrors.set(true);
        return of(null);
      }),
    );
  }

  release(): Observable<unknown> {
    return from(this.openTasks().map((t) => t.id)).pipe(concatMap((id) => this.api.release(id)));
  }

  /** The first task in the team pool (overdue first) that is not this call's; null when the pool is empty. */
  nextTask(): Observable<string | null> {
    const skip = new Set(this.tasks().map((t) => t.id));
    return this.http
      .get<WorklistPage>('/api/worklist', { params: { view: 'pool', page: 1, pageSize: 20 } })
      .pipe(map((page) => page.items.flatMap((i) => i.tasks).find((t) => !skip.has(t.id))?.id ?? null));
  }

  private requestPreview(): void {
    const task = this.activeTask();
    if (task && this.phase() !== 'held') this.previews.next({ questionnaireId: task.questionnaire.id, answers: this.activeAnswers() });
  }
}
