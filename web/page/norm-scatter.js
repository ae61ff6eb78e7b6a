// Beside "Movies like this" (section 7): one dot per movie with training
// ratings, its number of ratings against the length of its vector |q_i|.
// It shows why the dot product q_i . q_j, unlike the cosine, favours the
// movies with long vectors, whatever their direction.
import { Chart, ScatterController, PointElement, LinearScale, LogarithmicScale, Tooltip } from 'chart.js';
import { state } from './store.js';
import { $ } from './dom.js';
import { tick, thousands } from '../lib/format.js';

Chart.register(ScatterController, PointElement, LinearScale, LogarithmicScale, Tooltip);

let normChart = null;
let shown = { points: 0 };

// Spearman's rank correlation of two equally long arrays (ties by their mean rank).
function ranks(values) {
  const order = values.map((v, n) => [v, n]).sort((a, b) => a[0] - b[0]);
  const r = new Array(values.length);
  for (let a = 0; a < order.length;) {
    let b = a;
    while (b + 1 < order.length && order[b + 1][0] === order[a][0]) b++;
    for (let n = a; n <= b; n++) r[order[n][1]] = (a + b) / 2;
    a = b + 1;
  }
  return r;
}
function spearman(x, y) {
  const rx = ranks(x), ry = ranks(y), n = x.length, mean = (n - 1) / 2;
  let sxy = 0, sxx = 0, syy = 0;
  for (let k = 0; k < n; k++) {
    sxy += (rx[k] - mean) * (ry[k] - mean);
    sxx += (rx[k] - mean) ** 2;
    syy += (ry[k] - mean) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

// norms: the worker's itemNorms reply { ids, counts, norms }.
export function drawNorms(norms) {
  const data = norms.ids.map((id, n) => ({ x: norms.counts[n], y: norms.norms[n], id }));
  shown = { points: data.length };
  if (!normChart) {
    normChart = new Chart($('norm-canvas'), {
      type: 'scatter',
      data: { datasets: [{ label: 'movies', data, pointRadius: 2, backgroundColor: 'rgba(0, 114, 178, .45)', borderWidth: 0 }] },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, parsing: false,
        interaction: { mode: 'nearest', intersect: false },
        scales: {
          x: { type: 'logarithmic', title: { display: true, text: 'training ratings of the movie (log scale)' }, ticks: { callback: tick } },
          y: { title: { display: true, text: 'length of its vector |q|' }, ticks: { callback: tick } },
        },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: (ctx) => `${state.items.get(ctx.raw.id)?.title ?? `Movie ${ctx.raw.id}`}: ${ctx.raw.x} ratings, |q| = ${ctx.raw.y.toFixed(2)}` } },
        },
      },
    });
  } else {
    normChart.data.datasets[0].data = data;
    normChart.update('none');
  }
  const rho = spearman(norms.counts, norms.norms);
  $('norm-caption').textContent = `${thousands(data.length)} movies with training ratings (all of them, whatever the filter above: what matters here is how the length grows with the ratings). ` + (Number.isFinite(rho)
    ? `Rank correlation between a movie's ratings and its vector's length: ${rho.toFixed(2)} (1: the more ratings, always the longer).`
    : '');
}

export function clearNorms() {
  shown = { points: 0 };
  if (normChart) {
    normChart.data.datasets[0].data = [];
    normChart.update('none');
  }
  $('norm-caption').textContent = '';
}

// What the tests read: the number of dots drawn.
export const normState = () => ({ points: normChart?.data.datasets[0].data.length ?? 0, ...shown });
