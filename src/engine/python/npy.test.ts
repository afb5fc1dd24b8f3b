import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { npyBytes, npzBytes } from './npy';
import { torchModelCode } from './torch-code';
import { getPreset } from '../spec/presets';

/** Reads a version 1.0 float32 .npy back: the header text and the values. */
function readNpy(bytes: Uint8Array): { header: string; values: Float32Array } {
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint16(8, true);
  const header = new TextDecoder().decode(bytes.subarray(10, 10 + length));
  const body = bytes.slice(10 + length);
  return { header, values: new Float32Array(body.buffer) };
}

describe('NumPy files', () => {
  it('writes .npy with the magic, a 64-byte aligned header, the shape and little-endian float32 values', () => {
    const bytes = npyBytes({ shape: [2, 3], values: Float32Array.of(1, 2, 3, 4, 5, -0.5) });
    expect([...bytes.subarray(0, 8)]).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    const { header, values } = readNpy(bytes);
    expect((10 + header.length) % 64).toBe(0);
    expect(header.trimEnd()).toBe("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }");
    expect(header.endsWith('\n')).toBe(true);
    expect([...values]).toEqual([1, 2, 3, 4, 5, -0.5]);
    expect(readNpy(npyBytes({ shape: [4], values: new Float32Array(4) })).header).toContain("'shape': (4,)");
    expect(() => npyBytes({ shape: [3], values: new Float32Array(2) })).toThrow(/holds 3 values, not 2/);
  });

  it('packs .npz members as <key>.npy', () => {
    const zip = unzipSync(npzBytes({ 'dense_1/kernel': { shape: [1], values: Float32Array.of(7) } }));
    expect(Object.keys(zip)).toEqual(['dense_1/kernel.npy']);
    expect([...readNpy(zip['dense_1/kernel.npy']).values]).toEqual([7]);
  });
});

describe('PyTorch model code', () => {
  it('reorders the first dense kernel after a flatten of feature maps, and only then', () => {
    const cnn = torchModelCode(getPreset('fashion-cnn')!.spec);
    expect(cnn).toContain('w["dense_5/kernel"][hwc_to_chw(7, 7, 64)].T');
    expect(cnn).toContain('w["dense_6/kernel"].T');
    expect(cnn).toContain('self.conv2d_0(same_pad(x, (3, 3), (1, 1)))');
    const mlp = torchModelCode(getPreset('fashion-mlp')!.spec);
    expect(mlp).toContain('hwc_to_chw(28, 28, 1)');
    const lrn = torchModelCode(getPreset('tfann-cnnc')!.spec);
    expect(lrn).toMatch(/nn\.LocalResponseNorm\(9, alpha=0\.000111+\d* \* 9, beta=0\.75, k=1\.0\)/);
  });
});
