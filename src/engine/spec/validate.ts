/**
 * Validation that teaches: every impossible or doubtful spec gets a message that names the
 * layer, the field and the fix. Cheap and tfjs-free (the editor runs it on every keystroke);
 * never throws, whatever it is given.
 */
import { accountSpec } from './accounting';
import { textbookEquation } from './arithmetic';
import { isRecord } from './field-reader';
import { hasErrors, specError, specWarning, type SpecIssue } from './issues';
import { LIMITS } from './limits';
import { parseSpecStructure } from './parse-spec';
import { describeLayer, inferShapes, type LayerShape } from './shapes';
import type { LayerSpec, ModelSpec } from './types';

export type { SpecIssue } from './issues';
export { hasErrors, formatIssues } from './issues';

const MB = 1024 ** 2;

/**
 * Parses an untrusted document (URL state, a file, pasted JSON) and validates it. `spec` is
 * present whenever the document could be typed, even if validation found errors, so that an
 * editor can show it with its problems; use {@link hasErrors} before training it.
 */
export function parseSpec(raw: unknown): { spec?: ModelSpec; issues: SpecIssue[] } {
  try {
    const parsed = parseSpecStructure(raw);
    if (!parsed.spec) return parsed;
    return { spec: parsed.spec, issues: [...parsed.issues, ...semanticIssues(parsed.spec)] };
  } catch (error) {
    return { issues: [internalIssue(error)] };
  }
}

/** All issues of a spec: field types and ranges, shapes, the head, and the size limits. */
export function validateSpec(spec: ModelSpec): SpecIssue[] {
  return parseSpec(spec).issues;
}

/** True when the spec has no errors (warnings allowed). */
export function isTrainable(spec: ModelSpec): boolean {
  return !hasErrors(validateSpec(spec));
}

function internalIssue(error: unknown): SpecIssue {
  const reason = error instanceof Error ? error.message : String(error);
  return specError(null, null, `The spec could not be checked (${reason}).`, 'Start again from a preset; please report this spec as a bug.');
}

function semanticIssues(spec: ModelSpec): SpecIssue[] {
  const issues: SpecIssue[] = [];
  if (spec.layers.length === 0) {
    issues.push(specError(null, 'layers', 'The spec has no layers.', `Add a Flatten and a Dense layer with ${spec.numClasses} units and softmax.`));
    return issues;
  }
  spec.layers.forEach((layer, i) => issues.push(...layerIssues(layer, i)));
  const shapes = inferShapes(spec);
  for (const s of shapes.layers) {
    if (s.problem) issues.push(specError(s.index, s.problem.field, s.problem.message, s.problem.fix));
    else issues.push(...windowWarnings(spec.layers[s.index], s));
  }
  if (shapes.failedAt !== null) return issues;
  issues.push(...headIssues(spec, shapes.output as number[]));
  issues.push(...sizeIssues(spec));
  issues.push(...trainingWarnings(spec));
  return issues;
}

function layerIssues(layer: LayerSpec, i: number): SpecIssue[] {
  const who = describeLayer(i, layer.type);
  const out: SpecIssue[] = [];
  if (layer.type === 'conv2d' && layer.dilation && (layer.dilation[0] > 1 || layer.dilation[1] > 1)) {
    out.push(
      specError(
        i,
        'dilation',
        `${who}: dilation ${layer.dilation[0]}×${layer.dilation[1]} cannot be trained — TensorFlow.js has no gradient for dilated convolutions.`,
        'Set dilation to 1×1 (the convolution explorer shows what dilation does), or widen the kernel instead.',
      ),
    );
  }
  if (layer.type === 'dropout' && layer.rate >= 0.9) {
    out.push(specWarning(i, 'rate', `${who} drops ${Math.round(layer.rate * 100)} % of its inputs; the network will barely learn.`, 'Use a rate between 0.1 and 0.5.'));
  }
  if (layer.type === 'dropout' && layer.rate === 0) {
    out.push(specWarning(i, 'rate', `${who} has rate 0 and does nothing.`, 'Remove it or set a rate such as 0.25.'));
  }
  return out;
}

