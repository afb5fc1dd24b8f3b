/**
 * Learning, visible at a glance: small live loss and accuracy curves (training as it goes, the test
 * images at each epoch's end) and a strip of test images marked right or wrong by the last
 * evaluation, with the test accuracy. Beside the picture, never below the fold.
 */
import { useEffect, useMemo, useState } from 'react';
import { datasetMeta, imageAt } from '../../engine/data/datasets';
import { hasErrors, validateSpec } from '../../engine/spec/validate';
import { useAppStore } from '../../store';
import { fetchTestImages, modelDataset } from '../../store/inspectionBridge';
import { chooseTestImage } from '../../store/playgroundBridge';
import { ImageGrid, type ImageGridItem } from '../../viz/ImageGrid';
import { LineChart, type LineChartData, type Point } from '../../viz/LineChart';
import { useViz } from '../common/useViz';
import { RunsButton } from '../runs/RunsButton';
import { firstVisitLine } from './presetSources';
import { ConceptButton } from '../teach/ConceptButton';

/** Test images on the strip: two rows at 1024 px and up, one row of larger ones in projector mode. */
const STRIP = 14;
const PROJECTOR_STRIP = 5;

function useCurves(metric: 'loss' | 'accuracy'): LineChartData {
  const trainCurve = useAppStore((s) => s.trainCurve);
  const epochCurve = useAppStore((s) => s.epochCurve);
  return useMemo(() => {
    const live: Point[] = trainCurve.map((p) => [p.x, p[metric]]);
    const test: Point[] = epochCurve.map((e) => [e.epoch + 1, metric === 'loss' ? e.valLoss : e.valAccuracy]);
    return {
      series: [
        { name: 'training', points: live, color: 'var(--accent)' },
        { name: 'test', points: test, color: 'var(--bad)', dashed: true, markers: true },
      ],
      yDomain: metric === 'accuracy' ? [0, 1] : undefined,
    };
  }, [trainCurve, epochCurve, metric]);
}

function Curve({ metric, height }: { metric: 'loss' | 'accuracy'; height: number }) {
  const data = useCurves(metric);
  const ref = useViz(
    (element) =>
      new LineChart(element, {
        height,
        xLabel: 'epoch',
        yFormat: metric === 'loss' ? '.2~f' : '.0%',
        ariaLabel: `${metric === 'loss' ? 'Loss' : 'Accuracy'} by epoch, training and test. Focus and use the arrow keys to read values.`,
      }),
    data,
  );
  const live = data.series[0].points;
  return (
    <figure className="pg-chart" data-testid={`pg-${metric}-chart`} data-points={live.length} data-last={live.length ? String(live[live.length - 1][1]) : ''}>
      <figcaption className="pg-chart__title">
        {metric === 'loss' ? 'Loss' : 'Accuracy'}
        {/* Kept runs (issue 19): earlier runs' curves are one click from this one's. */}
        {metric === 'loss' && <RunsButton className="runs-button--compact" />}
        {metric === 'loss' && <ConceptButton concept="cross-entropy" />}
      </figcaption>
      <div ref={ref} />
    </figure>
  );
}

/** The strip's images: a grid built for one item size (projector mode builds a larger one). */
function StripGrid({ items, itemSize }: { items: ImageGridItem[]; itemSize: number }) {
  const ref = useViz(
    (element) =>
      new ImageGrid(element, {
        itemSize,
        ariaLabel: 'Test images, marked right or wrong by the last evaluation; choose one to feed it to the network',
        onSelect: (item) => void chooseTestImage(item.index),
      }),
    items,
  );
  return <div ref={ref} className="pg-strip__images" />;
}

