import { httpResource } from '@angular/common/http';
import { Injectable, Injector, Pipe, PipeTransform, Signal, computed, inject, untracked } from '@angular/core';
import { LanguageService } from '../../core/i18n/language.service';
import { localized } from '../../core/i18n/languages';
import { DictionaryItem } from '../dictionary/dictionary.models';

/** Dictionary types the patient screens use (`GET /dictionary/types/:code/items`). */
export type CodeListType =
  'sex' | 'identifier_type' | 'ethnicity' | 'insurance_type' | 'relation' | 'discharge_disposition' | 'followup_channel';

/**
 * The active items of the data dictionary's code lists, loaded once per list and shared by every
 * patient screen (code lists are not personal data; an administrator's change shows after a reload).
 */
@Injectable({ providedIn: 'root' })
export class CodeLists {
  private readonly injector = inject(Injector);
  private readonly itemSignals = new Map<CodeListType, Signal<DictionaryItem[]>>();

  items(type: CodeListType): Signal<DictionaryItem[]> {
    let items = this.itemSignals.get(type);
    if (!items) {
      // Asked for from templates and computed signals: the resource must not belong to their reactive context.
      const list = untracked(() =>
        httpResource<DictionaryItem[]>(() => `/api/dictionary/types/${type}/items`, { injector: this.injector }),
      );
      items = computed(() => (list.hasValue() ? list.value() : []));
      this.itemSignals.set(type, items);
    }
    return items;
  }

  /** The label of `code` in `lang`; the code itself while the list loads or for an unknown code. */
  label(type: CodeListType, code: string, lang: string): string {
    const item = this.items(type)().find((i) => i.code === code);
    return item ? localized(lang, item.label, item.labelEn) : code;
  }
}

/** `patient.sexCode | codeLabel: 'sex'` — a dictionary code as its label in the active language. */
@Pipe({ name: 'codeLabel', pure: false })
export class CodeLabelPipe implements PipeTransform {
  private readonly codeLists = inject(CodeLists);
  private readonly language = inject(LanguageService);

  transform(code: string | null | undefined, type: CodeListType): string {
    return code ? this.codeLists.label(type, code, this.language.active()) : '';
  }
}
