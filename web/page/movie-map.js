// The movie map: the item vectors projected on their first two principal
// components, one dot per movie, two chosen genres in colour. The axes are
// fixed for a model (choosing genres never moves a dot), and the genre
// counts are of the movies on the map (the section's "at least N ratings").
import { Chart, ScatterController, PointElement, LinearScale, Legend, Tooltip } from 'chart.js';
import { state } from './store.js';
import { $ } from './dom.js';
import { thousands, tick } from '../lib/format.js';

Chart.register(ScatterController, PointElement, LinearScale, Legend, Tooltip);

// Okabe and Ito's vermillion and blue (as the learning curves' palette).
const GENRE_COLORS = ['#d55e00', '#0072b2'];

let mapChart = null;
let lastProjection = null;
let lastMinRatings = 1;

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

// The range of `values` with a margin, so that no dot sits on the border.
function range(values) {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const pad = (hi - lo) * 0.05 || 1;
  // Ends on round numbers (a tenth of the range's order of magnitude).
  const step = 10 ** Math.floor(Math.log10(hi - lo + 2 * pad)) / 10;
  return { min: Math.floor((lo - pad) / step) * step, max: Math.ceil((hi + pad) / step) * step };
}

// The genre lists: each genre with its number of movies on the map; the
// choices stay when they still exist.
function fillGenres(projection) {
  const counts = new Map();
  for (const id of projection.ids) for (const g of state.items.get(id)?.genres ?? []) counts.set(g, (counts.get(g) ?? 0) + 1);
  const names = [...counts.keys()].sort();
  for (const [id, preferred] of [['genre-a', 'Children'], ['genre-b', 'Horror']]) {
    const select = $(id);
    const chosen = select.value || preferred;
    select.replaceChildren(...names.map((g) => Object.assign(document.createElement('option'), { value: g, textContent: `${g} (${counts.get(g)})` })));
    select.value = names.includes(chosen) ? chosen : names[id === 'genre-a' ? 0 : 1] ?? '';
  }
}

function draw() {
  const projection = lastProjection;
  const a = $('genre-a').value, b = $('genre-b').value;
  const groups = [[], [], []];
  projection.ids.forEach((id, n) => {
    const g = state.items.get(id)?.genres ?? [];
    const point = { x: projection.x[n], y: projection.y[n], id };
    groups[g.includes(a) ? 0 : g.includes(b) ? 1 : 2].push(point);
  });
  const datasets = [
    { label: `other movies (${groups[2].length})`, data: groups[2], backgroundColor: 'rgba(108, 117, 125, 0.35)', pointRadius: 2, order: 3 },
    { label: `${b} (${groups[1].length})`, data: groups[1], backgroundColor: GENRE_COLORS[1], pointRadius: 3, pointStyle: 'rect', order: 2 },
    { label: `${a} (${groups[0].length})`, data: groups[0], backgroundColor: GENRE_COLORS[0], pointRadius: 3, pointStyle: 'triangle', order: 1 },
  ];
  mapChart.data.datasets = datasets;
  mapChart.update('none');
}

// Draws `projection` ({ ids, x, y, explained }, from the worker) of the movies
// with at least `minRatings` training ratings (null: a model without counts).
export function drawMap(minRatings, projection) {
  lastProjection = projection;
  lastMinRatings = minRatings;
  mapChart ??= makeChart([]);
  fillGenres(projection);
  Object.assign(mapChart.options.scales.x, range(projection.x));
  Object.assign(mapChart.options.scales.y, range(projection.y));
  draw();
  const e = projection.explained;
  const which = minRatings === null ? 'movies (all of the model\'s: it has no rating counts to filter by)' :
    `movies with at least ${lastMinRatings} training ratings (the filter at the top of this section)`;
  $('map-caption').textContent = `${thousands(projection.ids.length)} ${which}; a movie with both genres counts as the first. ` +
    `The two axes carry ${(100 * e[0]).toFixed(1)} % and ${(100 * e[1]).toFixed(1)} % of the spread of the movie vectors.`;
}

// The same map with other genres in colour: no dot moves.
export function redrawMap() {
  if (lastProjection && mapChart) draw();
}

// An empty map for a new data set.
export function clearMap() {
  lastProjection = null;
  $('map-caption').textContent = '';
  if (mapChart) {
    mapChart.data.datasets = [];
    mapChart.update('none');
  }
}

// For the tests: the axes' ranges and the number of dots drawn.
export function mapState() {
  if (!mapChart) return null;
  const { x, y } = mapChart.options.scales;
  return { x: [x.min, x.max], y: [y.min, y.max], dots: mapChart.data.datasets.reduce((n, d) => n + d.data.length, 0) };
}
