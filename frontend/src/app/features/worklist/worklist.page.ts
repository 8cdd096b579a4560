import { ChangeDetectionStrategy, Component, effect, inject, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { MatTabsModule } from '@angular/material/tabs';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { AppDatePipe, LocalizedPipe } from '../../core/i18n/locale.pipes';
import { provideTranslatedPaginator } from '../../core/i18n/paginator-intl';
import { StatusChip } from '../../shared/ui/status-chip';
import { CodeLabelPipe } from '../patients/code-lists';
import { ageOf } from './age';
import { WORKLIST_VIEWS, WorklistItem } from './worklist.models';
import { WorklistStore } from './worklist.store';

/**
 * The follow-up nurse's call list: a tab per view with its count, one row per patient with all of
 * their due tasks (one call covers them all), masked phone, and "Call" to open the call screen.
 */
@Component({
  selector: 'app-worklist-page',
  providers: [WorklistStore, provideTranslatedPaginator()],
  imports: [
    RouterLink,
    MatTableModule,
    MatTabsModule,
    MatPaginatorModule,
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    MatTooltipModule,
    TranslocoPipe,
    AppDatePipe,
    LocalizedPipe,
    CodeLabelPipe,
    StatusChip,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './worklist.page.html',
  styleUrl: './worklist.page.scss',
})
export class WorklistPage {
  /** Query parameter `?view=`. */
  readonly view = input<string>();

  private readonly router = inject(Router);
  protected readonly store = inject(WorklistStore);
  protected readonly views = WORKLIST_VIEWS;
  protected readonly columns = ['patient', 'phone', 'tasks', 'status', 'action'];
  protected readonly age = ageOf;

  constructor() {
    effect(() => this.store.show(this.view()));
  }

  protected open(item: WorklistItem): void {
    const task = item.tasks[0];
    if (task && this.store.view() !== 'done') {
      void this.router.navigate(['/worklist/tasks', task.id]);
    }
  }

  protected page(event: PageEvent): void {
    this.store.goTo(event.pageIndex + 1, event.pageSize);
  }
}
