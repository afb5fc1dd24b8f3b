/// <reference lib="webworker" />
/**
 * Decodes pictures off the main thread: createImageBitmap at a reduced size, an OffscreenCanvas to
 * read its pixels, then the pure centre-square reduction (engine/data/customImage). A hundred photos
 * dropped at once therefore never freeze the page.
 */
import { reduceRgba } from '../../engine/data/customImage';
import type { PictureReply, PictureRequest } from './pictureDecode';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<PictureRequest>) => {
  const { id, blob, shape, decode } = event.data;
  let reply: PictureReply;
  try {
    const bitmap = await createImageBitmap(blob, { resizeWidth: decode.width, resizeHeight: decode.height, resizeQuality: 'high' });
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('this browser cannot draw pictures off the main thread');
    context.drawImage(bitmap, 0, 0);
    const rgba = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
    const image = reduceRgba(rgba, bitmap.width, bitmap.height, shape);
    bitmap.close();
    reply = { id, ok: true, image };
    scope.postMessage(reply, [image.buffer]);
    return;
  } catch (error) {
    reply = { id, ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
  scope.postMessage(reply);
};