function windowWarnings(layer: LayerSpec, s: LayerShape): SpecIssue[] {
  if (!s.window) return [];
  const who = describeLayer(s.index, layer.type);
  const out: SpecIssue[] = [];
  const { height, width } = s.window;
  const field = layer.type === 'conv2d' ? 'kernelSize' : 'poolSize';
  if (height.padding === 'same' && (height.effectiveKernel > height.input || width.effectiveKernel > width.input)) {
    out.push(
      specWarning(
        s.index,
        field,
        `${who}: its ${height.effectiveKernel}×${width.effectiveKernel} window is larger than its ${height.input}×${width.input} input, so most of every window is zero padding.`,
        `Use a window of at most ${height.input}×${width.input}.`,
      ),
    );
  }
  // Say each thing once: the equation once when rows and columns share it, "the last row" rather
  // than "the last 1 row", and no formula nested in another's brackets.
  const axes = [
    { noun: 'row', axis: height },
    { noun: 'column', axis: width },
  ].filter(({ axis }) => axis.unreached.length > 0);
  if (axes.length) {
    const equations = axes.map(({ axis }) => textbookEquation(axis));
    const oneEquation = equations.length === 1 || equations[0] === equations[1];
    const where =
      axes.length === 2 && oneEquation
        ? `(W − F + 2P) / S + 1 = ${equations[0]} is not a whole number, for rows and columns alike`
        : `(W − F + 2P) / S + 1 is not a whole number: ${axes.map(({ noun }, k) => `${noun}s ${equations[k]}`).join('; ')}`;
    const missed = axes.map(({ noun, axis }) => (axis.unreached.length === 1 ? `the last ${noun}` : `the last ${axis.unreached.length} ${noun}s`));
    const plural = axes.length > 1 || axes[0].axis.unreached.length > 1;
    out.push(
      specWarning(
        s.index,
        'strides',
        `${who}: ${where}, so ${missed.join(' and ')} of its input ${plural ? 'are' : 'is'} never seen.`,
        "Choose padding 'same', or a stride that divides (input − window) exactly.",
      ),
    );
  }
  return out;
}

function headIssues(spec: ModelSpec, output: number[]): SpecIssue[] {
  const out: SpecIssue[] = [];
  const lastIndex = spec.layers.length - 1;
  const last = spec.layers[lastIndex];
  const k = spec.numClasses;
  spec.layers.forEach((layer, i) => {
    const softmax = (layer.type === 'dense' || layer.type === 'activation') && layer.activation === 'softmax';
    const isHead = i === lastIndex || (i === lastIndex - 1 && last.type === 'activation');
    if (softmax && !isHead) {
      out.push(specWarning(i, 'activation', `${describeLayer(i, layer.type)} uses softmax inside the network; softmax belongs to the output only.`, 'Use relu here.'));
    }
  });
  if (output.length !== 1) {
    out.push(
      specError(lastIndex, null, `The network ends with ${output.join('×')} feature maps, not ${k} class scores.`, `Append a Flatten and a Dense layer with ${k} units and softmax.`),
    );
    return out;
  }
  const dense = [...spec.layers].reverse().find((l) => l.type === 'dense');
  const denseIndex = dense ? spec.layers.lastIndexOf(dense) : null;
  if (output[0] !== k) {
    out.push(
      specError(
        denseIndex,
        denseIndex === null ? null : 'units',
        `The network ends with ${output[0]} values but the dataset has ${k} classes: the head needs exactly ${k} units.`,
        denseIndex === null ? `Append a Dense layer with ${k} units and softmax.` : `Set units of ${describeLayer(denseIndex, 'dense')} to ${k}.`,
      ),
    );
  }
  const endsInSoftmax = (last.type === 'dense' || last.type === 'activation') && last.activation === 'softmax';
  if (!endsInSoftmax) {
    const fixable = last.type === 'dense';
    out.push(
      specError(
        lastIndex,
        fixable ? 'activation' : null,
        `The last layer (${describeLayer(lastIndex, last.type)}) does not end in softmax, but training uses cross-entropy on class probabilities.`,
        fixable ? `Set its activation to softmax.` : `End the network with a Dense layer of ${k} units and softmax (remove anything after it).`,
      ),
    );
  }
  return out;
}

