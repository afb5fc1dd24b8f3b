#!/usr/bin/env node
// Puts the four gzipped IDX files of MNIST and Fashion-MNIST, and the six gzipped binary batches of
// CIFAR-10 with their class list, into public/datasets/<name>/.
// Order of sources: files already there and valid → ../shared/datasets → the official download sites
// (CIFAR-10: the official cifar-10-binary.tar.gz, unpacked and each batch gzipped as the app reads it).
// Every file is verified by its structure (gzip, magic number, counts, 28×28; CIFAR-10: 10,000
// records of 3,073 bytes, labels 0–9, ten class names) before it is accepted,
// so a half-copied or corrupt file is replaced rather than served. Exits non-zero with one message
// naming every source tried when a dataset cannot be put in place.
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'public', 'datasets');
const shared = process.env.CNNP_SHARED_DATASETS ?? resolve(root, '..', 'shared', 'datasets');

const DATASETS = {
  mnist: 'https://storage.googleapis.com/cvdf-datasets/mnist/',
  'fashion-mnist': 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/',
};
const IDX_FILES = [
  { name: 'train-images-idx3-ubyte.gz', magic: 2051, count: 60000 },
  { name: 'train-labels-idx1-ubyte.gz', magic: 2049, count: 60000 },
  { name: 't10k-images-idx3-ubyte.gz', magic: 2051, count: 10000 },
  { name: 't10k-labels-idx1-ubyte.gz', magic: 2049, count: 10000 },
];
const CIFAR_URL = 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz';
const CIFAR_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
const CIFAR_RECORD = 3073;
const CIFAR_FILES = [
  ...[1, 2, 3, 4, 5].map((k) => ({ name: `data_batch_${k}.bin.gz`, cifar: 'batch' })),
  { name: 'test_batch.bin.gz', cifar: 'batch' },
  { name: 'batches.meta.txt', cifar: 'meta' },
];
const FILES = { mnist: IDX_FILES, 'fashion-mnist': IDX_FILES, 'cifar-10': CIFAR_FILES };

/** Returns null when a CIFAR-10 file (a gzipped batch, or the class list) is valid, else the problem. */
export function cifarProblemWith(bytes, spec) {
  if (spec.cifar === 'meta') {
    const names = new TextDecoder().decode(bytes).split('\n').map((line) => line.trim()).filter(Boolean);
    return names.join(',') === CIFAR_CLASSES.join(',') ? null : `class names ${names.join(', ')}, expected ${CIFAR_CLASSES.join(', ')}`;
  }
  let raw;
  try {
    raw = gunzipSync(bytes);
  } catch (e) {
    return `not a valid gzip file (${e.code ?? e.message})`;
  }
  if (raw.length !== 10000 * CIFAR_RECORD) return `${raw.length} bytes, expected 10,000 records of ${CIFAR_RECORD} bytes (${10000 * CIFAR_RECORD})`;
  for (let r = 0; r < 10000; r++) if (raw[r * CIFAR_RECORD] > 9) return `label ${raw[r * CIFAR_RECORD]} of record ${r} is not 0–9`;
  return null;
}

/** Returns null when the gzipped IDX bytes are a valid file of the expected kind, else the problem. */
export function problemWith(gz, spec) {
  if (spec.cifar) return cifarProblemWith(gz, spec);
  let raw;
  try {
    raw = gunzipSync(gz);
  } catch (e) {
    return `not a valid gzip file (${e.code ?? e.message})`;
  }
  if (raw.length < 8) return 'too short to be an IDX file';
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const magic = view.getUint32(0);
  if (magic !== spec.magic) return `magic number ${magic}, expected ${spec.magic}`;
  const count = view.getUint32(4);
  if (count !== spec.count) return `holds ${count} items, expected ${spec.count}`;
  if (spec.magic === 2051) {
    const rows = view.getUint32(8);
    const cols = view.getUint32(12);
    if (rows !== 28 || cols !== 28) return `images are ${rows}×${cols}, expected 28×28`;
    if (raw.length !== 16 + count * 784) return `truncated: ${raw.length} bytes, expected ${16 + count * 784}`;
  } else {
    if (raw.length !== 8 + count) return `truncated: ${raw.length} bytes, expected ${8 + count}`;
    for (let i = 8; i < raw.length; i++) if (raw[i] > 9) return `label ${raw[i]} at item ${i - 8} is not 0–9`;
  }
  return null;
}

async function tryLocal(path, spec) {
  if (!existsSync(path)) return { ok: false, why: 'missing' };
  const problem = problemWith(await readFile(path), spec);
  return problem ? { ok: false, why: problem } : { ok: true };
}

async function download(url) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 60_000);
  try {
    const response = await fetch(url, { signal: controller.signal });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  } finally {
    clearTimeout(timer);
  }
}

