import { httpResource } from '@angular/common/http';
import { Resource, Signal, computed, linkedSignal, signal } from '@angular/core';

/** A page of a server-side paged list (docs/api.md, "Paged lists"). */
export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type SortOrder = 'asc' | 'desc';

export interface PageQuery {
  /** 1-based. */
  page: number;
  pageSize: number;
}

/** Keeps only real filter values (no empty strings, null or undefined) for the query string. */
export function queryParams(query: object): Record<string, string | number | boolean> {
  const params: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(query)) {
    if (typeof value === 'number' || typeof value === 'boolean' || (typeof value === 'string' && value !== '')) {
      params[key] = value;
    }
  }
  return params;
}

/**
 * The resource's latest successful value, kept while a new request loads or after it failed, so that
 * tables and paginators do not blank out between pages.
 */
export function latestValue<T>(resource: Resource<T | undefined>): Signal<T | undefined> {
  return linkedSignal<T | undefined, T | undefined>({
    source: () => (resource.hasValue() ? resource.value() : undefined),
    computation: (value, previous) => value ?? previous?.value,
  });
}

/**
 * Signal store of a server-side paged, sorted and filtered list: the query is state, the page is an
 * `httpResource` that reloads whenever the query changes. Call in an injection context.
 */
export function pagedList<T, Q extends PageQuery>(url: string, initial: Q) {
  const query = signal<Q>(initial);
  const list = httpResource<Paged<T>>(() => ({ url, params: queryParams(query()) }));
  const result = latestValue(list);

  return {
    query: query.asReadonly(),
    items: computed(() => result()?.items ?? []),
    total: computed(() => result()?.total ?? 0),
    loading: list.isLoading,
    /** Changes filters or sorting and goes back to the first page. */
    filter(changes: Partial<Omit<Q, keyof PageQuery>>): void {
      query.update((current) => ({ ...current, ...changes, page: 1 }));
    },
    goTo(page: number, pageSize: number): void {
      query.update((current) => ({ ...current, page, pageSize }));
    },
    reload(): void {
      list.reload();
    },
  };
}
