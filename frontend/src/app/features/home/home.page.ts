import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatChipsModule } from '@angular/material/chips';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { AuthStore } from '../../core/auth/auth.store';
import { LocalizedPipe } from '../../core/i18n/locale.pipes';
import { visibleNavItems } from '../../core/layout/nav';
import { WorkbenchCounts } from '../reports/workbench-counts';

@Component({
  selector: 'app-home-page',
  imports: [MatCardModule, MatButtonModule, MatChipsModule, MatIconModule, RouterLink, TranslocoPipe, LocalizedPipe, WorkbenchCounts],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './home.page.html',
  styleUrl: './home.page.scss',
})
export class HomePage {
  private readonly store = inject(AuthStore);
  protected readonly user = this.store.user;
  /** Workbench counts for those who work with patients. */
  protected readonly showWorkbench = this.store.hasPermission('patient.read');
  /** One card per page the user may open, except home itself. */
  protected readonly cards = computed(() => visibleNavItems(this.store.permissions()).filter((item) => item.id !== 'home'));
}
