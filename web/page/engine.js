// The training worker's lifecycle: start-up (the engine and the library's
// defaults), a crash reported with an offer to restart, and the restart.
import { WorkerClient } from '../lib/client.js';
import { state, engineLost } from './store.js';
import { $, setStatus } from './dom.js';
import { setButtons } from './buttons.js';

export const client = new WorkerClient(() => new Worker(new URL('../workers/training-worker.js', import.meta.url), { type: 'module' }));

// Starts the worker and its engine; resolves to the defaults of each
// algorithm: the library's (mf.defaultOptions()), but the thread count of
// ALS and implicit ALS, which the page spells as every thread the engine has
// (the library's 0, "all cores", trains the same model). SGD keeps the library's 1: more
// threads train it in another order (a run should not depend on the computer).
export async function startEngine() {
  client.start();
  setStatus('Loading the engine…');
  const { defaults, threads } = await client.request('init');
  showThreads(threads);
  setStatus('Engine ready.');
  const allThreads = (d) => (d.threads === 0 ? { ...d, threads: threads.max } : d);
  return { ...defaults, als: allThreads(defaults.als), ials: allThreads(defaults.ials) };
}

// The threads setting shows only where the threaded engine runs (the page is
// cross-origin isolated); elsewhere one line says why training uses one thread.
function showThreads({ available, max }) {
  state.threads = { available, max };
  document.body.classList.toggle('threads-on', available);
  $('threads-note').hidden = available;
}

// onLost(): what else stops with the engine; reload(): loads the data set again.
export function wireEngine({ onLost, reload }) {
  const lost = () => {
    engineLost();
    onLost();
    setButtons();
  };
  client.on('crash', ({ message }) => {
    lost();
    $('crash-message').textContent = message;
    $('crash').hidden = false;
    setStatus('The engine stopped.');
  });
  $('restart').addEventListener('click', async () => {
    $('crash').hidden = true;
    lost();
    client.stop('the worker was restarted');
    try {
      await startEngine();
      await reload();
    } catch (error) {
      setStatus(`The engine could not start: ${error.message}`);
    }
  });
}
