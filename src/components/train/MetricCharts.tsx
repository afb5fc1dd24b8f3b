/**
 * The live loss and accuracy charts: the training curve as progress arrives (smoothed over the batches
 * since the previous update), and per-epoch training and validation points.
 */
import { useMemo } from 'react';
import { useAppStore } from '../../store';
import { LineChart, type LineChartData, type Point } from '../../viz/LineChart';
import { useViz } from '../common/useViz';

const TRAIN = 'var(--accent)';
const EPOCH_TRAIN = 'var(--accent-2)';
const VALIDATION = 'var(--bad)';

function useChartData(metric: 'loss' | 'accuracy'): LineChartData {
  const trainCurve = useAppStore((s) => s.trainCurve);
  const epochCurve = useAppStore((s) => s.epochCurve);
  const heldOut = useAppStore((s) => (s.run?.options.validationSplit ?? 0) > 0);
  return useMemo(() => {
    const live: Point[] = trainCurve.map((p) => [p.x, p[metric]]);
    const epochTrain: Point[] = epochCurve.map((e) => [e.epoch + 1, metric === 'loss' ? e.loss : e.accuracy]);
    const validation: Point[] = epochCurve.map((e) => [
      e.epoch + 1,
      metric === 'loss' ? e.valLoss : e.valAccuracy,
    ]);
    return {
      series: [
        { name: 'training (live)', points: live, color: TRAIN },
        { name: 'training (epoch)', points: epochTrain, color: EPOCH_TRAIN, markers: true },
        {
          name: heldOut ? 'validation' : 'validation (test images)',
          points: validation,
          color: VALIDATION,
          dashed: true,
          markers: true,
        },
      ],
      yDomain: metric === 'accuracy' ? [0, 1] : undefined,
    };
  }, [trainCurve, epochCurve, metric, heldOut]);
}

function Chart({ metric, testId }: { metric: 'loss' | 'accuracy'; testId: string }) {
  const data = useChartData(metric);
  const ref = useViz(
    (element) =>
      new LineChart(element, {
        height: 190,
        xLabel: 'epoch',
        yFormat: metric === 'loss' ? '.3~f' : '.0%',
        ariaLabel: `${metric === 'loss' ? 'Loss' : 'Accuracy'} by epoch. Focus and use the arrow keys to read values.`,
      }),
    data,
  );
  const last = data.series[0].points[data.series[0].points.length - 1];
  return (
    <figure
      className="metric-chart"
      data-testid={testId}
      data-points={data.series[0].points.length}
      data-last={last ? String(last[1]) : ''}
    >
      <figcaption className="metric-chart__title">
        {metric === 'loss' ? 'Loss (cross-entropy)' : 'Accuracy'}
      </figcaption>
      <div ref={ref} />
    </figure>
  );
}

export function MetricCharts() {
  return (
    <div className="metric-charts">
      <Chart metric="loss" testId="loss-chart" />
      <Chart metric="accuracy" testId="accuracy-chart" />
    </div>
  );
}
