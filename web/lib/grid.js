// The grid-search result as heatmap tables: one row per factor count, one
// column per regularization (and one table per learning rate for SGD). Each
// cell shows its best validation error over the iterations and when it
// occurred; under the tables, the chosen cell and its test error, measured once.

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
}

// Green for the best value through yellow to red for the worst.
function heat(t) {
  const hue = 130 - 130 * Math.min(1, Math.max(0, t));
  return `hsl(${hue}, 65%, 78%)`;
}

// A heatmap cell that loads its settings when clicked (or Enter / Space).
function pickable(td, cell, onPick) {
  Object.assign(td, { tabIndex: 0, title: `Load k = ${cell.factors}, λ = ${cell.regularization}, ` +
    `${cell.bestIteration} iterations into the training settings` });
  td.setAttribute('role', 'button');
  td.classList.add('pick');
  td.addEventListener('click', () => onPick(cell));
  td.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    onPick(cell);
  });
}

// result: mf.gridSearch's { cells, best, test }. onPick(cell): a cell was clicked.
export function renderGrid(container, result, { metric = 'rmse', algorithm = 'als', onPick } = {}) {
  container.replaceChildren();
  const name = metric.toUpperCase();
  const value = (c) => (metric === 'mse' ? c.bestValidationMse : c.bestValidationRmse);
  const finite = result.cells.filter((c) => c.bestIteration > 0 && Number.isFinite(value(c)));
  const lo = Math.min(...finite.map(value));
  const hi = Math.max(...finite.map(value));
  const best = result.cells[result.best];
  const uniq = (xs) => [...new Set(xs)];
  const factors = uniq(result.cells.map((c) => c.factors));
  const regs = uniq(result.cells.map((c) => c.regularization));
  const rates = algorithm === 'sgd' ? uniq(result.cells.map((c) => c.learningRate)) : [null];

  for (const rate of rates) {
    const table = el('table', { class: 'heatmap' });
    table.append(el('caption', {
      text: `Best validation ${name} per cell` + (rate !== null ? ` · learning rate η = ${rate}` : ''),
    }));
    const head = el('tr', {}, el('th', { scope: 'col', text: 'factors k \\ λ' }));
    for (const r of regs) head.append(el('th', { scope: 'col', text: `λ = ${r}` }));
    table.append(el('thead', {}, head));
    const body = el('tbody');
    for (const k of factors) {
      const row = el('tr', {}, el('th', { scope: 'row', text: `k = ${k}` }));
      for (const r of regs) {
        const cell = result.cells.find((c) => c.factors === k && c.regularization === r && (rate === null || c.learningRate === rate));
        const td = el('td');
        if (!cell) {
          td.textContent = '–';
        } else if (cell.bestIteration === 0) {
          td.textContent = 'diverged';
          td.className = 'diverged';
        } else {
          td.append(el('span', { class: 'value', text: value(cell).toFixed(4) }),
            el('span', { class: 'at', text: ` at iteration ${cell.bestIteration}` + (cell.diverged ? ', then diverged' : '') }));
          td.style.backgroundColor = heat(hi > lo ? (value(cell) - lo) / (hi - lo) : 0);
          if (cell === best) {
            td.classList.add('best');
            td.append(el('span', { class: 'badge', text: '★ chosen' }));
          }
          if (onPick) pickable(td, cell, onPick);
        }
        row.append(td);
      }
      body.append(row);
    }
    table.append(body);
    // Wider than a phone: the table scrolls sideways in a box that shows it
    // does, and says so in words where it is cut.
    const box = el('div', { class: 'scrolls' }, table);
    const hint = el('p', { class: 'hint', text: 'The table is wider than the screen: swipe it sideways for the other columns.' });
    hint.hidden = true;
    container.append(box, hint);
    requestAnimationFrame(() => { hint.hidden = box.scrollWidth <= box.clientWidth + 1; });
  }
  if (best?.bestIteration > 0) {
    const test = metric === 'mse' ? result.test.mse : result.test.rmse;
    container.append(el('p', {
      class: 'grid-best',
      text: `Chosen: k = ${best.factors}, λ = ${best.regularization}` +
        (algorithm === 'sgd' ? `, η = ${best.learningRate}` : '') +
        ` — validation ${name} ${value(best).toFixed(4)} at iteration ${best.bestIteration}` +
        (result.test.count > 0 ? `; test ${name} ${test.toFixed(4)}.` : '; no test set to measure it on.'),
    }));
    container.append(el('p', {
      class: 'grid-note',
      text: 'The cell and its best iteration were chosen on a validation set split off the training ratings; ' +
        `the chosen cell's test ${name} was measured once, after the choice.`,
    }));
  }
}
