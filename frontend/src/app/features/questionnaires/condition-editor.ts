import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatTooltipModule } from '@angular/material/tooltip';
import { TranslocoPipe } from '@jsverse/transloco';
import { LanguageService } from '../../core/i18n/language.service';
import { Condition, ConditionOp, Question, textIn } from '../../shared/questionnaire/questionnaire.models';
import { conditionOn, fitValue, opsFor } from './builder-model';
import { Problems, problemsAt } from './definition-rules';
import { ProblemList } from './problem-list';

/**
 * The logic of a question or section without code: "show only when" a list of conditions, each an
 * earlier question, an operator that suits its type, and a value from its options (or a number,
 * or yes/no). A condition on a later or deleted question keeps its place and shows the problem.
 * Edits the `conditions` array in place and emits `changed`.
 */
@Component({
  selector: 'app-condition-editor',
  imports: [
    FormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
    MatTooltipModule,
    TranslocoPipe,
    ProblemList,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="head">
      <span class="label">{{ 'questionnaires.logic.title' | transloco }}</span>
      @if (conditions().length === 0) {
        <span class="muted">{{ 'questionnaires.logic.always' | transloco }}</span>
      } @else {
        <span class="muted">{{ 'questionnaires.logic.allOf' | transloco }}</span>
      }
    </div>
    @for (c of conditions(); track $index; let i = $index) {
      <div class="condition" [attr.data-testid]="testId() + '-condition-' + i">
        <mat-form-field subscriptSizing="dynamic" class="question">
          <mat-label>{{ 'questionnaires.logic.question' | transloco }}</mat-label>
          <mat-select
            [ngModel]="c.question"
            (ngModelChange)="setQuestion(c, $event)"
            [disabled]="readonly()"
            [attr.data-testid]="testId() + '-condition-' + i + '-question'"
          >
            @for (q of candidates(); track q.id) {
              <mat-option [value]="q.id" [attr.data-testid]="testId() + '-condition-' + i + '-question-' + q.id">
                {{ q.id }} · {{ text(q) }}
              </mat-option>
            }
            @if (c.question && !byId().has(c.question)) {
              <mat-option [value]="c.question" disabled>{{ c.question }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field subscriptSizing="dynamic" class="op">
          <mat-label>{{ 'questionnaires.logic.op' | transloco }}</mat-label>
          <mat-select
            [ngModel]="c.op"
            (ngModelChange)="setOp(c, $event)"
            [disabled]="readonly()"
            [attr.data-testid]="testId() + '-condition-' + i + '-op'"
          >
            @for (op of ops(c); track op) {
              <mat-option [value]="op" [attr.data-testid]="testId() + '-condition-' + i + '-op-' + op">{{
                'questionnaires.logic.ops.' + op | transloco
              }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        @let target = byId().get(c.question);
        @if (c.op !== 'answered' && c.op !== 'notAnswered') {
          @if (target?.options; as options) {
            <mat-form-field subscriptSizing="dynamic" class="value">
              <mat-label>{{ 'questionnaires.logic.value' | transloco }}</mat-label>
              @if (c.op === 'in') {
                <mat-select
                  multiple
                  [ngModel]="c.values"
                  (ngModelChange)="c.values = $event; changed.emit()"
                  [disabled]="readonly()"
                  [attr.data-testid]="testId() + '-condition-' + i + '-value'"
                >
                  @for (o of options; track o.code) {
                    <mat-option [value]="o.code" [attr.data-testid]="testId() + '-condition-' + i + '-value-' + o.code">{{
                      optionText(o.label) || o.code
                    }}</mat-option>
                  }
                </mat-select>
              } @else {
                <mat-select
                  [ngModel]="c.value"
                  (ngModelChange)="c.value = $event; changed.emit()"
                  [disabled]="readonly()"
                  [attr.data-testid]="testId() + '-condition-' + i + '-value'"
                >
                  @for (o of options; track o.code) {
                    <mat-option [value]="o.code" [attr.data-testid]="testId() + '-condition-' + i + '-value-' + o.code">{{
                      optionText(o.label) || o.code
                    }}</mat-option>
                  }
                </mat-select>
              }
            </mat-form-field>
          } @else if (target?.type === 'yesno') {
            <mat-form-field subscriptSizing="dynamic" class="value">
              <mat-label>{{ 'questionnaires.logic.value' | transloco }}</mat-label>
              <mat-select
                [ngModel]="c.value"
                (ngModelChange)="c.value = $event; changed.emit()"
                [disabled]="readonly()"
                [attr.data-testid]="testId() + '-condition-' + i + '-value'"
              >
                <mat-option [value]="true">{{ 'questionnaireForm.yes' | transloco }}</mat-option>
                <mat-option [value]="false">{{ 'questionnaireForm.no' | transloco }}</mat-option>
              </mat-select>
            </mat-form-field>
          } @else {
            <mat-form-field subscriptSizing="dynamic" class="value number">
              <mat-label>{{ 'questionnaires.logic.value' | transloco }}</mat-label>
              <input
                matInput
                type="number"
                [ngModel]="c.value"
                (ngModelChange)="c.value = $event ?? undefined; changed.emit()"
                [readonly]="readonly()"
                [attr.data-testid]="testId() + '-condition-' + i + '-value'"
              />
            </mat-form-field>
          }
        }
        @if (!readonly()) {
          <button
            mat-icon-button
            type="button"
            (click)="remove(i)"
            [matTooltip]="'questionnaires.logic.remove' | transloco"
            [attr.aria-label]="'questionnaires.logic.remove' | transloco"
            [attr.data-testid]="testId() + '-condition-' + i + '-remove'"
          >
            <mat-icon svgIcon="close" />
          </button>
        }
        <app-problem-list class="problems" [problems]="problemsOf(i)" [attr.data-testid]="testId() + '-condition-' + i + '-problems'" />
      </div>
    }
    @if (!readonly()) {
      <button
        mat-button
        type="button"
        (click)="add()"
        [disabled]="candidates().length === 0"
        [attr.data-testid]="testId() + '-add-condition'"
      >
        <mat-icon svgIcon="add" />
        {{ 'questionnaires.logic.add' | transloco }}
      </button>
      @if (candidates().length === 0) {
        <span class="muted hint">{{ 'questionnaires.logic.noEarlier' | transloco }}</span>
      }
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .head {
      display: flex;
      gap: 8px;
      align-items: baseline;
      margin-bottom: 4px;
    }
    .label {
      font: var(--mat-sys-title-small);
    }
    .condition {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 8px;
      margin-bottom: 6px;
    }
    .question {
      flex: 2 1 200px;
    }
    .op {
      flex: 1 1 120px;
    }
    .value {
      flex: 1 1 140px;
    }
    .problems {
      flex-basis: 100%;
    }
    .hint {
      font: var(--mat-sys-body-small);
    }
  `,
})
export class ConditionEditor {
  /** Edited in place. */
  readonly conditions = input.required<Condition[]>();
  /** Questions the conditions may refer to (earlier, with an answer). */
  readonly candidates = input.required<Question[]>();
  /** Problems of the definition, and the path of this list's owner (e.g. `sections.0.questions.2`). */
  readonly problems = input<Problems>({});
  readonly path = input.required<string>();
  readonly readonly = input(false);
  readonly testId = input.required<string>();
  readonly changed = output<void>();

  private readonly language = inject(LanguageService);
  protected readonly byId = computed(() => new Map(this.candidates().map((q) => [q.id, q])));

  protected text(q: Question): string {
    return textIn(q.text, this.language.active());
  }

  protected optionText(label: { zh: string; en: string }): string {
    return textIn(label, this.language.active());
  }

  protected ops(c: Condition): ConditionOp[] {
    return opsFor(this.byId().get(c.question)?.type);
  }

  protected problemsOf(i: number) {
    return problemsAt(this.problems(), `${this.path()}.showIf.${i}`);
  }

  protected setQuestion(c: Condition, id: string): void {
    const target = this.byId().get(id);
    c.question = id;
    if (target && !opsFor(target.type).includes(c.op)) c.op = opsFor(target.type)[0];
    if (target) {
      // Values of the previous question do not apply to this one.
      delete c.value;
      delete c.values;
    }
    fitValue(c, target);
    this.changed.emit();
  }

  protected setOp(c: Condition, op: ConditionOp): void {
    c.op = op;
    fitValue(c, this.byId().get(c.question));
    this.changed.emit();
  }

  protected add(): void {
    const candidates = this.candidates();
    this.conditions().push(conditionOn(candidates[candidates.length - 1]));
    this.changed.emit();
  }

  protected remove(i: number): void {
    this.conditions().splice(i, 1);
    this.changed.emit();
  }
}
