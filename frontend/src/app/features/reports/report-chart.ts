import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { NgxEchartsDirective, provideEchartsCore } from 'ngx-echarts';

// Tree-shaken: only the chart types and components the reports draw, and the SVG renderer
// (crisp when printed to PDF). Loaded with the lazy reports route only.
echarts.use([BarChart, LineChart, HeatmapChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, SVGRenderer]);

/** One ECharts chart (ngx-echarts), SVG-rendered, resized with its container. */
@Component({
  selector: 'app-report-chart',
  imports: [NgxEchartsDirective],
  providers: [provideEchartsCore({ echarts })],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<div
    echarts
    class="chart"
    [options]="options()"
    [initOpts]="{ renderer: 'svg' }"
    [autoResize]="true"
    [style.height.px]="height()"
    role="img"
    [attr.aria-label]="label()"
  ></div>`,
  styles: `
    :host {
      display: block;
      break-inside: avoid;
    }
    .chart {
      width: 100%;
    }
  `,
})
export class ReportChart {
  readonly options = input.required<EChartsCoreOption>();
  readonly label = input.required<string>();
  readonly height = input(280);
}
