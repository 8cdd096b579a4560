import { BreakpointObserver } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatListModule } from '@angular/material/list';
import { MatMenuModule } from '@angular/material/menu';
import { MatSelectModule } from '@angular/material/select';
import { MatSidenavModule } from '@angular/material/sidenav';
import { MatToolbarModule } from '@angular/material/toolbar';
import { MAT_TOOLTIP_DEFAULT_OPTIONS } from '@angular/material/tooltip';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { map } from 'rxjs';
import { AuthService } from '../auth/auth.service';
import { AuthStore } from '../auth/auth.store';
import { ChangePasswordDialog, ChangePasswordData } from '../auth/change-password.dialog';
import { LocalizedPipe, RoleNamesPipe } from '../i18n/locale.pipes';
import { LanguageSwitch } from '../i18n/language-switch';
import { CallEvents } from '../telephony/call-events';
import { IncomingCallPop } from '../telephony/incoming-call';
import { visibleNavItems } from './nav';

/** The signed-in frame: toolbar, permission-filtered side nav and the routed page. */
@Component({
  selector: 'app-shell',
  imports: [
    RouterOutlet,
    RouterLink,
    RouterLinkActive,
    MatToolbarModule,
    MatSidenavModule,
    MatListModule,
    MatIconModule,
    MatButtonModule,
    MatMenuModule,
    MatSelectModule,
    TranslocoPipe,
    LocalizedPipe,
    RoleNamesPipe,
    LanguageSwitch,
    IncomingCallPop,
  ],
  providers: [
    {
      // Tooltips of table actions must never sit on top of the next row's buttons.
      provide: MAT_TOOLTIP_DEFAULT_OPTIONS,
      useValue: { showDelay: 300, hideDelay: 0, touchendHideDelay: 1500, disableTooltipInteractivity: true },
    },
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './shell.html',
  styleUrl: './shell.scss',
})
export class Shell {
  private readonly auth = inject(AuthService);
  private readonly dialog = inject(MatDialog);
  protected readonly store = inject(AuthStore);

  protected readonly user = this.store.user;
  protected readonly navItems = computed(() => visibleNavItems(this.store.permissions()));
  protected readonly showDepartmentSwitcher = computed(() => this.store.departments().length > 1);
  /** Re-creating the routed page when the department scope changes makes every page load anew. */
  protected readonly scopeKey = computed(() => [this.store.departmentId() ?? 'all']);
  protected readonly compact = toSignal(
    inject(BreakpointObserver)
      .observe('(max-width: 959.98px)')
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );

  constructor() {
    // Staff who take calls listen for their call events (the incoming-call pop) while signed in.
    const callEvents = inject(CallEvents);
    effect(() => {
      if (this.store.token() && this.store.permissions().has('worklist.work')) callEvents.start();
      else callEvents.stop();
    });
    inject(DestroyRef).onDestroy(() => callEvents.stop());
    if (this.user()?.mustChangePassword) {
      this.changePassword(true);
    }
  }

  /** The switcher's value for "all my departments" (mat-select treats null as "nothing selected"). */
  protected readonly allDepartments = 'all';

  protected selectDepartment(value: string): void {
    this.store.selectDepartment(value === this.allDepartments ? null : value);
  }

  /** When the server requires a new password, the only way out of the dialog is signing out. */
  protected changePassword(required = false): void {
    this.dialog
      .open<ChangePasswordDialog, ChangePasswordData, boolean>(ChangePasswordDialog, {
        data: { required },
        disableClose: required,
        width: '440px',
      })
      .afterClosed()
      .subscribe((changed) => {
        if (required && !changed) {
          this.signOut();
        }
      });
  }

  protected signOut(): void {
    void this.auth.logout();
  }
}
