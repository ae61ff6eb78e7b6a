// The movie map: the item vectors projected on their first two principal
// components, one dot per movie, two chosen genres in colour.
import { Chart, ScatterController, PointElement, LinearScale, Legend, Tooltip } from 'chart.js';
import { state } from './store.js';
import { $ } from './dom.js';
import { thousands, tick } from '../lib/format.js';

Chart.register(ScatterController, PointElement, LinearScale, Legend, Tooltip);

const GENRE_COLORS = ['#d9480f', '#1f6fb2'];

let mapChart = null;
let lastProjection = null;

function movieLabel(id) {
  const it = state.items.get(id);
  return it ? `${it.title}${it.genres.length ? ' — ' + it.genres.join(', ') : ''}` : `Movie ${id}`;
}

function makeChart(datasets) {
  return new Chart($('map-canvas'), {
    type: 'scatter',
    data: { datasets },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false, parsing: false,
      // Hovering anywhere names the nearest movie: points are small and many.
      interaction: { mode: 'nearest', intersect: false },
      scales: {
        x: { title: { display: true, text: 'first component' }, ticks: { callback: tick } },
        y: { title: { display: true, text: 'second component' }, ticks: { callback: tick } },
      },
      plugins: {
        legend: { position: 'bottom' },
        tooltip: { callbacks: { label: (ctx) => movieLabel(ctx.raw.id) } },
      },
    },
  });
}

function setDatasets(datasets) {
  mapChart.data.datasets = datasets;
  mapChart.update('none');
}

// Draws `projection` ({ ids, x, y, explained }, from the worker) of the movies
// with at least `minRatings` ratings, or the last one again.
export function drawMap(minRatings, projection = lastProjection) {
  if (!projection) return;
  lastProjection = projection;
  const a = $('genre-a').value, b = $('genre-b').value;
  const groups = [[], [], []];
  projection.ids.forEach((id, n) => {
    const g = state.items.get(id)?.genres ?? [];
    const point = { x: projection.x[n], y: projection.y[n], id };
    groups[g.includes(a) ? 0 : g.includes(b) ? 1 : 2].push(point);
  });
  const datasets = [
    { label: 'other movies', data: groups[2], backgroundColor: 'rgba(134, 142, 150, 0.35)', pointRadius: 2, order: 3 },
    { label: b, data: groups[1], backgroundColor: GENRE_COLORS[1], pointRadius: 3, order: 2 },
    { label: a, data: groups[0], backgroundColor: GENRE_COLORS[0], pointRadius: 3, order: 1 },
  ];
  if (mapChart) setDatasets(datasets);
  else mapChart = makeChart(datasets);
  const e = projection.explained;
  $('map-caption').textContent = `${thousands(projection.ids.length)} movies with at least ${minRatings} ratings. ` +
    `The two axes carry ${(100 * e[0]).toFixed(1)} % and ${(100 * e[1]).toFixed(1)} % of the spread of the movie vectors.`;
}

// An empty map for a new data set.
export function clearMap() {
  $('map-caption').textContent = '';
  if (mapChart) setDatasets([]);
}
