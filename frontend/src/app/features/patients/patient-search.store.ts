import { HttpResourceRequest, httpResource } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { latestValue, queryParams } from '../../core/api/paged';
import { AuthStore } from '../../core/auth/auth.store';
import { PatientFilter, PatientListQuery, PatientPage, PatientSortColumn, Segment } from './patients.models';

export interface PatientSearchState {
  query: PatientListQuery;
  /** While a saved segment is chosen, the list shows its members. */
  segment: Segment | null;
}

export const INITIAL_PATIENT_SEARCH: PatientSearchState = {
  query: { page: 1, pageSize: 20 },
  segment: null,
};

/**
 * The last search of the signed-in user, in memory only (never in storage or the URL: it may hold a
 * patient's name or phone number), so that coming back from a record shows the same list.
 */
@Injectable({ providedIn: 'root' })
export class PatientSearchMemory {
  private saved: { userId: string; state: PatientSearchState } | null = null;

  restore(userId: string | undefined): PatientSearchState | null {
    return this.saved && this.saved.userId === userId ? this.saved.state : null;
  }

  remember(userId: string | undefined, state: PatientSearchState): void {
    this.saved = userId ? { userId, state } : null;
  }
}

const PAGING_KEYS: ReadonlySet<string> = new Set(['page', 'pageSize', 'sort', 'order']);

/** The filter fields of a query that have a value (no paging or sorting), e.g. to save as a segment. */
export function filterOf(query: PatientListQuery): PatientFilter {
  return queryParams(Object.fromEntries(Object.entries(query).filter(([key]) => !PAGING_KEYS.has(key)))) as PatientFilter;
}

/** The HTTP request of the list: a segment's members, or a search. */
export function listRequest(state: PatientSearchState): HttpResourceRequest {
  const { query, segment } = state;
  if (segment) {
    return { url: `/api/segments/${segment.id}/patients`, params: { page: query.page, pageSize: query.pageSize } };
  }
  const params = queryParams(filterOf(query));
  params['page'] = query.page;
  params['pageSize'] = query.pageSize;
  if (query.sort) {
    // Age ascending is birth date descending.
    const flip = query.sort === 'age';
    params['sort'] = flip ? 'birthDate' : query.sort;
    params['order'] = flip ? (query.order === 'asc' ? 'desc' : 'asc') : (query.order ?? 'asc');
  } else {
    // The server sorts by name while searching, else by the last visit: A–Z, newest first.
    params['order'] = query.q ? 'asc' : 'desc';
  }
  return { url: '/api/patients', params };
}

/**
 * Signal store of the patient list: one search box, filters, a saved segment, server-side paging and
 * sorting. Provided by the list page; its state outlives the page in PatientSearchMemory.
 */
@Injectable()
export class PatientSearchStore {
  private readonly userId = inject(AuthStore).user()?.id;
  private readonly memory = inject(PatientSearchMemory);
  private readonly state = signal<PatientSearchState>(this.memory.restore(this.userId) ?? INITIAL_PATIENT_SEARCH);

  readonly query = computed(() => this.state().query);
  readonly segment = computed(() => this.state().segment);
  /** The current filter without paging, e.g. to save as a segment. */
  readonly filter = computed(() => filterOf(this.query()));

  private readonly list = httpResource<PatientPage>(() => listRequest(this.state()));
  private readonly result = latestValue(this.list);

  readonly items = computed(() => this.result()?.items ?? []);
  readonly total = computed(() => this.result()?.total ?? 0);
  /** More matches than the server counts (it reports `total: 1000`). */
  readonly totalCapped = computed(() => this.result()?.totalCapped ?? false);
  readonly loading = this.list.isLoading;
  readonly failed = computed(() => this.list.status() === 'error');

  /** The search box: name, pinyin initials, phone (or its last 4 digits), ID number or identifier. */
  search(q: string): void {
    const value = q.trim();
    if (value !== (this.query().q ?? '') || this.segment()) {
      this.set({ query: { ...this.query(), q: value, page: 1 }, segment: null });
    }
  }

  /** Replaces every filter except the search text; leaves a segment. */
  applyFilters(filter: Omit<PatientFilter, 'q'>): void {
    const { q, pageSize, sort, order } = this.query();
    this.set({ query: { ...filter, q, page: 1, pageSize, sort, order }, segment: null });
  }

  sortBy(column: PatientSortColumn | undefined, order: 'asc' | 'desc' | undefined): void {
    this.set({ ...this.state(), query: { ...this.query(), sort: column, order, page: 1 } });
  }

  goTo(page: number, pageSize: number): void {
    this.set({ ...this.state(), query: { ...this.query(), page, pageSize } });
  }

  /** Shows the members of a saved segment (its filter becomes the current one), or leaves it. */
  useSegment(segment: Segment | null): void {
    const { pageSize } = this.query();
    const filter = segment ? segment.filter : filterOf(this.query());
    this.set({ query: { ...filter, page: 1, pageSize }, segment });
  }

  reload(): void {
    this.list.reload();
  }

  private set(state: PatientSearchState): void {
    this.state.set(state);
    this.memory.remember(this.userId, state);
  }
}
