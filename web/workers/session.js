// What the training worker holds between requests: the data set and the
// current run. Every wasm object in them is deleted here when it is replaced:
// wasm objects are not garbage-collected.
export const session = {
  dataset: null,  // { key, name, data, movies }
  run: null,      // { runId, split, trainer, baselineKey, epoch, goodEpoch, target, playing, delayMs, model, modelEpoch }
  kept: null,     // { runId, epoch, model }: an earlier run's model, explored until a new one has learned
  opened: null,   // { runId, model }: a model opened from files (opened.js), until another data set loads
};
let versions = 0;  // data sets loaded: tells their baselines apart

// The current run's model after its last good iteration (made once per
// iteration), or null when it has not finished one.
export function runModel(run) {
  if (!run || run.goodEpoch === 0) return null;
  if (run.modelEpoch !== run.goodEpoch) {
    run.model?.delete();
    run.model = null;
    run.model = run.trainer.model();
    run.modelEpoch = run.goodEpoch;
  }
  return run.model;
}

// Before the current run goes: its model becomes the kept one if it learned
// anything (the previous kept one is freed); otherwise the kept one stays.
export function keepModel() {
  const { run } = session;
  const model = runModel(run);
  if (!model) return;
  session.kept?.model.delete();
  session.kept = { runId: run.runId, epoch: run.goodEpoch, model };
  run.model = null;
}

export function requireDataset() {
  if (!session.dataset) throw new Error('no data set is loaded');
  return session.dataset;
}

export function freeRun() {
  const { run } = session;
  if (!run) return;
  run.playing = false;
  run.model?.delete();
  run.trainer.delete();
  run.split.delete();
  session.run = null;
}

export function replaceDataset(dataset) {
  freeRun();
  session.kept?.model.delete();
  session.kept = null;
  session.opened?.model.delete();
  session.opened = null;
  session.dataset?.data.delete();
  session.dataset = { ...dataset, version: ++versions };
}
