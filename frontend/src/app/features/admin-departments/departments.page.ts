import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatExpansionModule } from '@angular/material/expansion';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { TranslocoPipe } from '@jsverse/transloco';
import { latestValue } from '../../core/api/paged';
import { AuthStore } from '../../core/auth/auth.store';
import { LocalizedPipe } from '../../core/i18n/locale.pipes';
import { Notifier } from '../../core/notify/notifier';
import { ActiveChip } from '../../shared/ui/active-chip';
import { IconAction } from '../../shared/ui/icon-action';
import { StatusChip } from '../../shared/ui/status-chip';
import { DepartmentsApi } from './departments.api';
import { OrgUnitDialog, OrgUnitDialogData } from './org-unit.dialog';

@Component({
  selector: 'app-departments-page',
  imports: [
    MatExpansionModule,
    MatTableModule,
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    TranslocoPipe,
    LocalizedPipe,
    StatusChip,
    ActiveChip,
    IconAction,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './departments.page.html',
  styleUrl: './departments.page.scss',
})
export class DepartmentsPage {
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);

  private readonly list = inject(DepartmentsApi).listResource();
  protected readonly departments = latestValue(this.list);
  protected readonly loading = this.list.isLoading;
  protected readonly canManage = inject(AuthStore).hasPermission('department.manage');
  protected readonly wardColumns = this.canManage
    ? ['code', 'name', 'nameEn', 'status', 'actions']
    : ['code', 'name', 'nameEn', 'status'];

  protected edit(data: OrgUnitDialogData): void {
    this.dialog
      .open<OrgUnitDialog, OrgUnitDialogData, boolean>(OrgUnitDialog, { data, width: '480px' })
      .afterClosed()
      .subscribe((saved) => {
        if (saved) {
          this.notifier.success('common.saved');
          this.list.reload();
        }
      });
  }
}
