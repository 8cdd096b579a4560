import { ChangeDetectionStrategy, Component, computed, effect, inject, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { MatTabsModule } from '@angular/material/tabs';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { AuthStore } from '../../core/auth/auth.store';
import { AppDatePipe, LocalizedPipe } from '../../core/i18n/locale.pipes';
import { provideTranslatedPaginator } from '../../core/i18n/paginator-intl';
import { StatusChip } from '../../shared/ui/status-chip';
import { CodeLabelPipe } from '../patients/code-lists';
import { TemplatesApi } from '../templates/templates.api';
import { CHANNELS } from '../templates/templates.models';
import { ageOf } from './age';
import { WORKLIST_VIEWS, WorklistFilter, WorklistItem } from './worklist.models';
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
    MatFormFieldModule,
    MatSelectModule,
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
  protected readonly channels = CHANNELS;

  private readonly auth = inject(AuthStore);
  private readonly templatesApi = inject(TemplatesApi);
  private readonly orgUnits = this.templatesApi.orgUnitsResource();
  private readonly templateList = this.templatesApi.listResource();
  /** The filter's department choices: the nurse's own departments (all for hospital-wide roles). */
  protected readonly departments = computed(() => {
    const units = this.orgUnits.hasValue() ? this.orgUnits.value() : [];
    const user = this.auth.user();
    const mine = new Set(this.auth.departments().map((d) => d.id));
    return user?.allDepartments ? units : units.filter((u) => mine.has(u.id));
  });
  /** Wards of the chosen department, else of all the choices. */
  protected readonly wards = computed(() => {
    const dept = this.store.filter().departmentId;
    return this.departments()
      .filter((d) => !dept || d.id === dept)
      .flatMap((d) => d.wards);
  });
  protected readonly templates = computed(() => (this.templateList.hasValue() ? this.templateList.value().filter((t) => t.active) : []));
  protected readonly filtered = computed(() => Object.values(this.store.filter()).some((v) => !!v));

  constructor() {
    effect(() => this.store.show(this.view()));
  }

  protected open(item: WorklistItem): void {
    const task = item.tasks[0];
    if (task && this.store.view() !== 'done') {
      void this.router.navigate(['/worklist/tasks', task.id]);
    }
  }

  protected narrow(key: keyof WorklistFilter, value: string | undefined): void {
    // A ward belongs to one department: changing the department clears a ward outside it.
    const change: Partial<WorklistFilter> = { [key]: value || undefined };
    if (
      key === 'departmentId' &&
      value &&
      !this.departments()
        .find((d) => d.id === value)
        ?.wards.some((w) => w.id === this.store.filter().wardId)
    ) {
      change.wardId = undefined;
    }
    this.store.narrow(change);
  }

  protected page(event: PageEvent): void {
    this.store.goTo(event.pageIndex + 1, event.pageSize);
  }
}
