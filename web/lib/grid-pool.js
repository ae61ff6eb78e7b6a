// Parallel grid search: the cells of a grid shared out to a pool of workers,
// one per core. Each worker (workers/grid-worker.js) holds its own copy of
// the ratings; every rule is the engine's, asked through the module: the
// first worker lists the cells (mf.gridCells), each worker trains whole cells
// on the tuning split (mf.gridSplits, mf.recordStep), and at the end the
// first worker picks the chosen cell and measures its test error once
// (mf.bestCell, mf.testChosen). The result is the one mf.gridSearch gives.
import { WorkerClient } from './client.js';
import { cellOrder } from './grid-cell.js';

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

  // The first n workers, started, each holding data set `data`.
  async workers(n, data) {
    const starting = [];
    while (this.clients.length < n) {
      const client = new WorkerClient(this.createWorker);
      client.start();
      client.on('crash', () => this.drop(client));
      this.clients.push(client);
      starting.push(client.request('init'));
    }
    await Promise.all(starting);
    const pool = this.clients.slice(0, n);
    await Promise.all(pool.map(async (client) => {
      if (this.loadedKey.get(client) === data.key) return;
      await client.request('gridData', { key: data.key, ...data.request });
      this.loadedKey.set(client, data.key);
    }));
    return pool;
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
  // what gridData needs ({ ratingsUrl } or { ratingsFile }). onProgress(done,
  // total) after every step. Resolves to { cells, best, test, workers } (as
  // mf.gridSearch, plus the pool size), or null when cancelled.
  async run({ gridId, data, trainerOptions, splitOptions, spec, workers = GridPool.defaultSize(), onProgress }) {
    const [first] = await this.workers(1, data);
    const cells = await first.request('gridCells', { key: data.key, trainerOptions, spec });
    const pool = await this.workers(Math.max(1, Math.min(workers, cells.length)), data);

    const total = cells.reduce((sum, cell) => sum + cell.iterations, 0);
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

    // Results keep the grid's order whatever order the cells ran in.
    const queue = cellOrder(cells);
    const results = new Array(cells.length);
    let next = 0, cancelled = false, failed = null;
    const work = async (client) => {
      while (next < queue.length && !cancelled && !failed) {
        const index = queue[next++];
        let reply;
        try {
          reply = await client.request('gridCell', { gridId, key: data.key, index, cell: cells[index], splitOptions, spec });
        } catch (error) {
          failed ??= error;
          this.cancel(gridId);
          return;
        }
        if (reply.cancelled) {
          cancelled = true;
          return;
        }
        results[index] = reply.cell;
        // Steps a diverged cell did not run count as done, as in mf.gridSearch.
        done += reply.cell.iterations - reply.steps;
        report();
      }
    };
    await Promise.all(pool.map(work));
    if (failed) throw failed;
    if (cancelled) return null;
    const { best, test } = await first.request('gridFinish', { key: data.key, splitOptions, spec, cells: results });
    return { cells: results, best, test, workers: pool.length };
  }
}
