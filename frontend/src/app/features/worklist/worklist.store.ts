import { httpResource } from '@angular/common/http';
import { Injectable, computed, signal } from '@angular/core';
import { latestValue } from '../../core/api/paged';
import { WORKLIST_VIEWS, WorklistCounts, WorklistFilter, WorklistPage, WorklistView } from './worklist.models';

/** Signal store of the call list: one view (tab) and a page of it, and the counts of every view (read alongside). */
@Injectable()
export class WorklistStore {
  private readonly query = signal<{ view: WorklistView; page: number; pageSize: number }>({ view: 'today', page: 1, pageSize: 20 });
  /** Narrowing by department, ward, template, channel (empty values are not sent). */
  readonly filter = signal<WorklistFilter>({});
  private readonly narrowing = computed(
    () => Object.fromEntries(Object.entries(this.filter()).filter(([, v]) => !!v)) as Record<string, string>,
  );
  private readonly list = httpResource<WorklistPage>(() => ({ url: '/api/worklist', params: { ...this.query(), ...this.narrowing() } }));
  /** The tabs' counts: a separate read, so the page never waits for them. */
  private readonly countsResource = httpResource<WorklistCounts>(() => ({ url: '/api/worklist/counts', params: this.narrowing() }));
  private readonly result = latestValue(this.list);
  private readonly countsResult = latestValue(this.countsResource);

  readonly view = computed(() => this.query().view);
  readonly page = computed(() => this.query().page);
  readonly pageSize = computed(() => this.query().pageSize);
  readonly items = computed(() => {
    const result = this.result();
    return result?.view === this.view() ? result.items : [];
  });
  readonly counts = computed(() => this.countsResult()?.counts ?? null);
  /** Patients in the current view (the paginator's length). */
  readonly total = computed(() => {
    const result = this.result();
    return result?.view === this.view() ? result.total : 0;
  });
  readonly quietHours = computed(() => this.result()?.quietHours ?? false);
  readonly loading = this.list.isLoading;
  readonly failed = computed(() => this.list.status() === 'error');

  show(view: string | undefined): void {
    const v = (WORKLIST_VIEWS as readonly string[]).includes(view ?? '') ? (view as WorklistView) : 'today';
    if (v !== this.view()) {
      this.query.update((q) => ({ ...q, view: v, page: 1 }));
    }
  }

  goTo(page: number, pageSize: number): void {
    this.query.update((q) => ({ ...q, page, pageSize }));
  }

  /** Changes one filter (undefined clears it) and goes back to the first page. */
  narrow(change: Partial<WorklistFilter>): void {
    this.filter.update((f) => ({ ...f, ...change }));
    this.query.update((q) => ({ ...q, page: 1 }));
  }

  clearFilter(): void {
    this.filter.set({});
    this.query.update((q) => ({ ...q, page: 1 }));
  }

  reload(): void {
    this.list.reload();
    this.countsResource.reload();
  }
}
