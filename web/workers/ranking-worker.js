// A ranking worker (section 6, page/ranking-panel.js): the page starts two,
// one for the explicit model and one for implicit ALS, so that both train at
// once. Each holds its own copy of the ratings, trains its model on the
// split of section 3 step by step, measures its top-10 lists on the test set
// (mf.evaluateRanking) and keeps it to answer questions: a user's top 10 and
// a visitor's fold-in ("Rate some movies yourself").
//
// Pushed while training: { type: 'rank-step', rankId, point } after every step,
// point = { epoch, testRmse, objective, ms, ndcg?, precision? } (the ranking
// metrics after iteration 1 and, when one evaluation is cheap, every one).
import { serve, loadEngine, mf, post } from './serve.js';
import { replaceHeld, nums } from './ratings.js';
import { nextTask } from './next-task.js';

let held = null;  // { key, data }: the ratings, by data-set load
let kept = null;  // { rankId, split, model, tests: Map user -> [[item, rating]], counts: Map item -> training ratings }
const cancelled = new Set();  // rankIds

function loaded(key) {
  if (!held || held.key !== key) throw new Error('the comparison\'s data set is not loaded');
  return held;
}

function freeKept() {
  kept?.model.delete();
  kept?.split.delete();
  kept = null;
}

function model(rankId) {
  if (!kept || kept.rankId !== rankId) throw new Error('this comparison is no longer current: run it again');
  return kept;
}

const timed = (f) => {
  const start = performance.now();
  const value = f();
  return { value, ms: performance.now() - start };
};

// The metrics the page shows, of a model or a baseline on `split`'s test set.
const measure = (data, split, scorer, options) => {
  const r = mf.evaluateRanking(scorer, data, split, options);
  return { ndcg: r.ndcg, precision: r.precision, recall: r.recall, coverage: r.coverage, k: r.k, usersEvaluated: r.usersEvaluated };
};

// Each user's test ratings, [[item, rating], ...], by user.
function testsByUser(split) {
  const { users, items, values } = split.testRatings();
  const by = new Map();
  for (let n = 0; n < users.length; n++) {
    const u = Number(users[n]);
    if (!by.has(u)) by.set(u, []);
    by.get(u).push([Number(items[n]), values[n]]);
  }
  return by;
}

serve({
  async init() {
    // One model per ranking worker, the two side by side on the cores: each
    // single-threaded, as the grid workers are.
    await loadEngine({ threads: false });
    return { ready: true };
  },
  // Loads the ratings of data set `key` ({ ratingsUrl } or { ratingsFile }) unless held already.
  async rankData({ key, ...request }) {
    const next = await replaceHeld(held, key, request, freeKept);
    if (next === held) return { key, loaded: false };
    held = next;
    return { key, loaded: true, userIds: Float64Array.from(held.data.userIds()) };
  },
  // Trains `trainerOptions` on the split of `splitOptions` and measures it.
  // perIteration: measure the lists after every iteration while one
  // evaluation takes at most budgetMs; baselines: also measure those.
  async rankTrain({ rankId, key, trainerOptions, splitOptions, perIteration, budgetMs, baselines }) {
    const { data } = loaded(key);
    freeKept();
    const split = data.split(splitOptions);
    let trainer = null;
    try {
      trainer = new mf.Trainer(data, split, trainerOptions);
      const implicit = trainer.options.algorithm === 'ials';
      const iterations = trainer.options.iterations;
      let costMs = null, every = perIteration, last = null;
      const stepMs = [];
      for (let epoch = 1; epoch <= iterations; epoch++) {
        const r = trainer.step();
        if (r.status === 'diverged') throw new Error(r.message);
        stepMs.push(r.ms);
        last = { epoch: r.epoch, testRmse: r.testRmse, objective: r.objective, ms: r.ms };
        if (epoch === 1 || (every && epoch < iterations)) {
          const m = trainer.model();
          try {
            const { value, ms } = timed(() => measure(data, split, m));
            Object.assign(last, { ndcg: value.ndcg, precision: value.precision });
            costMs = Math.min(costMs ?? ms, ms);
            // Too slow to repeat after every iteration: measured at the end only.
            if (ms > budgetMs) every = false;
          } finally {
            m.delete();
          }
        }
        if (epoch < iterations) post({ type: 'rank-step', rankId, point: last });
        await nextTask();
        if (cancelled.has(rankId)) return { rankId, cancelled: true };
      }
      const m = trainer.model();
      try {
        const { value: metrics, ms } = timed(() => measure(data, split, m));
        // The cost: the fastest measurement (the first also pays for warming up).
        costMs = Math.min(costMs ?? ms, ms);
        Object.assign(last, { ndcg: metrics.ndcg, precision: metrics.precision });
        post({ type: 'rank-step', rankId, point: last });
        const result = {
          rankId, implicit, options: trainer.options, last, metrics, costMs, perIteration: every,
          raw: implicit ? null : measure(data, split, m, { shrinkage: 0 }),
          stepMs: stepMs.sort((a, b) => a - b)[stepMs.length >> 1],
          numUsers: data.numUsers, numItems: data.numItems,
        };
        if (baselines) {
          result.baselines = {
            popularity: measure(data, split, mf.baselines.popularity()),
            dampedMean: { ...measure(data, split, mf.baselines.dampedMean()), damping: mf.baselines.dampedMean().damping },
          };
        }
        const counts = new Map();
        const ids = m.itemIds(), n = m.itemCounts();
        for (let i = 0; i < ids.length; i++) counts.set(Number(ids[i]), n[i]);
        kept = { rankId, split, model: m, tests: testsByUser(split), counts };
        return result;
      } catch (error) {
        m.delete();
        throw error;
      }
    } catch (error) {
      if (!kept || kept.split !== split) split.delete();
      throw error;
    } finally {
      trainer?.delete();
      cancelled.delete(rankId);
    }
  },
  // User `userId`'s top n by the kept model (what they rated in training left
  // out; ranked as the library ranks, and, for an explicit model, by the
  // predicted rating too), with each movie's training ratings, and the
  // user's test ratings (to mark the hits).
  rankTop({ rankId, key, userId, n = 10 }) {
    const { model: m, tests, counts } = model(rankId);
    const { data } = loaded(key);
    const test = tests.get(userId) ?? [];
    const inTest = new Set(test.map(([item]) => item));
    const exclude = nums(data.ratedItems(userId)).filter((item) => !inTest.has(item));
    const list = (options) => Array.from(m.recommend(userId, { n, exclude, ...options }), ({ id, score }) => ({ id: Number(id), score, count: counts.get(Number(id)) ?? 0 }));
    const implicit = m.options.algorithm === 'ials';
    return { ranked: list({}), raw: implicit ? null : list({ shrinkage: 0 }), test, trained: exclude.length };
  },
  // A visitor's top n from their [[item, rating]] by the kept model.
  rankFoldIn({ rankId, ratings, n = 10, minRatings = 1 }) {
    const { model: m } = model(rankId);
    return { items: Array.from(m.recommendFor(ratings, { n, minRatings }), ({ id, score }) => ({ id: Number(id), score })) };
  },
}, {
  rankCancel: ({ rankId }) => cancelled.add(rankId),
});

