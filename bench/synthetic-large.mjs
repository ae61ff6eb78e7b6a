// A MovieLens-10M-shaped ratings CSV generated from a seed, for the scale
// benchmarks (never committed: written under build/, which git ignores).
//
//   node bench/synthetic-large.mjs [--ratings N] [--users N] [--items N] [--seed N] [--out FILE]
//
// prints the path it wrote (or found: the file is named after its options and
// reused). Defaults: 69 878 users, 10 677 movies, about 10 000 000 ratings
// (ML-10M's counts). The shape follows MovieLens: every user rates at least
// 20 movies; users' activity is long-tailed ((rank + 30)^-0.8: median about
// 74 ratings, mean 143, the most active user 70 % of the catalogue); movies'
// popularity too ((rank + 50)^-0.9: the most popular movie about 0.3 % of
// all ratings). Users come in a shuffled order (the most active ones are not
// neighbours in the engine's dense numbering), movie ids are shuffled, and
// ratings on the half-star scale 0.5..5 come from a rank-8 model with user
// and movie biases plus noise, so that training has something to learn.
// Deterministic in the seed. Streams its output: 10 M ratings take about
// 140 MB on disk and under 200 MB of memory while generated.
import { closeSync, existsSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { mulberry32 } from './data.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

export const LARGE = { ratings: 10_000_000, users: 69_878, items: 10_677, rank: 8, seed: 1 };

/** Where the set of these options is written: build/bench-data/, named after them. */
export function largeSetPath(options = LARGE) {
  const o = { ...LARGE, ...options };
  return join(root, 'build/bench-data', `synthetic-${o.ratings}-${o.users}-${o.items}-${o.rank}-${o.seed}.csv`);
}

// Ratings per user: 20 + a share of the rest by (rank + 30)^-0.8, at most
// 70 % of the items; the cut-off ratings go to the others (a few rounds).
function userCounts({ ratings, users, items }) {
  const weight = Float64Array.from({ length: users }, (_, u) => 1 / (u + 30) ** 0.8);
  const total = weight.reduce((a, b) => a + b, 0);
  const cap = Math.floor(0.7 * items);
  let extra = ratings - 20 * users;
  let counts = [];
  for (let round = 0; round < 4; round++) {
    counts = Array.from(weight, (w) => Math.min(cap, 20 + Math.round((extra * w) / total)));
    extra += ratings - counts.reduce((a, b) => a + b, 0);
  }
  return counts;
}

// `m` distinct item indices drawn by popularity: rejection for light users;
// for heavy ones weighted sampling without replacement by exponential keys
// (the m smallest -log(u) / w), which never stalls on the last few items.
function drawItems(m, weights, cdf, rand, seen) {
  const n = weights.length;
  if (m <= n / 8) {
    seen.clear();
    const total = cdf[n - 1];
    while (seen.size < m) {
      const x = rand() * total;
      let lo = 0, hi = n - 1;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (cdf[mid] < x) lo = mid + 1; else hi = mid; }
      seen.add(lo);
    }
    return [...seen];
  }
  const keys = Array.from(weights, (w, i) => [-Math.log(1 - rand()) / w, i]);
  keys.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return keys.slice(0, m).map((k) => k[1]);
}

/** Writes the CSV of these options to `path` (through a temporary file). */
export function writeLargeSet(path, options = LARGE) {
  const { users, items, rank, seed } = { ...LARGE, ...options };
  const rand = mulberry32(seed);
  const normal = () => { let s = 0; for (let j = 0; j < 12; j++) s += rand(); return s - 6; };
  const counts = userCounts({ ...LARGE, ...options });
  const itemWeight = Float64Array.from({ length: items }, (_, i) => 1 / (i + 50) ** 0.9);
  const cdf = new Float64Array(items);
  for (let i = 0, acc = 0; i < items; i++) cdf[i] = acc += itemWeight[i];
  const P = Float64Array.from({ length: users * rank }, () => 0.5 * normal());
  const Q = Float64Array.from({ length: items * rank }, () => 0.5 * normal());
  const bu = Float64Array.from({ length: users }, () => 0.4 * normal());
  const bi = Float64Array.from({ length: items }, (_, i) => 0.5 * normal() + 0.3 * (1 - i / items));
  const shuffled = (n) => {
    const a = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [a[i], a[j]] = [a[j], a[i]]; }
    return a;
  };
  const itemIds = shuffled(items).map((i) => i + 1);
  const userOrder = shuffled(users);

  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.partial`;
  const fd = openSync(partial, 'w');
  let chunk = 'userId,movieId,rating\n';
  const seen = new Set();
  let written = 0;
  for (const u of userOrder) {
    for (const i of drawItems(counts[u], itemWeight, cdf, rand, seen)) {
      let dot = 0;
      for (let f = 0; f < rank; f++) dot += P[u * rank + f] * Q[i * rank + f];
      const r = 3.5 + bu[u] + bi[i] + dot + 0.6 * normal();
      const half = Math.min(5, Math.max(0.5, Math.round(r * 2) / 2));
      chunk += `${u + 1},${itemIds[i]},${half.toFixed(1)}\n`;
      written++;
    }
    if (chunk.length > 1 << 20) { writeSync(fd, chunk); chunk = ''; }
  }
  writeSync(fd, chunk);
  closeSync(fd);
  renameSync(partial, path);
  return written;
}

/** The path of the set of these options, generated first if it is not there. */
export function largeSet(options = LARGE, log = () => {}) {
  const path = largeSetPath(options);
  if (!existsSync(path)) {
    log(`generating ${path}`);
    const n = writeLargeSet(path, options);
    log(`${n.toLocaleString('en')} ratings written`);
  }
  return path;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: Object.fromEntries(['ratings', 'users', 'items', 'rank', 'seed', 'out'].map((k) => [k, { type: 'string' }])),
  });
  const options = {};
  for (const k of Object.keys(LARGE)) if (values[k] !== undefined) options[k] = Number(values[k]);
  if (values.out) {
    const n = writeLargeSet(resolve(values.out), options);
    console.error(`${n.toLocaleString('en')} ratings`);
    console.log(resolve(values.out));
  } else {
    console.log(largeSet(options, (m) => console.error(m)));
  }
}
