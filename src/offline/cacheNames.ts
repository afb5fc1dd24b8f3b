/**
 * Names shared by the service worker (sw.ts), the page (which reads the dataset cache to say what is
 * available offline) and the engine worker (which recognises the service worker's "not cached" answer).
 * Kept free of imports so that every one of them can include it.
 */

/** Dataset files the learner has opened; kept across app versions (the files do not change). */
export const DATASET_CACHE = 'cnnp-datasets-v1';
/** Header of the service worker's 503 for a dataset file that is neither cached nor reachable. */
export const OFFLINE_HEADER = 'X-CNNP-Offline';
