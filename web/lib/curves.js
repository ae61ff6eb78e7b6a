// The learning-curve chart: train and test error of the current run, updated
// as each iteration finishes; earlier runs stay faded and labelled with their
// settings; the two baselines are horizontal reference lines.
import { tick } from './format.js';
import { Chart, LineController, LineElement, PointElement, LinearScale, Legend, Tooltip } from 'chart.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

const PALETTE = ['#1f6fb2', '#d9480f', '#2b8a3e', '#862e9c', '#c2255c', '#0b7285', '#5c940d', '#e67700'];
const MAX_RUNS = 8;

function fade(hex, alpha) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

export class LearningCurves {
  constructor(canvas) {
    this.metric = 'rmse';
    this.runs = [];  // { id, label, color, points: [] }
    this.baselines = null;
    this.colorIndex = 0;
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
          y: { type: 'linear', title: { display: true, text: 'RMSE' }, ticks: { callback: tick } },
        },
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 24, boxHeight: 2, font: { size: 11 } } },
          tooltip: {
            callbacks: {
              label: (ctx) => `${ctx.dataset.label}: ${ctx.parsed.y.toFixed(4)}`,
            },
          },
        },
      },
    });
  }

  setMetric(metric) {
    this.metric = metric;
    this.render();
  }

  // A new current run; the previous one becomes an earlier (faded) run, or
  // disappears when it has no points.
  startRun(id, label) {
    const last = this.runs.at(-1);
    if (last && last.points.length === 0) {
      this.runs.pop();
      this.colorIndex--;
    }
    // Runs are numbered as the chart shows them (1, 2, 3 since the last clear).
    const number = (this.runs.at(-1)?.number ?? 0) + 1;
    const color = PALETTE[this.colorIndex++ % PALETTE.length];
    this.runs.push({ id, number, label, color, points: [] });
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

  // Forgets the earlier runs; with all = true the current one too.
  clear(all = false, { render = true } = {}) {
    const current = this.current();
    this.runs = current && !all ? [current] : [];
    if (current && !all) current.number = 1;
    this.colorIndex = this.runs.length;
    if (render) this.render();
  }

  // Each run's settings label and last point (for the tests and summaries).
  summary() {
    return this.runs.map((r) => ({ number: r.number, label: r.label, points: r.points.length, last: r.points.at(-1) ?? null }));
  }

  // Series summary for the tests and the data table: label and point count.
  series() {
    return this.chart.data.datasets.map((d) => ({
      label: d.label, points: d.data.length, kind: d.kind,
      epochs: d.data.map((p) => p.x), finite: d.data.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y)),
    }));
  }

  render() {
    const key = this.metric === 'mse' ? 'Mse' : 'Rmse';
    const datasets = [];
    let maxX = 1;
    this.runs.forEach((run, n) => {
      const isCurrent = n === this.runs.length - 1;
      const alpha = isCurrent ? 1 : 0.35;
      const name = `#${run.number} ${run.label}`;
      const ok = run.points.filter((p) => p.status !== 'diverged');
      for (const p of run.points) maxX = Math.max(maxX, p.epoch);
      datasets.push({
        label: `${name} · test`, kind: isCurrent ? 'test' : 'earlier',
        data: ok.map((p) => ({ x: p.epoch, y: p[`test${key}`] })),
        borderColor: fade(run.color, alpha), backgroundColor: fade(run.color, alpha),
        borderWidth: isCurrent ? 2.5 : 1.5, pointRadius: isCurrent ? 2.5 : 0, tension: 0,
      });
      datasets.push({
        label: `${name} · train`, kind: isCurrent ? 'train' : 'earlier',
        data: ok.map((p) => ({ x: p.epoch, y: p[`train${key}`] })),
        borderColor: fade(run.color, alpha), backgroundColor: fade(run.color, alpha),
        borderDash: [6, 4], borderWidth: isCurrent ? 2 : 1.2, pointRadius: isCurrent ? 2 : 0, tension: 0,
      });
      // Where a run diverged: a cross at that iteration, at the test error of
      // the model that is kept (the engine reports that one, never the
      // wreck's); the legend says why.
      const bad = run.points.find((p) => p.status === 'diverged');
      if (bad && Number.isFinite(bad[`test${key}`])) {
        // "training diverged at iteration 3: the model's values became ...; try ..." -> the reason alone
        const reason = (bad.message ?? '').split(': ').slice(1).join(': ').split(';')[0];
        datasets.push({
          label: `#${run.number} diverged at iteration ${bad.epoch}${reason ? `: ${reason}` : ''}`, kind: 'diverged',
          data: [{ x: bad.epoch, y: bad[`test${key}`] }],
          showLine: false, pointStyle: 'crossRot', pointRadius: 9, pointBorderWidth: 3,
          borderColor: fade('#c92a2a', alpha), backgroundColor: fade('#c92a2a', alpha),
        });
      }
    });
    if (this.baselines) {
      const lines = [
        ['baseline: global mean (test)', this.baselines.mean, '#868e96', [2, 3]],
        ['baseline: mean + biases (test)', this.baselines.biases, '#495057', [10, 3, 2, 3]],
      ];
      for (const [label, b, color, dash] of lines) {
        const y = this.metric === 'mse' ? b.testMse : b.testRmse;
        datasets.push({
          label, kind: 'baseline', data: [{ x: 0, y }, { x: maxX, y }],
          borderColor: color, backgroundColor: color, borderDash: dash, borderWidth: 1.5, pointRadius: 0,
        });
      }
    }
    this.chart.data.datasets = datasets;
    this.chart.options.scales.x.max = maxX;
    this.chart.options.scales.y.title.text = this.metric.toUpperCase();
    this.chart.update('none');
  }
}
