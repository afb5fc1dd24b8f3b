/**
 * Files → images of a custom dataset, each file on its own: its first bytes are checked first (an
 * SVG, an empty file, something that is not a picture, a 20,000 × 20,000 one are refused by name
 * before any decoder runs), then it is decoded and reduced in a worker (pictureWorker.ts), or on the
 * main thread where workers cannot draw (no OffscreenCanvas). A bad file costs only its own message.
 */
import type { ImageShape } from '../../engine/data/customDataset';
import { decodeSize, reduceRgba, sniffImage } from '../../engine/data/customImage';

export interface PictureRequest {
  id: number;
  blob: Blob;
  shape: ImageShape;
  decode: { width: number; height: number };
}

export type PictureReply = { id: number; ok: true; image: Uint8Array } | { id: number; ok: false; reason: string };

export interface DecodeResult {
  images: Uint8Array[];
  /** One message per refused file, naming it. */
  problems: string[];
}

/** How much of a file is read to learn its kind and size (JPEG metadata can run long). */
const HEAD_BYTES = 256 * 1024;

let worker: Worker | null = null;
let workerBroken = typeof Worker === 'undefined' || typeof OffscreenCanvas === 'undefined';
let nextId = 1;
const waiting = new Map<number, (reply: PictureReply) => void>();

function pictureWorker(): Worker | null {
  if (workerBroken) return null;
  if (!worker) {
    try {
      worker = new Worker(new URL('./pictureWorker.ts', import.meta.url), { type: 'module', name: 'cnn-playground-pictures' });
      worker.onmessage = (event: MessageEvent<PictureReply>) => {
        waiting.get(event.data.id)?.(event.data);
        waiting.delete(event.data.id);
      };
      worker.onerror = () => {
        // The worker itself failed to start: answer what waits, decode the rest on the main thread.
        workerBroken = true;
        for (const [id, resolve] of waiting) resolve({ id, ok: false, reason: 'the picture decoder stopped' });
        waiting.clear();
        worker = null;
      };
    } catch {
      workerBroken = true;
      return null;
    }
  }
  return worker;
}

async function decodeOnMainThread(blob: Blob, shape: ImageShape, size: { width: number; height: number }): Promise<Uint8Array> {
  const bitmap = await createImageBitmap(blob, { resizeWidth: size.width, resizeHeight: size.height, resizeQuality: 'high' });
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('this browser cannot draw the picture onto a canvas');
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  return reduceRgba(context.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height, shape);
}

function decodeInWorker(blob: Blob, shape: ImageShape, size: { width: number; height: number }): Promise<Uint8Array> | null {
  const target = pictureWorker();
  if (!target) return null;
  const id = nextId++;
  return new Promise<Uint8Array>((resolve, reject) => {
    waiting.set(id, (reply) => (reply.ok ? resolve(reply.image) : reject(new Error(reply.reason))));
    const request: PictureRequest = { id, blob, shape, decode: size };
    target.postMessage(request);
  });
}

function reasonOf(error: unknown): string {
  const text = (error instanceof Error ? error.message : String(error)).trim().replace(/[.\s]+$/, '');
  return /source image could not be decoded|InvalidStateError|decode/i.test(text) ? 'the picture is damaged or in a format this browser cannot decode' : text;
}

/** One file → one image, or the message that says why not. */
export async function decodePicture(file: File, shape: ImageShape): Promise<{ image: Uint8Array } | { problem: string }> {
  const name = file.name || 'The picture';
  let head: Uint8Array;
  try {
    head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  } catch (error) {
    return { problem: `${name} could not be read: ${reasonOf(error)}.` };
  }
  const sniffed = sniffImage(head, file.size);
  if (!sniffed.ok) return { problem: `${name} ${sniffed.problem}` };
  // A size the header did not state (rare WebP, JPEG with huge metadata): decode at a square guess.
  const size = sniffed.width && sniffed.height ? decodeSize(sniffed.width, sniffed.height) : { width: 256, height: 256 };
  try {
    const image = (await decodeInWorker(file, shape, size)) ?? (await decodeOnMainThread(file, shape, size));
    return { image };
  } catch (error) {
    return { problem: `Could not read ${name}: ${reasonOf(error)}. Use a PNG, JPEG, GIF, WebP or BMP picture.` };
  }
}

/** Many files, a few at a time (each decode holds a bitmap), reporting progress. */
export async function decodePictures(files: File[], shape: ImageShape, onProgress?: (done: number, total: number) => void): Promise<DecodeResult> {
  const images: (Uint8Array | null)[] = new Array<Uint8Array | null>(files.length).fill(null);
  const problems: (string | null)[] = new Array<string | null>(files.length).fill(null);
  let next = 0;
  let done = 0;
  const lane = async () => {
    while (next < files.length) {
      const k = next++;
      const result = await decodePicture(files[k], shape);
      if ('image' in result) images[k] = result.image;
      else problems[k] = result.problem;
      onProgress?.(++done, files.length);
    }
  };
  await Promise.all([lane(), lane(), lane()]);
  return { images: images.filter((x): x is Uint8Array => x !== null), problems: problems.filter((x): x is string => x !== null) };
}

/** Pixels of a video frame or canvas, centre-square reduced (for the webcam, on the main thread: one small frame). */
export function reduceFrame(source: CanvasImageSource, width: number, height: number, shape: ImageShape, canvas: HTMLCanvasElement): Uint8Array {
  const size = decodeSize(width, height, 96);
  canvas.width = size.width;
  canvas.height = size.height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('this browser cannot draw the camera picture onto a canvas');
  context.drawImage(source, 0, 0, size.width, size.height);
  return reduceRgba(context.getImageData(0, 0, size.width, size.height).data, size.width, size.height, shape);
}
