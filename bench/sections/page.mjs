// Section 3, the page (dist/, built by `npm run build`): time from navigation
// to "ready to train" (web/main.js marks it), in a fresh Chromium profile each
// time, and the gzipped bytes of JS, wasm and data it loaded until then.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { serveStatic } from '../../tests/browser/server.mjs';
import { median, spread } from '../stats.mjs';
import { root, log, distDir, launchBrowser } from '../lib.mjs';

// The data sets the page is opened on: its default, and ml-latest-small.
const SETS = [
  { key: 'dense', name: 'dense subset', isDefault: true, hash: '' },
  { key: 'small', name: 'ml-latest-small', isDefault: false, hash: '#data=small' },
];
// The data files the site bundles (the .bin files, made from the CSVs when the site is built, are in dist/ only).
const FILES = ['ml-latest-small/ratings.csv', 'ml-latest-small/ratings.bin', 'ml-latest-small/movies.csv',
  'dense-subset/ratings.csv', 'dense-subset/ratings.bin', 'dense-subset/movies.csv'];
const GZIP_LEVEL = 9;
const gzipped = (body) => gzipSync(body, { level: GZIP_LEVEL }).length;

const kindOf = (url, type) => {
  if (/\.wasm(\?|$)/.test(url) || type.includes('wasm')) return 'wasm';
  if (/\.m?js(\?|$)/.test(url) || type.includes('javascript')) return 'js';
  if (/\.(csv|dat|data|bin)(\?|$)/.test(url) || type.includes('csv')) return 'data';
  return 'other';
};

// One cold load: ms to "ready to train", and the bytes fetched until then by kind.
async function loadOnce(url) {
  const b = await launchBrowser();
  const page = await b.context.newPage();
  const bytes = { js: 0, wasm: 0, data: 0, other: 0 }, gz = { js: 0, wasm: 0, data: 0, other: 0 };
  // Responses are only noted while the page loads: reading and gzipping
  // them then would take CPU from the browser on this 2-core machine.
  const responses = [];
  page.on('response', (response) => responses.push(response));
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('mfcf-ready-to-train').length > 0, null, { timeout: 60000 });
  const ms = await page.evaluate(() => performance.getEntriesByName('mfcf-ready-to-train')[0].startTime);
  const readyAt = await page.evaluate(() => performance.timeOrigin + performance.getEntriesByName('mfcf-ready-to-train')[0].startTime);
  for (const response of responses) {
    // What was asked for before "ready" (fonts and the like asked for later are not counted).
    if (response.request().timing().startTime > readyAt) continue;
    const body = await response.body().catch(() => null);
    if (!body) continue;
    const kind = kindOf(response.url(), response.headers()['content-type'] ?? '');
    bytes[kind] += body.length;
    gz[kind] += gzipped(body);
  }
  await b.close();
  return { ms, bytes, gz };
}

/** Runs the section. Options: runs (cold loads per data set). */
export async function runPage({ runs = 5 } = {}) {
  const site = await serveStatic(distDir(), { prefix: '/mfcf/' });
  const sets = [];
  for (const set of SETS) {
    const loads = [];
    for (let run = 0; run < runs; run++) {
      log(`page ready (${set.key}), run ${run + 1} of ${runs}`);
      loads.push(await loadOnce(`${site.url}${set.hash}`));
    }
    const times = loads.map((l) => l.ms);
    // Bytes of the first load (the same each time).
    sets.push({ ...set, ms: median(times), noise: spread(times), times, bytes: loads[0].bytes, gz: loads[0].gz });
  }
  await site.close();
  const bundled = Object.fromEntries(FILES.map((f) => {
    const body = readFileSync(f.endsWith('.bin') ? join(distDir(), 'data', f) : join(root, 'public/data', f));
    return [f, { raw: body.length, gz: gzipped(body) }];
  }));
  return { runs, gzipLevel: GZIP_LEVEL, host: new URL(site.url).hostname, sets, bundled };
}