async function ensureFile(dataset, spec) {
  const dest = join(target, dataset, spec.name);
  const tried = [];
  const here = await tryLocal(dest, spec);
  if (here.ok) return { source: 'already in place', tried };
  if (here.why !== 'missing') tried.push(`${dest}: ${here.why}`);

  const sharedPath = join(shared, dataset, spec.name);
  const fromShared = await tryLocal(sharedPath, spec);
  if (fromShared.ok) {
    await copyFile(sharedPath, `${dest}.part`);
    await chmod(`${dest}.part`, 0o644); // the shared copy is read-only; ours must stay replaceable
    await rename(`${dest}.part`, dest);
    return { source: `copied from ${sharedPath}`, tried };
  }
  tried.push(`${sharedPath}: ${fromShared.why}`);

  if (spec.cifar) return { source: null, tried };
  const url = DATASETS[dataset] + spec.name;
  try {
    const bytes = await download(url);
    const problem = problemWith(bytes, spec);
    if (problem) throw new Error(problem);
    await writeFile(`${dest}.part`, bytes);
    await rename(`${dest}.part`, dest);
    return { source: `downloaded from ${url}`, tried };
  } catch (e) {
    tried.push(`${url}: ${e.name === 'AbortError' ? 'timed out after 60 s' : (e.cause?.code ?? e.message)}`);
    return { source: null, tried };
  }
}

/** The files of a (ustar) tar archive by their path. Enough for the official CIFAR-10 archive. */
export function untar(bytes) {
  const files = new Map();
  let offset = 0;
  while (offset + 512 <= bytes.length) {
    const header = bytes.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const text = (from, length) => new TextDecoder().decode(header.subarray(from, from + length)).replace(/\0.*$/s, '');
    const size = parseInt(text(124, 12).trim() || '0', 8);
    const name = (text(345, 155) ? `${text(345, 155)}/` : '') + text(0, 100);
    const type = String.fromCharCode(header[156] || 48);
    if (type === '0') files.set(name, bytes.subarray(offset + 512, offset + 512 + size));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** Downloads the official CIFAR-10 binary archive once and puts the still-missing files in place. */
async function downloadCifar(missing) {
  let files;
  try {
    files = untar(gunzipSync(await download(CIFAR_URL)));
  } catch (e) {
    const why = `${CIFAR_URL}: ${e.name === 'AbortError' ? 'timed out' : (e.cause?.code ?? e.message)}`;
    return missing.map((m) => ({ ...m, tried: [...m.tried, why] }));
  }
  const failures = [];
  for (const m of missing) {
    const inner = `cifar-10-batches-bin/${m.spec.name.replace(/\.gz$/, '')}`;
    const raw = files.get(inner);
    const bytes = raw && (m.spec.cifar === 'meta' ? raw : gzipSync(raw));
    const problem = bytes ? problemWith(bytes, m.spec) : `the archive has no ${inner}`;
    if (problem) {
      failures.push({ ...m, tried: [...m.tried, `${CIFAR_URL}: ${problem}`] });
      continue;
    }
    const dest = join(target, 'cifar-10', m.spec.name);
    await writeFile(`${dest}.part`, bytes);
    await rename(`${dest}.part`, dest);
  }
  return failures;
}

async function main() {
  const failures = [];
  const sources = new Set();
  for (const dataset of Object.keys(FILES)) {
    await mkdir(join(target, dataset), { recursive: true });
    const missing = [];
    for (const spec of FILES[dataset]) {
      const result = await ensureFile(dataset, spec);
      if (result.source) sources.add(result.source.split(' from ')[0]);
      else missing.push({ file: `${dataset}/${spec.name}`, spec, tried: result.tried });
    }
    if (dataset === 'cifar-10' && missing.length) {
      const left = await downloadCifar(missing);
      if (left.length < missing.length) sources.add('downloaded');
      failures.push(...left);
    } else failures.push(...missing);
  }
  if (failures.length) {
    console.error('Could not put the datasets in place. For each file, the sources tried:');
    for (const f of failures) {
      console.error(`  ${f.file}`);
      for (const t of f.tried) console.error(`    - ${t}`);
    }
    console.error(
      'Fix: place the official gzipped IDX files in public/datasets/<mnist|fashion-mnist>/ (CIFAR-10: the\n' +
        'gzipped binary batches and batches.meta.txt in public/datasets/cifar-10/), or check out the\n' +
        "project with its 'shared' folder beside it (../shared/datasets), or connect to the internet and rerun\n" +
        '`npm run datasets`. Set CNNP_SHARED_DATASETS to use another folder with the same layout.',
    );
    process.exit(1);
  }
  console.log(`datasets: MNIST, Fashion-MNIST and CIFAR-10 ready in public/datasets (${[...sources].join(', ')})`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
