// Parallel grid search: the cells of a grid shared out to a pool of workers,
// one per core. Each worker (workers/grid-worker.js) holds
// its own copy of the ratings and trains whole cells with Trainer.step(),
// reporting every step; the pool hands the next cell to whichever worker is
// free. The result is the one mf.gridSearch gives (core/src/grid.cpp): the
// same cells in the same order, each with the same curve, best iteration and
// best error, and the same best cell.
import { WorkerClient } from './client.js';

// Cells in grid.cpp's order: factors-major, then regularization, then
// learning rate. ALS ignores learning rates: one column with the base rate.
export function gridCells(spec, baseOptions) {
  const rates = baseOptions.algorithm === 'sgd' && spec.learningRates?.length ? spec.learningRates : [baseOptions.learningRate];
  const cells = [];
  for (const factors of spec.factors)
    for (const regularization of spec.regularization)
      for (const learningRate of rates) cells.push({ factors, regularization, learningRate });
  return cells;
}

// A cell's options: the base with its factors, one λ for all four terms and its rate (grid.cpp's cell_options).
export function cellOptions(baseOptions, cell, iterations) {
  return { ...baseOptions, factors: cell.factors, regularization: cell.regularization, learningRate: cell.learningRate, iterations };
}

// A cell's summary from its steps, as grid.cpp keeps it: the test curve up to a
// divergence and the first step with the lowest test MSE.
export function summarizeCell(cell, points) {
  const out = { ...cell, bestIteration: 0, bestTestRmse: 0, bestTestMse: 0, trainMseAtBest: 0, diverged: false, testRmse: [] };
  for (const p of points) {
    if (p.status === 'diverged') {
      out.diverged = true;
      break;
    }
    out.testRmse.push(p.testRmse);
    if (out.bestIteration === 0 || p.testMse < out.bestTestMse) {
      out.bestIteration = p.epoch;
      out.bestTestMse = p.testMse;
      out.bestTestRmse = p.testRmse;
      out.trainMseAtBest = p.trainMse;
    }
  }
  return out;
}

// The first cell with the lowest best test MSE among those that trained at all.
export function bestCell(cells) {
  let best = 0;
  cells.forEach((a, c) => {
    const b = cells[best];
    const aOk = a.bestIteration > 0, bOk = b.bestIteration > 0;
    if (aOk && (!bOk || a.bestTestMse < b.bestTestMse)) best = c;
  });
  return best;
}

export class GridPool {
  constructor(createWorker) {
    this.createWorker = createWorker;
    this.clients = [];       // WorkerClient per worker, started and initialised
    this.loadedKey = new Map();  // client -> key of the data set it holds
    this.listeners = new Map();  // client -> unsubscribe of its grid-step listener
  }

  // The default pool size: one worker per core the browser reports, at most 8.
  static defaultSize() {
    const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : 0;
    return Math.max(1, Math.min(cores || 2, 8));
  }

  async grow(n) {
    const starting = [];
    while (this.clients.length < n) {
      const client = new WorkerClient(this.createWorker);
      client.start();
      client.on('crash', () => this.drop(client));
      this.clients.push(client);
      starting.push(client.request('init'));
    }
    await Promise.all(starting);
  }

  drop(client) {
    client.stop('the grid worker was stopped');
    this.listeners.get(client)?.();
    this.listeners.delete(client);
    this.loadedKey.delete(client);
    this.clients = this.clients.filter((c) => c !== client);
  }

  cancel(gridId) {
    for (const client of this.clients) client.worker?.postMessage({ action: 'gridCancel', gridId });
  }

  // Runs the grid on `workers` workers. data: { key, request } where request is
  // what gridData needs ({ ratingsUrl } or { ratingsFile }).
  // onProgress(done, total) after every step. Resolves to { cells, best,
  // workers }, or null when cancelled.
  async run({ gridId, data, trainerOptions, splitOptions, spec, workers = GridPool.defaultSize(), onProgress }) {
    const cells = gridCells(spec, trainerOptions);
    const iterations = spec.iterations;
    const n = Math.max(1, Math.min(workers, cells.length));
    await this.grow(n);
    const pool = this.clients.slice(0, n);
    await Promise.all(pool.map(async (client) => {
      if (this.loadedKey.get(client) === data.key) return;
      await client.request('gridData', { key: data.key, ...data.request });
      this.loadedKey.set(client, data.key);
    }));

    const total = cells.length * iterations;
    let done = 0;
    const report = () => onProgress?.(done, total);
    for (const client of pool) {
      this.listeners.get(client)?.();
      this.listeners.set(client, client.on('grid-step', (m) => {
        if (m.gridId !== gridId) return;
        done++;
        report();
      }));
    }

    // Largest cells first (cost grows with k): the last cells to finish are
    // then short ones, so no worker idles long at the end. Results keep the
    // grid's order whatever order the cells ran in.
    const queue = cells.map((_, index) => index).sort((a, b) => cells[b].factors - cells[a].factors || a - b);
    const results = new Array(cells.length);
    let next = 0, cancelled = false, failed = null;
    const work = async (client) => {
      while (next < queue.length && !cancelled && !failed) {
        const index = queue[next++];
        let reply;
        try {
          reply = await client.request('gridCell', {
            gridId, key: data.key, cell: index, iterations,
            trainerOptions: cellOptions(trainerOptions, cells[index], iterations), splitOptions,
          });
        } catch (error) {
          failed ??= error;
          this.cancel(gridId);
          return;
        }
        if (reply.cancelled) {
          cancelled = true;
          return;
        }
        results[index] = summarizeCell(cells[index], reply.points);
        // Steps a diverged cell did not run count as done, as in gridSearch.
        done += iterations - reply.points.length;
        report();
      }
    };
    await Promise.all(pool.map(work));
    if (failed) throw failed;
    if (cancelled) return null;
    return { cells: results, best: bestCell(results), workers: n };
  }
}
