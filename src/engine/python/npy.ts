/**
 * NumPy's `.npy` and `.npz` formats for float32 arrays: how the Python project hands weights and
 * sample images to numpy, Keras and PyTorch alike (`np.load`), with no HDF5 needed on that side.
 * Format: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html (version 1.0).
 */
import { zipSync } from 'fflate';

/** One float32 array in C order with its shape. */
export interface NpyArray {
  shape: readonly number[];
  values: Float32Array;
}

/** The bytes of a version 1.0 `.npy` file holding a little-endian float32 array. */
export function npyBytes(array: NpyArray): Uint8Array {
  const count = array.shape.reduce((a, b) => a * b, 1);
  if (count !== array.values.length) throw new Error(`npy: shape [${array.shape.join(', ')}] holds ${count} values, not ${array.values.length}`);
  const shape = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(', ')})`;
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shape}, }`;
  // Magic (6) + version (2) + length (2) + header + '\n' must be a multiple of 64 bytes.
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + count * 4);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const body = new DataView(out.buffer, 10 + header.length);
  array.values.forEach((v, i) => body.setFloat32(i * 4, v, true));
  return out;
}

/** An `.npz` archive (a zip of `.npy` files); `np.load(path)[key]` reads each array back. */
export function npzBytes(arrays: Record<string, NpyArray>): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const [key, array] of Object.entries(arrays)) entries[`${key}.npy`] = npyBytes(array);
  return zipSync(entries, { level: 0 });
}