function TestStrip({ projector }: { projector: boolean }) {
  const count = projector ? PROJECTOR_STRIP : STRIP;
  const evaluation = useAppStore((s) => s.evaluation);
  const dataset = useAppStore(() => modelDataset());
  const engineReady = useAppStore((s) => s.engineStatus === 'ready');
  // While Play trains, the worker re-judges the strip every few hundred batches: say so while it does.
  const training = useAppStore((s) => s.runState === 'running');
  // An evaluation asked for and not answered yet (at a pause, or of an opened model's 10,000 images).
  const evaluating = useAppStore((s) => s.evaluating > 0);
  // While the pictured network has an error, the marks are the old network's: greyed, and said so.
  const spec = useAppStore((s) => s.spec);
  const broken = useMemo(() => hasErrors(validateSpec(spec)), [spec]);
  const stale = broken && evaluation !== null;
  const [images, setImages] = useState<{ dataset: string; images: Uint8Array; labels: Uint8Array } | null>(null);
  useEffect(() => {
    if (!engineReady) return;
    let live = true;
    void fetchTestImages(Array.from({ length: STRIP }, (_, i) => i)).then((batch) => {
      if (live && typeof batch !== 'string') setImages({ dataset, images: batch.images, labels: batch.labels });
    });
    return () => {
      live = false;
    };
  }, [dataset, engineReady]);
  const items = useMemo<ImageGridItem[]>(() => {
    const names = datasetMeta(dataset).classNames;
    if (!images || images.dataset !== dataset) {
      // Until this dataset's images are here, blank tiles hold their place: the strip keeps its
      // height, so the picture above does not shrink (and lay out every map again) when they come.
      const { width, height, channels } = datasetMeta(dataset);
      const blank = new Uint8Array(width * height * channels);
      return Array.from({ length: count }, (_, i) => ({ index: i, pixels: blank, width, height, channels, caption: '…', data: { testid: 'pg-strip-waiting' } }));
    }
    return Array.from({ length: Math.min(count, images.labels.length) }, (_, i) => {
      const prediction = evaluation?.predictions.find((p) => p.index === i);
      const right = prediction ? prediction.predicted === prediction.label : undefined;
      return {
        index: i,
        ...imageAt(dataset, images.images, i),
        caption: prediction ? names[prediction.predicted] : names[images.labels[i]],
        status: prediction ? (right ? 'correct' : 'wrong') : undefined,
        data: { testid: 'pg-strip-image', right: prediction ? String(right) : 'unknown' },
      };
    });
  }, [images, dataset, evaluation, count]);
  const accuracy = evaluation ? `${(evaluation.accuracy * 100).toFixed(1)} % right` : evaluating ? 'evaluating…' : 'not evaluated yet';
  // The second line says what the number is and what happens to it now. It is always there and one
  // line long (cut with an ellipsis where need be): when it wrapped, the picture above lost and
  // gained a line as evaluations came and went.
  const status = stale
    ? 'out of date: the network has an error'
    : evaluation
      ? `of ${evaluation.count.toLocaleString('en-US')}${evaluating ? ' · evaluating again…' : training ? ' · updated while training' : ''}`
      : evaluating
        ? 'the test images, with the network now'
        : '\u00a0';
  return (
    <section className={`pg-strip${stale ? ' pg-strip--stale' : ''}`} aria-labelledby="pg-strip-title" data-testid="pg-test-strip" data-stale={stale}>
      <h2 id="pg-strip-title" className="pg-chart__title pg-strip__title">
        <span className="pg-strip__name">
          Test images <ConceptButton concept="prediction-grid" />
        </span>
        <span className="pg-strip__result" data-testid="pg-test-accuracy" data-evaluating={evaluating}>
          <span className="pg-strip__accuracy">{accuracy}</span> <span className="pg-strip__status">{status}</span>
        </span>
      </h2>
      <StripGrid key={String(projector)} items={items} itemSize={projector ? 60 : 40} />
    </section>
  );
}

/** The first visit's one line of instructions, over the still-empty curves, until Play is pressed. */
function FirstVisitLine() {
  const done = useAppStore((s) => s.firstVisitDismissed);
  const dataset = useAppStore((s) => s.dataset);
  if (done) return null;
  return (
    <p className="pg-first-visit" data-testid="pg-first-visit">
      {firstVisitLine(dataset)}
      <button type="button" className="pg-first-visit__close" onClick={() => useAppStore.getState().dismissFirstVisit()} aria-label="Dismiss this hint">
        ✕
      </button>
    </p>
  );
}

export function LearningPanel() {
  const projector = useAppStore((s) => s.projector);
  const height = projector ? 100 : 120;
  return (
    <div className="pg-learning" data-testid="pg-learning">
      <FirstVisitLine />
      <Curve key={`loss-${height}`} metric="loss" height={height} />
      <Curve key={`accuracy-${height}`} metric="accuracy" height={height} />
      <TestStrip projector={projector} />
    </div>
  );
}
