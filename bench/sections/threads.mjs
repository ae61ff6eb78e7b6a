// Section 'threads': native ALS sweeps and SGD epochs on 1 and on 2 threads
// (TrainOptions::threads), on ml-latest-small and on a synthetic
// MovieLens-10M-shaped set (bench/synthetic-large.mjs, generated from a seed
// into build/bench-data/, never committed). mf_bench times the thread counts
// in turns (1, 2, 1, 2, ...) after a warm-up step each, so the ratios compare
// neighbouring samples; it also reports CPU time (all threads) and memory.
// SGD on the large set runs once more with every schedule on one lane
// (mf_bench --lanes 1): what the stratified schedule saves by itself. For
// scale, the section ends with the machine's own parallel speedup (the grid
// section's: two one-thread mf_bench processes side by side).
import { median, spread } from '../stats.mjs';
import { LARGE, largeSet } from '../synthetic-large.mjs';
import { SPLIT, log, ratingsPath, runNativeBench } from '../lib.mjs';
import { nativeCeiling } from './grid.mjs';

// Per sample pair (taken in turn): one thread's ms over the other's.
const pairRatios = (one, many) => one.map((x, i) => x / many[i]).filter(Number.isFinite);

// One data set's rows: per algorithm, the figures of each thread count and
// the speedup of the last count over the first.
function summarize(name, bench, generator) {
  const { train, users, items, peakRssMb, rssLoadedMb, calibrationMs, cores } = bench;
  const rows = [];
  for (const algorithm of [...new Set(bench.results.map((r) => r.algorithm))]) {
    const runs = bench.results.filter((r) => r.algorithm === algorithm);
    const [one, many] = [runs[0], runs[runs.length - 1]];
    const k = one.factors;
    // ns per rating x k (SGD) or per rating x k^2 (ALS): the leading terms of their costs.
    const unit = train * k * (algorithm === 'sgd' ? 1 : k);
    const ratios = pairRatios(one.ms, many.ms);
    rows.push({
      algorithm, factors: k, testRmse: runs.map((r) => r.testRmse), estimatedMb: one.estimatedMb, rssMb: one.rssMb,
      byThreads: runs.map((r) => ({
        threads: r.threads, median: median(r.ms), min: Math.min(...r.ms), max: Math.max(...r.ms), noise: spread(r.ms),
        cpu: median(r.cpuMs), wall: median(r.wallMs), nsPerUnit: (1e6 * median(r.ms)) / unit, ms: r.ms,
      })),
      speedup: { threads: [one.threads, many.threads], ofMedians: median(one.ms) / median(many.ms), pairs: median(ratios),
        min: Math.min(...ratios), max: Math.max(...ratios) },
    });
  }
  return { name, generator, dataset: { train, users, items }, cores, calibrationMs, memory: { rssLoadedMb, peakRssMb }, rows };
}

/** Runs the section. Options: repeats (timed steps per thread count; largeRepeats on the large set), factors, threads. */
export async function runThreads({ repeats = 15, largeRepeats = 5, factors = 40, threads = [1, 2] } = {}) {
  const sets = [
    { name: 'ml-latest-small', path: ratingsPath, repeats },
    { name: 'synthetic 10 M', path: largeSet(LARGE, log), repeats: largeRepeats, generator: LARGE },
  ];
  const out = [];
  for (const set of sets) {
    log(`threads: ${set.name}, ${threads.join(' vs ')} threads`);
    const bench = await runNativeBench([set.path, String(set.repeats), String(factors), '--algorithms', 'als,sgd',
      '--threads', threads.join(','), '--test-fraction', String(SPLIT.testFraction)]);
    out.push(summarize(set.name, bench, set.generator));
  }
  // Cost per rating (x k or x k^2) on the large set and on the small one, and their ratio, per thread count.
  const [small, large] = out;
  const scaling = large.rows.map((r) => {
    const s = small.rows.find((x) => x.algorithm === r.algorithm && x.factors === r.factors);
    const per = (row) => row?.byThreads.map((t) => t.nsPerUnit) ?? [];
    return { algorithm: r.algorithm, factors: r.factors, threads, small: per(s), large: per(r),
      ratio: per(r).map((x, i) => x / per(s)[i]) };
  });
  // What SGD's stratified schedule gives without its threads: the counts again on one lane.
  log('threads: SGD on the synthetic set, every schedule on one lane');
  const oneLane = await runNativeBench([sets[1].path, String(largeRepeats), String(factors), '--algorithms', 'sgd',
    '--threads', threads.join(','), '--lanes', '1', '--test-fraction', String(SPLIT.testFraction)]);
  const scheduleOnly = summarize(sets[1].name, oneLane, LARGE).rows[0];
  // For scale: what two independent one-thread processes get from this machine.
  const ceiling = await nativeCeiling();
  return { split: SPLIT, repeats: { small: repeats, large: largeRepeats }, threads, warmupSteps: 1, sets: out, scaling, scheduleOnly, ceiling };
}
