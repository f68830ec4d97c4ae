import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState } from 'react';

// Only the charts and parts the analytics page draws: the whole of ECharts is ~1 MB.
echarts.use([
  BarChart,
  HeatmapChart,
  LineChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

/**
 * An ECharts chart on a canvas, drawn again when its option changes and resized with its box.
 * Nothing is drawn before the figures are in (`option` undefined). Drawing takes 50–100 ms of the
 * browser's only thread, so a chart off screen waits until it comes near the screen or the
 * browser is idle: a page of charts shows what is on screen first.
 */
export function Chart({
  option,
  height = 320,
  testId,
}: {
  option: ChartOption | undefined;
  height?: number;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const [due, setDue] = useState(false);
  const waiting = option !== undefined && !due;
  useEffect(() => {
    const element = box.current;
    if (!waiting || !element) return;
    const near = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) setDue(true);
      },
      { rootMargin: '200px' },
    );
    near.observe(element);
    const idle = requestIdleCallback(() => setDue(true));
    return () => {
      near.disconnect();
      cancelIdleCallback(idle);
    };
  }, [waiting]);
  useEffect(() => {
    if (!due || !box.current) return;
    const instance = echarts.init(box.current);
    chart.current = instance;
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(box.current);
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [due]);
  useEffect(() => {
    // Figures, not a show: drawn at once, so what is on screen is always the whole answer.
    if (due && option)
      chart.current?.setOption({ animation: false, ...option }, { notMerge: true });
  }, [due, option]);
  return <div ref={box} data-testid={testId} style={{ width: '100%', height }} />;
}
