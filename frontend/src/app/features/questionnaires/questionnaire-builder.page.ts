import { CdkDragDrop, DragDropModule, moveItemInArray, transferArrayItem } from '@angular/cdk/drag-drop';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { FormsModule, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { EMPTY, Observable, catchError, debounceTime, filter, map, switchMap, tap } from 'rxjs';
import { toApiError } from '../../core/api/api-error';
import { AuthStore } from '../../core/auth/auth.store';
import { applyServerErrors } from '../../core/forms/server-errors';
import { ErrorText } from '../../core/i18n/error-text';
import { LanguageService } from '../../core/i18n/language.service';
import { AppNumberPipe } from '../../core/i18n/locale.pipes';
import { Notifier } from '../../core/notify/notifier';
import { AnswerChange, QuestionnaireForm } from '../../shared/questionnaire/questionnaire-form';
import {
  Answers,
  DIMENSIONS,
  PreviewResult,
  Question,
  QuestionnaireDefinition,
  Section,
  textIn,
} from '../../shared/questionnaire/questionnaire.models';
import { TextField } from '../../shared/ui/text-field';
import { HasUnsavedChanges, warnBeforeUnload } from '../../shared/ui/unsaved-changes';
import {
  TEXT_LANGS,
  allQuestions,
  cloneDefinition,
  earlierQuestions,
  newQuestion,
  newSection,
  renameQuestion,
  tidy,
} from './builder-model';
import { ConditionEditor } from './condition-editor';
import { Problems, definitionProblems, problemsAt, problemsUnder, serverProblems } from './definition-rules';
import { ProblemList } from './problem-list';
import { QuestionEditor } from './question-editor';
import { QuestionnaireMetaData, QuestionnaireMetaDialog } from './questionnaire-meta.dialog';
import { QuestionnaireStatusChip } from './questionnaire-status-chip';
import { QuestionnaireVersions } from './questionnaire-versions';
import { QuestionnairesApi } from './questionnaires.api';
import { Questionnaire } from './questionnaires.models';

/**
 * The questionnaire builder: sections and questions (drag to reorder), texts in both languages,
 * options with scores and attention flags, logic without code, and a live preview computed by the
 * server for the unsaved definition, exactly as the nurse will see it. Drafts are saved and
 * published; published and retired versions are read-only and offer a new version.
 */
@Component({
  selector: 'app-questionnaire-builder-page',
  imports: [
    DragDropModule,
    FormsModule,
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatButtonToggleModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    MatSlideToggleModule,
    MatTooltipModule,
    TranslocoPipe,
    AppNumberPipe,
    TextField,
    QuestionnaireForm,
    QuestionnaireStatusChip,
    QuestionEditor,
    ConditionEditor,
    ProblemList,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './questionnaire-builder.page.html',
  styleUrl: './questionnaire-builder.page.scss',
})
export class QuestionnaireBuilderPage implements HasUnsavedChanges {
  /** Route parameter. */
  readonly id = input.required<string>();

  private readonly api = inject(QuestionnairesApi);
  private readonly versions = inject(QuestionnaireVersions);
  private readonly dialog = inject(MatDialog);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);
  private readonly errorText = inject(ErrorText);
  private readonly language = inject(LanguageService);
  private readonly canManage = inject(AuthStore).hasPermission('questionnaire.manage');

  private readonly record = this.api.detailResource(this.id);
  protected readonly loading = this.record.isLoading;
  protected readonly questionnaire = signal<Questionnaire | null>(null);
  protected readonly loadError = computed(() => {
    const error = this.record.error();
    return error ? this.errorText.describe(toApiError(error)) : null;
  });
  protected readonly editable = computed(() => this.canManage && this.questionnaire()?.status === 'draft');
  protected readonly canManageVersions = this.canManage;

  /** The definition being edited, in place; `rev` counts the edits so that signals follow them. */
  protected def: QuestionnaireDefinition = { sections: [] };
  private readonly rev = signal(0);
  protected readonly dirty = signal(false);
  protected readonly saving = signal(false);
  /** The question whose editor is open. */
  protected readonly selected = signal<Question | null>(null);

  protected readonly meta = inject(NonNullableFormBuilder).group({
    titleZh: ['', [Validators.required, Validators.maxLength(200)]],
    titleEn: ['', [Validators.required, Validators.maxLength(200)]],
    description: ['', Validators.maxLength(2000)],
  });

  /** Problems found here (same rules as the server) and those the server reported for the current edit. */
  private readonly localProblems = computed(() => {
    this.rev();
    return definitionProblems(this.def);
  });
  private readonly reported = signal<Problems>({});
  protected readonly problems = computed<Problems>(() => ({ ...this.reported(), ...this.localProblems() }));
  protected readonly problemCount = computed(() => Object.values(this.problems()).reduce((n, list) => n + list.length, 0));

  // ---- live preview ----
  protected readonly answers = signal<Answers>({});
  protected readonly preview = signal<PreviewResult | null>(null);
  /** The preview is of an earlier state: the definition has problems to fix first. */
  protected readonly previewStale = signal(false);
  protected readonly previewLang = signal<string>(this.language.active());
  protected readonly showChecks = signal(false);
  protected readonly dimensions = DIMENSIONS;
  protected readonly langs = TEXT_LANGS;
  protected readonly previewDef = computed(() => {
    this.rev();
    return tidy(this.def);
  });

  constructor() {
    effect(() => {
      if (this.record.hasValue()) {
        const q = this.record.value();
        untracked(() => this.load(q));
      }
    });
    const destroyRef = inject(DestroyRef);
    toObservable(computed(() => ({ rev: this.rev(), answers: this.answers(), q: this.questionnaire() })))
      .pipe(
        filter(({ q }) => q !== null),
        debounceTime(250),
        switchMap(({ q, answers }) => this.runPreview(q as Questionnaire, answers)),
        takeUntilDestroyed(destroyRef),
      )
      .subscribe();
    warnBeforeUnload(() => this.hasUnsavedChanges());
  }

  /** Edits of a draft not saved yet (the route guard asks before leaving). */
  hasUnsavedChanges(): boolean {
    return this.editable() && (this.dirty() || this.meta.dirty);
  }

  private load(q: Questionnaire): void {
    this.questionnaire.set(q);
    this.def = cloneDefinition(q.definition);
    for (const s of this.def.sections) {
      s.showIf ??= [];
      for (const question of s.questions) question.showIf ??= [];
    }
    this.meta.reset({ titleZh: q.titleZh, titleEn: q.titleEn, description: q.description ?? '' });
    if (!this.editable()) this.meta.disable();
    else this.meta.enable();
    this.reported.set({});
    this.dirty.set(false);
    this.answers.set({});
    this.selected.set(null);
    this.rev.update((n) => n + 1);
  }

  private runPreview(q: Questionnaire, answers: Answers): Observable<unknown> {
    if (Object.keys(this.localProblems()).length > 0) {
      this.previewStale.set(true);
      return EMPTY;
    }
    const ids = new Set(allQuestions(this.def).map((x) => x.id));
    const known = Object.fromEntries(Object.entries(answers).filter(([id]) => ids.has(id)));
    const definition = this.editable() && this.dirty() ? tidy(this.def) : undefined;
    return this.api.preview(q.id, known, definition).pipe(
      tap((result) => {
        this.preview.set(result);
        this.previewStale.set(false);
        this.reported.set({});
      }),
      catchError((error: unknown) => {
        const apiError = toApiError(error);
        if (apiError.fields) this.reported.set(serverProblems(apiError.fields));
        this.previewStale.set(true);
        return EMPTY;
      }),
    );
  }

  /** Call after every edit of the definition. */
  protected touch(): void {
    this.dirty.set(true);
    this.reported.set({});
    this.rev.update((n) => n + 1);
  }

  protected text(value: { zh: string; en: string }): string {
    return textIn(value, this.language.active());
  }

  protected candidates(sectionIndex: number, questionIndex: number | null): Question[] {
    this.rev();
    return earlierQuestions(this.def, sectionIndex, questionIndex);
  }

  protected sectionProblems(si: number) {
    return [
      ...problemsAt(this.problems(), `sections.${si}.id`),
      ...problemsAt(this.problems(), `sections.${si}.title`),
      ...problemsAt(this.problems(), `sections.${si}.questions`),
    ];
  }

  protected questionHasProblems(si: number, qi: number): boolean {
    return problemsUnder(this.problems(), `sections.${si}.questions.${qi}`).length > 0;
  }

  protected topProblems() {
    return problemsAt(this.problems(), 'sections');
  }

  protected questionListIds(): string[] {
    return this.def.sections.map((_, i) => `question-list-${i}`);
  }

  protected select(q: Question): void {
    this.selected.update((current) => (current === q ? null : q));
  }

  protected addSection(): void {
    const section = newSection(this.def);
    section.showIf = [];
    section.questions[0].showIf = [];
    this.def.sections.push(section);
    this.selected.set(section.questions[0]);
    this.touch();
  }

  protected removeSection(index: number): void {
    this.def.sections.splice(index, 1);
    this.touch();
  }

  protected addQuestion(section: Section): void {
    const q = newQuestion(this.def);
    q.showIf = [];
    section.questions.push(q);
    this.selected.set(q);
    this.touch();
  }

  protected removeQuestion(section: Section, index: number): void {
    const [removed] = section.questions.splice(index, 1);
    if (this.selected() === removed) this.selected.set(null);
    this.touch();
  }

  protected renamed(change: { from: string; to: string }): void {
    renameQuestion(this.def, change.from, change.to);
    const answers = { ...this.answers() };
    if (change.from in answers) {
      answers[change.to] = answers[change.from];
      delete answers[change.from];
      this.answers.set(answers);
    }
  }

  protected dropSection(event: CdkDragDrop<Section[]>): void {
    moveItemInArray(this.def.sections, event.previousIndex, event.currentIndex);
    this.touch();
  }

  protected dropQuestion(event: CdkDragDrop<Question[]>): void {
    if (event.previousContainer === event.container) {
      moveItemInArray(event.container.data, event.previousIndex, event.currentIndex);
    } else {
      transferArrayItem(event.previousContainer.data, event.container.data, event.previousIndex, event.currentIndex);
    }
    this.touch();
  }

  protected answer(change: AnswerChange): void {
    this.answers.update((a) => ({ ...a, [change.questionId]: change.value }));
  }

  protected resetAnswers(): void {
    this.answers.set({});
  }

  protected scoreOf(dimension: string): number | undefined {
    return this.preview()?.scores.dimensions[dimension as (typeof DIMENSIONS)[number]];
  }

  /** Saves the draft; emits the saved version (nothing when refused: problems are shown). */
  private saveDraft(): Observable<Questionnaire> {
    const q = this.questionnaire();
    this.meta.markAllAsTouched();
    if (!q || this.meta.invalid) return EMPTY;
    if (Object.keys(this.localProblems()).length > 0) {
      this.notifier.warn('questionnaires.fixProblems', { n: this.problemCount() });
      return EMPTY;
    }
    const { titleZh, titleEn, description } = this.meta.getRawValue();
    this.saving.set(true);
    return this.api
      .update(q.id, {
        titleZh: titleZh.trim(),
        titleEn: titleEn.trim(),
        description: description.trim() || undefined,
        definition: tidy(this.def),
      })
      .pipe(
        tap({ next: () => this.saving.set(false), error: () => this.saving.set(false) }),
        tap((saved) => {
          this.questionnaire.set(saved);
          this.dirty.set(false);
          this.meta.markAsPristine();
        }),
        catchError((error: unknown) => {
          this.saving.set(false);
          const unshown = applyServerErrors(this.meta, error);
          if (unshown?.fields && Object.keys(unshown.fields).some((f) => f.startsWith('definition.'))) {
            this.reported.set(serverProblems(unshown.fields));
            this.notifier.warn('questionnaires.fixProblems', { n: this.problemCount() });
          } else if (unshown && unshown.statusCode !== 401) {
            this.notifier.error(unshown);
          }
          return EMPTY;
        }),
      );
  }

  protected save(): void {
    this.saveDraft().subscribe(() => this.notifier.success('questionnaires.savedDraft'));
  }

  protected publish(): void {
    const q = this.questionnaire();
    if (!q) return;
    const saved$ = this.dirty() || this.meta.dirty ? this.saveDraft() : new Observable<Questionnaire>((s) => (s.next(q), s.complete()));
    saved$
      .pipe(switchMap((saved) => this.versions.publish(saved, (fields) => this.reported.set(serverProblems(fields)))))
      .subscribe(() => this.record.reload());
  }

  protected newVersion(): void {
    const q = this.questionnaire();
    if (!q) return;
    this.versions.newVersion(q.id).subscribe((draft) => void this.router.navigate(['/questionnaires', draft.id]));
  }

  protected copy(): void {
    const q = this.questionnaire();
    if (!q) return;
    this.dialog
      .open<QuestionnaireMetaDialog, QuestionnaireMetaData, Questionnaire>(QuestionnaireMetaDialog, { data: { source: q }, width: '520px' })
      .afterClosed()
      .pipe(
        filter(Boolean),
        map((created) => created.id),
      )
      .subscribe((id) => void this.router.navigate(['/questionnaires', id]));
  }
}
