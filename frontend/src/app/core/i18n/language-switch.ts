import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { TranslocoPipe } from '@jsverse/transloco';
import { LanguageService } from './language.service';
import { LANGUAGES, Lang } from './languages';

/** 中文 / English toggle; the labels are each language's own name, on purpose untranslated. */
@Component({
  selector: 'app-language-switch',
  imports: [MatButtonToggleModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-button-toggle-group
      data-testid="lang-switch"
      hideSingleSelectionIndicator
      [attr.aria-label]="'lang.label' | transloco"
      [value]="language.active()"
      (change)="select($event.value)"
    >
      @for (lang of languages; track lang.id) {
        <mat-button-toggle [value]="lang.id" [attr.data-testid]="'lang-' + lang.id" [attr.lang]="lang.id">
          {{ lang.label }}
        </mat-button-toggle>
      }
    </mat-button-toggle-group>
  `,
  styles: `
    mat-button-toggle-group {
      --mat-button-toggle-height: 32px;
      font-size: 13px;
    }
  `,
})
export class LanguageSwitch {
  protected readonly language = inject(LanguageService);
  protected readonly languages = LANGUAGES;

  protected select(lang: Lang): void {
    void this.language.use(lang);
  }
}
