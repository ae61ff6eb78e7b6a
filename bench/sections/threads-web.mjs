// Section 'threads-web': the threaded WebAssembly build in Chromium, in a
// module worker of a cross-origin isolated page (bench/threads-page.html), as
// the teaching page trains: ALS sweeps at k = 40 on ml-latest-small on 1 and
// on 2 threads, timed in turns in one run (bench/threads-worker.mjs); the
// speedup is the median of the ratios of neighbouring samples.
import { serveStatic } from '../../tests/browser/server.mjs';
import { median, spread } from '../stats.mjs';
import { root, SPLIT, log, launchBrowser } from '../lib.mjs';

/** Runs the section. Options: repeats (timed steps per count), factors, threads (the second count), algorithm. */
export async function runThreadsWeb({ repeats = 15, factors = 40, threads = 2, algorithm = 'als' } = {}) {
  const server = await serveStatic(root, { prefix: '/', isolated: true });
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    page.on('pageerror', (e) => log('page error:', e.message));
    await page.goto(`${server.url}bench/threads-page.html`);
    await page.waitForFunction(() => window.threadsBench);
    log(`threads-web: ${algorithm} k = ${factors}, 1 vs ${threads} threads in Chromium`);
    const r = await page.evaluate((request) => window.threadsBench.run(request), {
      ratingsUrl: `${server.url}public/data/ml-latest-small/ratings.csv`, split: SPLIT, algorithm, factors, threads, repeats,
    });
    const ratios = r.ms[0].map((x, i) => x / r.ms[1][i]);
    return {
      browser: browser.version, isolated: await page.evaluate(() => window.threadsBench.isolated), threadsAvailable: r.threadsAvailable,
      maxThreads: r.maxThreads, cores: r.cores, algorithm, factors, split: SPLIT, repeats, warmupSteps: 1, sameCurve: r.sameCurve,
      byThreads: r.counts.map((t, i) => ({ threads: t, median: median(r.ms[i]), min: Math.min(...r.ms[i]), max: Math.max(...r.ms[i]), noise: spread(r.ms[i]), ms: r.ms[i] })),
      speedup: { pairs: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios), ofMedians: median(r.ms[0]) / median(r.ms[1]) },
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
