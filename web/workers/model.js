// Questions about the current run's model, as trained so far: similar movies,
// recommendations for the visitor's ratings, the movie map, the bias lists
// and the factor matrices.
import { session } from './session.js';
import { nums } from './ratings.js';

// The model after the run's latest step, made once per step.
function model() {
  const { run } = session;
  if (!run || run.epoch === 0) throw new Error('train the model for at least one iteration first');
  if (run.modelEpoch !== run.epoch) {
    run.model?.delete();
    run.model = null;
    run.model = run.trainer.model();
    run.modelEpoch = run.epoch;
  }
  return run.model;
}

const scored = (list) => Array.from(list, ({ id, score }) => ({ id: Number(id), score }));

export const modelActions = {
  similar({ itemId, n = 10, minRatings = 1 }) {
    return { epoch: session.run?.epoch, items: scored(model().similarItems(itemId, { n, minRatings })) };
  },
  recommendFor({ ratings, n = 10, minRatings = 1 }) {
    return { epoch: session.run?.epoch, items: scored(model().recommendFor(ratings, { n, minRatings })) };
  },
  explore({ minRatings, listLength = 10 }) {
    const m = model();
    const projection = m.project({ minRatings });
    const ids = nums(m.itemIds());
    const counts = m.itemCounts();
    const biases = m.itemBiases();
    const candidates = [];
    for (let n = 0; n < ids.length; n++) if (counts[n] >= minRatings) candidates.push({ id: ids[n], score: biases[n], count: counts[n] });
    candidates.sort((a, b) => b.score - a.score || a.id - b.id);
    return {
      epoch: session.run.epoch,
      hasBiases: m.options.biases,
      projection: { ids: nums(projection.ids), x: Array.from(projection.x), y: Array.from(projection.y), explained: Array.from(projection.explained) },
      highest: candidates.slice(0, listLength),
      lowest: candidates.slice(-listLength).reverse(),
    };
  },
  factors() {
    const m = model();
    return {
      epoch: session.run.epoch,
      k: m.numFactors,
      biases: m.options.biases,
      globalMean: m.globalMean,
      userIds: nums(session.dataset.data.userIds()),
      itemIds: nums(m.itemIds()),
      userFactors: Float32Array.from(m.userFactors()),
      itemFactors: Float32Array.from(m.itemFactors()),
      userBiases: Float32Array.from(m.userBiases()),
      itemBiases: Float32Array.from(m.itemBiases()),
    };
  },
};
