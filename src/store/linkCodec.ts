/**
 * The bytes of a compact link: a JSON document, deflated (raw DEFLATE with a preset dictionary of
 * typical setup text, so that even the first "conv2d" of a model costs a few bits), in base64url.
 * The Fashion-MNIST CNN setup becomes a few dozen characters instead of a thousand, which keeps
 * its QR code small enough to scan from the back of a room.
 *
 * The dictionary is part of the format: changing one byte of it breaks every link made before, so
 * a new dictionary needs a new hash key (and this one must stay readable).
 */
import { deflateSync, inflateSync, strToU8 } from 'fflate';

/** Most common text last: DEFLATE reaches the end of the dictionary with the shortest distances. */
const DICTIONARY_TEXT =
  '{"op":"conv","inputHeight":5,"inputWidth":5,"inChannels":1,"kernelHeight":3,"kernelWidth":3,' +
  '"strides":[1,1],"padding":"valid","dilation":[1,1],"outChannels":1,"input":[0,0,0,1,1,1,0,0,0],' +
  '"kernel":[1,0,-1,1,0,-1,1,0,-1],"bias":[0],"activation":"linear","focusChannel":0,"focusOutChannel":0}' +
  '"c":["play","learningRate"],"x":' +
  '{"type":"avgPool2d","poolSize":[2,2],"strides":[2,2],"padding":"valid"},{"type":"batchNorm"},' +
  '{"type":"activation","activation":"relu"},{"type":"dropout","rate":0.25},' +
  '"kernelInitializer":"truncatedNormal","initStddev":0.05,"biasInit":0.1,"tanh","sgd","mnist",' +
  '{"v":2,"d":"fashion-mnist","p":"fashion-cnn","o":{"trainLimit":2000,"validationSplit":0,"testLimit":1000},' +
  '"m":{"version":1,"name":"Fashion-MNIST CNN","inputShape":[28,28,1],"numClasses":10,"layers":[' +
  '{"type":"conv2d","filters":32,"kernelSize":[3,3],"strides":[1,1],"padding":"same","activation":"relu"},' +
  '{"type":"maxPool2d","poolSize":[2,2],"strides":[2,2],"padding":"valid"},' +
  '{"type":"conv2d","filters":64,"kernelSize":[3,3],"strides":[1,1],"padding":"same","activation":"relu"},' +
  '{"type":"maxPool2d","poolSize":[2,2],"strides":[2,2],"padding":"valid"},{"type":"flatten"},' +
  '{"type":"dense","units":128,"activation":"relu"},{"type":"dense","units":10,"activation":"softmax"}],' +
  '"training":{"optimizer":"adam","learningRate":0.001,"batchSize":32,"epochs":5,"seed":42,"l2":0}}}';

const DICTIONARY = strToU8(DICTIONARY_TEXT);

/** More text than any setup the playground can make (an explorer setup of 36×36×8 values included). */
export const MAX_DOCUMENT_BYTES = 400_000;

export function bytesToBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Throws on anything but base64url (or base64) text. */
export function base64UrlToBytes(encoded: string): Uint8Array {
  if (!/^[A-Za-z0-9_+/-]*={0,2}$/.test(encoded)) throw new Error('not base64url');
  const base64 = encoded.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** A JSON document as compact link text. */
export function packDocument(document: unknown): string {
  return bytesToBase64Url(deflateSync(strToU8(JSON.stringify(document)), { level: 9, dictionary: DICTIONARY }));
}

/** Why a compact link's text could not be read (the message for the banner). */
export class LinkTextError extends Error {}

/**
 * The JSON document in compact link text. Throws a LinkTextError naming the problem: not base64url,
 * not DEFLATE data (cut short or edited), more than MAX_DOCUMENT_BYTES once inflated (a link built to
 * exhaust memory), not UTF-8 or not JSON.
 */
export function unpackDocument(text: string): unknown {
  let packed: Uint8Array;
  try {
    packed = base64UrlToBytes(text);
  } catch {
    throw new LinkTextError('it has characters a link of this playground never has (was it edited?)');
  }
  let inflated: Uint8Array;
  try {
    // A buffer one byte larger than allowed: fflate stops when it is full, so a full buffer means "too large".
    inflated = inflateSync(packed, { out: new Uint8Array(MAX_DOCUMENT_BYTES + 1), dictionary: DICTIONARY });
  } catch {
    throw new LinkTextError('it is not a valid compressed setup (was the link cut short or edited?)');
  }
  if (inflated.length > MAX_DOCUMENT_BYTES) throw new LinkTextError(`it unpacks to more than ${MAX_DOCUMENT_BYTES.toLocaleString('en')} bytes, more than any setup`);
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(inflated);
  } catch {
    throw new LinkTextError('it is not a valid compressed setup (was the link cut short or edited?)');
  }
  try {
    return JSON.parse(json) as unknown;
  } catch {
    throw new LinkTextError('it is not a valid compressed setup (was the link cut short or edited?)');
  }
}

