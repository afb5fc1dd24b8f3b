/**
 * The checks and geometry both convolution-gradient kernels start with: float32 operands, NHWC layout,
 * and tfjs's own Conv2DInfo turned into the loops' ConvGeometry.
 */
import * as tf from '@tensorflow/tfjs';
import { type ConvGeometry, geometryOf } from './im2col';

type Shape4 = [number, number, number, number];

export interface GradientCall {
  kernelName: string;
  /** The kernel's tensor operands by name, for the dtype check and its message. */
  operands: Record<string, tf.TensorInfo>;
  dataFormat: 'NHWC' | 'NCHW' | undefined;
  inputShape: Shape4;
  filterShape: Shape4;
  strides: [number, number] | number;
  pad: tf.Conv2DBackpropInputAttrs['pad'];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** The convolution's geometry; throws a message naming the kernel when the call is not supported. */
export function gradientGeometry(call: GradientCall): ConvGeometry {
  const wrong = Object.entries(call.operands).filter(([, info]) => info.dtype !== 'float32');
  if (wrong.length > 0) {
    const got = Object.entries(call.operands)
      .map(([name, info]) => `${name} ${info.dtype}`)
      .join(' and ');
    throw new Error(`${call.kernelName} on wasm needs float32 tensors, got ${got}.`);
  }
  if (call.dataFormat === 'NCHW') {
    throw new Error(`${call.kernelName} on wasm supports only dataFormat NHWC; transpose the input to NHWC.`);
  }
  const info = tf.backend_util.computeConv2DInfo(
    call.inputShape,
    call.filterShape,
    call.strides,
    1,
    call.pad,
    call.dimRoundingMode,
    false,
    'channelsLast',
  );
  return geometryOf(info);
}
