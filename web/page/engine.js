// The training worker's lifecycle: start-up (the engine and the library's
// defaults), a crash reported with an offer to restart, and the restart.
import { WorkerClient } from '../lib/client.js';
import { engineLost } from './store.js';
import { $, setStatus } from './dom.js';
import { setButtons } from './buttons.js';

export const client = new WorkerClient(() => new Worker(new URL('../workers/training-worker.js', import.meta.url), { type: 'module' }));

// Starts the worker and its engine; resolves to mf.defaultOptions() of each algorithm.
export async function startEngine() {
  client.start();
  setStatus('Loading the engine…');
  const { defaults } = await client.request('init');
  setStatus('Engine ready.');
  return defaults;
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
