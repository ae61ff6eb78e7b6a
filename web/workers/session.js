// What the training worker holds between requests: the data set and the
// current run. Every wasm object in them is deleted here when it is replaced:
// wasm objects are not garbage-collected.
export const session = {
  dataset: null,  // { key, name, data, movies }
  run: null,      // { runId, options, split, trainer, baselineKey, epoch, target, playing, model, modelEpoch }
};

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
  session.dataset?.data.delete();
  session.dataset = dataset;
}
