import { HttpEventType } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal, viewChild } from '@angular/core';
import { ActivatedRoute, Router } from '@angular/router';
import { Subject, takeUntil } from 'rxjs';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatExpansionModule } from '@angular/material/expansion';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSort, MatSortModule } from '@angular/material/sort';
import { MatTableDataSource, MatTableModule } from '@angular/material/table';
import { MatTabsModule } from '@angular/material/tabs';
import { MatTooltipModule } from '@angular/material/tooltip';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { LanguageService } from '../../core/i18n/language.service';
import { AppDatePipe, AppNumberPipe, LocalizedPipe } from '../../core/i18n/locale.pipes';
import { saveFile } from '../imports/save-file';
import { departmentOptions } from '../patients/department-options';
import { TemplatesApi } from '../templates/templates.api';
import { FALLBACK_PRESETS, hospitalToday, PctPipe, Preset, PRESETS, presetRange, trendStart } from './report-period';
import { ReportDrillDialog } from './report-drill.dialog';
import { problemText, ReportsApi } from './reports.api';
import {
  AnalysesReport,
  CommentItem,
  Mode,
  PATIENT_METRICS,
  RatesGroup,
  RatesReport,
  RatesRow,
  SatisfactionGroup,
  SatisfactionReport,
  SupervisorReport,
  SupervisorRow,
  PrintHeader,
  TrendFigure,
  TrendReport,
} from './reports.models';
import { AnalysesView } from './analyses-view';
import { RatesCharts } from './rates-charts';
import { SatisfactionCharts } from './satisfaction-charts';

type Tab = 'supervisor' | 'rates' | 'satisfaction' | 'comments' | 'analyses';
const TABS: readonly Tab[] = ['supervisor', 'rates', 'satisfaction', 'comments', 'analyses'];
/** The report each tab prints or exports (comments print with the satisfaction report). */
const REPORT_OF: Record<Tab, 'supervisor' | 'rates' | 'satisfaction' | 'analyses'> = {
  supervisor: 'supervisor',
  rates: 'rates',
  satisfaction: 'satisfaction',
  comments: 'satisfaction',
  analyses: 'analyses',
};

/** Supervisor table columns: counts open their drill-down, rates are derived. */
export const SUPERVISOR_COLUMNS: ReadonlyArray<{ key: keyof SupervisorRow; kind: 'count' | 'rate' | 'seconds' }> = [
  { key: 'assignedPatients', kind: 'count' },
  { key: 'newPatients', kind: 'count' },
  { key: 'due', kind: 'count' },
  { key: 'done', kind: 'count' },
  { key: 'doneOnTime', kind: 'count' },
  { key: 'completionRate', kind: 'rate' },
  { key: 'timeliness', kind: 'rate' },
  { key: 'overdue', kind: 'count' },
  { key: 'dueNextWeek', kind: 'count' },
  { key: 'calls', kind: 'count' },
  { key: 'reachedCalls', kind: 'count' },
  { key: 'callSeconds', kind: 'seconds' },
  { key: 'averageCallSeconds', kind: 'seconds' },
  { key: 'returned', kind: 'count' },
  { key: 'arrivalConversion', kind: 'rate' },
  { key: 'escalationsRaised', kind: 'count' },
  { key: 'escalationsAnsweredInTime', kind: 'count' },
];

/**
 * Manager reports (docs/reports.md): the supervisor table per staff member with department totals,
 * follow-up rates, satisfaction with its monthly trend, and comments — for a period and a department;
 * every count opens the list behind it; the current view exports to Excel.
 */
