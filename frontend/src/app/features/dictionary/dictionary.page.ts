import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatListModule } from '@angular/material/list';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { Router } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { latestValue } from '../../core/api/paged';
import { AuthStore } from '../../core/auth/auth.store';
import { AppNumberPipe, LocalizedPipe } from '../../core/i18n/locale.pipes';
import { Notifier } from '../../core/notify/notifier';
import { ActiveChip } from '../../shared/ui/active-chip';
import { IconAction } from '../../shared/ui/icon-action';
import { DictionaryApi } from './dictionary.api';
import { DictionaryItemDialog, DictionaryItemDialogData } from './dictionary-item.dialog';
import { DictionaryTypeDialog } from './dictionary-type.dialog';
import { DictionaryItem, DictionaryType } from './dictionary.models';

@Component({
  selector: 'app-dictionary-page',
  imports: [
    MatListModule,
    MatTableModule,
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    TranslocoPipe,
    LocalizedPipe,
    AppNumberPipe,
    ActiveChip,
    IconAction,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './dictionary.page.html',
  styleUrl: './dictionary.page.scss',
})
export class DictionaryPage {
  /** Query parameter `type`: the code of the selected dictionary type. */
  readonly type = input<string>();

  private readonly api = inject(DictionaryApi);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  private readonly router = inject(Router);

  private readonly typeList = this.api.typesResource();
  private readonly latestTypes = latestValue(this.typeList);
  protected readonly types = computed(() => this.latestTypes() ?? []);
  /** The selected type (`?type=` in the URL, so a reload or a link keeps it); else the first type. */
  protected readonly selectedType = computed(() => {
    const types = this.types();
    return types.find((t) => t.code === this.type()) ?? types[0];
  });
  protected readonly selectedCode = computed(() => this.selectedType()?.code ?? null);

  private readonly itemList = this.api.itemsResource(this.selectedCode);
  protected readonly items = computed(() => (this.itemList.hasValue() ? this.itemList.value() : []));
  protected readonly loading = computed(() => this.typeList.isLoading() || this.itemList.isLoading());

  protected readonly canManage = inject(AuthStore).hasPermission('dictionary.manage');
  protected readonly columns = this.canManage
    ? ['code', 'label', 'labelEn', 'sortOrder', 'status', 'actions']
    : ['code', 'label', 'labelEn', 'sortOrder', 'status'];

  protected select(code: string): void {
    void this.router.navigate([], { queryParams: { type: code }, replaceUrl: true });
  }

  protected addType(): void {
    this.dialog
      .open<DictionaryTypeDialog, void, DictionaryType>(DictionaryTypeDialog, { width: '520px' })
      .afterClosed()
      .subscribe((type) => {
        if (type) {
          this.notifier.success('common.saved');
          this.typeList.reload();
          this.select(type.code);
        }
      });
  }

  protected editItem(item?: DictionaryItem): void {
    const typeCode = this.selectedCode();
    if (!typeCode) {
      return;
    }
    const nextSortOrder = Math.max(0, ...this.items().map((i) => i.sortOrder)) + 10;
    this.dialog
      .open<DictionaryItemDialog, DictionaryItemDialogData, DictionaryItem>(DictionaryItemDialog, {
        data: { typeCode, item, nextSortOrder },
        width: '480px',
      })
      .afterClosed()
      .subscribe((saved) => {
        if (saved) {
          this.notifier.success('common.saved');
          this.itemList.reload();
          this.typeList.reload();
        }
      });
  }
}
