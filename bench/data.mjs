// Data for the benchmark (node and browser alike, no imports): a plain CSV
// reader for the JS baseline, the engine's seeded random split redone in JS
// (so the baseline trains on exactly the engine's training ratings), and a
// synthetic MovieLens-shaped data set generated from a seed (never stored).

/** userId,movieId,rating[,...] lines (header optional) -> dense arrays, ids numbered by first appearance (as the engine). */
export function parseRatings(text) {
  const userIndex = new Map(), itemIndex = new Map();
  const users = [], items = [], ratings = [];
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    const a = line.indexOf(','), b = line.indexOf(',', a + 1);
    if (a < 0 || b < 0) continue;
    const u = Number(line.slice(0, a)), i = Number(line.slice(a + 1, b));
    const c = line.indexOf(',', b + 1);
    const r = Number(line.slice(b + 1, c < 0 ? undefined : c));
    if (!Number.isFinite(u) || !Number.isFinite(i) || !Number.isFinite(r)) continue;  // the header
    if (!userIndex.has(u)) userIndex.set(u, userIndex.size);
    if (!itemIndex.has(i)) itemIndex.set(i, itemIndex.size);
    users.push(userIndex.get(u));
    items.push(itemIndex.get(i));
    ratings.push(r);
  }
  return {
    users: Uint32Array.from(users), items: Uint32Array.from(items), ratings: Float32Array.from(ratings),
    nUsers: userIndex.size, nItems: itemIndex.size,
  };
}

// SplitMix64 and Lemire's bounded draw exactly as core/include/mf/rng.hpp and
// core/src/rng.cpp, in BigInt: the same shuffle as mf::split_random.
function splitMix(seed) {
  let state = BigInt.asUintN(64, BigInt(seed));
  const M = (1n << 64n) - 1n;
  const next = () => {
    state = (state + 0x9E3779B97F4A7C15n) & M;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xBF58476D1CE4E5B9n) & M;
    z = ((z ^ (z >> 27n)) * 0x94D049BB133111EBn) & M;
    return z ^ (z >> 31n);
  };
  const below = (n) => {
    const N = BigInt(n);
    let m = next() * N;
    let lo = m & M;
    if (lo < N) {
      const threshold = ((1n << 64n) - N) % N;
      while (lo < threshold) {
        m = next() * N;
        lo = m & M;
      }
    }
    return Number(m >> 64n);
  };
  return { next, below };
}

/** The training part of mf::split_random(data, testFraction, seed) as arrays of the dense triples. */
export function engineTrainSplit({ users, items, ratings, nUsers, nItems }, testFraction = 0.1, seed = 42) {
  const n = ratings.length;
  const nTest = Math.round(n * testFraction);
  const order = Array.from({ length: n }, (_, k) => k);
  const rng = splitMix(seed);
  for (let i = n; i > 1; --i) {
    const j = rng.below(i);
    const t = order[i - 1]; order[i - 1] = order[j]; order[j] = t;
  }
  const inTest = new Uint8Array(n);
  for (let k = 0; k < nTest; k++) inTest[order[k]] = 1;
  const keep = [];
  for (let k = 0; k < n; k++) if (!inTest[k]) keep.push(k);
  return {
    users: Uint32Array.from(keep, (k) => users[k]), items: Uint32Array.from(keep, (k) => items[k]),
    ratings: Float32Array.from(keep, (k) => ratings[k]), nUsers, nItems,
  };
}

// mulberry32: a small seeded generator for the synthetic data.
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A MovieLens-shaped ratings CSV: `users` users rating `items` movies, about
 * `ratings` ratings in all, no (user, movie) twice. Users' activity and movies'
 * popularity are long-tailed (Zipf-like, as in MovieLens; every user rates at
 * least 20 movies), and ratings on the half-star scale come from a low-rank
 * model plus noise, so that training has something to learn. Deterministic in `seed`.
 */
export function syntheticRatingsCsv({ ratings = 1_000_000, users = 6040, items = 3706, rank = 8, seed = 1 } = {}) {
  const rand = mulberry32(seed);
  const normal = () => { let s = 0; for (let j = 0; j < 12; j++) s += rand(); return s - 6; };
  // Movie popularity ~ 1 / (rank + 10)^0.9, users' activity ~ 1 / (rank + 30)^0.8.
  const itemWeight = Float64Array.from({ length: items }, (_, i) => 1 / (i + 10) ** 0.9);
  const cdf = new Float64Array(items);
  let acc = 0;
  for (let i = 0; i < items; i++) cdf[i] = acc += itemWeight[i];
  const userWeight = Float64Array.from({ length: users }, (_, u) => 1 / (u + 30) ** 0.8);
  const userTotal = userWeight.reduce((a, b) => a + b, 0);
  const extra = ratings - 20 * users;
  const counts = Array.from(userWeight, (w) => Math.min(items, 20 + Math.round((extra * w) / userTotal)));
  const P = Array.from({ length: users }, () => Array.from({ length: rank }, () => 0.5 * normal()));
  const Q = Array.from({ length: items }, () => Array.from({ length: rank }, () => 0.5 * normal()));
  const bu = Array.from({ length: users }, () => 0.4 * normal());
  const bi = Array.from({ length: items }, (_, i) => 0.5 * normal() + 0.3 * (1 - i / items));
  // Raw ids: shuffled, so that dense order is not id order.
  const itemIds = Array.from({ length: items }, (_, i) => i + 1);
  for (let i = items - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [itemIds[i], itemIds[j]] = [itemIds[j], itemIds[i]]; }
  const lines = ['userId,movieId,rating'];
  const seen = new Set();
  for (let u = 0; u < users; u++) {
    seen.clear();
    while (seen.size < counts[u]) {
      const x = rand() * acc;
      let lo = 0, hi = items - 1;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (cdf[mid] < x) lo = mid + 1; else hi = mid; }
      if (seen.has(lo)) continue;
      seen.add(lo);
      let dot = 0;
      for (let f = 0; f < rank; f++) dot += P[u][f] * Q[lo][f];
      const r = 3.5 + bu[u] + bi[lo] + dot + 0.6 * normal();
      const half = Math.min(5, Math.max(0.5, Math.round(r * 2) / 2));
      lines.push(`${u + 1},${itemIds[lo]},${half.toFixed(1)}`);
    }
  }
  return lines.join('\n') + '\n';
}
