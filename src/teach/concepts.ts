/**
 * The explanation of each concept, in a few short paragraphs, with the learner's own numbers filled
 * in: "In your network" lines computed from the spec the "?" belongs to (or, where the learner's
 * network lacks such a layer, from the Fashion-MNIST CNN, and said so), from the explorer's setup, or
 * from the network's current answer. Pure: a function of its context, unit-tested.
 */
import { axisArithmetic, tensorflowFormula, textbookFormula } from '../engine/spec/arithmetic';
import type { ModelSpec } from '../engine/spec/types';
import { CONCEPT_TITLES, RELATED, type ConceptId } from './conceptIds';
import {
  convNumbers,
  crossEntropyOf,
  denseNumbers,
  dropoutNumbers,
  flattenNumbers,
  fmt,
  receptiveFields,
  windowNumbers,
  type WindowNumbers,
} from './conceptNumbers';

/** The explorer's window, when the "?" sits in the explorer. */
export interface ExplorerWindow {
  op: 'conv' | 'maxPool' | 'avgPool';
  inputHeight: number;
  inputWidth: number;
  kernelHeight: number;
  kernelWidth: number;
  strides: [number, number];
  padding: 'valid' | 'same' | number;
}

export interface ConceptContext {
  spec: ModelSpec;
  /** Spec index of the layer the "?" belongs to. */
  layer?: number;
  explorer?: ExplorerWindow;
  /** The network's current answer for the pictured input. */
  output?: { probabilities: number[]; classNames: string[]; trueLabel?: number };
  /** The last evaluation on test images. */
  evaluation?: { right: number; count: number } | null;
  /** The last training loss. */
  lastLoss?: number | null;
}

export interface ConceptText {
  id: ConceptId;
  title: string;
  /** The idea in general words. */
  paragraphs: string[];
  /** The same idea with the learner's numbers. */
  yours: string[];
  related: ConceptId[];
}

const layerName = (index: number, example: boolean) => (example ? `the Fashion-MNIST CNN’s layer ${index + 1}` : `layer ${index + 1}`);
const exampleNote = (example: boolean, what: string) => (example ? [`Your network has no ${what}, so these numbers are the Fashion-MNIST CNN’s.`] : []);
const pair = (p: readonly number[]) => (p[0] === p[1] ? `${p[0]}` : `${p[0]}×${p[1]}`);

/** The window to explain: the explorer's, when asked from there, else the layer's. */
function explorerNumbers(w: ExplorerWindow) {
  const height = axisArithmetic(w.inputHeight, w.kernelHeight, w.strides[0], w.padding);
  const width = axisArithmetic(w.inputWidth, w.kernelWidth, w.strides[1], w.padding);
  return { height, width };
}

function windowLines(n: WindowNumbers): string[] {
  const { height, width } = n.window;
  const who = layerName(n.index, n.example);
  const lines = [
    `${who}: ${n.input.slice(0, 2).join('×')} in, a ${n.size.join('×')} window, stride ${pair(n.strides)}, ${n.padding} padding → ${n.output.slice(0, 2).join('×')} out.`,
    `Height: ${textbookFormula(height)}. ${tensorflowFormula(height)}.`,
  ];
  if (width.input !== height.input || width.kernel !== height.kernel || width.stride !== height.stride) {
    lines.push(`Width: ${textbookFormula(width)}. ${tensorflowFormula(width)}.`);
  }
  return lines;
}

function explorerLines(w: ExplorerWindow): string[] {
  const { height } = explorerNumbers(w);
  const op = w.op === 'conv' ? 'filter' : 'pooling window';
  return [
    `The explorer: a ${w.inputHeight}×${w.inputWidth} input, a ${w.kernelHeight}×${w.kernelWidth} ${op}, stride ${pair(w.strides)}, padding ${w.padding}.`,
    `${textbookFormula(height)}. ${tensorflowFormula(height)}.`,
  ];
}

type Explainer = (ctx: ConceptContext) => { paragraphs: string[]; yours: string[] };

