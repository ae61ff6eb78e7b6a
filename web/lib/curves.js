// The learning-curve chart: train and test error of each run, updated as each
// iteration finishes, and the two baselines as horizontal reference lines.
// Every run is drawn at full strength in a colour of its own (a colour-blind
// safe palette); the current one is thicker and marks its points. Runs can be
// hidden or removed (the run list beside the chart, page/run-list.js, is the
// legend); a run without points is not drawn yet. Implicit ALS predicts no
// ratings: its run is drawn as the objective it minimises, dotted, on an axis
// of its own on the right (shown only while such a run is on the chart).
import { tick } from './format.js';
import { Chart, LineController, LineElement, PointElement, LinearScale, Tooltip } from 'chart.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip);

// Okabe and Ito's palette, told apart with any colour vision (yellow left out: too light on white).
export const PALETTE = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#3d3d3d'];
const MAX_RUNS = 8;
export const BASELINE_STYLE = {
  mean: { label: 'baseline: global mean (test)', color: '#6c757d', dash: [2, 3] },
  biases: { label: 'baseline: mean + biases (test)', color: '#343a40', dash: [10, 3, 2, 3] },
};

// The reason of an engine divergence message, for a short label:
// "training diverged at iteration 3: the model's values became ...; try ..." -> "the model's values became ...".
export const divergenceReason = (message = '') => message.split(': ').slice(1).join(': ').split(';')[0].split('. ')[0];

