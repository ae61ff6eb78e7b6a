// The training and data buttons, enabled by what the page is doing, and
// Play's label (Play, Pause, Resume, Continue).
import { state } from './store.js';
import { $ } from './dom.js';
import { revealMath } from '../lib/math.js';
import { markReadyToTrain } from './test-hooks.js';

export function setButtons() {
  const canTrain = state.ready && !state.busy && state.runReady;
  const free = state.ready && !state.busy;
  // The formulas are put in place once the page can train (see lib/math.js).
  if (markReadyToTrain(canTrain)) setTimeout(revealMath, 0);
  $('play').disabled = !canTrain;
  $('step').disabled = !canTrain || state.playing;
  for (const id of ['reset', 'grid-run', 'load-file']) $(id).disabled = !free;
  for (const b of document.querySelectorAll('.preset')) b.disabled = !free;
  for (const r of document.querySelectorAll('input[name="data"]')) r.disabled = r.value === 'upload' ? state.datasetKey !== 'upload' : state.busy;
  const done = state.epoch >= state.target && state.epoch > 0;
  $('play').textContent = state.playing ? 'Pause' : done ? 'Continue' : state.epoch > 0 ? 'Resume' : 'Play';
  $('play').setAttribute('aria-pressed', state.playing ? 'true' : 'false');
  document.body.classList.toggle('playing', state.playing);
}
