import { Hl7Stats } from './hl7.models';
import { bucketStart, chartOf, niceMax } from './hl7-chart';
import { editableText, parseLocation, rawLines, segmentTree } from './segment-tree';

describe('interface monitor helpers', () => {
  describe('segment tree', () => {
    const segments = [
      { name: 'MSH', fields: [{ n: 9, value: 'ADT^A01', components: ['ADT', 'A01'] }] },
      { name: 'PID', fields: [{ n: 3, value: 'ZY1^^^HOSP01^MR', components: ['ZY1', '', '', 'HOSP01', 'MR'] }] },
      { name: 'OBX', fields: [{ n: 5, value: '120', components: [] }] },
      { name: 'OBX', fields: [{ n: 5, value: '80', components: [] }] },
      {
        name: 'PV1',
        fields: [
          { n: 10, value: 'XYZ', components: [] },
          { n: 2, value: 'I', components: [] },
        ],
      },
    ];

    it('labels fields and components as PID-3 and PID-3.4, and repeated segments as OBX[2]', () => {
      const tree = segmentTree(segments);
      expect(tree.map((s) => s.label)).toEqual(['MSH', 'PID', 'OBX[1]', 'OBX[2]', 'PV1']);
      expect(tree[1].fields[0].label).toBe('PID-3');
      expect(tree[1].fields[0].components.map((c) => `${c.label}=${c.value}`)).toEqual([
        'PID-3.1=ZY1',
        'PID-3.2=',
        'PID-3.3=',
        'PID-3.4=HOSP01',
        'PID-3.5=MR',
      ]);
      expect(tree[2].fields[0].components).toEqual([]);
      expect(tree.some((s) => s.error)).toBe(false);
    });

    it('marks the segment and field the error location names', () => {
      const tree = segmentTree(segments, 'PV1-10');
      expect(tree.filter((s) => s.error).map((s) => s.label)).toEqual(['PV1']);
      expect(tree[4].fields.map((f) => f.error)).toEqual([true, false]);

      const second = segmentTree(segments, 'OBX[2]-5.1');
      expect(second.filter((s) => s.error).map((s) => s.label)).toEqual(['OBX[2]']);
      expect(second[3].fields[0].error).toBe(true);
    });

    it('reads the stored location format, and nothing from an empty or line-only one', () => {
      expect(parseLocation('PID[2]-3[2].1')).toEqual({ segment: 'PID', sequence: 2, field: 3, component: 1 });
      expect(parseLocation('MSH-12')).toEqual({ segment: 'MSH', sequence: 1, field: 12, component: undefined });
      expect(parseLocation('(segment 4)')).toBeNull();
      expect(parseLocation('')).toBeNull();
      expect(parseLocation(null)).toBeNull();
    });

    it('shows the raw text one segment a line, whatever the separator', () => {
      expect(rawLines('MSH|a\rPID|b\r\nPV1|c\nZZZ|d\r')).toEqual(['MSH|a', 'PID|b', 'PV1|c', 'ZZZ|d']);
      expect(editableText('MSH|a\rPID|b\r')).toBe('MSH|a\nPID|b');
    });
  });

  describe('throughput chart', () => {
    const stats: Hl7Stats = {
      // 10:30 to 14:30 UTC: hour buckets start at 10:00, 11:00, … 14:00 (Asia/Shanghai is a whole-hour offset).
      from: '2026-12-04T10:30:00.000Z',
      to: '2026-12-04T14:30:00.000Z',
      bucket: 'hour',
      series: [
        { at: '2026-12-04T11:00:00.000Z', total: 7, byStatus: { processed: 5, failed: 2 }, bySource: { HIS: 7 } },
        { at: '2026-12-04T13:00:00.000Z', total: 1, byStatus: { rejected: 1 }, bySource: { HIS: 1 } },
      ],
      totals: { total: 8, byStatus: { processed: 5, failed: 2, rejected: 1 }, bySource: { HIS: 8 } },
    };

    it('rounds the top of the scale up to 1, 2 or 5 times a power of ten', () => {
      expect([0, 1, 2, 3, 7, 10, 11, 48, 120, 501].map(niceMax)).toEqual([1, 1, 2, 5, 10, 10, 20, 50, 200, 1000]);
    });

    it('has one bar per bucket of the period, empty buckets included, stacked by status', () => {
      const chart = chartOf(stats, 500, 100);
      expect(chart.max).toBe(10);
      expect(chart.bars.map((b) => [b.at.toISOString().slice(11, 16), b.total])).toEqual([
        ['10:00', 0],
        ['11:00', 7],
        ['12:00', 0],
        ['13:00', 1],
        ['14:00', 0],
      ]);
      const busy = chart.bars[1];
      // processed at the bottom, failed above it; heights in proportion to the scale.
      expect(busy.parts).toEqual([
        { status: 'processed', n: 5, y: 50, height: 50 },
        { status: 'failed', n: 2, y: 30, height: 20 },
      ]);
      expect(chart.bars[0].parts).toEqual([]);
      // Five slots of 100 units, each bar with a small gap.
      expect(chart.bars[3].x).toBeGreaterThanOrEqual(300);
      expect(chart.bars[3].x + chart.bars[3].width).toBeLessThanOrEqual(400);
    });

    it('starts day buckets at midnight in Shanghai (16:00 UTC)', () => {
      expect(new Date(bucketStart(Date.parse('2026-12-04T10:00:00Z'), 'day')).toISOString()).toBe('2026-12-03T16:00:00.000Z');
      expect(new Date(bucketStart(Date.parse('2026-12-04T17:00:00Z'), 'day')).toISOString()).toBe('2026-12-04T16:00:00.000Z');
      expect(new Date(bucketStart(Date.parse('2026-12-04T17:42:31Z'), 'minute')).toISOString()).toBe('2026-12-04T17:42:00.000Z');
    });
  });
});
