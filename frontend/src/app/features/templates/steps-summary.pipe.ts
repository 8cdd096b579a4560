import { Pipe, PipeTransform, inject } from '@angular/core';
import { LanguageService } from '../../core/i18n/language.service';
import { PlanStep } from './templates.models';

/** `template.steps | stepsSummary` — e.g. "出院 +1, +7, +30 天" / "discharge +1, +7, +30 days; then every 90 days × 4". */
@Pipe({ name: 'stepsSummary', pure: false })
export class StepsSummaryPipe implements PipeTransform {
  private readonly language = inject(LanguageService);

  transform(steps: readonly PlanStep[] | null | undefined): string {
    this.language.active();
    const parts: string[] = [];
    let anchor = '';
    for (const step of steps ?? []) {
      const prefix = step.anchor === anchor ? '' : `${this.language.t('templates.anchors.' + step.anchor)} `;
      anchor = step.anchor;
      let part = `${prefix}+${step.offsetDays}`;
      if (step.repeat) {
        part += ` ${this.language.t('templates.repeatSummary', { every: step.repeat.everyDays, times: step.repeat.times })}`;
      }
      parts.push(part);
    }
    return parts.length ? this.language.t('templates.daysSummary', { steps: parts.join(this.language.t('common.separator')) }) : '—';
  }
}
