/**
 * The overlaid curves of the runs being compared: one loss chart and one accuracy chart, one line per
 * run in its own colour (runColours.ts), with a legend naming every run (never hover-only). The
 * charts are the framework-free LineChart; this component only maps records to series.
 */
import { useMemo } from 'react';
import type { KeptRun } from '../../engine/protocol';
import { LineChart, type LineChartData } from '../../viz/LineChart';
import { useViz } from '../common/useViz';
import { runColour } from './runColours';

function useSeries(runs: KeptRun[], metric: 'loss' | 'accuracy'): LineChartData {
  return useMemo(
    () => ({
      series: runs.map((run, i) => ({
        name: run.name,
        points: run.curve.map((p) => [p.x, p[metric]] as [number, number]),
        ...runColour(i),
      })),
      yDomain: metric === 'accuracy' ? [0, 1] : undefined,
    }),
    [runs, metric],
  );
}

function Chart({ runs, metric }: { runs: KeptRun[]; metric: 'loss' | 'accuracy' }) {
  const data = useSeries(runs, metric);
  const ref = useViz(
    (element) =>
      new LineChart(element, {
        height: 170,
        xLabel: 'epoch',
        yFormat: metric === 'loss' ? '.2~f' : '.0%',
        ariaLabel: `Training ${metric} of the compared runs by epoch. Focus and use the arrow keys to read values.`,
      }),
    data,
  );
  return (
    <figure className="runs-chart" data-testid={`runs-${metric}-chart`} data-series={data.series.length}>
      <figcaption className="runs-chart__title">Training {metric}</figcaption>
      <div ref={ref} />
    </figure>
  );
}

export function RunsChart({ runs }: { runs: KeptRun[] }) {
  return (
    <section className="runs-compare" aria-labelledby="runs-compare-title" data-testid="runs-compare">
      <h3 id="runs-compare-title" className="runs-compare__title">
        {runs.length >= 2 ? `Comparing ${runs.length} runs` : runs.length === 1 ? 'One run: tick another to compare' : 'Tick two or more runs to overlay their curves'}
      </h3>
      <Chart runs={runs} metric="loss" />
      <Chart runs={runs} metric="accuracy" />
    </section>
  );
}
