import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatRadioModule } from '@angular/material/radio';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoPipe } from '@jsverse/transloco';
import { LanguageService } from '../../core/i18n/language.service';
import { AnswerValue, Answers, Question, QuestionnaireDefinition, textIn } from './questionnaire.models';

export interface AnswerChange {
  questionId: string;
  value: AnswerValue;
}

const RATING = [1, 2, 3, 4, 5];
const NPS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/**
 * A questionnaire as the person answering sees it: the visible sections and questions in order, one
 * control per question type, flags for answers that need attention or are out of the normal range,
 * and per-question errors. Which questions are visible comes from the caller (the server's
 * `visible` list), so branching here always matches the server. Answers flow out as changes.
 *
 *   <app-questionnaire-form [definition]="def" [answers]="answers()" [visible]="preview()?.visible"
 *                           (answerChange)="answer($event)" />
 *
 * Test ids: `qf-section-<id>`, `qf-question-<id>`, `qf-option-<id>-<code>`, `qf-rate-<id>-<n>`,
 * `qf-yes-<id>` / `qf-no-<id>`, `qf-input-<id>`, `qf-attention-<id>`, `qf-error-<id>`.
 */
@Component({
  selector: 'app-questionnaire-form',
  imports: [
    MatButtonToggleModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatRadioModule,
    MatSelectModule,
    TranslocoPipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @for (section of sections(); track section.id) {
      <section class="section" [attr.data-testid]="'qf-section-' + section.id">
        <h3>{{ text(section.title) }}</h3>
        @for (q of section.questions; track q.id; let i = $index) {
          <div
            class="question"
            [class.flagged]="attentionSet().has(q.id)"
            [class.instruction]="q.type === 'instruction'"
            [attr.data-testid]="'qf-question-' + q.id"
          >
            @if (q.type === 'instruction') {
              <mat-icon svgIcon="info" />
              <p class="script">{{ text(q.text) }}</p>
            } @else {
              <div class="label">
                {{ text(q.text) }}
                @if (q.required) {
                  <span class="required" [attr.aria-label]="'questionnaireForm.required' | transloco">*</span>
                }
              </div>
              @switch (q.type) {
                @case ('single') {
                  <mat-radio-group
                    class="choices"
                    [value]="answers()[q.id] ?? null"
                    [disabled]="readonly()"
                    (change)="set(q, $event.value)"
                  >
                    @for (o of q.options ?? []; track o.code) {
                      <mat-radio-button [value]="o.code" [attr.data-testid]="'qf-option-' + q.id + '-' + o.code">
                        {{ text(o.label) }}
                      </mat-radio-button>
                    }
                  </mat-radio-group>
                }
                @case ('multiple') {
                  <div class="choices">
                    @for (o of q.options ?? []; track o.code) {
                      <mat-checkbox
                        [checked]="isChecked(q.id, o.code)"
                        [disabled]="readonly()"
                        (change)="toggle(q, o.code, $event.checked)"
                        [attr.data-testid]="'qf-option-' + q.id + '-' + o.code"
                      >
                        {{ text(o.label) }}
                      </mat-checkbox>
                    }
                  </div>
                }
                @case ('dropdown') {
                  <mat-form-field subscriptSizing="dynamic" class="field">
                    <mat-select
                      [value]="answers()[q.id] ?? null"
                      [disabled]="readonly()"
                      [placeholder]="'questionnaireForm.choose' | transloco"
                      (selectionChange)="set(q, $event.value)"
                      [attr.data-testid]="'qf-input-' + q.id"
                    >
                      @for (o of q.options ?? []; track o.code) {
                        <mat-option [value]="o.code" [attr.data-testid]="'qf-option-' + q.id + '-' + o.code">
                          {{ text(o.label) }}
                        </mat-option>
                      }
                    </mat-select>
                  </mat-form-field>
                }
                @case ('rating') {
                  <mat-button-toggle-group
                    [value]="answers()[q.id] ?? null"
                    [disabled]="readonly()"
                    (change)="set(q, $event.value)"
                    [attr.aria-label]="text(q.text)"
                  >
                    @for (n of rating; track n) {
                      <mat-button-toggle [value]="n" [attr.data-testid]="'qf-rate-' + q.id + '-' + n">{{ n }}</mat-button-toggle>
                    }
                  </mat-button-toggle-group>
                  <div class="scale muted">
                    <span>{{ 'questionnaireForm.ratingLow' | transloco }}</span><span>{{
                      'questionnaireForm.ratingHigh' | transloco
                    }}</span>
                  </div>
                }
                @case ('nps') {
                  <mat-button-toggle-group
                    class="nps"
                    [value]="answers()[q.id] ?? null"
                    [disabled]="readonly()"
                    (change)="set(q, $event.value)"
                    [attr.aria-label]="text(q.text)"
                  >
                    @for (n of nps; track n) {
                      <mat-button-toggle [value]="n" [attr.data-testid]="'qf-rate-' + q.id + '-' + n">{{ n }}</mat-button-toggle>
                    }
                  </mat-button-toggle-group>
                  <div class="scale muted">
                    <span>{{ 'questionnaireForm.npsLow' | transloco }}</span><span>{{ 'questionnaireForm.npsHigh' | transloco }}</span>
                  </div>
                }
                @case ('yesno') {
                  <mat-button-toggle-group [value]="answers()[q.id] ?? null" [disabled]="readonly()" (change)="set(q, $event.value)">
                    <mat-button-toggle [value]="true" [attr.data-testid]="'qf-yes-' + q.id">{{
                      'questionnaireForm.yes' | transloco
                    }}</mat-button-toggle>
                    <mat-button-toggle [value]="false" [attr.data-testid]="'qf-no-' + q.id">{{
                      'questionnaireForm.no' | transloco
                    }}</mat-button-toggle>
                  </mat-button-toggle-group>
                }
                @case ('number') {
                  <mat-form-field subscriptSizing="dynamic" class="field number">
                    <input
                      matInput
                      type="number"
                      [value]="answers()[q.id] ?? ''"
                      [readonly]="readonly()"
                      (input)="setNumber(q, $any($event.target).value)"
                      [attr.data-testid]="'qf-input-' + q.id"
                    />
                    @if (q.unit) {
                      <span matTextSuffix>{{ q.unit }}</span>
                    }
                    @if (q.normalMin !== undefined || q.normalMax !== undefined) {
                      <mat-hint>{{ 'questionnaireForm.normalRange' | transloco: { range: range(q) } }}</mat-hint>
                    }
                  </mat-form-field>
                }
                @case ('date') {
                  <mat-form-field subscriptSizing="dynamic" class="field">
                    <input
                      matInput
                      type="date"
                      [value]="answers()[q.id] ?? ''"
                      [readonly]="readonly()"
                      (change)="set(q, $any($event.target).value || null)"
                      [attr.data-testid]="'qf-input-' + q.id"
                    />
                  </mat-form-field>
                }
                @case ('text') {
                  <mat-form-field subscriptSizing="dynamic" class="field wide">
                    <textarea
                      matInput
                      rows="2"
                      maxlength="2000"
                      [value]="answers()[q.id] ?? ''"
                      [readonly]="readonly()"
                      (input)="set(q, $any($event.target).value || null)"
                      [attr.data-testid]="'qf-input-' + q.id"
                    ></textarea>
                  </mat-form-field>
                }
              }
              @if (attentionSet().has(q.id)) {
                <div class="flag" [attr.data-testid]="'qf-attention-' + q.id">
                  <mat-icon svgIcon="warning" />
                  {{ (outOfRangeSet().has(q.id) ? 'questionnaireForm.outOfRange' : 'questionnaireForm.attention') | transloco }}
                </div>
              }
              @if (showErrors() && errors()[q.id]; as messages) {
                <div class="error" [attr.data-testid]="'qf-error-' + q.id">{{ errorText(messages[0]) }}</div>
              }
            }
          </div>
        }
      </section>
    } @empty {
      <p class="muted">{{ 'questionnaireForm.nothingToAsk' | transloco }}</p>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .section + .section {
      margin-top: 16px;
    }
    h3 {
      margin: 0 0 8px;
      font: var(--mat-sys-title-small);
      color: var(--mat-sys-primary);
    }
    .question {
      padding: 10px 12px;
      margin-bottom: 8px;
      border-radius: 8px;
      background: var(--mat-sys-surface-container-lowest, #fff);
      border: 1px solid var(--mat-sys-outline-variant);
    }
    .question.flagged {
      border-color: #e0a800;
      background: #fffaf0;
    }
    .question.instruction {
      display: flex;
      gap: 8px;
      align-items: flex-start;
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
      border: none;
    }
    .script {
      margin: 0;
      white-space: pre-line;
    }
    .label {
      margin-bottom: 6px;
      font: var(--mat-sys-body-large);
    }
    .required {
      color: var(--mat-sys-error);
      margin-left: 2px;
    }
    .choices {
      display: flex;
      flex-wrap: wrap;
      gap: 0 12px;
    }
    .field {
      width: 220px;
    }
    .field.wide {
      width: 100%;
    }
    .nps {
      flex-wrap: wrap;
    }
    .nps mat-button-toggle {
      min-width: 0;
    }
    .scale {
      display: flex;
      justify-content: space-between;
      max-width: 440px;
      font: var(--mat-sys-body-small);
    }
    .flag {
      display: flex;
      align-items: center;
      gap: 4px;
      margin-top: 6px;
      color: #8a5a00;
      font: var(--mat-sys-label-medium);
      mat-icon {
        width: 18px;
        height: 18px;
      }
    }
    .error {
      margin-top: 4px;
      color: var(--mat-sys-error);
      font: var(--mat-sys-body-small);
    }
  `,
})
export class QuestionnaireForm {
  readonly definition = input.required<QuestionnaireDefinition>();
  readonly answers = input<Answers>({});
  /** Ids of the questions to show (the server's `visible`); all of them while it is unknown. */
  readonly visible = input<readonly string[] | null | undefined>(null);
  readonly attention = input<readonly string[]>([]);
  readonly outOfRange = input<readonly string[]>([]);
  /** Question id → messages (the server's answer check). */
  readonly errors = input<Record<string, string[]>>({});
  readonly showErrors = input(false);
  readonly readonly = input(false);
  /** `zh-CN` or `en`; the console language when not set. */
  readonly lang = input<string>();
  readonly answerChange = output<AnswerChange>();

  private readonly language = inject(LanguageService);
  protected readonly rating = RATING;
  protected readonly nps = NPS;

  private readonly activeLang = computed(() => this.lang() ?? this.language.active());
  protected readonly attentionSet = computed(() => new Set(this.attention()));
  protected readonly outOfRangeSet = computed(() => new Set(this.outOfRange()));

  /** Visible sections with their visible questions; a section none of whose questions shows is hidden. */
  protected readonly sections = computed(() => {
    const visible = this.visible();
    const shown = visible ? new Set(visible) : null;
    return this.definition()
      .sections.map((s) => ({ ...s, questions: s.questions.filter((q) => !shown || shown.has(q.id)) }))
      .filter((s) => s.questions.length > 0);
  });

  protected text(value: { zh: string; en: string } | undefined): string {
    return textIn(value, this.activeLang());
  }

  protected isChecked(questionId: string, code: string): boolean {
    const value = this.answers()[questionId];
    return Array.isArray(value) && value.includes(code);
  }

  protected set(q: Question, value: AnswerValue): void {
    this.answerChange.emit({ questionId: q.id, value });
  }

  protected setNumber(q: Question, raw: string): void {
    const value = raw === '' ? null : Number(raw);
    this.set(q, value === null || Number.isNaN(value) ? null : value);
  }

  protected toggle(q: Question, code: string, checked: boolean): void {
    const current = this.answers()[q.id];
    const list = Array.isArray(current) ? current.filter((c) => c !== code) : [];
    if (checked) {
      // Keep the options' order.
      list.push(code);
      const order = (q.options ?? []).map((o) => o.code);
      list.sort((a, b) => order.indexOf(a) - order.indexOf(b));
    }
    this.set(q, list.length ? list : null);
  }

  protected range(q: Question): string {
    const unit = q.unit ? ` ${q.unit}` : '';
    if (q.normalMin !== undefined && q.normalMax !== undefined) {
      return `${q.normalMin}–${q.normalMax}${unit}`;
    }
    return q.normalMin !== undefined ? `≥ ${q.normalMin}${unit}` : `≤ ${q.normalMax}${unit}`;
  }

  /** The server's answer messages in the console language (known sentences), else as sent. */
  protected errorText(message: string): string {
    const key = ANSWER_MESSAGES.find(([pattern]) => pattern.test(message))?.[1];
    return key ? this.language.t(key) : message;
  }
}

/** The answer checks of backend/src/followup/questionnaire/definition.ts (checkAnswers). */
const ANSWER_MESSAGES: Array<[RegExp, string]> = [
  [/an answer is required/, 'questionnaireForm.errors.required'],
  [/choose one of the options|choose from the options/, 'questionnaireForm.errors.option'],
  [/a rating is a whole number/, 'questionnaireForm.errors.rating'],
  [/a score is a whole number/, 'questionnaireForm.errors.nps'],
  [/a number is expected/, 'questionnaireForm.errors.number'],
  [/a date YYYY-MM-DD/, 'questionnaireForm.errors.date'],
  [/yes or no is expected/, 'questionnaireForm.errors.yesno'],
  [/text of at most/, 'questionnaireForm.errors.text'],
];
