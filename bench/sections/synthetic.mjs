// Section 2, scaling: a synthetic MovieLens-shaped data set (bench/data.mjs,
// generated from a seed into the temp folder, never committed), native and
// the wasm module in node, each step after a warm-up.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticRatingsCsv } from '../data.mjs';
import { median } from '../stats.mjs';
import { WARMUP, warmUp } from '../timing.mjs';
import { SPLIT, log, wasmModule, runNativeBench } from '../lib.mjs';

// The generator's options, all stated (the cached file is named after them).
const GENERATOR = { ratings: 1_000_000, users: 6040, items: 3706, rank: 8, seed: 1 };

/** Runs the section. Options: repeats (timed steps of each configuration), ks, algorithms. */
export async function runSynthetic({ repeats = 3, ks = [10, 40, 100], algorithms = ['sgd', 'als'] } = {}) {
  const path = join(tmpdir(), `mfcf-bench-synthetic-${Object.values(GENERATOR).join('-')}.csv`);
  if (!existsSync(path)) {
    log(`generating the synthetic data set (${GENERATOR.ratings.toLocaleString('en')} ratings)`);
    writeFileSync(path, syntheticRatingsCsv(GENERATOR));
  }
  log('synthetic: native');
  const native = await runNativeBench([path, String(repeats), ...ks.map(String), '--algorithms', algorithms.join(','),
    '--test-fraction', String(SPLIT.testFraction)]);
  log('synthetic: wasm in node');
  const mf = await wasmModule();
  const data = mf.Dataset.fromCSV(readFileSync(path));
  const split = data.split(SPLIT);
  if (native.train !== split.numTrain) throw new Error(`mf_bench's split has ${native.train} training ratings, the engine's ${split.numTrain}`);
  const rows = native.results.map((r) => {
    const t = new mf.Trainer(data, split, { algorithm: r.algorithm, factors: r.factors });
    warmUp(() => t.step(), { ...WARMUP, steps: 1 });
    const wasmMs = Array.from({ length: repeats }, () => t.step().ms);
    t.delete();
    const nativeMedian = median(r.ms);
    // ns per rating x k (SGD) or per rating x k² (ALS): the costs' leading terms.
    const unit = native.train * r.factors * (r.algorithm === 'sgd' ? 1 : r.factors);
    return {
      algorithm: r.algorithm, factors: r.factors, nativeMs: r.ms, wasmMs, native: nativeMedian, wasm: median(wasmMs),
      wasmOverNative: median(wasmMs) / nativeMedian, nsPerUnit: (1e6 * nativeMedian) / unit, testRmse: r.testRmse,
    };
  });
  split.delete();
  data.delete();
  return {
    generator: GENERATOR, split: SPLIT, repeats, warmup: { native: { steps: native.warmupSteps }, js: { ...WARMUP, steps: 1 } },
    dataset: { train: native.train, test: native.test, users: native.users, items: native.items }, rows,
  };
}