export class LearningCurves {
  // onChange(): after every redraw (the run list follows it).
  constructor(canvas, { onChange = () => {} } = {}) {
    this.metric = 'rmse';
    this.runs = [];  // { id, number, label, color, hidden, points: [] }
    this.baselines = null;
    this.showBaselines = true;
    this.onChange = onChange;
    this.chart = new Chart(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        interaction: { mode: 'nearest', intersect: false, axis: 'x' },
        scales: {
          x: { type: 'linear', title: { display: true, text: 'iteration' }, ticks: { precision: 0, callback: tick }, min: 0 },
          y: { type: 'linear', title: { display: true, text: 'RMSE (stars)' }, ticks: { callback: tick } },
          objective: {
            type: 'linear', position: 'right', display: 'auto', grid: { drawOnChartArea: false },
            title: { display: true, text: 'implicit ALS: weighted loss' }, ticks: { callback: tick },
          },
        },
        plugins: {
          // The run list beside the chart is its legend (page/run-list.js).
          legend: { display: false },
          tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${ctx.dataset.kind === 'objective' ? ctx.parsed.y.toPrecision(6) : ctx.parsed.y.toFixed(4)}` } },
        },
      },
    });
  }

  setMetric(metric) {
    this.metric = metric;
    this.render();
  }

  // A new current run; the previous one stays as an earlier run, or goes
  // when it has no points (a reset before anything was trained).
  startRun(id, label) {
    const last = this.runs.at(-1);
    if (last && last.points.length === 0) this.runs.pop();
    // Runs are numbered as the chart shows them (1, 2, 3 since the last clear).
    const number = (this.runs.at(-1)?.number ?? 0) + 1;
    const used = new Set(this.runs.map((r) => r.color));
    const color = PALETTE.find((c) => !used.has(c)) ?? PALETTE[number % PALETTE.length];
    this.runs.push({ id, number, label, color, hidden: false, points: [] });
    while (this.runs.length > MAX_RUNS) this.runs.shift();
    this.render();
  }

  current() {
    return this.runs.at(-1);
  }

  addPoint(runId, point) {
    const run = this.runs.find((r) => r.id === runId);
    if (!run) return;
    run.points.push(point);
    this.render();
  }

  setBaselines(baselines) {
    this.baselines = baselines;
    this.render();
  }

  setVisible(id, visible) {
    const run = this.runs.find((r) => r.id === id);
    if (run) run.hidden = !visible;
    this.render();
  }

  setBaselinesVisible(visible) {
    this.showBaselines = visible;
    this.render();
  }

  // Takes an earlier run off the chart (the current one stays).
  remove(id) {
    if (id === this.current()?.id) return;
    this.runs = this.runs.filter((r) => r.id !== id);
    this.render();
  }

  // Forgets the earlier runs; with all = true the current one too.
  clear(all = false, { render = true } = {}) {
    const current = this.current();
    this.runs = current && !all ? [current] : [];
    if (current && !all) current.number = 1;
    if (render) this.render();
  }

  // The runs drawn (with at least one point): number, label, colour, shown or
  // hidden, point count, last point and where it diverged.
  summary() {
    return this.runs.filter((r) => r.points.length).map((r) => ({
      id: r.id, number: r.number, label: r.label, color: r.color, hidden: r.hidden, current: r === this.current(),
      points: r.points.length, last: r.points.findLast((p) => p.status !== 'diverged') ?? null,
      diverged: r.points.find((p) => p.status === 'diverged') ?? null, hasTest: r.points.some((p) => p.testRmse !== null),
      ratings: !r.points.some((p) => p.trainRmse === null),
    }));
  }

  // Series summary for the tests: label, kind, point count.
  series() {
    return this.chart.data.datasets.map((d) => ({
      label: d.label, points: d.data.length, kind: d.kind, color: d.borderColor,
      epochs: d.data.map((p) => p.x), finite: d.data.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y)),
    }));
  }

  runDatasets(run, isCurrent, key) {
    const name = `#${run.number} ${run.label}`;
    const ok = run.points.filter((p) => p.status !== 'diverged');
    const line = (which, extra) => ({
      label: `${name} · ${which}`, kind: isCurrent ? which : 'earlier',
      data: ok.filter((p) => p[`${which}${key}`] !== null).map((p) => ({ x: p.epoch, y: p[`${which}${key}`] })),
      borderColor: run.color, backgroundColor: run.color, tension: 0,
      borderWidth: isCurrent ? 2.5 : 1.8, pointRadius: isCurrent ? 2.5 : 0, ...extra,
    });
    const out = [line('test', {}), line('train', { borderDash: [6, 4] })].filter((d) => d.data.length);
    // A run that predicts no ratings (implicit ALS): its objective, on the right axis.
    if (ok.length && ok.every((p) => p.trainRmse === null) && ok.some((p) => Number.isFinite(p.objective))) {
      out.push({
        label: `${name} · objective`, kind: isCurrent ? 'objective' : 'earlier', yAxisID: 'objective',
        data: ok.filter((p) => Number.isFinite(p.objective)).map((p) => ({ x: p.epoch, y: p.objective })),
        borderColor: run.color, backgroundColor: run.color, tension: 0, borderDash: [2, 3],
        borderWidth: isCurrent ? 2.5 : 1.8, pointRadius: isCurrent ? 2.5 : 0,
      });
    }
    // Where a run diverged: a cross at that iteration, at the error of the
    // model that is kept (the engine reports that one, never the wreck's).
    const bad = run.points.find((p) => p.status === 'diverged');
    const y = bad && [bad[`test${key}`], bad[`train${key}`]].find(Number.isFinite);
    if (bad && y !== undefined) {
      const reason = divergenceReason(bad.message);
      out.push({
        label: `#${run.number} diverged at iteration ${bad.epoch}${reason ? `: ${reason}` : ''}`, kind: 'diverged',
        data: [{ x: bad.epoch, y }], showLine: false, pointStyle: 'crossRot', pointRadius: 9, pointBorderWidth: 3,
        borderColor: '#c92a2a', backgroundColor: '#c92a2a',
      });
    }
    return out;
  }

  render() {
    const key = this.metric === 'mse' ? 'Mse' : 'Rmse';
    const datasets = [];
    let maxX = 1;
    for (const run of this.runs) {
      for (const p of run.points) maxX = Math.max(maxX, p.epoch);
      if (!run.hidden) datasets.push(...this.runDatasets(run, run === this.current(), key));
    }
    if (this.baselines && this.showBaselines) {
      for (const [name, style] of Object.entries(BASELINE_STYLE)) {
        const y = this.baselines[name]?.[`test${key}`];
        if (!Number.isFinite(y)) continue;  // no test set
        datasets.push({
          label: style.label, kind: 'baseline', data: [{ x: 0, y }, { x: maxX, y }],
          borderColor: style.color, backgroundColor: style.color, borderDash: style.dash, borderWidth: 1.5, pointRadius: 0,
        });
      }
    }
    this.chart.data.datasets = datasets;
    this.chart.options.scales.x.max = maxX;
    this.chart.options.scales.y.title.text = this.metric === 'mse' ? 'MSE (stars²)' : 'RMSE (stars)';
    this.chart.update('none');
    this.onChange();
  }
}
