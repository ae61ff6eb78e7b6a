// Step-wise training: the Trainer and its learning-curve points.
import { count } from './checks.js';

export function trainingApi({ core, check, token, Handle, conv, dataAndSplit, Model }) {
  // The core's StepResult of each point handed out (what recordStep needs).
  const coreSteps = new WeakMap();

  // A learning-curve point: the metrics flat, test metrics null without a
  // test set, and every rating metric null for implicit ALS (no ratings predicted).
  function stepResult(s) {
    const hasTest = s.test.count > 0, hasTrain = s.train.count > 0;
    const test = (v) => (hasTest ? v : null);
    const train = (v) => (hasTrain ? v : null);
    const point = {
      epoch: s.epoch,
      trainMse: train(s.train.mse),
      trainRmse: train(s.train.rmse),
      trainMae: train(s.train.mae),
      testMse: test(s.test.mse),
      testRmse: test(s.test.rmse),
      testMae: test(s.test.mae),
      objective: s.objective,
      ms: s.ms,
      status: conv.enumName(s.status),
      message: s.message,
      testFallback: test(s.test.fallback),
    };
    coreSteps.set(point, s);
    return point;
  }

  class Trainer extends Handle {
    #options;
    constructor(data, split, options) {
      const [d, s] = dataAndSplit(data, split, 'new Trainer(data, split, options)');
      const h = check(core._trainerCreate(d, s, conv.trainOptions(options)));
      super(token, h, 'Trainer');
      this.#options = conv.publicOptions(h.options());
    }
    step() { return stepResult(check(this._h.step())); }
    /** Runs up to `iterations` steps (default: the options' iterations), stopping at a divergence. */
    run(iterations) {
      const n = iterations === undefined ? this.#options.iterations : count(iterations, 'iterations');
      const results = [];
      for (let k = 0; k < n; ++k) {
        results.push(this.step());
        if (results[k].status !== 'ok') break;
      }
      return results;
    }
    get epoch() { return this._h.epoch(); }
    get diverged() { return this._h.diverged(); }
    get options() { return structuredClone(this.#options); }
    model() { return new Model(token, check(this._h.model())); }
  }

  return { Trainer, coreSteps };
}