const EXPLAIN: Record<ConceptId, Explainer> = {
  filter: (ctx) => {
    const c = convNumbers(ctx.spec, ctx.layer);
    return {
      paragraphs: [
        'A filter (or kernel) is a small grid of weights. It is laid over one patch of the image at a time; each weight is multiplied by the pixel under it, the products are added up with a bias, and that sum is one value of the output map.',
        'Then the filter moves on to the next patch. A 2×2 filter whose four weights are all 0.5 turns the patch (2.0, 3.0 / 2.0, 1.5) into 0.5·(2 + 3 + 2 + 1.5) = 4.25, and the patch (3.0, 0.0 / 1.5, 0.5) into 2.5.',
      ],
      yours: c
        ? [
            ...exampleNote(c.example, 'convolution'),
            `${layerName(c.index, c.example)} has ${c.filters} filters of ${c.kernel.join('×')}×${c.inChannels} = ${fmt(c.weightsPerFilter)} weights each, laid over ${fmt(c.positions)} patches to make each ${c.output[0]}×${c.output[1]} map.`,
          ]
        : [],
    };
  },
  stride: (ctx) => {
    const n = windowNumbers(ctx.spec, ['conv2d', 'maxPool2d', 'avgPool2d'], ctx.layer);
    return {
      paragraphs: [
        'The stride is how far the window moves between two output values. Stride 1 visits every position, so neighbouring patches overlap; stride 2 skips every other one and roughly halves the height and width of the output.',
        'A 7×7 input with a 3×3 filter gives 5×5 at stride 1 and 3×3 at stride 2. When the division is not whole, the last rows and columns are never visited.',
      ],
      yours: ctx.explorer ? explorerLines(ctx.explorer) : n ? [...exampleNote(n.example, 'convolution or pooling layer'), ...windowLines(n)] : [],
    };
  },
  padding: (ctx) => {
    const n = windowNumbers(ctx.spec, ['conv2d', 'maxPool2d', 'avgPool2d'], ctx.layer);
    const pad = n ? n.window.height : null;
    return {
      paragraphs: [
        '“Valid” padding puts the window only where it fits inside the image, so a k×k filter shrinks each side by k − 1. “Same” padding adds rings of zeros around the input so that, at stride 1, the output keeps the input’s size (TensorFlow: out = ceil(in / stride)).',
        'A 5×5 input and a 3×3 filter give 3×3; one ring of zeros (7×7) gives 5×5 again. After a relu no value is negative, so when max pooling pads with zeros those zeros can tie but never win: the padding is never the value picked.',
      ],
      yours: ctx.explorer
        ? explorerLines(ctx.explorer)
        : n && pad
          ? [
              ...exampleNote(n.example, 'convolution or pooling layer'),
              `${layerName(n.index, n.example)} uses ${n.padding} padding: ${pad.padBefore} row(s) of zeros above and ${pad.padAfter} below, so ${n.input[0]} → ${n.output[0]}.`,
            ]
          : [],
    };
  },
  depth: (ctx) => {
    const c = convNumbers(ctx.spec, ctx.layer);
    return {
      paragraphs: [
        'Each filter makes one output map (one channel), so the number of filters is the depth of the output. A filter always reaches through every channel of its input: its own depth is the input’s depth.',
        'That is why the next conv layer’s filters are as deep as this layer has filters.',
      ],
      yours: c
        ? [
            ...exampleNote(c.example, 'convolution'),
            `${layerName(c.index, c.example)}: ${c.filters} filters → ${c.output.join('×')}. Each filter is ${c.kernel.join('×')}×${c.inChannels} deep because its input has ${c.inChannels} channel(s).`,
          ]
        : [],
    };
  },
  sharing: (ctx) => {
    const c = convNumbers(ctx.spec, ctx.layer);
    return {
      paragraphs: [
        'A conv layer uses the same few weights at every position of the image: the filter that finds an edge at the top left finds it at the bottom right too. Learning one edge detector instead of one per position is what keeps the parameter count small.',
      ],
      yours: c
        ? [
            ...exampleNote(c.example, 'convolution'),
            `${layerName(c.index, c.example)}: each of its ${c.filters} filters (${fmt(c.weightsPerFilter)} weights + a bias) is used at ${fmt(c.positions)} positions.`,
          ]
        : [],
    };
  },
  invariance: (ctx) => {
    const n = windowNumbers(ctx.spec, ['maxPool2d', 'avgPool2d'], ctx.layer);
    return {
      paragraphs: [
        'Because the same filter is used everywhere, a shape moved a few pixels gives the same response, moved by the same amount. Pooling then keeps the strongest response of each small window, so a shift smaller than the window often changes nothing at all: the class does not depend on exactly where the object is.',
      ],
      yours: n
        ? [...exampleNote(n.example, 'pooling layer'), `${layerName(n.index, n.example)} keeps one value of each ${n.size.join('×')} window: a shape may move inside that window without changing the output.`]
        : [],
    };
  },
  params: (ctx) => {
    const c = convNumbers(ctx.spec, ctx.layer);
    return {
      paragraphs: [
        'A conv layer has kh·kw·(input channels)·filters weights plus one bias per filter, whatever the size of the image. A dense layer joining the same input values to the same output values needs one weight for every pair of them.',
      ],
      yours: c
        ? [
            ...exampleNote(c.example, 'convolution'),
            `${layerName(c.index, c.example)}: ${c.kernel.join('·')}·${c.inChannels}·${c.filters} + ${c.filters} = ${fmt(c.params)} parameters.`,
            `A dense layer from its ${fmt(c.input[0] * c.input[1] * c.input[2])} input values to its ${fmt(c.output[0] * c.output[1] * c.output[2])} output values would need ${fmt(c.denseParams)} — ${fmt(Math.round(c.denseParams / c.params))} times as many.`,
          ]
        : [],
    };
  },
  'output-size': (ctx) => {
    const n = windowNumbers(ctx.spec, ['conv2d', 'maxPool2d', 'avgPool2d'], ctx.layer);
    return {
      paragraphs: [
        'Output size = (W − F + 2P) / S + 1: the input width W, the window F, the padding P on each side and the stride S. TensorFlow’s “same” is ceil(W / S) and its “valid” is floor((W − F) / S) + 1.',
        'The MNIST CNN keeps 28 with same padding, pools to 14, keeps 14, pools to 7: 28 → 14 → 7.',
      ],
      yours: ctx.explorer ? explorerLines(ctx.explorer) : n ? [...exampleNote(n.example, 'convolution or pooling layer'), ...windowLines(n)] : [],
    };
  },
  pooling: (ctx) => {
    const n = windowNumbers(ctx.spec, ['maxPool2d', 'avgPool2d'], ctx.layer);
    return {
      paragraphs: [
        'Pooling shrinks each map on its own, without weights: max pooling keeps the largest value of each window, average pooling their mean. A 2×2 window with stride 2 keeps one value of four.',
        'Max pooling: [[1, 0], [4, 6]] → 6 and [[3, 2], [1, 2]] → 3.',
      ],
      yours: ctx.explorer
        ? explorerLines(ctx.explorer)
        : n
          ? [...exampleNote(n.example, 'pooling layer'), ...windowLines(n), `${fmt(n.input[0] * n.input[1])} values per map become ${fmt(n.output[0] * n.output[1])}.`]
          : [],
    };
  },
  flatten: (ctx) => {
    const f = flattenNumbers(ctx.spec, ctx.layer);
    return {
      paragraphs: [
        'Dense layers take a list of numbers, not a stack of maps. Flatten lays every value of every map out in one long row; nothing is computed and nothing is learned. 100 maps of 2×2 become 400 values.',
      ],
      yours: f ? [...exampleNote(f.example, 'flatten'), `${layerName(f.index, f.example)}: ${f.product} values.`] : [],
    };
  },
  dense: (ctx) => {
    const d = denseNumbers(ctx.spec, ctx.layer);
    return {
      paragraphs: [
        'In a dense (fully-connected) layer every unit has its own weight for every input value, adds them up with a bias and applies its activation. After a flatten this is where most of a CNN’s parameters usually are.',
      ],
      yours: d
        ? [
            ...exampleNote(d.example, 'dense layer'),
            `${layerName(d.index, d.example)}: ${fmt(d.inputs)}·${fmt(d.units)} + ${fmt(d.units)} = ${fmt(d.params)} parameters, ${(d.share * 100).toFixed(1)} % of the network’s ${fmt(d.totalParams)}.`,
          ]
        : [],
    };
  },
  relu: (ctx) => {
    const relus = ctx.spec.layers.filter((l) => (l.type === 'conv2d' || l.type === 'dense' || l.type === 'activation') && l.activation === 'relu').length;
    return {
      paragraphs: [
        'ReLU keeps a positive value and turns a negative one into 0: relu(x) = max(0, x). Without such a bend, stacked layers would collapse into one linear step and could not learn curved boundaries between classes.',
        'Its outputs are never negative, which is why the zeros of padding never win a max pool after it.',
      ],
      yours: [`Your network applies relu in ${relus} layer(s).`],
    };
  },
  softmax: (ctx) => {
    const o = ctx.output;
    const best = o && o.probabilities.length ? o.probabilities.indexOf(Math.max(...o.probabilities)) : -1;
    return {
      paragraphs: [
        'The last layer gives one score per class. Softmax turns the scores into probabilities: it raises e to each score and divides by their total, so every answer is between 0 and 1 and all of them add up to 1. The biggest score wins.',
      ],
      yours:
        o && best >= 0
          ? [`For this input the network says “${o.classNames[best]}” with ${(o.probabilities[best] * 100).toFixed(1)} %; the ${o.probabilities.length} probabilities add up to ${fmt(Math.round(o.probabilities.reduce((a, b) => a + b, 0) * 100) / 100)}.`]
          : ['No answer yet: the probabilities appear once the network has run on the input.'],
    };
  },
  'cross-entropy': (ctx) => {
    const o = ctx.output;
    const p = o && o.trueLabel !== undefined ? o.probabilities[o.trueLabel] : undefined;
    const yours = [`Guessing among 10 classes at random (10 % each) costs −ln 0.1 = ${crossEntropyOf(0.1).toFixed(2)}: where an untrained network’s loss starts.`];
    if (ctx.lastLoss !== null && ctx.lastLoss !== undefined) yours.push(`Your last training loss: ${ctx.lastLoss.toFixed(3)}.`);
    if (o && p !== undefined && o.trueLabel !== undefined) yours.push(`This input is a “${o.classNames[o.trueLabel]}”; the network gives it ${(p * 100).toFixed(1)} %, a loss of −ln ${p.toFixed(3)} = ${crossEntropyOf(p).toFixed(3)}.`);
    return {
      paragraphs: [
        'The loss the network learns from: minus the logarithm of the probability it gave the true class. A confident right answer (p near 1) costs almost nothing; a confident wrong one costs a lot. Training nudges every weight to make this number smaller; the loss chart shows it falling.',
      ],
      yours,
    };
  },
  dropout: (ctx) => {
    const d = dropoutNumbers(ctx.spec, ctx.layer);
    return {
      paragraphs: [
        'While training, dropout sets a random share of its inputs to 0 at every step (and scales the rest up to make up for them), so the network cannot lean on any single unit. At test time nothing is dropped.',
        'The rate is the share dropped: the course notebook’s “keep 0.75” is a rate of 0.25.',
      ],
      yours: d
        ? [...exampleNote(d.example, 'dropout layer'), `${d.example ? 'The Fashion-MNIST MLP’s' : 'Your'} layer ${d.index + 1}: rate ${d.rate} of ${fmt(d.values)} values, about ${fmt(d.dropped)} silenced on each training step.`]
        : [],
    };
  },
  hierarchy: (ctx) => {
    const fields = receptiveFields(ctx.spec);
    return {
      paragraphs: [
        'Early conv layers see only a few pixels, so they find simple things: edges, strokes, blobs of light and dark. Each later layer combines the maps before it over a wider area, so it responds to combinations: corners, loops, parts of a shoe or a 7.',
      ],
      yours: fields.length
        ? [`What one value sees in your network: ${fields.map((f) => `${f.name} ${f.receptiveField.join('×')} pixels`).join(', ')}.`]
        : ['Your network has no conv layer, so it has no hierarchy of maps: every dense unit sees the whole image at once.'],
    };
  },
  'prediction-grid': (ctx) => {
    const e = ctx.evaluation;
    return {
      paragraphs: [
        'A grid of test images, each with the class the network predicted and how sure it is. A right answer is shown in one colour with ✓, a wrong one in another with ✗ and the true class beside it. The wrong ones are worth a look: are they images a person would get wrong too?',
      ],
      yours: e ? [`The last evaluation got ${fmt(e.right)} of ${fmt(e.count)} test images right (${((e.right / e.count) * 100).toFixed(1)} %).`] : ['Not evaluated yet: train a little, then pause.'],
    };
  },
};

/** The explanation of `id` with the learner's numbers from `ctx`. */
export function explainConcept(id: ConceptId, ctx: ConceptContext): ConceptText {
  const { paragraphs, yours } = EXPLAIN[id](ctx);
  return { id, title: CONCEPT_TITLES[id], paragraphs, yours, related: RELATED[id] };
}
