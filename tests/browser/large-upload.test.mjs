// A large ratings file uploaded into the page: a 3 M-rating MovieLens-shaped
// CSV (40 MB, written from a seed by bench/synthetic-large.mjs into a temp
// folder) is read by the worker in chunks while the page shows each phase's
// progress and stays usable; the data summary then has the file's counts and
// training works. And a file whose loading would not fit in the module's
// memory is refused before it is parsed, with a message naming it, the
// memory it needs and the limit, where the file was chosen.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, openAsBlob } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { screenshot } from './browser.mjs';
import { startSite, state, waitReady } from './helpers.mjs';
import { writeLargeSet } from '../../bench/synthetic-large.mjs';
import createMfcf from '../../wasm/node.js';

const LARGE = { ratings: 3_000_000, users: 21_000, items: 8000, rank: 8, seed: 7 };

// Every state the progress box shows, recorded as the page draws it.
const RECORD_PROGRESS = () => {
  window.__progress = [];
  const box = document.getElementById('load-progress');
  new MutationObserver(() => {
    if (!box.hidden) window.__progress.push({ phase: document.getElementById('load-phase').textContent, value: document.getElementById('load-bar').value });
  }).observe(box, { subtree: true, childList: true, attributes: true, characterData: true });
};

// The data summary as { users, movies, ratings } (numbers).
const stats = (page) => page.evaluate(() => {
  const dl = [...document.querySelectorAll('#data-stats dt')];
  const value = (k) => Number(dl.find((dt) => dt.textContent === k).nextElementSibling.textContent.replace(/,/g, ''));
  return { users: value('users'), movies: value('movies'), ratings: value('ratings') };
});

async function chooseFile(page, path) {
  if (!(await page.isVisible('#ratings-file'))) await page.click('#upload-box summary');
  await page.setInputFiles('#ratings-file', path);
}

describe('large files in the page', () => {
  let site, dir, large, small, expected;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mfcf-large-upload-'));
    large = join(dir, 'synthetic-3m.csv');
    const written = writeLargeSet(large, LARGE);
    // What the file holds, by the engine in node.
    const mf = await createMfcf();
    const data = await mf.Dataset.fromBlob(await openAsBlob(large));
    expected = { users: data.numUsers, movies: data.numItems, ratings: data.numRatings };
    data.delete();
    assert.equal(expected.ratings, written);
    small = join(dir, 'small.csv');
    writeFileSync(small, 'userId,movieId,rating\n' + Array.from({ length: 200_000 }, (_, k) => `${1 + (k % 500)},${1 + Math.floor(k / 500)},4`).join('\n') + '\n');
    site = await startSite();
  });

  after(async () => {
    await site?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a file over the memory limit before parsing it, naming the file, the MiB it needs and the limit', async () => {
    const { page, log } = await site.open();
    const before = await stats(page);
    // The limit is lowered through a test hook (web/workers/test-actions.js)
    // instead of making a file of gigabytes: the check is the same, with the
    // real file's size and lines, the engine's estimate and this limit.
    await page.evaluate(() => window.mfcfPage.setLoadMemoryLimit(4 << 20));
    await page.evaluate(RECORD_PROGRESS);
    await chooseFile(page, small);
    await page.click('#load-file');
    await page.waitForSelector('#data-error:not([hidden])');
    const message = await page.textContent('#data-error');
    assert.match(message, /^Could not load small\.csv: small\.csv: 200002 lines \(2 MiB\) need about \d+ MiB of memory to load, over the memory limit of 4 MiB\n/, message);
    const mib = Number(/need about (\d+) MiB/.exec(message)[1]);
    assert.ok(mib > 4, `${mib} MiB`);
    // Nothing was parsed (the lines were counted), the data set stays.
    const progress = await page.evaluate(() => window.__progress);
    assert.ok(!progress.some((p) => /parsing/.test(p.phase)), JSON.stringify(progress));
    await waitReady(page);
    assert.deepEqual(await stats(page), before);
    assert.equal(await page.isHidden('#load-progress'), true);
    // The message sits by the file input.
    const [input, box] = await Promise.all(['#ratings-file', '#data-error'].map((s) => page.locator(s).boundingBox()));
    assert.ok(box.y > input.y && box.y - input.y < 200, `error ${box.y - input.y}px below the file input`);
    await screenshot(page, 'large-upload-refused', '#data div.panel.controls');
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('loads a 3 M-rating file with progress per phase, stays usable meanwhile, and trains on it', async () => {
    const { page, log } = await site.open();
    await page.evaluate(RECORD_PROGRESS);
    await chooseFile(page, large);
    const start = Date.now();  // (reported, never asserted)
    await page.click('#load-file');
    // While it parses, a click on another control is handled at once.
    await page.waitForFunction(() => window.__progress.some((p) => /parsing/.test(p.phase) && p.value > 0 && p.value < 1), null, { timeout: 120000 });
    await screenshot(page, 'large-upload-parsing');
    await page.click('input[name="metric"][value="mse"]');
    const during = await page.evaluate(() => ({ busy: window.mfcfPage.state().busy, hash: location.hash, shown: !document.getElementById('load-progress').hidden }));
    assert.ok(during.hash.includes('metric=mse'), during.hash);
    assert.equal(during.busy, true, 'the click was handled while the file was still loading');
    assert.equal(during.shown, true);
    await waitReady(page, 300000);
    await page.waitForSelector('#load-progress', { state: 'hidden' });
    const loadMs = Date.now() - start;
    // Each phase showed at least one value strictly between start and end, in order.
    const progress = await page.evaluate(() => window.__progress);
    const phases = ['counting its lines', 'parsing', 'splitting it into training and test ratings'];
    for (const phase of phases) {
      assert.ok(progress.some((p) => p.phase === `synthetic-3m.csv: ${phase}` && p.value > 0 && p.value < 1), `${phase}: ${JSON.stringify(progress.filter((p) => p.phase.endsWith(phase)))}`);
    }
    const firstOf = (phase) => progress.findIndex((p) => p.phase.endsWith(phase));
    assert.ok(firstOf(phases[0]) < firstOf(phases[1]) && firstOf(phases[1]) < firstOf(phases[2]), 'count, parse, split');
    assert.deepEqual(await stats(page), expected);
    // One iteration trains.
    await page.click('#step');
    await page.waitForFunction(() => window.mfcfPage.state().epoch === 1 && !window.mfcfPage.state().busy, null, { timeout: 300000 });
    const last = (await state(page)).last;
    assert.ok(Number.isFinite(last.testRmse) && last.testRmse < 1.5, JSON.stringify(last));
    const heap = await page.evaluate(() => window.mfcfPage.heapBytes());
    console.log(`# ${expected.ratings} ratings ready to train ${loadMs} ms after the click; the worker's wasm memory after one iteration: ${Math.round(heap / 2 ** 20)} MiB`);
    await screenshot(page, 'large-upload-loaded');
    assert.deepEqual(log.errors, []);
    await page.close();
  });
});
