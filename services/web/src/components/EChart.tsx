import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { type EChartsCoreOption, init, registerLocale, use } from 'echarts/core';
import vietnamese from 'echarts/i18n/langVI-obj.js';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

// Only the parts of ECharts the app draws with, so the bundle carries no more.
use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, SVGRenderer]);
// Its own words (the description for screen readers, number formats) in Vietnamese too.
registerLocale('VI', vietnamese);

/** An ECharts chart that follows its options and the width of its box; described for screen readers. */
export function EChart({ option, height = 320, label }: { option: EChartsCoreOption; height?: number; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof init>>(undefined);
  const { i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'EN' : 'VI';

  useEffect(() => {
    if (!box.current) return;
    const c = init(box.current, undefined, { renderer: 'svg', locale });
    c.setOption({ aria: { enabled: true }, ...option });
    chart.current = c;
    const resized = new ResizeObserver(() => c.resize());
    resized.observe(box.current);
    return () => {
      resized.disconnect();
      c.dispose();
      chart.current = undefined;
    };
  }, [locale]);

  useEffect(() => {
    chart.current?.setOption({ aria: { enabled: true }, ...option }, { notMerge: true });
  }, [option]);

  // ECharts labels its own box with a description of the data; the figure carries the chart's name.
  return (
    <figure aria-label={label} className="echart">
      <div ref={box} style={{ height }} />
    </figure>
  );
}
