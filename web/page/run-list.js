// The runs on the learning-curve chart as a list beside it (the chart's
// legend): each run's colour, settings and final errors, a box to show or
// hide it and a button to remove it; the baselines likewise.
import { $ } from './dom.js';
import { BASELINE_STYLE, divergenceReason } from '../lib/curves.js';

const fixed = (v) => (Number.isFinite(v) ? v.toFixed(3) : '—');

function checkbox(checked, label, onChange) {
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.checked = checked;
  box.setAttribute('aria-label', label);
  box.title = label;
  box.addEventListener('change', () => onChange(box.checked));
  return box;
}

function text(tag, className, content) {
  const node = document.createElement(tag);
  node.className = className;
  node.textContent = content;
  return node;
}

// A short sample of a run's lines: test solid, train dashed.
function swatch(color, dashed = false) {
  const s = text('span', `line-swatch${dashed ? ' dashed' : ''}`, '');
  s.style.setProperty('--c', color);
  return s;
}

function runItem(chart, run, metric) {
  const key = metric === 'mse' ? 'Mse' : 'Rmse';
  const li = document.createElement('li');
  li.className = run.current ? 'current' : '';
  li.dataset.run = String(run.number);
  const name = `#${run.number} ${run.label}`;
  const errors = !run.last ? 'no good iteration' : !run.ratings
    ? `weighted loss ${run.last.objective.toPrecision(5)} after ${run.last.epoch} (no rating error: it predicts no ratings)`
    : `test ${run.hasTest ? fixed(run.last[`test${key}`]) : '(none)'} · train ${fixed(run.last[`train${key}`])} after ${run.last.epoch}`;
  const detail = run.diverged ? `${errors} · diverged at iteration ${run.diverged.epoch}: ${divergenceReason(run.diverged.message)}` : errors;
  li.append(checkbox(!run.hidden, `Show run #${run.number}`, (on) => chart.setVisible(run.id, on)), swatch(run.color),
    text('span', 'run-name', `${name}${run.current ? ' (current)' : ''}`), text('span', 'run-detail', detail));
  if (!run.current) {
    const remove = text('button', 'quiet remove', '×');
    remove.type = 'button';
    remove.title = remove.ariaLabel = `Remove run #${run.number} from the chart`;
    remove.addEventListener('click', () => chart.remove(run.id));
    li.append(remove);
  }
  return li;
}

function baselineItem(chart, metric) {
  const key = metric === 'mse' ? 'Mse' : 'Rmse';
  const li = document.createElement('li');
  li.className = 'baselines';
  const values = Object.entries(BASELINE_STYLE).map(([name, s]) => `${s.label.replace('baseline: ', '').replace(' (test)', '')} ` +
    fixed(chart.baselines[name][`test${key}`])).join(' · ');
  li.append(checkbox(chart.showBaselines, 'Show the baselines', (on) => chart.setBaselinesVisible(on)), swatch('#6c757d', true),
    text('span', 'run-name', 'Baselines without factors (grey)'), text('span', 'run-detail', `test ${values}`));
  return li;
}

// Draws the list of `chart` (a LearningCurves) in the error measure `metric`.
export function drawRunList(chart, metric) {
  const runs = chart.summary();
  const items = runs.map((run) => runItem(chart, run, metric));
  if (chart.baselines && Number.isFinite(chart.baselines.mean?.testRmse)) items.push(baselineItem(chart, metric));
  $('run-list').replaceChildren(...items);
  $('run-list-empty').hidden = runs.length > 0;
  $('clear-runs').disabled = runs.filter((r) => !r.current).length === 0;
}
