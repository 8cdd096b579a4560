import { HttpClient, httpResource } from '@angular/common/http';
import { Injectable, Signal, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { errorMode } from '../../core/api/error-mode';
import {
  DictionaryItem,
  DictionaryItemCreate,
  DictionaryItemUpdate,
  DictionaryType,
  DictionaryTypeCreate,
} from './dictionary.models';

/** `/api/dictionary`. */
@Injectable({ providedIn: 'root' })
export class DictionaryApi {
  private readonly http = inject(HttpClient);

  typesResource() {
    return httpResource<DictionaryType[]>(() => '/api/dictionary/types');
  }

  /** Items of the selected type, inactive ones included; idle while no type is selected. */
  itemsResource(typeCode: Signal<string | null>) {
    return httpResource<DictionaryItem[]>(() => {
      const code = typeCode();
      return code
        ? { url: `/api/dictionary/types/${encodeURIComponent(code)}/items`, params: { includeInactive: true } }
        : undefined;
    });
  }

  createType(body: DictionaryTypeCreate): Observable<DictionaryType> {
    return this.http.post<DictionaryType>('/api/dictionary/types', body, { context: errorMode('inline') });
  }

  createItem(typeCode: string, body: DictionaryItemCreate): Observable<DictionaryItem> {
    return this.http.post<DictionaryItem>(`/api/dictionary/types/${encodeURIComponent(typeCode)}/items`, body, {
      context: errorMode('inline'),
    });
  }

  updateItem(id: string, body: DictionaryItemUpdate): Observable<DictionaryItem> {
    return this.http.patch<DictionaryItem>(`/api/dictionary/items/${id}`, body, { context: errorMode('inline') });
  }
}
