#!/usr/bin/env node
// Puts the four gzipped IDX files of MNIST and Fashion-MNIST into public/datasets/<name>/.
// Order of sources: files already there and valid → ../shared/datasets → the official download sites.
// Every file is verified by its structure (gzip, magic number, counts, 28×28) before it is accepted,
// so a half-copied or corrupt file is replaced rather than served. Exits non-zero with one message
// naming every source tried when a dataset cannot be put in place.
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'public', 'datasets');
const shared = process.env.CNNP_SHARED_DATASETS ?? resolve(root, '..', 'shared', 'datasets');

const DATASETS = {
  mnist: 'https://storage.googleapis.com/cvdf-datasets/mnist/',
  'fashion-mnist': 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/',
};
const FILES = [
  { name: 'train-images-idx3-ubyte.gz', magic: 2051, count: 60000 },
  { name: 'train-labels-idx1-ubyte.gz', magic: 2049, count: 60000 },
  { name: 't10k-images-idx3-ubyte.gz', magic: 2051, count: 10000 },
  { name: 't10k-labels-idx1-ubyte.gz', magic: 2049, count: 10000 },
];

/** Returns null when the gzipped IDX bytes are a valid file of the expected kind, else the problem. */
export function problemWith(gz, spec) {
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

async function main() {
  const failures = [];
  const sources = new Set();
  for (const dataset of Object.keys(DATASETS)) {
    await mkdir(join(target, dataset), { recursive: true });
    for (const spec of FILES) {
      const result = await ensureFile(dataset, spec);
      if (result.source) sources.add(result.source.split(' from ')[0]);
      else failures.push({ file: `${dataset}/${spec.name}`, tried: result.tried });
    }
  }
  if (failures.length) {
    console.error('Could not put the datasets in place. For each file, the sources tried:');
    for (const f of failures) {
      console.error(`  ${f.file}`);
      for (const t of f.tried) console.error(`    - ${t}`);
    }
    console.error(
      'Fix: place the official gzipped IDX files in public/datasets/<mnist|fashion-mnist>/, or check out the\n' +
        "project with its 'shared' folder beside it (../shared/datasets), or connect to the internet and rerun\n" +
        '`npm run datasets`. Set CNNP_SHARED_DATASETS to use another folder with the same layout.',
    );
    process.exit(1);
  }
  console.log(`datasets: MNIST and Fashion-MNIST ready in public/datasets (${[...sources].join(', ')})`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
