/**
 * The guided lessons: each a few steps that set the app up (a network, a view, an explorer example),
 * say what to look at, and ask for one thing the app then checks from its own state (the network on
 * the page, the worker's evaluation, the explorer's window). Together they cover all seventeen
 * concepts. Pure data and pure checks; the lesson bridge applies setups and runs the checks.
 */
import type { PresetId } from '../engine/spec/presets';
import type { ConceptId } from './conceptIds';
import { dims, flattenLength, outputOf, totalParams, type LessonView, type LessonWorld } from './lessonWorld';

export interface StepSetup {
  preset?: PresetId;
  view?: LessonView;
  /** An example of the convolution explorer to open (its id in EXPLORER_PRESETS). */
  explorer?: string;
}

export interface TaskStatus {
  done: boolean;
  /** Where the learner stands, in words ("layer 1 gives 26×26×8 now"). */
  note: string;
}

export interface LessonTask {
  prompt: string;
  check: (world: LessonWorld) => TaskStatus;
}

export interface LessonStep {
  title: string;
  /** What to look at and why. */
  text: string;
  setup?: StepSetup;
  /** Test id of what the learner must look at: the lesson panel keeps clear of it. */
  target?: string;
  /** Test ids of what else the step's text sends the learner to ("watch the step panel"): kept clear too. */
  alsoClear?: string[];
  concepts: ConceptId[];
  task?: LessonTask;
}

export interface Lesson {
  id: string;
  title: string;
  summary: string;
  steps: LessonStep[];
}

const close = (a: number | null, b: number) => a !== null && Math.abs(a - b) < 1e-9;

/** A check on the explorer's window. */
function explorerTask(prompt: string, test: (e: NonNullable<LessonWorld['explorer']>) => boolean, noteOf: (e: NonNullable<LessonWorld['explorer']>) => string): LessonTask {
  return {
    prompt,
    check: (w) => (w.explorer ? { done: test(w.explorer), note: noteOf(w.explorer) } : { done: false, note: 'Open the Convolution explorer.' }),
  };
}

/** A check that layer `index` is a conv layer whose output is `h`×`w`. */
function convOutputTask(prompt: string, index: number, h: number, w: number): LessonTask {
  return {
    prompt,
    check: (world) => {
      const layer = world.spec.layers[index];
      const out = outputOf(world.spec, index);
      if (!layer || layer.type !== 'conv2d') return { done: false, note: `Layer ${index + 1} is no longer a convolution.` };
      return { done: out !== null && out[0] === h && out[1] === w, note: `Layer ${index + 1} gives ${dims(out)} now.` };
    },
  };
}

const isCourseNetwork = (w: LessonWorld) => w.spec.layers.length === 8 && w.spec.layers[5]?.type === 'dense' && w.spec.layers[5].units === 1024;

