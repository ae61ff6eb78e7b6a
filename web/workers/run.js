// The training worker's run: one Trainer on one split of the data set,
// stepped on request or played on a timer, and the two baselines of its split.
//
// Pushed while playing:
//   { type: 'progress', runId, point }            one per training step
//   { type: 'stopped', runId, reason, message? }  the play loop ended by itself:
//                                                 'done', 'diverged' or 'error'
// (A pause is a request: its reply says the loop has stopped.)
import { mf, post, errorText, fatalIfAborted } from './serve.js';
import { session, freeRun, keepModel, requireDataset } from './session.js';
import { labelOf } from '../lib/state.js';

const baselineCache = new Map();  // "<data set>|<split>" -> baselines

function pointOf(r, wallMs) {
  return {
    epoch: r.epoch, trainMse: r.trainMse, trainRmse: r.trainRmse, trainMae: r.trainMae,
    testMse: r.testMse, testRmse: r.testRmse, testMae: r.testMae,
    objective: r.objective, ms: r.ms, wallMs, status: r.status, message: r.message ?? '',
  };
}

// Reference lines: predict the training mean for everything, and the mean
// plus damped user and item biases (b = sum of residuals / (n + 5), by ALS on
// biases alone: with zero initial factors and a factor penalty the factor
// part stays exactly zero).
function computeBaselines(data, split) {
  const train = (regBias, steps) => {
    const t = new mf.Trainer(data, split, {
      algorithm: 'als', factors: 1, iterations: steps, initStd: 0, biases: true,
      regularization: { user: 1, item: 1, userBias: regBias, itemBias: regBias },
      regularizationScaling: 'none', seed: 1,
    });
    try {
      let r;
      for (let n = 0; n < steps; n++) r = t.step();
      return { trainRmse: r.trainRmse, trainMse: r.trainMse, testRmse: r.testRmse, testMse: r.testMse };
    } finally {
      t.delete();
    }
  };
  return { mean: train(1e12, 1), biases: train(5, 5), hasTest: split.numTest > 0 };
}

// The run of `runId`, which must be the current one.
function currentRun(runId) {
  const { run } = session;
  if (!run || run.runId !== runId) throw new Error(`run ${runId} is no longer current`);
  return run;
}

function stepOnce(run) {
  const start = performance.now();
  const r = run.trainer.step();
  const point = pointOf(r, performance.now() - start);
  run.epoch = r.epoch;
  // The model a divergence leaves is that of the last good iteration.
  if (r.status === 'ok') run.goodEpoch = r.epoch;
  return point;
}

function playLoop(runId) {
  const { run } = session;
  if (!run || run.runId !== runId || !run.playing) return;
  let point;
  try {
    point = stepOnce(run);
  } catch (error) {
    run.playing = false;
    post({ type: 'stopped', runId, reason: 'error', message: errorText(error) });
    fatalIfAborted(error);
    return;
  }
  post({ type: 'progress', runId, point });
  if (point.status === 'diverged') {
    run.playing = false;
    post({ type: 'stopped', runId, reason: 'diverged', message: point.message });
  } else if (run.epoch >= run.target) {
    run.playing = false;
    post({ type: 'stopped', runId, reason: 'done' });
  } else {
    // Yield between steps so that pause and questions about the model get in;
    // in slow motion, wait `delayMs` so that the curve visibly grows.
    setTimeout(playLoop, run.delayMs, runId);
  }
}

export const runActions = {
  // A new run replaces the current one. Its options come back as the library
  // resolved them (options the page leaves out take the library's values).
  reset({ runId, trainerOptions, splitOptions, splitKey }) {
    const dataset = requireDataset();
    // The explorer keeps the last model that learned something (model.js).
    keepModel();
    freeRun();
    // Progress, for a large data set: the split, then the trainer's layouts.
    const progress = (done) => post({ type: 'loadProgress', key: dataset.key, phase: 'split', done, total: 2 });
    progress(0);
    const split = dataset.data.split(splitOptions);
    progress(1);
    let trainer;
    try {
      trainer = new mf.Trainer(dataset.data, split, trainerOptions);
      progress(2);
    } catch (error) {
      split.delete();
      throw error;
    }
    const baselineKey = `${dataset.version}|${splitKey}`;
    session.run = {
      runId, split, trainer, baselineKey, epoch: 0, goodEpoch: 0, target: trainerOptions.iterations, playing: false, delayMs: 0,
      model: null, modelEpoch: -1,
    };
    // Baselines not computed yet come from a request of their own (baselines),
    // so that the run is ready to train without waiting for them.
    return { runId, options: trainer.options, baselines: baselineCache.get(baselineKey) ?? null, numTrain: split.numTrain, numTest: split.numTest };
  },
  // The two reference lines of the current run's split (null if `runId` is no longer current).
  baselines({ runId }) {
    const { run } = session;
    if (!run || run.runId !== runId) return null;
    if (!baselineCache.has(run.baselineKey)) baselineCache.set(run.baselineKey, computeBaselines(session.dataset.data, run.split));
    return baselineCache.get(run.baselineKey);
  },
  step({ runId }) {
    const run = currentRun(runId);
    run.playing = false;
    return stepOnce(run);
  },
  // Whether `trainerOptions` and `splitOptions` make a run on the data set:
  // null, or the engine's error ({ message, parameter, text }: text spells
  // the options as the page's field labels). The current run is untouched.
  check({ trainerOptions, splitOptions }) {
    const { data } = requireDataset();
    let split = null, trainer = null;
    try {
      split = data.split(splitOptions);
      trainer = new mf.Trainer(data, split, trainerOptions);
      return null;
    } catch (error) {
      if (!(error instanceof mf.MfError)) throw error;
      return { message: error.message, parameter: error.parameter, text: error.messageWith(labelOf) };
    } finally {
      trainer?.delete();
      split?.delete();
    }
  },
  // delayMs: the pause between two iterations (slow motion), 0 at full speed.
  speed({ runId, delayMs }) {
    const { run } = session;
    if (run && run.runId === runId) run.delayMs = delayMs;
    return null;
  },
  play({ runId, target, delayMs = 0 }) {
    const run = currentRun(runId);
    run.target = target;
    run.delayMs = delayMs;
    if (!run.playing && run.epoch < target) {
      run.playing = true;
      setTimeout(playLoop, 0, runId);
    }
    return { epoch: run.epoch, playing: run.playing };
  },
  pause({ runId }) {
    const run = currentRun(runId);
    run.playing = false;
    return { epoch: run.epoch };
  },
};
