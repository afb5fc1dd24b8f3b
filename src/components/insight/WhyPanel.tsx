/**
 * "Why it decided" for the input on screen: the saliency map and the Grad-CAM map, for the predicted
 * class or for any class the learner picks (buttons: mouse, keyboard, touch), each with one or two
 * plain sentences. Recomputed in the worker when the input or the model's answer changes (one request
 * in flight, a newer wish coalesced into one follow-up).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { classNamesOr } from '../../engine/data/datasets';
import { useAppStore } from '../../store';
import { explainPrediction, type PredictionExplained } from '../../store/insightBridge';
import { LIVE_EXPLAIN_MS, modelDataset } from '../../store/inspectionBridge';
import { DecisionMaps, type DecisionMapsData } from '../../viz/DecisionMaps';
import { useViz } from '../common/useViz';
import './insight.css';

export function WhyPanel({ size = 148, headingLevel = 3 }: { size?: number; headingLevel?: 3 | 4 }) {
  const activations = useAppStore((s) => s.activations);
  const training = useAppStore((s) => s.runState === 'running');
  const dataset = useAppStore(() => modelDataset());
  const classNames = classNamesOr(dataset, 0);
  /** null: the predicted class. */
  const [picked, setPicked] = useState<number | null>(null);
  const [answer, setAnswer] = useState<PredictionExplained | null>(null);
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef(false);
  const again = useRef(false);
  const pickedRef = useRef(picked);
  pickedRef.current = picked;
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const refresh = useCallback(async () => {
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    again.current = false;
    const result = await explainPrediction(pickedRef.current ?? undefined);
    inFlight.current = false;
    if (!mounted.current) return;
    if (typeof result === 'string') setError(result);
    else {
      setError(null);
      setAnswer(result);
    }
    if (again.current) void refresh();
  }, []);

  // The activations change with the input and as a run trains: the maps follow them. While a run
  // trains they change a few times a second, and each explanation is two gradients in the worker,
  // taken from the training's time: then it follows at most every LIVE_EXPLAIN_MS, always ending on
  // the latest activations (each change re-arms the timer for the same due time).
  const lastRefresh = useRef(-Infinity);
  const explained = useRef<{ input: unknown; picked: number | null } | null>(null);
  useEffect(() => {
    if (!activations) return undefined;
    // A new input or class is the learner's doing: answered at once.
    const same = explained.current?.input === activations.input && explained.current.picked === picked;
    const due = training && same ? lastRefresh.current + LIVE_EXPLAIN_MS - performance.now() : 0;
    const go = (): void => {
      explained.current = { input: activations.input, picked };
      lastRefresh.current = performance.now();
      void refresh();
    };
    if (due <= 0) {
      go();
      return undefined;
    }
    const timer = setTimeout(go, due);
    return () => clearTimeout(timer);
  }, [activations, picked, refresh, training]);

  const className = (k: number): string => classNames[k] ?? String(k);
  const data = useMemo<DecisionMapsData | null>(
    () =>
      answer
        ? {
            input: answer.input,
            inputShape: answer.inputShape,
            saliency: answer.saliency,
            gradCam: answer.gradCam,
            className: classNames[answer.classIndex] ?? String(answer.classIndex),
          }
        : null,
    [answer, classNames],
  );
  const ref = useViz((element) => new DecisionMaps(element, { size }), data);
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  const forClass = answer ? `“${className(answer.classIndex)}”` : 'the class';
  return (
    <section className="panel insight-why" aria-label="Why it decided" data-testid="why-panel" data-class={answer?.classIndex ?? ''} data-predicted={answer?.predicted ?? ''} data-gradcam-peak={answer?.gradCam?.peak ?? ''} data-gradcam-method={answer?.gradCam?.method ?? ''} data-saliency-peak={answer?.saliency.peak ?? ''}>
      <Heading className="insight-why__title">Why it decided</Heading>
      <div className="insight-why__classes" role="group" aria-label="Explain the score of which class">
        <button type="button" className="button insight__button insight__class" aria-pressed={picked === null} onClick={() => setPicked(null)} data-testid="why-class-predicted">
          Predicted{answer ? ` (${className(answer.predicted)})` : ''}
        </button>
        {classNames.map((name, k) => (
          <button key={name} type="button" className="button insight__button insight__class" aria-pressed={picked === k} onClick={() => setPicked(k)} data-testid={`why-class-${k}`} title={name}>
            {name}
          </button>
        ))}
      </div>
      {error && (
        <p className="banner banner--error" role="alert" data-testid="why-error">
          {error}
        </p>
      )}
      <div ref={ref} className="insight-why__maps" />
      <div className="insight-why__captions">
        <p className="insight__explain">
          <strong>Saliency:</strong> the brighter a pixel, the more a small change to it would change the score of {forClass}.
        </p>
        <p className="insight__explain">
          <strong>Grad-CAM:</strong>{' '}
          {answer?.gradCam && answer.gradCam.peak === 0
            ? `nothing: no part of the last convolution's maps (layer ${answer.gradCam.layerIndex + 1}, a ${answer.gradCam.height}×${answer.gradCam.width} grid) raises the score of ${forClass}, so the map is empty.`
            : answer?.gradCam?.method === 'hires-cam'
              ? `where the last convolution (layer ${answer.gradCam.layerIndex + 1}, a ${answer.gradCam.height}×${answer.gradCam.width} grid) found evidence for ${forClass}. Its averaged gradients cancel out in this network, so each position is weighted by its own gradient (HiResCAM).`
              : answer?.gradCam
                ? `where the last convolution (layer ${answer.gradCam.layerIndex + 1}, a ${answer.gradCam.height}×${answer.gradCam.width} grid) found evidence for ${forClass}: its maps weighted by how much each raises that score.`
                : (answer?.gradCamNote ?? 'where the last convolution found evidence for the class.')}
        </p>
      </div>
    </section>
  );
}
