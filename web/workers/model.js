// Questions about the current run's model, as trained so far: similar movies,
// recommendations for the visitor's ratings, the movie map, the bias lists
// and the factor matrices.
import { session, runModel } from './session.js';
import { nums } from './ratings.js';

// The model of run `runId`: the current run's after its last good
// iteration, the kept model of an earlier run, or an opened one (session.js).
function model(runId) {
  const { run, kept, opened } = session;
  if (opened && opened.runId === runId) return opened.model;
  if (run && run.runId === runId) {
    const m = runModel(run);
    if (m) return m;
  } else if (kept && kept.runId === runId) {
    return kept.model;
  }
  throw new Error('train the model for at least one iteration first');
}

const epochOf = (runId) => (session.run?.runId === runId ? session.run.goodEpoch : session.kept?.epoch);

const UNKNOWN_COUNT = 4294967295;  // a count the model does not know (an imported model's)
const scored = (list) => Array.from(list, ({ id, score }) => ({ id: Number(id), score }));

export const modelActions = {
  // measure: 'cosine' or 'dot' (the engine checks it).
  similar({ runId, itemId, n = 10, minRatings = 1, measure }) {
    return { epoch: epochOf(runId), items: scored(model(runId).similarItems(itemId, { n, minRatings, measure })) };
  },
  // Training ratings and vector length |q_i| of every movie with training ratings.
  itemNorms({ runId }) {
    const m = model(runId);
    const ids = m.itemIds(), counts = m.itemCounts(), q = m.itemFactors(), k = m.numFactors;
    const out = { ids: [], counts: [], norms: [] };
    for (let i = 0; i < ids.length; i++) {
      if (counts[i] === 0 || counts[i] === UNKNOWN_COUNT) continue;
      let sum = 0;
      for (let f = 0; f < k; f++) sum += q[i * k + f] * q[i * k + f];
      out.ids.push(Number(ids[i]));
      out.counts.push(counts[i]);
      out.norms.push(Math.sqrt(sum));
    }
    return { epoch: epochOf(runId), ...out };
  },
  recommendFor({ runId, ratings, n = 10, minRatings = 1 }) {
    return { epoch: epochOf(runId), items: scored(model(runId).recommendFor(ratings, { n, minRatings })) };
  },
  explore({ runId, minRatings, listLength = 10 }) {
    const m = model(runId);
    const projection = m.project({ minRatings });
    const ids = nums(m.itemIds());
    const counts = m.itemCounts();
    const biases = m.itemBiases();
    const candidates = [];
    for (let n = 0; n < ids.length; n++) if (counts[n] >= minRatings) candidates.push({ id: ids[n], score: biases[n], count: counts[n] });
    candidates.sort((a, b) => b.score - a.score || a.id - b.id);
    return {
      epoch: epochOf(runId),
      hasBiases: m.options.biases, algorithm: m.options.algorithm,
      projection: { ids: nums(projection.ids), x: Array.from(projection.x), y: Array.from(projection.y), explained: Array.from(projection.explained) },
      highest: candidates.slice(0, listLength),
      lowest: candidates.slice(-listLength).reverse(),
    };
  },
  factors({ runId }) {
    const m = model(runId);
    return {
      epoch: epochOf(runId),
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
