// npm run bench: SGD epoch and ALS sweep times at k = 10, 40, 100 on
// ml-latest-small (90/10 split, seed 42), native (build/native/bench/mf_bench)
// against the WebAssembly module in this node process. Both sides time the
// same thing, StepResult::ms (one training step, evaluation excluded), after
// one warm-up step; the table shows medians. Not a test: nothing fails.
// MF_BENCH_ROUNDS / MF_BENCH_REPEATS change the sample counts.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import createMfcf from '../wasm/node.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const ratingsPath = `${root}public/data/ml-latest-small/ratings.csv`;
const nativeBench = process.env.MF_BENCH_NATIVE ?? `${root}build/native/bench/mf_bench`;
const repeats = Number(process.env.MF_BENCH_REPEATS ?? 5);
const rounds = Number(process.env.MF_BENCH_ROUNDS ?? 3);
const ks = [10, 40, 100];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// Rounds alternate native and wasm so that load from other processes hits both
// sides alike; the samples of all rounds are pooled.
const native = new Map(), wasm = new Map();
const add = (map, algorithm, factors, ms) => {
  const key = `${algorithm} ${factors}`;
  map.set(key, [...(map.get(key) ?? []), ...ms]);
};
const mf = await createMfcf();
const data = mf.Dataset.fromCSV(readFileSync(ratingsPath));
const split = data.split({ testFraction: 0.1, seed: 42 });
for (let round = 0; round < rounds; ++round) {
  const out = execFileSync(nativeBench, [ratingsPath, String(repeats), ...ks.map(String)], { encoding: 'utf8' });
  for (const r of JSON.parse(out)) add(native, r.algorithm, r.factors, r.ms);
  for (const algorithm of ['sgd', 'als']) {
    for (const factors of ks) {
      const trainer = new mf.Trainer(data, split, { algorithm, factors });
      trainer.step(); // warm-up, as on the native side
      const ms = [];
      for (let r = 0; r < repeats; ++r) ms.push(trainer.step().ms);
      trainer.delete();
      add(wasm, algorithm, factors, ms);
    }
  }
}
split.delete();
data.delete();

console.log(`ml-latest-small, 90/10 split, median of ${rounds} x ${repeats} steps (each after a warm-up step); ` +
  `node ${process.version}, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}\n`);
// The ratio of the fastest samples is shown too: interference from other
// processes only ever adds time, so on a busy machine it is the steadier figure.
console.log('| step | k | native ms | wasm ms | wasm / native | fastest: wasm / native |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const [key, ms] of wasm) {
  const [algorithm, factors] = key.split(' ');
  const [a, b] = [median(native.get(key)), median(ms)];
  const step = algorithm === 'sgd' ? 'SGD epoch' : 'ALS sweep';
  const best = Math.min(...ms) / Math.min(...native.get(key));
  console.log(`| ${step} | ${factors} | ${a.toFixed(2)} | ${b.toFixed(2)} | ${(b / a).toFixed(2)} | ${best.toFixed(2)} |`);
}
const sizes = ['mfcf-core.js', 'mfcf-core.wasm'].map((f) => {
  const bytes = readFileSync(`${root}wasm/dist/${f}`);
  return { f, raw: statSync(`${root}wasm/dist/${f}`).size, gz: gzipSync(bytes, { level: 9 }).length };
});
console.log(`\nsize: ${sizes.map((s) => `${s.f} ${(s.raw / 1024).toFixed(1)} KB (${(s.gz / 1024).toFixed(1)} KB gzipped)`).join(', ')}; ` +
  `total ${(sizes.reduce((t, s) => t + s.gz, 0) / 1024).toFixed(1)} KB gzipped`);
