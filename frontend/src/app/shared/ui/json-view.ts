import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/** Pretty-printed JSON in a scrollable block. */
@Component({
  selector: 'app-json-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: '<pre>{{ text() }}</pre>',
  styles: `
    pre {
      margin: 0;
      padding: 12px;
      max-height: 320px;
      overflow: auto;
      border-radius: 8px;
      background: var(--mat-sys-surface-container);
      font: 12px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      white-space: pre-wrap;
      word-break: break-all;
    }
  `,
})
export class JsonView {
  readonly value = input<unknown>(null);
  protected readonly text = computed(() => JSON.stringify(this.value(), null, 2) ?? '');
}
