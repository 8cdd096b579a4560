import { ChangeDetectionStrategy, Component, DestroyRef, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSortModule, Sort } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { TranslocoPipe } from '@jsverse/transloco';
import { debounceTime, distinctUntilChanged, filter, switchMap } from 'rxjs';
import { pagedList } from '../../core/api/paged';
import { provideTranslatedPaginator } from '../../core/i18n/paginator-intl';
import { ROLES } from '../../core/auth/auth.models';
import { AuthStore } from '../../core/auth/auth.store';
import { AppDatePipe, DepartmentNamesPipe, RoleNamesPipe } from '../../core/i18n/locale.pipes';
import { LanguageService } from '../../core/i18n/language.service';
import { Notifier } from '../../core/notify/notifier';
import { ConfirmData, ConfirmDialog } from '../../shared/ui/confirm.dialog';
import { IconAction } from '../../shared/ui/icon-action';
import { StatusChip } from '../../shared/ui/status-chip';
import { ResetPasswordDialog } from './reset-password.dialog';
import { UserDialog, UserDialogData } from './user.dialog';
import { INITIAL_USER_QUERY, UserItem, UserQuery, UserSort, isLocked } from './users.models';
import { UsersApi } from './users.api';

@Component({
  selector: 'app-users-page',
  providers: [provideTranslatedPaginator()],
  imports: [
    ReactiveFormsModule,
    MatTableModule,
    MatSortModule,
    MatPaginatorModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    TranslocoPipe,
    AppDatePipe,
    RoleNamesPipe,
    DepartmentNamesPipe,
    StatusChip,
    IconAction,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './users.page.html',
  styleUrl: './users.page.scss',
})
export class UsersPage {
  private readonly api = inject(UsersApi);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  private readonly language = inject(LanguageService);

  protected readonly users = pagedList<UserItem, UserQuery>('/api/users', INITIAL_USER_QUERY);
  protected readonly canManage = inject(AuthStore).hasPermission('user.manage');
  protected readonly roles = ROLES;
  protected readonly columns = ['username', 'displayName', 'roles', 'departments', 'status', 'lastLoginAt', 'createdAt'];
  protected readonly displayedColumns = this.canManage ? [...this.columns, 'actions'] : this.columns;
  protected readonly search = new FormControl('', { nonNullable: true });
  protected readonly isLocked = isLocked;

  constructor() {
    this.search.valueChanges
      .pipe(
        debounceTime(300),
        distinctUntilChanged(),
        filter((q) => q.trim() !== this.users.query().q),
        takeUntilDestroyed(inject(DestroyRef)),
      )
      .subscribe((q) => this.users.filter({ q: q.trim() }));
  }

  protected sortBy(sort: Sort): void {
    this.users.filter(
      sort.direction
        ? { sort: sort.active as UserSort, order: sort.direction }
        : { sort: INITIAL_USER_QUERY.sort, order: INITIAL_USER_QUERY.order },
    );
  }

  protected page(event: PageEvent): void {
    this.users.goTo(event.pageIndex + 1, event.pageSize);
  }

  protected openEditor(user?: UserItem): void {
    this.dialog
      .open<UserDialog, UserDialogData, UserItem>(UserDialog, { data: { user }, width: '560px' })
      .afterClosed()
      .subscribe((saved) => {
        if (saved) {
          this.notifier.success(user ? 'users.updated' : 'users.created', { name: saved.displayName });
          this.users.reload();
        }
      });
  }

  protected resetPassword(user: UserItem): void {
    this.dialog.open(ResetPasswordDialog, { data: user, width: '440px' });
  }

  protected unlock(user: UserItem): void {
    this.api.unlock(user.id).subscribe(() => {
      this.notifier.success('users.unlocked', { name: user.displayName });
      this.users.reload();
    });
  }

  protected toggleActive(user: UserItem): void {
    const action = user.active ? 'disable' : 'enable';
    const data: ConfirmData = {
      title: this.language.t(`users.${action}.title`),
      message: this.language.t(`users.${action}.message`, { name: user.displayName }),
      confirm: this.language.t(`users.${action}.confirm`),
      cancel: this.language.t('common.cancel'),
    };
    this.dialog
      .open<ConfirmDialog, ConfirmData, boolean>(ConfirmDialog, { data, width: '400px' })
      .afterClosed()
      .pipe(
        filter(Boolean),
        switchMap(() => this.api.update(user.id, { active: !user.active }, 'notify')),
      )
      .subscribe(() => {
        this.notifier.success(`users.${action}.done`, { name: user.displayName });
        this.users.reload();
      });
  }
}