function sizeIssues(spec: ModelSpec): SpecIssue[] {
  const acc = accountSpec(spec);
  if (!acc) return [];
  const out: SpecIssue[] = [];
  const biggest = acc.layers.reduce((a, b) => (b.params > a.params ? b : a));
  const biggestText = `${describeLayer(biggest.index, spec.layers[biggest.index].type)} alone has ${biggest.params.toLocaleString('en')}`;
  if (acc.totalParams > LIMITS.maxParams) {
    out.push(
      specError(biggest.index, null, `The network has ${acc.totalParams.toLocaleString('en')} parameters, more than the playground's limit of ${LIMITS.maxParams.toLocaleString('en')} (${biggestText}).`, 'Use fewer filters or units, or pool more before the first Dense layer.'),
    );
  } else if (acc.totalParams > LIMITS.warnParams) {
    out.push(specWarning(biggest.index, null, `The network has ${acc.totalParams.toLocaleString('en')} parameters (${biggestText}); training in the browser will be slow.`, 'Pool more before the first Dense layer, or use fewer units.'));
  }
  const batchBytes = acc.activationBytes * spec.training.batchSize;
  const mb = (b: number) => `${Math.round(b / MB).toLocaleString('en')} MB`;
  if (batchBytes > LIMITS.maxBatchActivationBytes) {
    out.push(specError(null, 'training.batchSize', `One batch of ${spec.training.batchSize} needs ${mb(batchBytes)} of activations, more than the ${mb(LIMITS.maxBatchActivationBytes)} limit.`, 'Use a smaller batch, fewer filters, or pool earlier.'));
  } else if (batchBytes > LIMITS.warnBatchActivationBytes) {
    out.push(specWarning(null, 'training.batchSize', `One batch of ${spec.training.batchSize} needs ${mb(batchBytes)} of activations; the browser may run short of memory.`, 'Use a smaller batch or fewer filters.'));
  }
  const costly = acc.layers.reduce((a, b) => (b.macs > a.macs ? b : a));
  const costlyText = `${describeLayer(costly.index, spec.layers[costly.index].type)} does ${costly.macs.toLocaleString('en')}`;
  if (acc.totalMacs > LIMITS.maxMacs) {
    out.push(specError(costly.index, null, `One example costs ${acc.totalMacs.toLocaleString('en')} multiply-adds, over the limit of ${LIMITS.maxMacs.toLocaleString('en')} (${costlyText}).`, 'Use fewer filters, smaller kernels, or pool earlier.'));
  } else if (acc.totalMacs > LIMITS.warnMacs) {
    out.push(specWarning(costly.index, null, `One example costs ${acc.totalMacs.toLocaleString('en')} multiply-adds (${costlyText}); training will be slow.`, 'Use fewer filters, smaller kernels, or pool earlier.'));
  }
  return out;
}

function trainingWarnings(spec: ModelSpec): SpecIssue[] {
  const { optimizer, learningRate } = spec.training;
  const adaptive = optimizer === 'adam' || optimizer === 'rmsprop';
  if (adaptive && learningRate > 0.05) {
    return [specWarning(null, 'training.learningRate', `Learning rate ${learningRate} is very high for ${optimizer}; training is likely to diverge (loss NaN).`, 'Try 0.001.')];
  }
  if (optimizer === 'adadelta' && learningRate < 0.01) {
    return [specWarning(null, 'training.learningRate', `Adadelta with learning rate ${learningRate} barely moves the weights.`, 'Adadelta is usually run with learning rate 1.')];
  }
  return [];
}

/** Whether a value looks like a ModelSpec document (has layers and inputShape). */
export function looksLikeSpec(raw: unknown): boolean {
  return isRecord(raw) && Array.isArray(raw.layers) && 'inputShape' in raw;
}
