// The worker side of the protocol that lib/client.js speaks, shared by both
// worker entry points (training-worker.js, grid-worker.js).
//
// Requests: { id, action, ...args }. Replies: { id, result } or { id, error }.
// Unrequested messages have a `type` (each entry point lists its own);
// { type: 'fatal', message } says the module is unusable, and the page offers
// a restart.
import createMfcf from '../../wasm/index.js';
import wasmUrl from '../../wasm/dist/mfcf-core.wasm?url';
import threadsWasmUrl from '../../wasm/dist/mfcf-core-threads.wasm?url';
import threadsWorkerUrl from '../../wasm/dist/mfcf-core-threads.worker.js?url';

// Where the bundle put each file the library asks for.
const FILES = { 'mfcf-core.wasm': wasmUrl, 'mfcf-core-threads.wasm': threadsWasmUrl, 'mfcf-core-threads.worker.js': threadsWorkerUrl };

// The wasm module, once the `init` request has loaded it.
export let mf = null;

// threads: the library's factory option; by default the threaded build where
// the page is cross-origin isolated, else the single-threaded one.
export async function loadEngine({ threads } = {}) {
  mf ??= await createMfcf({ threads, locateFile: (file) => FILES[file] ?? file });
  return mf;
}

export function post(message, transfer) {
  self.postMessage(message, transfer ?? []);
}

const TRANSFER = Symbol('transfer');
// A reply whose buffers move to the page instead of being copied.
export const withTransfer = (value, transfer) => ({ [TRANSFER]: transfer, value });

export const errorText = (error) => String(error?.message ?? error);

// A wasm trap or abort leaves the module unusable.
export function fatalIfAborted(error) {
  const text = errorText(error);
  if (error instanceof WebAssembly.RuntimeError || /^Aborted\b|abort\(/.test(text)) post({ type: 'fatal', message: text });
}

// Answers requests with `actions[action](args)`, one request at a time and in
// order, even when one awaits (a file read): a reset must never interleave with
// the load of another data set. `immediate` actions (no reply) skip the queue,
// so that a cancel never waits behind the work it cancels. `init` loads the
// module; every other action needs it loaded.
export function serve(actions, immediate = {}) {
  let queue = Promise.resolve();
  self.addEventListener('message', (event) => {
    const message = event.data ?? {};
    if (Object.hasOwn(immediate, message.action)) immediate[message.action](message);
    else queue = queue.then(() => handle(actions, message));
  });
  self.addEventListener('unhandledrejection', (event) => post({ type: 'fatal', message: errorText(event.reason) }));
}

async function handle(actions, { id, action, ...args }) {
  try {
    if (!Object.hasOwn(actions, action)) throw new Error(`unknown action '${action}'`);
    if (!mf && action !== 'init') throw new Error('the wasm module is not loaded yet');
    const value = await actions[action](args);
    if (value && value[TRANSFER]) post({ id, result: value.value }, value[TRANSFER]);
    else post({ id, result: value });
  } catch (error) {
    post({ id, error: errorText(error) });
    fatalIfAborted(error);
  }
}
