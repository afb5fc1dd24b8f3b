/**
 * Import of the TFANN article's layer notation, so that a reader can paste
 * `[('C',[5,5,1,32],[1,1,1,1]), ('P',[1,2,2,1],[1,2,2,1]), ('F',10)]` and get the network
 * CNNC would build: 'C' = convolution + relu (filter [h, w, in, out], strides [1, h, w, 1]),
 * 'P' = max pooling followed by local response normalisation, 'F' = fully connected (relu,
 * except the last, which becomes the softmax head). Padding is SAME unless told otherwise.
 * Never throws.
 */
import { show } from './field-reader';
import { hasErrors, specError, specWarning, type SpecIssue } from './issues';
import { defaultLayer } from './layer-defaults';
import { parseSpec } from './validate';
import { SPEC_VERSION, type LayerSpec, type ModelSpec, type Padding } from './types';

export interface TfannOptions {
  inputShape?: [number, number, number];
  numClasses?: number;
  padding?: Padding;
  name?: string;
}

type Value = number | string | Value[];

/** Reads Python list/tuple literals of numbers and quoted strings into nested arrays. */
function parseLiteral(text: string): { value?: Value; error?: string } {
  const tokens = text.match(/'[^']*'|"[^"]*"|-?\d+(?:\.\d+)?(?:e-?\d+)?|[[\]()]|,|\S/gi) ?? [];
  let pos = 0;
  const read = (): Value => {
    const token = tokens[pos++];
    if (token === undefined) throw new Error('the text ends too early (a bracket is not closed)');
    if (token === '[' || token === '(') {
      const close = token === '[' ? ']' : ')';
      const items: Value[] = [];
      while (tokens[pos] !== close) {
        if (tokens[pos] === undefined) throw new Error(`a '${token}' is never closed`);
        items.push(read());
        if (tokens[pos] === ',') pos++;
        else if (tokens[pos] === undefined) throw new Error(`a '${token}' is never closed`);
        else if (tokens[pos] !== close) throw new Error(`expected ',' or '${close}' but found '${tokens[pos]}'`);
      }
      pos++;
      return items;
    }
    if (/^['"]/.test(token)) return token.slice(1, -1);
    const n = Number(token);
    if (Number.isFinite(n)) return n;
    throw new Error(`unexpected '${token}'`);
  };
  try {
    const value = read();
    if (pos < tokens.length) throw new Error(`unexpected '${tokens[pos]}' after the list`);
    return { value };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

const isInts = (v: Value | undefined, n: number): v is number[] =>
  Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number' && Number.isInteger(x));

/** Translates TFANN notation (text or an already-parsed array) into a spec. */
export function tfannToSpec(input: string | unknown[], options: TfannOptions = {}): { spec?: ModelSpec; issues: SpecIssue[] } {
  const issues: SpecIssue[] = [];
  const example = "[('C',[5,5,1,32],[1,1,1,1]), ('P',[1,2,2,1],[1,2,2,1]), ('F',10)]";
  let list: unknown;
  if (typeof input === 'string') {
    const parsed = parseLiteral(input);
    if (parsed.error) {
      issues.push(specError(null, null, `The TFANN spec could not be read: ${parsed.error}.`, `Write it like ${example}.`));
      return { issues };
    }
    list = parsed.value;
  } else list = input;
  if (!Array.isArray(list) || list.length === 0) {
    issues.push(specError(null, null, `A TFANN spec is a non-empty list of tuples, got ${show(list)}.`, `Write it like ${example}.`));
    return { issues };
  }
  const inputShape = options.inputShape ?? [28, 28, 1];
  const numClasses = options.numClasses ?? 10;
  const padding = options.padding ?? 'same';
  const layers: LayerSpec[] = [];
  let channels = inputShape[2];
  let flat = false;
  const lastF = list.map((t) => (Array.isArray(t) ? t[0] : null)).lastIndexOf('F');
  list.forEach((tuple: unknown, i) => {
    const where = `TFANN entry ${i + 1}`;
    const t = Array.isArray(tuple) ? (tuple as Value[]) : [];
    const kind = t[0];
    if (kind === 'C') {
      if (!isInts(t[1], 4) || !isInts(t[2], 4)) {
        issues.push(specError(layers.length, null, `${where} ('C') needs a filter [height, width, in, out] and strides [1, h, w, 1], got ${show(tuple)}.`, "Write it like ('C', [5, 5, 1, 32], [1, 1, 1, 1])."));
        return;
      }
      const [h, w, cin, cout] = t[1];
      if (flat) issues.push(specError(layers.length, null, `${where} ('C') comes after an 'F' layer; convolutions need images.`, "Put every 'C' and 'P' before the first 'F'."));
      if (cin !== channels) {
        issues.push(specWarning(layers.length, 'filters', `${where} ('C'): the filter depth ${cin} does not match the ${channels} channel(s) of its input; TFANN filters span the whole depth, so it is read as ${channels}.`, `Write the filter as [${h}, ${w}, ${channels}, ${cout}].`));
      }
      layers.push({ ...defaultLayer('conv2d'), filters: cout, kernelSize: [h, w], strides: [t[2][1], t[2][2]], padding, activation: 'relu', kernelInitializer: 'truncatedNormal', initStddev: 0.05 } as LayerSpec);
      channels = cout;
    } else if (kind === 'P') {
      if (!isInts(t[1], 4) || !isInts(t[2], 4)) {
        issues.push(specError(layers.length, null, `${where} ('P') needs a window [1, h, w, 1] and strides [1, h, w, 1], got ${show(tuple)}.`, "Write it like ('P', [1, 2, 2, 1], [1, 2, 2, 1])."));
        return;
      }
      layers.push({ type: 'maxPool2d', poolSize: [t[1][1], t[1][2]], strides: [t[2][1], t[2][2]], padding });
      // CNNC normalises after every pooling step.
      layers.push({ type: 'lrn', depthRadius: 4, bias: 1, alpha: 0.001 / 9, beta: 0.75 });
    } else if (kind === 'F') {
      const units = t[1];
      if (typeof units !== 'number' || !Number.isInteger(units) || units < 1) {
        issues.push(specError(layers.length, 'units', `${where} ('F') needs a whole number of neurons, got ${show(t[1])}.`, "Write it like ('F', 64)."));
        return;
      }
      if (!flat) layers.push({ type: 'flatten' });
      flat = true;
      const head = i === lastF;
      if (head && units !== numClasses) {
        issues.push(specWarning(layers.length, 'units', `${where} ('F', ${units}) is the output layer; the dataset has ${numClasses} classes, so it becomes ${numClasses} units.`, `Write ('F', ${numClasses}) to silence this.`));
      }
      layers.push({ type: 'dense', units: head ? numClasses : units, activation: head ? 'softmax' : 'relu', useBias: true, kernelInitializer: 'truncatedNormal', initStddev: 0.04, biasInit: 0.1 });
    } else {
      issues.push(specError(layers.length, 'type', `${where} ${show(tuple)} is not a ('C', …), ('P', …) or ('F', …) tuple.`, `Write it like ${example}.`));
    }
  });
  if (hasErrors(issues)) return { issues };
  const doc = {
    version: SPEC_VERSION,
    name: options.name ?? 'TFANN CNNC',
    inputShape,
    numClasses,
    layers,
    training: { optimizer: 'adam', learningRate: 0.0001, batchSize: 256, epochs: 5, seed: 42, l2: 0 },
  };
  const parsed = parseSpec(doc);
  return { spec: parsed.spec, issues: [...issues, ...parsed.issues] };
}
