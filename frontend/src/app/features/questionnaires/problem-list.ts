import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { TranslocoPipe } from '@jsverse/transloco';
import { Problem } from './definition-rules';

/** Problems of a part of the definition, translated, in the error colour. */
@Component({
  selector: 'app-problem-list',
  imports: [MatIconModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @for (p of problems(); track $index) {
      <div class="problem" role="alert">
        <mat-icon svgIcon="error-outline" />
        <span>{{ 'questionnaires.problems.' + p.key | transloco: p.params }}</span>
      </div>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .problem {
      display: flex;
      align-items: center;
      gap: 4px;
      color: var(--mat-sys-error);
      font: var(--mat-sys-body-small);
    }
    mat-icon {
      width: 16px;
      height: 16px;
      flex: none;
    }
  `,
})
export class ProblemList {
  readonly problems = input.required<readonly Problem[]>();
}
