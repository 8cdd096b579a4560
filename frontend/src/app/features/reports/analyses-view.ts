import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import type { EChartsCoreOption } from 'echarts/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { LanguageService } from '../../core/i18n/language.service';
import { localized } from '../../core/i18n/languages';
import { AppNumberPipe } from '../../core/i18n/locale.pipes';
import { PctPipe } from './report-period';
import { ReportChart } from './report-chart';
import { countBarOption } from './report-charts';
import { AnalysesReport } from './reports.models';

interface Line {
  key: string;
  code?: string | null;
  label: string;
  count: number;
  urgent?: number;
  share: number | null;
}

/** One analysis: a bar chart of its lines and a table of the same numbers. */
interface Section {
  id: string;
  title: string;
  head: string;
  countHead: string;
  shareHead: string;
  codeHead?: string;
  urgent?: boolean;
  lines: Line[];
  chart: boolean;
  options?: EChartsCoreOption;
  lead?: string;
  notes: Array<{ text: string; testId?: string }>;
}

/**
 * Other analyses of the followed-up patients of the period: where they come from (province, city,
 * organisation; referral is not recorded), their top diagnoses, the reasons of escalations, and
 * inquiry conversion (a placeholder until inquiries exist). Charts with their tables.
 */
@Component({
  selector: 'app-analyses-view',
  imports: [TranslocoPipe, AppNumberPipe, PctPipe, ReportChart],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let a = report();
    <p class="note" data-testid="analyses-population">
      {{ 'reports.analyses.population' | transloco: { n: a.patients } }}
      @if (a.suppressed) {
        · {{ 'reports.analyses.tooFewShares' | transloco: { n: a.minResponses } }}
      }
    </p>
    @for (s of sections(); track s.id) {
      <section class="chart-block" [attr.data-testid]="'analyses-' + s.id">
        <h3>{{ s.title }}</h3>
        @if (s.lead) {
          <p class="note">{{ s.lead }}</p>
        }
        @if (s.options && s.lines.length) {
          <app-report-chart [options]="s.options" [label]="s.title" [height]="60 + 28 * s.lines.length" />
        }
        <table class="plain">
          <thead>
            <tr>
              @if (s.codeHead) {
                <th>{{ s.codeHead }}</th>
              }
              <th>{{ s.head }}</th>
              <th class="num">{{ s.countHead }}</th>
              @if (s.urgent) {
                <th class="num">{{ 'reports.analyses.urgent' | transloco }}</th>
              }
              <th class="num">{{ s.shareHead }}</th>
            </tr>
          </thead>
          <tbody>
            @for (l of s.lines; track l.key) {
              <tr>
                @if (s.codeHead) {
                  <td>{{ l.code }}</td>
                }
                <td>{{ l.label }}</td>
                <td class="num">{{ l.count | appNumber }}</td>
                @if (s.urgent) {
                  <td class="num">{{ l.urgent | appNumber }}</td>
                }
                <td class="num">{{ l.share | pct }}</td>
              </tr>
            } @empty {
              <tr>
                <td colspan="5" class="empty">{{ 'common.noData' | transloco }}</td>
              </tr>
            }
          </tbody>
        </table>
        @for (n of s.notes; track n.text) {
          <p class="note" [attr.data-testid]="n.testId">{{ n.text }}</p>
        }
      </section>
    }
    <section class="chart-block placeholder" data-testid="analyses-inquiries">
      <h3>{{ 'reports.analyses.inquiries' | transloco }}</h3>
      <p class="note">{{ 'reports.analyses.inquiriesPending' | transloco }}</p>
    </section>
  `,
  styles: `
    .placeholder {
      border: 1px dashed var(--mat-sys-outline-variant);
      padding: 8px 12px;
      border-radius: 8px;
    }
  `,
  styleUrl: './report-charts.scss',
})
export class AnalysesView {
  private readonly language = inject(LanguageService);
  readonly report = input.required<AnalysesReport>();

  private reasonLabel(r: AnalysesReport['escalations']['reasons'][number], lang: string): string {
    if (!r.question) return this.language.t('reports.analyses.manual');
    const q = r.questionnaire ? localized(lang, r.questionnaire.zh, r.questionnaire.en) : '';
    const text = r.text ? localized(lang, r.text.zh, r.text.en) : r.question;
    return q ? `${q} · ${text}` : text;
  }

  private chart(s: Section): EChartsCoreOption {
    return countBarOption(
      s.lines.map((l) => ({ label: s.codeHead ? `${l.code} ${l.label}` : l.label, value: l.count })),
      s.countHead,
    );
  }

  protected readonly sections = computed((): Section[] => {
    const lang = this.language.active();
    const t = (key: string, params?: Record<string, unknown>) => this.language.t(key, params);
    const a = this.report();
    const patients = t('reports.analyses.patients');
    const share = t('reports.analyses.share');
    const base = { countHead: patients, shareHead: share, chart: true, notes: [] };
    const e = a.escalations;
    const sections: Section[] = [
      {
        ...base,
        id: 'region',
        title: t('reports.analyses.region'),
        head: t('reports.analyses.province'),
        lines: a.source.provinces.map((r) => ({
          key: r.code,
          label: r.name ? localized(lang, r.name, r.nameEn) : t('reports.analyses.noRegion'),
          count: r.patients,
          share: r.share,
        })),
      },
      {
        ...base,
        id: 'city',
        title: t('reports.analyses.city'),
        head: t('reports.analyses.province'),
        codeHead: t('reports.analyses.city'),
        chart: false,
        lines: a.source.cities.map((r) => ({
          key: r.code,
          code: r.code,
          label: r.province ? localized(lang, r.province, r.provinceEn) : '—',
          count: r.patients,
          share: r.share,
        })),
        notes: [{ text: t('reports.analyses.regionNote') }],
      },
      {
        ...base,
        id: 'organisation',
        title: t('reports.analyses.organisation'),
        head: t('reports.analyses.organisation'),
        lines: a.source.organisations.map((r) => ({
          key: r.id,
          label: r.name ?? t('reports.analyses.noOrganisation'),
          count: r.patients,
          share: r.share,
        })),
        notes: [{ text: t('reports.analyses.referralMissing'), testId: 'analyses-referral' }],
      },
      {
        ...base,
        id: 'diagnoses',
        title: t('reports.analyses.diagnoses'),
        head: t('reports.analyses.diagnosis'),
        codeHead: 'ICD-10',
        lines: a.diagnoses.map((r) => ({ key: r.code, code: r.code, label: r.text, count: r.patients, share: r.share })),
        notes: [{ text: t('reports.analyses.diagnosesNote') }],
      },
      {
        ...base,
        id: 'escalations',
        title: t('reports.analyses.escalations'),
        head: t('reports.analyses.reason'),
        countHead: t('reports.col.escalationsRaised'),
        shareHead: t('reports.analyses.shareOfEscalations'),
        urgent: true,
        lead: t('reports.analyses.escalationTotals', { total: e.total, urgent: e.urgent, manual: e.manual }),
        lines: e.reasons.map((r) => ({
          key: r.key,
          label: this.reasonLabel(r, lang),
          count: r.escalations,
          urgent: r.urgent,
          share: r.share,
        })),
      },
    ];
    return sections.map((s) => (s.chart ? { ...s, options: this.chart(s) } : s));
  });
}
