/**
 * The training hyper-parameters: optimiser, learning rate, batch size, epochs and seed (part of the
 * spec, so they travel with it) and the data options (training-subset size, validation split, test
 * images) of the next run.
 */
import type { OptimizerName } from '../../engine/spec/types';
import { useAppStore } from '../../store';
import { NumberField } from './NumberField';

const OPTIMIZERS: { value: OptimizerName; label: string }[] = [
  { value: 'adam', label: 'Adam' },
  { value: 'sgd', label: 'SGD (plain gradient descent)' },
  { value: 'momentum', label: 'SGD with momentum' },
  { value: 'rmsprop', label: 'RMSprop' },
  { value: 'adadelta', label: 'Adadelta' },
];

const wholeIn = (name: string, low: number, high: number) => (v: number) =>
  Number.isInteger(v) && v >= low && v <= high
    ? null
    : `${name} must be a whole number from ${low.toLocaleString('en-US')} to ${high.toLocaleString('en-US')}.`;

export function HyperParameters() {
  const training = useAppStore((s) => s.spec.training);
  const options = useAppStore((s) => s.trainOptions);
  const setTraining = useAppStore((s) => s.setTraining);
  const setTrainOptions = useAppStore((s) => s.setTrainOptions);
  const setFieldProblem = useAppStore((s) => s.setFieldProblem);
  // Each field reports its own problem under its label, so Start can say which field blocks it.
  const problemOf = (field: string) => (problem: string | null) => setFieldProblem(field, problem);
  const trainCount = useAppStore((s) => s.datasets[s.dataset]?.info?.trainCount ?? 60000);
  const testCount = useAppStore((s) => s.datasets[s.dataset]?.info?.testCount ?? 10000);

  return (
    <fieldset className="hyper">
      <legend className="hyper__legend">Hyper-parameters</legend>
      <label className="number-field">
        <span className="number-field__label">Optimiser</span>
        <select
          value={training.optimizer}
          onChange={(event) => setTraining({ optimizer: event.target.value as OptimizerName })}
          data-testid="hp-optimizer"
        >
          {OPTIMIZERS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <NumberField
        label="Learning rate"
        onProblemChange={problemOf('Learning rate')}
        value={training.learningRate}
        // The same range as the spec validation; high rates inside it are allowed, to watch them diverge.
        check={(v) =>
          v > 0 && v <= 10 ? null : 'Learning rate must be above 0 and at most 10 (try 0.001 for Adam).'
        }
        onCommit={(v) => v !== undefined && setTraining({ learningRate: v })}
        hint={training.learningRate > 1 ? 'Very high: the loss will probably diverge.' : undefined}
        testId="hp-learning-rate"
      />
      <NumberField
        label="Batch size"
        onProblemChange={problemOf('Batch size')}
        value={training.batchSize}
        step={1}
        min={1}
        check={wholeIn('Batch size', 1, 1024)}
        onCommit={(v) => v !== undefined && setTraining({ batchSize: v })}
        testId="hp-batch-size"
      />
      <NumberField
        label="Epochs"
        onProblemChange={problemOf('Epochs')}
        value={training.epochs}
        step={1}
        min={1}
        check={wholeIn('Epochs', 1, 200)}
        onCommit={(v) => v !== undefined && setTraining({ epochs: v })}
        testId="hp-epochs"
      />
      <NumberField
        label="Training images"
        onProblemChange={problemOf('Training images')}
        value={options.trainLimit}
        step={100}
        min={1}
        allowEmpty
        placeholder={`all ${trainCount.toLocaleString('en-US')}`}
        check={wholeIn('Training images', 1, trainCount)}
        onCommit={(v) => setTrainOptions({ trainLimit: v })}
        testId="hp-train-limit"
      />
      <NumberField
        label="Validation split"
        onProblemChange={problemOf('Validation split')}
        value={options.validationSplit}
        step={0.05}
        min={0}
        check={(v) =>
          v >= 0 && v <= 0.5
            ? null
            : 'Validation split must be from 0 to 0.5 (0 validates on the test images).'
        }
        onCommit={(v) => v !== undefined && setTrainOptions({ validationSplit: v })}
        testId="hp-validation-split"
        hint={options.validationSplit === 0 ? '0: validates on the test images' : undefined}
      />
      <NumberField
        label="Test images"
        onProblemChange={problemOf('Test images')}
        value={options.testLimit}
        step={100}
        min={1}
        allowEmpty
        placeholder={`all ${testCount.toLocaleString('en-US')}`}
        check={wholeIn('Test images', 1, testCount)}
        onCommit={(v) => setTrainOptions({ testLimit: v })}
        testId="hp-test-limit"
      />
      <NumberField
        label="Seed"
        onProblemChange={problemOf('Seed')}
        value={training.seed}
        step={1}
        check={wholeIn('Seed', 0, 2 ** 31 - 1)}
        onCommit={(v) => v !== undefined && setTraining({ seed: v })}
        testId="hp-seed"
      />
    </fieldset>
  );
}