export const LESSONS: readonly Lesson[] = [
  {
    id: 'filters',
    title: '1. A filter slides over patches',
    summary: 'Multiply, add, move on: where 4.25 and 2.5 come from.',
    steps: [
      {
        title: 'One window at a time',
        text: 'The explorer shows a 2×2 filter whose four weights are all 0.5 over a small grid. Press Step forward (or the → key) and watch the step panel: four products and their sum, one output value per window.',
        setup: { view: 'explorer', explorer: 'halves' },
        target: 'sliding-view',
        alsoClear: ['explorer-aside'],
        concepts: ['filter'],
        task: explorerTask(
          'Step the window on until the output value is 2.5.',
          (e) => e.op === 'conv' && e.kernelHeight === 2 && close(e.value, 2.5),
          (e) => (e.value === null ? 'Not started: press Step forward.' : `This window gives ${e.value}.`),
        ),
      },
      {
        title: 'The same weights everywhere',
        text: 'The first window gave 0.5·2.0 + 0.5·3.0 + 0.5·2.0 + 0.5·1.5 = 4.25 and the second 2.5: the same four weights were used at both places. A conv layer learns these few weights once and uses them at every position.',
        target: 'sliding-view',
        concepts: ['filter', 'sharing'],
      },
    ],
  },
  {
    id: 'stride',
    title: '2. Stride and the output size',
    summary: 'Jump two pixels instead of one, and predict the output size.',
    steps: [
      {
        title: 'Stride in the explorer',
        text: 'A 7×7 input and a 3×3 filter at stride 1 give 5×5: (7 − 3 + 0) / 1 + 1. The formula under the step panel fills itself in as you change the settings.',
        setup: { view: 'explorer', explorer: 'stride-1' },
        target: 'sliding-view',
        alsoClear: ['explorer-aside', 'stride-y', 'stride-x'],
        concepts: ['stride', 'output-size'],
        task: explorerTask(
          'Make the output 3×3 without changing the input or the filter.',
          (e) => e.inputHeight === 7 && e.inputWidth === 7 && e.kernelHeight === 3 && e.outHeight === 3 && e.outWidth === 3,
          (e) => `The output is ${e.outHeight}×${e.outWidth} now.`,
        ),
      },
      {
        title: 'Stride in a real network',
        text: 'The Tiny CNN’s first layer is a 3×3 convolution with valid padding: 28 → 26. Click its name to edit it. With stride 2 the formula gives (28 − 3) / 2 + 1 = 13.5, so 13.',
        setup: { view: 'play', preset: 'tiny' },
        target: 'pg-column-0',
        concepts: ['stride', 'output-size'],
        task: convOutputTask('Make layer 1’s output 13×13 by changing one of its settings.', 0, 13, 13),
      },
    ],
  },
  {
    id: 'padding',
    title: '3. Padding keeps the size',
    summary: 'Valid shrinks, same keeps; and the zeros max pooling never picks.',
    steps: [
      {
        title: 'A ring of zeros',
        text: 'A 5×5 input and a 3×3 filter give 3×3: the window only fits in three places per row. Zeros around the edge give it room.',
        setup: { view: 'explorer', explorer: 'valid-5x5' },
        target: 'sliding-view',
        concepts: ['padding', 'output-size'],
        task: explorerTask(
          'Make the output 5×5 again by changing one setting.',
          (e) => e.inputHeight === 5 && e.inputWidth === 5 && e.kernelHeight === 3 && e.outHeight === 5 && e.outWidth === 5,
          (e) => `The output is ${e.outHeight}×${e.outWidth} now.`,
        ),
      },
      {
        title: 'Same padding in a network',
        text: 'The Tiny CNN’s 3×3 convolution uses valid padding, so each map is 26×26. Same padding adds one row and column of zeros on each side.',
        setup: { view: 'play', preset: 'tiny' },
        target: 'pg-column-0',
        concepts: ['padding'],
        task: convOutputTask('Make layer 1’s output 28×28, the size of its input.', 0, 28, 28),
      },
      {
        title: 'Padding that is never picked',
        text: 'This 5×5 grid came out of a relu, so nothing in it is negative. Max pooling with same padding adds zeros at the edge; step through the edge windows: a padding zero can tie but never beat a real value.',
        setup: { view: 'explorer', explorer: 'maxpool-padded' },
        target: 'sliding-view',
        concepts: ['padding', 'relu', 'pooling'],
      },
    ],
  },
  {
    id: 'pooling',
    title: '4. Pooling: 28 → 14 → 7',
    summary: 'Keep the largest of four, halve the maps, count what reaches the flatten.',
    steps: [
      {
        title: 'Max and average',
        text: 'Each 2×2 window keeps its largest value: [[1, 0], [4, 6]] → 6. Average pooling keeps the mean instead.',
        setup: { view: 'explorer', explorer: 'maxpool-2x2' },
        target: 'sliding-view',
        concepts: ['pooling'],
        task: explorerTask(
          'Switch the operation to average pooling and step to the first window.',
          (e) => e.op === 'avgPool' && e.kernelHeight === 2 && e.step >= 0,
          (e) => (e.op === 'avgPool' ? (e.step < 0 ? 'Now step to the first window.' : 'Average pooling.') : `The operation is ${e.op}.`),
        ),
      },
      {
        title: 'Halving twice',
        text: 'The MNIST CNN keeps 28×28 through its first convolution (same padding), pools to 14×14, keeps 14 and pools to 7×7. Its flatten receives 7·7·64 = 3,136 values. See it in the summary.',
        setup: { view: 'build', preset: 'mnist-cnn-1000' },
        target: 'summary-table',
        concepts: ['pooling', 'output-size', 'flatten'],
        task: {
          prompt: 'Remove one pooling layer and read what the flatten receives now: make it 12,544 (14·14·64).',
          check: (w) => {
            const n = flattenLength(w.spec);
            return { done: n === 12544, note: n === null ? 'The network has an error.' : `The flatten receives ${n.toLocaleString('en-US')} values.` };
          },
        },
      },
    ],
  },
  {
    id: 'parameters',
    title: '5. Why convolutions are cheap',
    summary: '320 weights instead of nearly 20 million; filters and depth.',
    steps: [
      {
        title: 'Count the weights',
        text: 'The Fashion-MNIST CNN’s first layer has 32 filters of 3×3×1: 3·3·1·32 + 32 = 320 parameters. A dense layer from the 784 pixels to the same 28·28·32 = 25,088 outputs would need 19,694,080. Open the “?” of the Params column.',
        setup: { view: 'build', preset: 'fashion-cnn' },
        target: 'summary-table',
        concepts: ['params', 'sharing'],
      },
      {
        title: 'Filters make depth',
        text: 'Each filter makes one output channel, and the next convolution’s filters reach through all of them: its 64 filters are 3×3×32.',
        target: 'summary-table',
        concepts: ['depth', 'params'],
        task: {
          prompt: 'Give layer 1 64 filters. Watch its parameters and those of layer 3.',
          check: (w) => {
            const l = w.spec.layers[0];
            if (!l || l.type !== 'conv2d') return { done: false, note: 'Layer 1 is no longer a convolution.' };
            return { done: l.filters === 64, note: `Layer 1 has ${l.filters} filters: ${l.kernelSize.join('·')}·1·${l.filters} + ${l.filters} parameters.` };
          },
        },
      },
    ],
  },
  {
    id: 'dense',
    title: '6. Flatten and dense: where the parameters are',
    summary: '3,136 values into 128 units: 401,536 of 421,642.',
    steps: [
      {
        title: 'The flatten and the big layer',
        text: 'The flatten lays the 7×7×64 maps out as 3,136 numbers. The dense layer after it gives each of its 128 units a weight for every one of them: 3,136·128 + 128 = 401,536 of the network’s 421,642 parameters.',
        setup: { view: 'build', preset: 'fashion-cnn' },
        target: 'summary-table',
        concepts: ['flatten', 'dense'],
      },
      {
        title: 'Make it small',
        text: 'Fewer units in the dense layer, or a smaller map going into the flatten, shrink the count far more than any change to the convolutions.',
        target: 'summary-table',
        concepts: ['dense', 'params'],
        task: {
          prompt: 'Bring the whole network under 100,000 parameters by changing one setting, keeping its convolutions.',
          check: (w) => {
            const n = totalParams(w.spec);
            const convs = w.spec.layers.filter((l) => l.type === 'conv2d').length;
            if (n === null) return { done: false, note: 'The network has an error.' };
            return { done: n < 100_000 && convs >= 2, note: `${n.toLocaleString('en-US')} parameters now${convs < 2 ? ', and a convolution is missing' : ''}.` };
          },
        },
      },
    ],
  },
  {
    id: 'training',
    title: '7. Train it: relu, softmax and the loss',
    summary: 'From scores to probabilities to a number that falls.',
    steps: [
      {
        title: 'From scores to probabilities',
        text: 'The Tiny CNN’s convolution uses relu; its last layer turns ten scores into ten probabilities with softmax. The output column on the right shows them for the input on the left.',
        setup: { view: 'play', preset: 'tiny' },
        target: 'pg-output',
        concepts: ['relu', 'softmax'],
      },
      {
        title: 'Train past 90 %',
        text: 'The loss chart shows the cross-entropy: minus the log of the probability given to the true class. It starts near 2.3 (ten equal guesses) and falls as the network learns.',
        target: 'pg-learning',
        concepts: ['cross-entropy', 'softmax'],
        task: {
          prompt: 'Press Play, and Pause once the test accuracy is past 90 %.',
          check: (w) =>
            w.evaluation
              ? { done: w.evaluation.accuracy > 0.9, note: `Test accuracy ${(w.evaluation.accuracy * 100).toFixed(1)} % after ${w.examplesSeen.toLocaleString('en-US')} images.` }
              : { done: false, note: 'Not evaluated yet: Play, then Pause.' },
        },
      },
      {
        title: 'Right and wrong',
        text: 'The strip of test images under the charts is a prediction grid: each image with the class the network chose, marked ✓ when right and ✗ when wrong.',
        target: 'pg-test-strip',
        concepts: ['prediction-grid'],
      },
    ],
  },
  {
    id: 'slow-notebook',
    title: '8. Why the course notebook learns slowly',
    summary: 'Dropout, plain gradient descent at 0.00001 and huge initial weights.',
    steps: [
      {
        title: 'What is different',
        text: 'The course notebook’s network keeps 0.75 of its 1,024 dense values (dropout rate 0.25), draws every weight from a unit normal and trains with plain gradient descent at learning rate 0.00001. It reaches about 60 % after 20,000 images.',
        setup: { view: 'play', preset: 'mnist-cnn-course' },
        target: 'pg-picture',
        concepts: ['dropout'],
      },
      {
        title: 'Change one thing',
        text: 'The learning rate is in the bar at the top; the initialiser is in each layer’s editor (click its name). Change one, press Play, and compare the loss chart.',
        target: 'pg-picture',
        concepts: ['dropout', 'cross-entropy'],
        task: {
          prompt: 'Change one thing that slows it down: the learning rate, the optimiser or an initialiser.',
          check: (w) => {
            if (!isCourseNetwork(w)) return { done: false, note: 'This is no longer the course network.' };
            const t = w.spec.training;
            const inits = w.spec.layers.filter((l) => (l.type === 'conv2d' || l.type === 'dense') && (l.kernelInitializer !== 'randomNormal' || (l.initStddev ?? 0.05) !== 1)).length;
            const changed = t.learningRate !== 0.00001 || t.optimizer !== 'sgd' || inits > 0;
            return { done: changed, note: changed ? `Learning rate ${t.learningRate}, ${t.optimizer}.` : 'Still SGD at 0.00001 with unit-normal weights.' };
          },
        },
      },
    ],
  },
  {
    id: 'hierarchy',
    title: '9. Edges first, shapes later',
    summary: 'What the first and the second convolution respond to.',
    steps: [
      {
        title: 'Early and late maps',
        text: 'The Fashion-MNIST CNN’s first convolution sees 3×3 pixels per value: its maps pick out edges and light or dark areas. The second one, after a pooling, sees 8×8 pixels and combines them.',
        setup: { view: 'play', preset: 'fashion-cnn' },
        target: 'pg-picture',
        concepts: ['hierarchy', 'filter'],
        task: {
          prompt: 'Click a map of the second convolution (layer 3) to open its close-up.',
          check: (w) => ({
            done: w.selectedChannel !== null && w.selectedChannel.layer === 2 && w.spec.layers[2]?.type === 'conv2d',
            note: w.selectedChannel ? `Channel ${w.selectedChannel.channel + 1} of layer ${w.selectedChannel.layer + 1} is open.` : 'No close-up open.',
          }),
        },
      },
      {
        title: 'Moved a little, found anyway',
        text: 'Every filter is used at every position, so a shoe moved a few pixels lights up the same maps, moved too; the pooling then keeps the strongest value of each window, so small shifts hardly change what reaches the dense layers.',
        target: 'pg-picture',
        concepts: ['invariance', 'pooling'],
      },
    ],
  },
  {
    id: 'mistakes',
    title: '10. Read the prediction grid',
    summary: 'Find an image the network gets wrong and look at it.',
    steps: [
      {
        title: 'A barely trained network',
        text: 'After one batch the Tiny CNN is mostly guessing. Press Step (one batch), and the strip of test images is judged: ✓ right, ✗ wrong with its predicted class.',
        setup: { view: 'play', preset: 'tiny' },
        target: 'pg-test-strip',
        concepts: ['prediction-grid', 'softmax'],
        task: {
          prompt: 'Click a test image marked ✗ to feed it to the network.',
          check: (w) => {
            const p = w.evaluation?.predictions.find((q) => q.index === w.inputIndex);
            if (!w.evaluation) return { done: false, note: 'Not evaluated yet: press Step.' };
            return { done: p !== undefined && p.predicted !== p.label, note: p ? (p.predicted === p.label ? `Test image ${p.index} is right.` : `Test image ${p.index} is wrong.`) : 'Choose an image of the strip.' };
          },
        },
      },
      {
        title: 'Why it was wrong',
        text: 'The output column shows what the network believed about this image: the probability it gave the true class is small, and minus its logarithm is this image’s share of the loss. Press Play for a while and come back to the same image.',
        target: 'pg-output',
        concepts: ['prediction-grid', 'cross-entropy'],
      },
    ],
  },
];

/** The lesson with this id, or undefined. */
export function getLesson(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}

/** The setup in force at step `n` (0-based): each field from the last step up to `n` that sets it. */
export function effectiveSetup(lesson: Lesson, n: number): StepSetup {
  const setup: StepSetup = {};
  for (const step of lesson.steps.slice(0, n + 1)) Object.assign(setup, step.setup ?? {});
  return setup;
}

/** Steps of a lesson that ask for something. */
export function taskSteps(lesson: Lesson): number[] {
  return lesson.steps.flatMap((step, i) => (step.task ? [i] : []));
}
