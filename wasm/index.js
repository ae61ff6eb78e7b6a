// mfcf: matrix-factorization recommenders (ALS, SGD, implicit ALS) compiled to WebAssembly.
// The plain-JS layer over the embind module (bindings.cpp): option objects,
// string enums and argument checks (options.js, checks.js), errors
// (errors.js), lifetimes (below), and the classes by concern: data.js,
// training.js, model.js, grid.js, ranking.js. Works in pages and module workers; node
// uses node.js, which passes the .wasm bytes itself.
import createMfcfCore from './dist/mfcf-core.js';
import { MfError, engineError, invalidParts, invalidUse } from './errors.js';
import { conversions } from './options.js';
import { dataApi } from './data.js';
import { modelApi } from './model.js';
import { trainingApi } from './training.js';
import { gridApi } from './grid.js';
import { rankingApi } from './ranking.js';
import { sparkApi } from './spark.js';
import { threadWorkers } from './threads.js';

export { MfError };

const disposeSymbol = Symbol.dispose ?? Symbol.for('Symbol.dispose');
const FACTORY_OPTIONS = ['threads', 'locateFile', 'wasmBinary', 'print', 'printErr', 'instantiateWasm', 'onAbort'];

/**
 * Loads the WebAssembly module and returns the API bound to it. Options:
 * `threads` (true: the threaded build where it can run, threads.js; false:
 * the single-threaded one; n: at most n threads), `locateFile(name,
 * scriptDirectory)` to serve the module's files from elsewhere, or
 * `wasmBinary` (the bytes of the build's .wasm) to skip fetching.
 */
export default async function createMfcf(options = {}) {
  const moduleOptions = {};
  for (const [key, value] of Object.entries(options ?? {})) {
    if (!FACTORY_OPTIONS.includes(key)) invalidParts("unknown option '", key, `' (known: ${FACTORY_OPTIONS.join(', ')})`);
    if (key !== 'threads') moduleOptions[key] = value;
  }
  const workers = await threadWorkers(options ?? {});
  if (workers === 0) return bindApi(await createMfcfCore(moduleOptions), 1);
  const { default: createThreadedCore } = await import('./dist/mfcf-core-threads.js');
  const core = await createThreadedCore({ ...moduleOptions, mfcfWorkers: workers });
  // Threads start only on these preloaded workers (none can start later):
  // the core's pools share them, each taking what the others left.
  core._limitWorkerThreads(workers);
  // In node the idle workers must not keep the process alive (a browser's have no unref).
  for (const worker of core.PThread.unusedWorkers) worker.unref?.();
  return bindApi(core, workers + 1);
}

// The API bound to one module instance, which runs a step on at most `maxThreads` threads.
function bindApi(core, maxThreads) {
  const live = { Dataset: 0, Split: 0, Trainer: 0, Model: 0 };

  // Every call that can fail in C++ is followed by this: the bindings record
  // the exception instead of throwing through embind (glue.hpp).
  function check(result) {
    const e = core._takeError();
    if (e) throw engineError(e.kind, e.parts);
    return result;
  }

  const handles = new WeakMap();
  const token = Symbol('internal');

  // Owner of one C++ object. The wasm heap is not garbage-collected: delete()
  // frees it, and liveObjects() counts the ones not deleted yet.
  class Handle {
    #kind;
    constructor(secret, handle, kind) {
      if (secret !== token) throw new TypeError(`${kind} objects are made by the library's factories`);
      handles.set(this, handle);
      this.#kind = kind;
      live[kind]++;
    }
    get _h() {
      const h = handles.get(this);
      if (!h) invalidUse(`this ${this.#kind} was deleted`);
      return h;
    }
    get isDeleted() {
      return !handles.get(this);
    }
    delete() {
      const h = handles.get(this);
      if (!h) return;
      h.delete();
      handles.set(this, null);
      live[this.#kind]--;
    }
    [disposeSymbol]() {
      this.delete();
    }
  }

  const api = { core, check, token, Handle, conv: conversions(core, check) };
  Object.assign(api, dataApi(api));
  Object.assign(api, modelApi(api));
  Object.assign(api, trainingApi(api));
  Object.assign(api, sparkApi(api));
  const { Dataset, Split, Trainer, Model, parseMovies } = api;

  return Object.freeze({
    Dataset,
    Split,
    Trainer,
    Model,
    MfError,
    parseMovies,
    importSpark: api.importSpark,
    sparkSource: api.sparkSource,
    ...gridApi(api),
    ...rankingApi(api),
    defaultOptions: (algorithm) => api.conv.publicOptions(api.conv.trainOptions(algorithm === undefined ? {} : { algorithm })),
    threadsAvailable: maxThreads > 1,
    maxThreads,
    liveObjects: () => ({ ...live }),
    heapBytes: () => core._heapBytes(),
    heapUsedBytes: () => core._heapUsedBytes(),
    heapRoomBytes: () => core._heapRoom(),
    loadMemoryBytes: api.loadMemoryBytes,
  });
}
