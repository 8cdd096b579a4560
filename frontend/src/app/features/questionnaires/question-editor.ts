import { TextFieldModule } from '@angular/cdk/text-field';
import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatTooltipModule } from '@angular/material/tooltip';
import { TranslocoPipe } from '@jsverse/transloco';
import { CHOICE_TYPES, DIMENSIONS, Question, QuestionType, QUESTION_TYPES } from '../../shared/questionnaire/questionnaire.models';
import { TEXT_LANGS, setType } from './builder-model';
import { ConditionEditor } from './condition-editor';
import { Problems, problemsUnder } from './definition-rules';
import { ProblemList } from './problem-list';

/** Everything about one question: type, id, texts, options with scores and flags, range, dimension, weight, logic. */
@Component({
  selector: 'app-question-editor',
  imports: [
    TextFieldModule,
    FormsModule,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
    MatSlideToggleModule,
    MatTooltipModule,
    TranslocoPipe,
    ConditionEditor,
    ProblemList,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './question-editor.html',
  styleUrl: './question-editor.scss',
})
export class QuestionEditor {
  /** Edited in place. */
  readonly question = input.required<Question>();
  readonly path = input.required<string>();
  readonly candidates = input.required<Question[]>();
  readonly problems = input<Problems>({});
  readonly readonly = input(false);
  readonly changed = output<void>();
  /** The id changed: conditions on the old id should follow. */
  readonly renamed = output<{ from: string; to: string }>();
  readonly removed = output<void>();

  protected readonly types = QUESTION_TYPES;
  protected readonly dimensions = DIMENSIONS;
  protected readonly langs = TEXT_LANGS;

  protected isChoice(q: Question): boolean {
    return CHOICE_TYPES.includes(q.type);
  }

  /** Problems of this question except its conditions (shown next to them). */
  protected ownProblems() {
    return problemsUnder(this.problems(), this.path(), ['showIf']);
  }

  protected conditions(q: Question) {
    return (q.showIf ??= []);
  }

  protected setType(q: Question, type: QuestionType): void {
    setType(q, type);
    this.changed.emit();
  }

  protected rename(q: Question, to: string): void {
    const from = q.id;
    q.id = to.trim();
    this.renamed.emit({ from, to: q.id });
    this.changed.emit();
  }

  protected setNumber(q: Question, key: 'normalMin' | 'normalMax' | 'weight', value: number | null): void {
    if (value === null || Number.isNaN(value)) delete q[key];
    else q[key] = value;
    this.changed.emit();
  }

  protected setScore(index: number, value: number | null): void {
    const option = this.question().options?.[index];
    if (!option) return;
    if (value === null || Number.isNaN(value)) delete option.score;
    else option.score = value;
    this.changed.emit();
  }

  protected addOption(q: Question): void {
    const options = (q.options ??= []);
    const taken = new Set(options.map((o) => o.code));
    let n = options.length;
    let code = String.fromCharCode(97 + (n % 26));
    while (taken.has(code)) code = `o${++n}`;
    options.push({ code, label: { zh: '', en: '' } });
    this.changed.emit();
  }

  protected removeOption(q: Question, index: number): void {
    q.options?.splice(index, 1);
    this.changed.emit();
  }
}
