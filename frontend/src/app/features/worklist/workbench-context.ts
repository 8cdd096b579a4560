import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { AssignmentHistory } from '../assignment/assignment-history';
import { MatIconModule } from '@angular/material/icon';
import { TranslocoPipe } from '@jsverse/transloco';
import { LanguageService } from '../../core/i18n/language.service';
import { AppDatePipe, LocalizedPipe, TranslateOrPipe } from '../../core/i18n/locale.pipes';
import { StatusChip } from '../../shared/ui/status-chip';
import { AnswerTextPipe, I18nTextPipe } from './answer-text';
import { TaskContext } from './worklist.models';
import { RecordingPlayer } from './recording-player';

/** Markdown bullets and paragraphs of a knowledge article as plain lines (no HTML is rendered). */
export function articleLines(body: string): Array<{ bullet: boolean; text: string }> {
  return body
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const bullet = /^[-*]\s+/.test(line);
      const text = line
        .replace(/^[-*]\s+/, '')
        .replace(/^#+\s*/, '')
        .replace(/\*\*|__|`/g, '');
      return { bullet, text };
    });
}

/**
 * What the nurse needs to know before asking: the anchor encounter (department, doctor, diagnoses,
 * procedures), the knowledge article for its diagnosis, open escalations, previous follow-ups with
 * their answers, the contact log, the plans and recent labs.
 */
@Component({
  selector: 'app-workbench-context',
  imports: [
    MatIconModule,
    RecordingPlayer,
    AssignmentHistory,
    TranslocoPipe,
    AppDatePipe,
    LocalizedPipe,
    TranslateOrPipe,
    StatusChip,
    AnswerTextPipe,
    I18nTextPipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './workbench-context.html',
  styleUrl: './workbench-context.scss',
})
export class WorkbenchContext {
  readonly context = input.required<TaskContext>();

  private readonly language = inject(LanguageService);

  protected readonly article = computed(() => {
    const k = this.context().knowledge;
    if (!k) return null;
    const en = this.language.active() === 'en';
    return { title: en ? k.titleEn : k.titleZh, lines: articleLines(en ? k.bodyEn : k.bodyZh) };
  });
}
