/**
 * Local response normalisation as a tfjs layer. tfjs-layers ships none, but the TFANN article's
 * network uses tf.nn.lrn after every pooling step, so the playground provides one. It is
 * registered for serialisation so that a saved model (tf.io / model.toJSON) loads back.
 */
import * as tf from '@tensorflow/tfjs';
import { KERAS_CLASS } from './shapes';

/** Hyper-parameters of tf.nn.local_response_normalization. */
export interface LrnConfig {
  depthRadius: number;
  bias: number;
  alpha: number;
  beta: number;
}

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/** The tfjs class name; also what the Keras JSON import/export uses for this layer. */
export const LRN_CLASS_NAME = KERAS_CLASS.lrn;

/** Normalises each activation by the sum of squares of its neighbours along the channel axis. */
export class LocalResponseNormalization extends tf.layers.Layer {
  static className = LRN_CLASS_NAME;
  readonly depthRadius: number;
  readonly bias: number;
  readonly alpha: number;
  readonly beta: number;

  constructor(config: LrnConfig & LayerArgs) {
    super(config);
    this.depthRadius = config.depthRadius;
    this.bias = config.bias;
    this.alpha = config.alpha;
    this.beta = config.beta;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      return tf.localResponseNormalization(x, this.depthRadius, this.bias, this.alpha, this.beta);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      depthRadius: this.depthRadius,
      bias: this.bias,
      alpha: this.alpha,
      beta: this.beta,
    };
  }
}

tf.serialization.registerClass(LocalResponseNormalization);
