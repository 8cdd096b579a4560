import { HttpClient, HttpEvent, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { Paged } from '../../core/api/paged';
import {
  AnalysesReport,
  CommentItem,
  DrillPage,
  HeatmapReport,
  OutcomesReport,
  PrintHeader,
  RatesReport,
  SatisfactionReport,
  SupervisorReport,
  TrendReport,
  Workbench,
} from './reports.models';

type Params = Record<string, string | number | undefined>;

/** Drops empty values so they are not sent as `?x=`. */
function clean(params: Params): Record<string, string | number> {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string | number>;
}

/** An API error as HttpClient reports it: the message and the field → messages map of a 400. */
export interface ProblemResponse {
  error?: { message?: string; fields?: Record<string, string[]> };
}

/** The text to show for a failed report request: its field messages, else its message. */
export function problemText(e: ProblemResponse): string | null {
  const fields = e.error?.fields;
  return fields ? Object.values(fields).flat().join('; ') : (e.error?.message ?? null);
}

/** Manager reports (`/api/reports`). */
@Injectable({ providedIn: 'root' })
export class ReportsApi {
  private readonly http = inject(HttpClient);

  workbench(): Observable<Workbench> {
    return this.http.get<Workbench>('/api/reports/workbench');
  }

  supervisor(p: Params): Observable<SupervisorReport> {
    return this.http.get<SupervisorReport>('/api/reports/supervisor', { params: clean(p) });
  }

  rates(p: Params): Observable<RatesReport> {
    return this.http.get<RatesReport>('/api/reports/rates', { params: clean(p) });
  }

  satisfaction(p: Params): Observable<SatisfactionReport> {
    return this.http.get<SatisfactionReport>('/api/reports/satisfaction', { params: clean(p) });
  }

  trend(p: Params): Observable<TrendReport> {
    return this.http.get<TrendReport>('/api/reports/satisfaction/trend', { params: clean(p) });
  }

  comments(p: Params): Observable<Paged<CommentItem>> {
    return this.http.get<Paged<CommentItem>>('/api/reports/comments', { params: clean(p) });
  }

  outcomes(p: Params): Observable<OutcomesReport> {
    return this.http.get<OutcomesReport>('/api/reports/outcomes', { params: clean(p) });
  }

  heatmap(p: Params): Observable<HeatmapReport> {
    return this.http.get<HeatmapReport>('/api/reports/heatmap', { params: clean(p) });
  }

  analyses(p: Params): Observable<AnalysesReport> {
    return this.http.get<AnalysesReport>('/api/reports/analyses', { params: clean(p) });
  }

  /** Records the print (PDF export) of a view in the audit trail; returns the printed header. */
  print(p: Params): Observable<PrintHeader> {
    return this.http.get<PrintHeader>('/api/reports/print', { params: clean(p) });
  }

  drill(p: Params, workbench: boolean): Observable<DrillPage> {
    return this.http.get<DrillPage>(workbench ? '/api/reports/workbench/drill' : '/api/reports/drill', { params: clean(p) });
  }

  /** The .xlsx of the current view, with download progress events. */
  export(p: Params): Observable<HttpEvent<Blob>> {
    return this.http.get('/api/reports/export', {
      params: new HttpParams({ fromObject: clean(p) }),
      responseType: 'blob',
      observe: 'events',
      reportProgress: true,
    });
  }
}
