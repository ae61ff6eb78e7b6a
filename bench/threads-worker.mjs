// The worker of bench/threads-page.html: loads the threaded build (which needs
// a cross-origin isolated page), then times ALS sweeps (or SGD epochs) on 1 and
// on `threads` threads in turns, one trainer per count, after a warm-up step
// each. ms: StepResult.ms, training only. Also says whether the curves of the
// counts were the same (ALS: they must be).
import createMfcf from '../wasm/index.js';

self.onmessage = async ({ data: { ratingsUrl, split, algorithm, factors, threads, repeats } }) => {
  try {
    const mf = await createMfcf({ threads });
    const data = mf.Dataset.fromCSV(new Uint8Array(await (await fetch(ratingsUrl)).arrayBuffer()));
    const s = data.split(split);
    const counts = [1, threads];
    const trainers = counts.map((t) => new mf.Trainer(data, s, { algorithm, factors, threads: t }));
    const curves = counts.map(() => []);
    const ms = counts.map(() => []);
    trainers.forEach((t, i) => curves[i].push(t.step().testRmse));  // warm-up
    for (let r = 0; r < repeats; ++r) {
      trainers.forEach((t, i) => {
        const step = t.step();
        ms[i].push(step.ms);
        curves[i].push(step.testRmse);
      });
    }
    for (const o of [...trainers, s, data]) o.delete();
    self.postMessage({
      threadsAvailable: mf.threadsAvailable, maxThreads: mf.maxThreads, cores: navigator.hardwareConcurrency, counts, ms,
      sameCurve: curves[1].every((x, k) => Object.is(x, curves[0][k])),
    });
  } catch (error) {
    self.postMessage({ error: String(error?.message ?? error) });
  }
};