@Component({
  selector: 'app-reports-page',
  imports: [
    FormsModule,
    MatButtonModule,
    MatExpansionModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatSelectModule,
    MatSortModule,
    MatTableModule,
    MatTabsModule,
    MatTooltipModule,
    TranslocoPipe,
    AppDatePipe,
    AppNumberPipe,
    LocalizedPipe,
    PctPipe,
    RatesCharts,
    SatisfactionCharts,
    AnalysesView,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[class.print-view]': 'printMode' },
  templateUrl: './reports.page.html',
  styleUrl: './reports.page.scss',
})
export class ReportsPage {
  private readonly api = inject(ReportsApi);
  private readonly dialog = inject(MatDialog);
  private readonly transloco = inject(TranslocoService);
  private readonly language = inject(LanguageService);
  protected readonly departments = departmentOptions();
  private readonly orgUnits = inject(TemplatesApi).orgUnitsResource();
  /** Wards of the chosen department, else of every department the user may report on. */
  protected readonly wards = computed(() => {
    const mine = new Set(this.departments().map((d) => d.id));
    const dept = this.departmentId();
    return (this.orgUnits.hasValue() ? this.orgUnits.value() : [])
      .filter((u) => (dept ? u.id === dept : mine.has(u.id)))
      .flatMap((u) => u.wards);
  });

  protected readonly presets = PRESETS;
  protected readonly tabs = TABS;
  protected readonly preset = signal<Preset>('thisMonth');
  protected readonly from = signal(presetRange('thisMonth', hospitalToday()).from);
  protected readonly to = signal(presetRange('thisMonth', hospitalToday()).to);
  protected readonly departmentId = signal('');
  protected readonly wardId = signal('');
  protected readonly tab = signal<Tab>('supervisor');
  protected readonly loading = signal(false);
  protected readonly exporting = signal<number | null>(null);

  protected readonly supervisorColumns = SUPERVISOR_COLUMNS;
  protected readonly supervisorColumnIds = ['name', ...SUPERVISOR_COLUMNS.map((c) => c.key as string)];
  protected readonly supervisor = signal<SupervisorReport | null>(null);
  protected readonly supervisorSource = new MatTableDataSource<SupervisorRow>([]);
  private readonly sort = viewChild(MatSort);

  protected readonly ratesGroups: RatesGroup[] = ['department', 'ward', 'template', 'staff', 'month', 'quarter', 'year'];
  protected readonly ratesGroup = signal<RatesGroup>('department');
  protected readonly rates = signal<RatesReport | null>(null);
  protected readonly ratesColumns = [
    'name',
    'due',
    'done',
    'completionRate',
    'timeliness',
    'reachRate',
    'attemptsPerCompleted',
    'lossRate',
  ];

  protected readonly satisfactionGroups: SatisfactionGroup[] = ['none', 'department', 'ward', 'doctor', 'nurse', 'questionnaire', 'month'];
  protected readonly satisfactionGroup = signal<SatisfactionGroup>('department');
  protected readonly mode = signal<Mode | ''>('');
  protected readonly satisfaction = signal<SatisfactionReport | null>(null);
  protected readonly satisfactionColumns = ['name', 'mode', 'dimension', 'valid', 'mean', 'topBox', 'positiveRate', 'nps'];
  protected readonly dimensions = ['overall', 'doctor', 'nurse', 'environment', 'food', 'discharge'];
  protected readonly trendDimension = signal('overall');
  protected readonly trendMode = signal<Mode>('phone');
  protected readonly trendFigure = signal<TrendFigure>('positiveRate');
  protected readonly trend = signal<TrendReport | null>(null);
  /**
   * When every satisfaction group is below the small-numbers threshold (early in a month, say), the longer periods
   * to offer instead; empty otherwise.
   */
  protected readonly longerPresets = computed(() => {
    const rows = this.satisfaction()?.rows ?? [];
    if (!rows.length || !rows.every((r) => r.suppressed)) return [];
    return FALLBACK_PRESETS[this.preset()];
  });
  /** First day of the trend window: twelve months up to the period's end, or the whole period when longer. */
  protected readonly trendFrom = computed(() => trendStart(this.to(), this.from()));
  /** The filters every report takes, for the chart components. */
  protected readonly query = computed(() => this.base());
  protected readonly analyses = signal<AnalysesReport | null>(null);

  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  /** The print view (`/reports/print`): the current view without the console around it, for Save as PDF. */
  protected readonly printMode = this.route.snapshot.data['print'] === true;
  protected readonly printHeader = signal<PrintHeader | null>(null);

  protected readonly comments = signal<{ items: CommentItem[]; total: number; page: number; pageSize: number } | null>(null);
  protected readonly maxScore = signal<number | null>(null);

  protected readonly problem = signal<string | null>(null);
  /** Emits when the filters change: answers of an earlier load are dropped (the last request wins). */
  private readonly reload = new Subject<void>();
  protected readonly tabIndex = computed(() => TABS.indexOf(this.tab()));

  constructor() {
    if (this.printMode) this.startPrint();
    this.load();
  }

  /** Print view: takes the view from the address, records the export (audited), prints when asked. */
  private startPrint(): void {
    const q = this.route.snapshot.queryParamMap;
    const tab = q.get('tab') as Tab | null;
    if (tab && TABS.includes(tab)) this.tab.set(tab);
    this.from.set(q.get('from') ?? this.from());
    this.to.set(q.get('to') ?? this.to());
    this.departmentId.set(q.get('departmentId') ?? '');
    this.wardId.set(q.get('wardId') ?? '');
    const group = q.get('groupBy');
    if (group && this.tab() === 'rates') this.ratesGroup.set(group as RatesGroup);
    if (group && this.tab() === 'satisfaction') this.satisfactionGroup.set(group as SatisfactionGroup);
    this.mode.set((q.get('mode') as Mode | null) ?? '');
    this.preset.set('custom');
    this.api.print({ ...this.base(), ...this.viewFilters(), report: REPORT_OF[this.tab()] }).subscribe({
      next: (h) => {
        this.printHeader.set(h);
        // Give the charts a moment to draw before the browser's print dialog (Save as PDF) opens.
        if (q.get('autoprint') === '1') setTimeout(() => window.print(), 1500);
      },
      error: (e) => this.failed(e),
    });
  }

  private latest<T>() {
    return takeUntil<T>(this.reload);
  }

  /** The filters of the current tab beyond period and department. */
  private viewFilters(): Record<string, string | undefined> {
    const tab = this.tab();
    if (tab === 'rates') return { groupBy: this.ratesGroup() };
    if (tab === 'satisfaction' || tab === 'comments') return { groupBy: this.satisfactionGroup(), mode: this.mode() || undefined };
    return {};
  }

  /** Opens the print view of the current tab in a new window; its print dialog saves a PDF. */
  protected printView(): void {
    const tree = this.router.createUrlTree(['/reports/print'], {
      queryParams: { tab: this.tab(), ...this.base(), ...this.viewFilters(), autoprint: '1' },
    });
    window.open(this.router.serializeUrl(tree), '_blank');
  }

  protected print(): void {
    window.print();
  }

  protected choosePreset(p: Preset): void {
    this.preset.set(p);
    if (p !== 'custom') {
      const r = presetRange(p, hospitalToday());
      this.from.set(r.from);
      this.to.set(r.to);
      this.load();
    }
  }

  protected setDates(from: string, to: string): void {
    this.preset.set('custom');
    this.from.set(from);
    this.to.set(to);
    this.load();
  }

  protected selectTab(i: number): void {
    this.tab.set(TABS[i]);
    this.load();
  }

  private base(): Record<string, string> {
    return {
      from: this.from(),
      to: this.to(),
      ...(this.departmentId() ? { departmentId: this.departmentId() } : {}),
      ...(this.wardId() ? { wardId: this.wardId() } : {}),
    };
  }

  /** A ward belongs to one department: choosing another department clears a ward outside it. */
  protected chooseDepartment(id: string): void {
    this.departmentId.set(id);
    if (this.wardId() && !this.wards().some((w) => w.id === this.wardId())) this.wardId.set('');
    this.load();
  }

  protected chooseWard(id: string): void {
    this.wardId.set(id);
    this.load();
  }

  /** Loads the current tab for the current filters. */
  protected load(): void {
    if (!this.from() || !this.to()) return;
    this.reload.next();
    this.loading.set(true);
    this.problem.set(null);
    const done = { error: (e: { error?: { message?: string; fields?: Record<string, string[]> } }) => this.failed(e) };
    switch (this.tab()) {
      case 'supervisor':
        this.api
          .supervisor(this.base())
          .pipe(this.latest())
          .subscribe({
            ...done,
            next: (r) => {
              this.supervisor.set(r);
              this.supervisorSource.data = r.rows;
              const sort = this.sort();
              if (sort) this.supervisorSource.sort = sort;
              this.loading.set(false);
            },
          });
        break;
      case 'rates':
        this.api
          .rates({ ...this.base(), groupBy: this.ratesGroup() })
          .pipe(this.latest())
          .subscribe({
            ...done,
            next: (r) => {
              this.rates.set(r);
              this.loading.set(false);
            },
          });
        break;
      case 'satisfaction':
        this.api
          .satisfaction({ ...this.base(), groupBy: this.satisfactionGroup(), mode: this.mode() || undefined })
          .pipe(this.latest())
          .subscribe({
            ...done,
            next: (r) => {
              this.satisfaction.set(r);
              this.loading.set(false);
            },
          });
        this.api
          .trend({ ...this.base(), from: this.trendFrom(), mode: this.trendMode(), dimension: this.trendDimension() })
          .pipe(this.latest())
          .subscribe({ next: (r) => this.trend.set(r), error: () => this.trend.set(null) });
        break;
      case 'comments':
        this.loadComments(1, 20);
        break;
      case 'analyses':
        this.api
          .analyses(this.base())
          .pipe(this.latest())
          .subscribe({
            ...done,
            next: (r) => {
              this.analyses.set(r);
              this.loading.set(false);
            },
          });
        break;
    }
  }

  protected loadComments(page: number, pageSize: number): void {
    this.loading.set(true);
    this.api
      .comments({ ...this.base(), page, pageSize, maxScore: this.maxScore() ?? undefined })
      .pipe(this.latest())
      .subscribe({
        next: (r) => {
          this.comments.set(r);
          this.loading.set(false);
        },
        error: (e) => this.failed(e),
      });
  }

  protected setMaxScore(value: string): void {
    this.maxScore.set(value === '' ? null : Number(value));
    this.load();
  }

  protected commentsPage(e: PageEvent): void {
    this.loadComments(e.pageIndex + 1, e.pageSize);
  }

  private failed(e: { error?: { message?: string; fields?: Record<string, string[]> } }): void {
    this.loading.set(false);
    this.problem.set(problemText(e));
  }

  /** Opens the list behind a number of the supervisor table (a staff row or the total). */
  protected drillSupervisor(row: SupervisorRow, metric: string): void {
    const value = row[metric as keyof SupervisorRow] as number;
    const who = row.total ? this.transloco.translate('reports.total') : (row.name ?? this.transloco.translate('reports.unassigned'));
    this.open(`${who} · ${this.transloco.translate('reports.col.' + metric)}`, value, {
      ...this.base(),
      metric,
      ...(row.total ? {} : { groupBy: 'staff', key: row.key }),
    });
  }

  protected drillRates(key: string | null, metric: string, value: number, label: string): void {
    this.open(`${label || this.transloco.translate('reports.total')} · ${this.transloco.translate('reports.col.' + metric)}`, value, {
      ...this.base(),
      metric,
      ...(key === null ? {} : { groupBy: this.ratesGroup(), key }),
    });
  }

  protected drillSatisfaction(r: { key: string; mode: Mode; dimension: string; scaleMax: number }, value: number, label: string): void {
    this.open(`${label} · ${this.transloco.translate('reports.dimension.' + r.dimension)}`, value, {
      ...this.base(),
      metric: 'satValid',
      mode: r.mode,
      dimension: r.dimension,
      scaleMax: r.scaleMax,
      ...(this.satisfactionGroup() === 'none' ? {} : { groupBy: this.satisfactionGroup(), key: r.key }),
    });
  }

  private open(title: string, value: number, params: Record<string, string | number>): void {
    this.dialog.open(ReportDrillDialog, { data: { title, value, params }, width: '1100px', maxWidth: '96vw' });
  }

  protected isPatientMetric(metric: string): boolean {
    return PATIENT_METRICS.includes(metric);
  }

  protected rv(row: RatesRow, key: string): number | null {
    return row[key as keyof RatesRow] as number | null;
  }

  protected num(row: SupervisorRow, key: string): number | null {
    return row[key as keyof SupervisorRow] as number | null;
  }

  /** Exports the current tab's view to .xlsx, showing the bytes received. */
  protected export(): void {
    const report = REPORT_OF[this.tab()];
    const extra = this.viewFilters();
    this.exporting.set(0);
    this.api.export({ ...this.base(), ...extra, report, lang: this.language.active() }).subscribe({
      next: (e) => {
        if (e.type === HttpEventType.DownloadProgress) this.exporting.set(e.loaded);
        if (e.type === HttpEventType.Response && e.body) {
          saveFile(e.body, `${report}-${this.from()}-${this.to()}.xlsx`);
          this.exporting.set(null);
        }
      },
      error: (e) => {
        this.exporting.set(null);
        this.failed(e);
      },
    });
  }
}
