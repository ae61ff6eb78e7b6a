// Which of the two builds createMfcf loads, and with how many thread workers.
//   mfcf-core.js          single-threaded: every thread count runs on the calling thread
//   mfcf-core-threads.js  pthreads: a training step runs on up to 1 + workers threads
// The threaded build needs memory shared with Web Workers: SharedArrayBuffer,
// which a browser gives only to a cross-origin isolated page (served with
// Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy:
// require-corp) and its workers, and node always (worker_threads).
// Results never depend on the build: the core gives the same bits for the
// same options on any number of threads really running (thread_pool.hpp).
import { invalid } from './errors.js';
import { describe } from './checks.js';

// The threads a default (`threads: true`) module starts at most, whatever the
// core count: each is a Web Worker holding an instance of the module.
export const DEFAULT_MAX_THREADS = 16;

const isNode = typeof process === 'object' && typeof process.versions?.node === 'string';

/** True where the threaded build can run: shared memory and workers. */
export function canRunThreads() {
  return typeof SharedArrayBuffer === 'function' && globalThis.crossOriginIsolated !== false &&
    (isNode || typeof Worker === 'function');
}

// The machine's logical cores (the specifier is computed so that bundlers leave node's module alone).
async function logicalCores() {
  if (globalThis.navigator?.hardwareConcurrency) return globalThis.navigator.hardwareConcurrency;
  if (isNode) return (await import(/* @vite-ignore */ ['node', 'os'].join(':'))).availableParallelism();
  return 1;
}

// The thread workers to start for factory options `options` (0: load the
// single-threaded build). Without
// `threads`, a module given its .wasm bytes or its instantiation (made for
// mfcf-core.wasm before the threaded build existed) stays single-threaded.
export async function threadWorkers(options) {
  let { threads } = options;
  if (threads === undefined) threads = !(options.wasmBinary || options.instantiateWasm);
  if (threads === false) return 0;
  if (threads === true) threads = Math.min(Math.max(1, Math.floor(await logicalCores()) || 1), DEFAULT_MAX_THREADS);
  else if (!Number.isInteger(threads) || threads < 1) invalid('threads', ` must be true, false or a thread count >= 1 (got ${describe(threads)})`);
  return canRunThreads() ? threads - 1 : 0;
}
