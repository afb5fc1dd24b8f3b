/**
 * HDF5 reading and writing through h5wasm (the HDF5 C library compiled to WebAssembly). It runs the
 * same in the worker, in Node and under the page's `script-src 'self' 'wasm-unsafe-eval'` policy: the
 * wasm travels inside the module and is instantiated from bytes, with no eval. The module is loaded
 * on first use, so the 4 MB of wasm cost nothing until someone opens or writes a Keras file.
 * Files live in h5wasm's in-memory file system only for the duration of one call.
 */
import type { Dataset, Entity, File as H5File, Group } from 'h5wasm';

type H5wasm = typeof import('h5wasm').default;

let loading: Promise<{ h5: H5wasm; fs: { writeFile(path: string, data: Uint8Array): void; readFile(path: string): Uint8Array; unlink(path: string): void } }> | null = null;
let serial = 0;

async function load() {
  loading ??= (async () => {
    const h5 = (await import('h5wasm')).default;
    const module = await h5.ready;
    return { h5, fs: module.FS as unknown as { writeFile(path: string, data: Uint8Array): void; readFile(path: string): Uint8Array; unlink(path: string): void } };
  })();
  return loading;
}

/** The HDF5 signature every file starts with (at offset 0 for the files Keras writes). */
const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

export function isHdf5(bytes: Uint8Array): boolean {
  return SIGNATURE.every((b, i) => bytes[i] === b);
}

/** Opens `bytes` as an HDF5 file, hands it to `read`, and frees everything afterwards. */
export async function readHdf5<T>(bytes: Uint8Array, read: (file: H5File) => T): Promise<T> {
  const { h5, fs } = await load();
  const path = `/read-${++serial}.h5`;
  fs.writeFile(path, bytes);
  let file: H5File | null = null;
  try {
    file = new h5.File(path, 'r');
    return read(file);
  } finally {
    file?.close();
    fs.unlink(path);
  }
}

/** Builds a new HDF5 file with `write` and returns its bytes. */
export async function writeHdf5(write: (file: H5File) => void): Promise<Uint8Array> {
  const { h5, fs } = await load();
  const path = `/write-${++serial}.h5`;
  const file = new h5.File(path, 'w');
  try {
    write(file);
  } finally {
    file.close();
  }
  try {
    return fs.readFile(path).slice();
  } finally {
    fs.unlink(path);
  }
}

/** The entity at `path` if it is a group. */
export function groupAt(root: Group, path: string): Group | null {
  const entity: Entity | null = root.get(path);
  return entity && 'type' in entity && entity.type === 'Group' ? (entity as Group) : null;
}

/** The entity at `path` if it is a dataset. */
export function datasetAt(root: Group, path: string): Dataset | null {
  const entity: Entity | null = root.get(path);
  return entity && 'type' in entity && entity.type === 'Dataset' ? (entity as Dataset) : null;
}

/** A numeric dataset as float32 values with its shape (Keras stores weights as float32). */
export function readFloats(dataset: Dataset): { shape: number[]; values: Float32Array } {
  const value = dataset.value;
  const shape = dataset.shape ?? [];
  if (value instanceof Float32Array) return { shape, values: value.slice() };
  if (value instanceof Float64Array) return { shape, values: Float32Array.from(value) };
  if (typeof value === 'number') return { shape, values: Float32Array.of(value) };
  throw new Error(`dataset ${dataset.path} does not hold floating-point numbers (dtype ${JSON.stringify(dataset.dtype)})`);
}

/** A string attribute (h5py writes them variable-length UTF-8), or undefined. */
export function stringAttr(owner: Group | Dataset, name: string): string | undefined {
  const attr = owner.attrs[name];
  if (!attr) return undefined;
  const value = attr.value;
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  return undefined;
}

/** A list-of-strings attribute (Keras' `layer_names`, `weight_names`), or undefined. */
export function stringListAttr(owner: Group | Dataset, name: string): string[] | undefined {
  const attr = owner.attrs[name];
  if (!attr) return undefined;
  const value = attr.value;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.map((v) => (v instanceof Uint8Array ? new TextDecoder().decode(v) : String(v)));
  return undefined;
}
