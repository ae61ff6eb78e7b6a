// The training and data buttons, enabled by what the page is doing, and
// Play's label (Play, Pause, Resume, Continue; Diverged, disabled, after a
// divergence) and what it does, on hover and focus.
import { state } from './store.js';
import { $ } from './dom.js';
import { revealMath } from '../lib/math.js';
import { markReadyToTrain } from './test-hooks.js';

// What Play does next, said on hover and focus.
const PLAY_HELP = {
  Play: 'Train the model iteration by iteration, drawing the errors as it goes',
  Pause: 'Stop after the current iteration; the model stays as it is',
  Resume: 'Go on training up to the iteration count',
  Continue: 'Train more iterations from this model (as many as the Iterations field says)',
  Diverged: 'This run diverged: retrain with a smaller learning rate, or Reset',
};

export function setButtons() {
  const canTrain = state.ready && !state.busy && state.runReady && state.invalid.size === 0;
  const free = state.ready && !state.busy;
  // The formulas are put in place once the page can train (see lib/math.js).
  if (markReadyToTrain(canTrain)) setTimeout(revealMath, 0);
  $('play').disabled = !canTrain || state.diverged;
  $('step').disabled = !canTrain || state.playing || state.diverged;
  $('quick-start').disabled = !canTrain || state.diverged;
  for (const id of ['reset', 'grid-run', 'load-file']) $(id).disabled = !free;
  for (const b of document.querySelectorAll('.preset')) b.disabled = !free;
  for (const r of document.querySelectorAll('input[name="data"]')) r.disabled = r.value === 'upload' ? state.datasetKey !== 'upload' : state.busy;
  const done = state.epoch >= state.target && state.epoch > 0;
  const label = state.diverged ? 'Diverged' : state.playing ? 'Pause' : done ? 'Continue' : state.epoch > 0 ? 'Resume' : 'Play';
  $('play').textContent = label;
  $('play').title = PLAY_HELP[label];
  $('reset').classList.toggle('primary', state.diverged);
  $('play').setAttribute('aria-pressed', state.playing ? 'true' : 'false');
  document.body.classList.toggle('playing', state.playing);
}
