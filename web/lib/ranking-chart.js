// Section 6's chart: NDCG@10 on the test set by iteration for the explicit
// model (ranked as the library ranks) and implicit ALS, the two baselines as
// horizontal lines, and the explicit model ranked by its raw predicted rating
// as one mark at its last iteration. Points come as the workers measure them
// (after iteration 1 and, when one measurement is cheap, after every one).
import { Chart, LineController, LineElement, PointElement, LinearScale, Tooltip, Legend } from 'chart.js';
import { tick } from './format.js';
import { PALETTE } from './curves.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip, Legend);

export const RANKING_STYLE = {
  implicit: { color: PALETTE[0] },
  explicit: { color: PALETTE[1] },
  raw: { color: '#c92a2a' },
  popularity: { color: '#6c757d', dash: [2, 3] },
  dampedMean: { color: '#343a40', dash: [10, 3, 2, 3] },
};

export class RankingChart {
  constructor(canvas) {
    this.lines = { explicit: [], implicit: [] };
    this.labels = { explicit: 'explicit', implicit: 'implicit ALS' };
    this.flat = null;  // { popularity, dampedMean, raw: { epoch, ndcg, label } }
    this.chart = new Chart(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, parsing: false,
        interaction: { mode: 'nearest', intersect: false, axis: 'x' },
        scales: {
          x: { type: 'linear', min: 0, title: { display: true, text: 'iteration' }, ticks: { precision: 0, callback: tick } },
          y: { type: 'linear', min: 0, title: { display: true, text: 'NDCG@10 on the test set' }, ticks: { callback: tick } },
        },
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 18, font: { size: 11 } } },
          tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${ctx.parsed.y.toFixed(3)}` } },
        },
      },
    });
  }

  // A new comparison: labels { explicit, implicit }.
  start(labels) {
    this.lines = { explicit: [], implicit: [] };
    this.labels = labels;
    this.flat = null;
    this.render();
  }

  // A worker's point ({ epoch, ndcg? }) of model `kind`.
  addPoint(kind, point) {
    if (!Number.isFinite(point.ndcg)) return;
    const line = this.lines[kind];
    if (line.at(-1)?.x === point.epoch) line.pop();
    line.push({ x: point.epoch, y: point.ndcg });
    this.render();
  }

  // The baselines' NDCG and the explicit model's by raw prediction, once the comparison is done.
  setFinal(flat) {
    this.flat = flat;
    this.render();
  }

  // What the tests read: each series' label, kind and points.
  series() {
    return this.chart.data.datasets.map((d) => ({ label: d.label, kind: d.kind, points: d.data.map((p) => [p.x, p.y]) }));
  }

  render() {
    const maxX = Math.max(1, ...Object.values(this.lines).flatMap((l) => l.map((p) => p.x)));
    const datasets = [];
    for (const kind of ['implicit', 'explicit']) {
      const s = RANKING_STYLE[kind];
      if (this.lines[kind].length) {
        datasets.push({ label: this.labels[kind], kind, data: this.lines[kind], borderColor: s.color, backgroundColor: s.color, borderWidth: 2.5, pointRadius: 3 });
      }
    }
    if (this.flat) {
      for (const kind of ['popularity', 'dampedMean']) {
        const { label, ndcg } = this.flat[kind];
        const s = RANKING_STYLE[kind];
        datasets.push({ label, kind, data: [{ x: 0, y: ndcg }, { x: maxX, y: ndcg }], borderColor: s.color, backgroundColor: s.color, borderDash: s.dash, borderWidth: 1.5, pointRadius: 0 });
      }
      const raw = this.flat.raw;
      if (raw) {
        datasets.push({
          label: raw.label, kind: 'raw', data: [{ x: raw.epoch, y: raw.ndcg }], showLine: false, pointStyle: 'crossRot', pointRadius: 8,
          pointBorderWidth: 3, borderColor: RANKING_STYLE.raw.color, backgroundColor: RANKING_STYLE.raw.color,
        });
      }
    }
    this.chart.data.datasets = datasets;
    this.chart.options.scales.x.max = maxX;
    this.chart.update('none');
  }
}
